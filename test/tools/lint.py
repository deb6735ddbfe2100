#!/usr/bin/env python3
"""Static checks of the sources, printed as TAP:

- every ereport/ereturn of the glue names a SQLSTATE (errcode), so no user
  ever sees XX000 from cxm;
- the install and upgrade scripts create nothing with CREATE OR REPLACE or
  IF NOT EXISTS, define no SECURITY DEFINER function, and never put
  @extschema@ inside quotes (the rules for trusted extension scripts);
- the plain-C core files include no PostgreSQL header.
"""
import glob
import os
import re
import subprocess
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
results = []


def check(ok, name, details=()):
    results.append((ok, name, list(details)))


def calls(text, names):
    for m in re.finditer(r"\b(%s)\s*\(" % "|".join(names), text):
        i, depth = m.end(), 1
        while depth and i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        yield text.count("\n", 0, m.start()) + 1, text[m.start():i]


bad = []
for path in sorted(glob.glob(os.path.join(root, "src", "*.c"))):
    text = open(path, encoding="utf-8").read()
    for line, call in calls(text, ["ereport", "ereturn"]):
        if "__VA_ARGS__" in call:
            continue                # a macro forwarding its arguments
        if re.match(r"ereport\s*\(\s*(DEBUG|LOG|NOTICE|WARNING|INFO)", call):
            continue
        if "errcode(" not in call:
            bad.append("%s:%d" % (os.path.basename(path), line))
check(not bad, "every ereport/ereturn of an error names a SQLSTATE", bad)

scripts = sorted(glob.glob(os.path.join(root, "src", "*.sql")) + glob.glob(os.path.join(root, "extension", "*.sql")))


def is_upgrade(path):
    """src/changes.sql and extension/cxm--A--B.sql change objects the extension already owns."""
    name = os.path.basename(path)
    return name == "changes.sql" or name.count("--") == 2


# CREATE OR REPLACE never creates an object here.  An upgrade script may
# replace one of the extension's own aggregates (to change its state type:
# PostgreSQL has no ALTER AGGREGATE for that, and dropping it would drop
# every view using it); PostgreSQL refuses to replace an object the
# extension does not own.
found = []
for path in scripts:
    for n, text in enumerate(open(path, encoding="utf-8"), 1):
        code = text.split("--", 1)[0]
        if re.search(r"CREATE\s+OR\s+REPLACE", code, re.I) and not (
                is_upgrade(path) and re.search(r"CREATE\s+OR\s+REPLACE\s+AGGREGATE", code, re.I)):
            found.append("%s:%d" % (os.path.basename(path), n))
check(not found, "install and upgrade scripts: no CREATE OR REPLACE (but of an aggregate in an upgrade)", found)

for rule, pattern in [
                      ("no IF NOT EXISTS", r"IF\s+NOT\s+EXISTS"),
                      ("no SECURITY DEFINER", r"SECURITY\s+DEFINER"),
                      ("@extschema@ never inside quotes", r"'[^'\n]*@extschema@[^'\n]*'")]:
    found = []
    for path in scripts:
        for n, text in enumerate(open(path, encoding="utf-8"), 1):
            code = text.split("--", 1)[0]
            if re.search(pattern, code, re.I):
                found.append("%s:%d" % (os.path.basename(path), n))
    check(not found, "install and upgrade scripts: " + rule, found)

# Every C symbol an install or upgrade script names (released ones in
# extension/ included: ALTER EXTENSION UPDATE runs them with the current
# library) is exported by the library (read with nm from the build; many
# symbols are made by macros).
library = os.path.join(root, "cxm.so")
if os.path.exists(library):
    exported = set(subprocess.run(["nm", "-D", "--defined-only", library], capture_output=True, text=True,
                                  check=True).stdout.split())
    missing = []
    for path in scripts:
        for n, text in enumerate(open(path, encoding="utf-8"), 1):
            for symbol in re.findall(r"'MODULE_PATHNAME'\s*,\s*'(\w+)'", text):
                if symbol not in exported:
                    missing.append("%s:%d %s" % (os.path.basename(path), n, symbol))
    check(not missing, "every C function any install or upgrade script creates is exported by cxm.so", missing)

found = []
for path in sorted(glob.glob(os.path.join(root, "src", "*_core.[ch]")) + [os.path.join(root, "src", "wire_core.h")]):
    for n, text in enumerate(open(path, encoding="utf-8"), 1):
        if re.match(r'\s*#\s*include\s*[<"](postgres|fmgr|utils/|nodes/|access/|catalog/|executor/|lib/)', text):
            found.append("%s:%d" % (os.path.basename(path), n))
check(not found, "the plain-C core files include no PostgreSQL header", found)

for i, (ok, name, details) in enumerate(results, 1):
    print(("ok" if ok else "not ok") + " %d - %s" % (i, name))
    for d in details[:20]:
        print("#   " + d)
print("1..%d" % len(results))
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
