#!/usr/bin/python3
"""The README's examples and every SQLSTATE of cxm through psycopg 3.

Each README statement (the doc-test's own extraction, test/tools/readme_doctest.py)
runs as a server-side prepared statement (prepare=True) in one connection, in
order.  For a statement with a shown result, every value must have the Python
type this driver is documented to give for its column's PostgreSQL type
(TYPES below) and, written back the way psql prints it, equal the README.
For a shown error, the exception must be psycopg's own class for its SQLSTATE
and carry the message.  Each row of test/clients/sqlstates.tsv must raise
exactly the class psycopg.errors gives for its SQLSTATE.

Usage: psycopg_client.py ROOT CONNINFO    Prints TAP lines without a plan.
"""
import datetime
import decimal
import json
import math
import os
import sys

import psycopg
from psycopg.adapt import Dumper
from psycopg.pq import Format

ROOT = sys.argv[1]
sys.path.insert(0, os.path.join(ROOT, "test", "tools"))
import readme_doctest  # noqa: E402  the doc-test's extraction, not a copy of it

JSON_VALUES = (dict, list, str, int, float, bool)
# PostgreSQL type (pg_type.typname, or its typtype for enums, composites and
# cxm's own base types) -> the Python types psycopg 3 hands back for it.
TYPES = {
    "numeric": (decimal.Decimal,), "int8": (int,), "int4": (int,), "int2": (int,),
    "float8": (float,), "bool": (bool,), "text": (str,), "date": (datetime.date,),
    "timestamptz": (datetime.datetime,), "interval": (datetime.timedelta,),
    "jsonb": JSON_VALUES, "json": JSON_VALUES,
    "enum": (str,), "composite": (str,), "cxm type": (str,),
}


def pg_float(d):
    """float8 as PostgreSQL prints it (extra_float_digits 1: shortest exact)."""
    if math.isnan(d):
        return "NaN"
    if math.isinf(d):
        return "Infinity" if d > 0 else "-Infinity"
    if d == 0:
        return "-0" if math.copysign(1, d) < 0 else "0"
    sign, digits, exp = decimal.Decimal(repr(d)).normalize().as_tuple()
    digits = "".join(map(str, digits))
    point = len(digits) - 1 + exp          # exponent of the first digit
    if point < -4 or point >= 15:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        text = f"{mantissa}e{'+' if point >= 0 else '-'}{abs(point):02d}"
    else:
        text = format(decimal.Decimal((0, tuple(map(int, digits)), exp)), "f")
    return ("-" if sign else "") + text


def pg_interval(td):
    days, seconds, micros = td.days, td.seconds, td.microseconds
    parts = []
    if days:
        parts.append(f"{days} day{'' if abs(days) == 1 else 's'}")
    if seconds or micros or not days:
        clock = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
        if micros:
            clock += f".{micros:06d}".rstrip("0")
        parts.append(clock)
    return " ".join(parts)


def pg_timestamptz(ts):
    offset = ts.utcoffset()
    minutes = int(offset.total_seconds()) // 60
    text = ts.strftime("%Y-%m-%d %H:%M:%S")
    if ts.microsecond:
        text += f".{ts.microsecond:06d}".rstrip("0")
    text += f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}"
    if minutes % 60:
        text += f":{abs(minutes) % 60:02d}"
    return text


