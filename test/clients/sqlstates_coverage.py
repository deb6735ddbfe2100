#!/usr/bin/env python3
"""Checks that test/clients/sqlstates.tsv lists exactly the SQLSTATEs cxm
raises: every ERRCODE_* named in src/*.c, translated to its five-character
code through PostgreSQL's utils/errcodes.h.  Prints one TAP line.

Usage: sqlstates_coverage.py ROOT PG_INCLUDEDIR_SERVER
"""
import glob
import os
import re
import sys


def main():
    root, include = sys.argv[1], sys.argv[2]
    codes = {}
    with open(os.path.join(include, "utils", "errcodes.h")) as f:
        for m in re.finditer(r"#define (ERRCODE_\w+) MAKE_SQLSTATE\('(.)','(.)','(.)','(.)','(.)'\)", f.read()):
            codes[m.group(1)] = "".join(m.group(2, 3, 4, 5, 6))
    raised = {}
    for path in sorted(glob.glob(os.path.join(root, "src", "*.c"))):
        with open(path) as f:
            for name in re.findall(r"\bERRCODE_[A-Z0-9_]+\b", f.read()):
                raised.setdefault(codes.get(name, name), name)
    listed = set()
    with open(os.path.join(root, "test", "clients", "sqlstates.tsv")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                listed.add(line.split("\t")[0])
    missing = sorted(set(raised) - listed)
    extra = sorted(listed - set(raised))
    ok = bool(raised) and not missing and not extra
    print(("ok" if ok else "not ok") + f" - test/clients/sqlstates.tsv lists the {len(raised)} SQLSTATEs raised in src/*.c")
    for code in missing:
        print(f"#   raised but not listed: {code} ({raised[code]})")
    for code in extra:
        print(f"#   listed but never raised: {code}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
