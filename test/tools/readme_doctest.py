#!/usr/bin/env python3
"""Checks that the README's SQL examples still give the results it shows.

Every ```sql block of README.md runs, in order, in one fresh database with
cxm installed, each statement in a session of its own (so an example must
not depend on a SET made by an earlier one; tables it created stay).  A
statement is the text up to a line ending in ";".  The
lines right after it that start with "-- " are its expected output, as psql
prints it unaligned and without headers (columns joined by "|").  A
statement with no such lines (CREATE, INSERT...) is only run: it is no test
of its own, so it is not counted, but if it fails that is a failed test.
One whose first expected line starts with "-- ERROR:" must fail with that
message.

Usage: readme_doctest.py README.md   (PGHOST, PGPORT, PGUSER, PGDATABASE set)
Prints TAP.  readme_doctest.py --cases README.md prints the statements
instead, for the client tests (test/clients/): one per line, tab-separated
line number, SQL and expected lines joined by newlines ("-" when none is
shown), with backslash, tab and newline escaped as \\, \t and \n.
"""
import re
import subprocess
import sys


def blocks(text):
    for match in re.finditer(r"```sql\n(.*?)```", text, re.S):
        line = text.count("\n", 0, match.start()) + 2
        yield line, match.group(1)


def statements(line, block):
    """(first line, sql, expected lines or None)"""
    sql, expected, start = [], [], None
    lines = block.split("\n")
    i = 0
    while i < len(lines):
        text = lines[i]
        if not sql and (not text.strip() or (text.startswith("--") and not expected)):
            i += 1
            continue
        if start is None:
            start = line + i
        sql.append(text)
        if text.rstrip().endswith(";"):
            expected = []
            j = i + 1
            while j < len(lines) and lines[j].startswith("-- "):
                expected.append(lines[j][3:])
                j += 1
            yield start, "\n".join(sql), expected if j > i + 1 else None
            sql, expected, start = [], [], None
            i = j
            continue
        i += 1
    if sql and any(s.strip() and not s.startswith("--") for s in sql):
        yield start, "\n".join(sql), None


def run(sql):
    proc = subprocess.run(
        ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", "-"],
        input="\\set VERBOSITY terse\n" + sql + "\n", capture_output=True, text=True)
    return proc.returncode, proc.stdout.rstrip("\n"), proc.stderr.strip()


def cases(path):
    """Every statement of the README: (first line, sql, expected lines or None)."""
    text = open(path, encoding="utf-8").read()
    return [s for line, block in blocks(text) for s in statements(line, block)]


def escape(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main():
    if sys.argv[1] == "--cases":
        for line, sql, expected in cases(sys.argv[2]):
            shown = "-" if expected is None else escape("\n".join(expected))
            print(f"{line}\t{escape(sql)}\t{shown}")
        return 0
    cases_ = cases(sys.argv[1])
    failures = 0
    number = 0
    setup = 0
    for line, sql, expected in cases_:
        code, out, err = run(sql)
        name = f"README.md line {line}: {sql.splitlines()[0][:60]}"
        if expected and expected[0].startswith("ERROR:"):
            ok = code != 0 and expected[0] in err
            got = err
        elif expected is None:
            setup += 1
            if code == 0:
                continue        # set-up ran: not a test of its own
            ok = False
            got = err
            name += " (set-up statement)"
        else:
            ok = code == 0 and out == "\n".join(expected)
            got = out if code == 0 else err
        number += 1
        print(("ok" if ok else "not ok") + f" {number} - {name}")
        if not ok:
            failures += 1
            print("#   expected:")
            for e in (expected or ["(success)"]):
                print("#     " + e)
            print("#   got:")
            for g in (got or "(nothing)").splitlines():
                print("#     " + g)
    print(f"# {setup} set-up statements ran (not counted as tests)")
    print(f"1..{number}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