def array_element(text):
    if text == "" or text.upper() == "NULL" or any(c in text for c in '{},"\\ \t\n\r\v\f'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def pg_text(value, kind):
    """A value as psql prints it (unaligned: NULL is empty)."""
    if value is None:
        return ""
    if kind in ("json", "jsonb"):
        return json.dumps(value, ensure_ascii=False)
    if kind.startswith("_"):
        return "{" + ",".join("NULL" if v is None else
                              pg_text(v, kind) if isinstance(v, list) else
                              array_element(pg_text(v, kind[1:])) for v in value) + "}"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return pg_float(value)
    if isinstance(value, datetime.datetime):
        return pg_timestamptz(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return pg_interval(value)
    return str(value)


class Raw:
    """Bytes to send as a binary parameter of a named type."""
    def __init__(self, data):
        self.data = data


def main():
    conn = psycopg.connect(sys.argv[2], autocommit=True, options="-c TimeZone=UTC")
    driver = f"psycopg {psycopg.__version__}"
    kinds = {}

    def kind_of(oid):
        if oid not in kinds:
            name, typtype, elem, nsp = conn.execute(
                "SELECT t.typname, t.typtype, t.typelem, n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                " WHERE t.oid = %s", (oid,)).fetchone()
            if typtype == "e":
                kinds[oid] = "enum"
            elif typtype == "c":
                kinds[oid] = "composite"
            elif nsp != "pg_catalog":
                kinds[oid] = "cxm type"
            elif elem and name.startswith("_"):
                kinds[oid] = "_" + kind_of(elem)
            else:
                kinds[oid] = name
        return kinds[oid]

    seen = {}                  # kind -> set of Python type names seen

    def type_problem(value, kind):
        element = kind
        if kind.startswith("_"):
            if type(value) is not list:
                return f"{kind}: {type(value).__name__}, not list"
            element = kind[1:]
            values = [v for v in value if v is not None]
        else:
            values = [value]
        allowed = TYPES.get(element)
        if allowed is None:
            return f"no expectation for PostgreSQL type {element}"
        for v in values:
            name = f"{type(v).__module__}.{type(v).__name__}".replace("builtins.", "")
            seen.setdefault(kind, set()).add(name if kind == element else f"list of {name}")
            if type(v) not in allowed:
                return f"{element}: {type(v).__name__}, not {'/'.join(t.__name__ for t in allowed)}"
        return None

    failures = 0

    def report(ok, name, details=()):
        nonlocal failures
        print(("ok" if ok else "not ok") + f" - {driver}: {name}")
        if not ok:
            failures += 1
            for d in details:
                print("#   " + d)

    for line, sql, expected in readme_doctest.cases(os.path.join(ROOT, "README.md")):
        name = f"README.md line {line}: {sql.splitlines()[0][:60]}"
        try:
            cur = conn.execute(sql, prepare=True)
            rows = cur.fetchall() if cur.description else []
        except psycopg.Error as e:
            msg = "ERROR:  " + (e.diag.message_primary or "")
            if expected and expected[0].startswith("ERROR:"):
                report(expected[0] in msg and type(e) is psycopg.errors.lookup(e.sqlstate), name,
                       [f"expected {expected[0]}", f"got {type(e).__module__}.{type(e).__name__} {e.sqlstate}: {msg}"])
            else:
                report(False, name, [f"failed: {e.sqlstate} {msg}"])
            continue
        if expected is None:
            report(True, name)
            continue
        if expected[0].startswith("ERROR:"):
            report(False, name, [f"expected {expected[0]}", "got success"])
            continue
        problems = []
        columns = [kind_of(d.type_code) for d in cur.description]
        got = []
        for row in rows:
            for value, kind in zip(row, columns):
                if value is not None:
                    problem = type_problem(value, kind)
                    if problem:
                        problems.append(problem)
            got.append("|".join(pg_text(v, k) for v, k in zip(row, columns)))
        if got != expected:
            problems += ["expected:"] + ["  " + e for e in expected] + ["got:"] + ["  " + g for g in got]
        report(not problems, name, problems)

    with open(os.path.join(ROOT, "test", "clients", "sqlstates.tsv"), encoding="utf-8") as f:
        for row in f:
            if row.startswith("#") or not row.strip():
                continue
            code, sql, param, message = row.rstrip("\n").split("\t")
            if sql == "-":
                print(f"ok - {driver}: SQLSTATE {code} # SKIP {message}")
                continue
            want = psycopg.errors.lookup(code)
            name = f"SQLSTATE {code} arrives as psycopg.errors.{want.__name__}"
            try:
                cur = conn.cursor()
                params = None
                if param != "-":
                    typname, hexdata = param.split(":")
                    dumper = type("BinaryDumper", (Dumper,), {
                        "format": Format.BINARY,
                        "oid": conn.execute("SELECT %s::regtype::oid", (typname,)).fetchone()[0],
                        "dump": lambda self, obj: obj.data})
                    cur.adapters.register_dumper(Raw, dumper)
                    sql = sql.replace("$1", "%b")
                    params = (Raw(bytes.fromhex(hexdata)),)
                cur.execute(sql, params, prepare=True)
                report(False, name, ["no error"])
            except psycopg.Error as e:
                report(type(e) is want and e.sqlstate == code and e.diag.message_primary == message, name,
                       [f"got {type(e).__module__}.{type(e).__name__} {e.sqlstate}: {e.diag.message_primary}"])

    for kind in sorted(seen):
        print(f"# {driver} type map: {kind} -> {', '.join(sorted(seen[kind]))}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
