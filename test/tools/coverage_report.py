#!/usr/bin/env python3
"""Reads an lcov tracefile of the gcov build (make coverage) and prints:
- function and line coverage of each src/*.c file, and the total;
- every aggregate's combine, serial and deserial C function with its call
  count, so that one never executed under a parallel plan stands out.

usage: coverage_report.py lcov.info src/
"""

import collections
import os
import re
import sys


def read_info(path):
    files = collections.OrderedDict()
    cur = None
    for line in open(path):
        line = line.rstrip('\n')
        if line.startswith('SF:'):
            cur = files.setdefault(line[3:], {'fn': collections.OrderedDict(), 'calls': collections.Counter(),
                                              'lines': {}})
        elif cur is None:
            continue
        elif line.startswith('FN:'):
            lineno, name = line[3:].split(',', 1)
            cur['fn'][name] = int(lineno)
        elif line.startswith('FNDA:'):
            count, name = line[5:].split(',', 1)
            cur['calls'][name] += int(count)
        elif line.startswith('DA:'):
            lineno, count = line[3:].split(',')[:2]
            cur['lines'][int(lineno)] = cur['lines'].get(int(lineno), 0) + int(count)
        elif line == 'end_of_record':
            cur = None
    return files


def pct(hit, total):
    return '%6.1f%%' % (100.0 * hit / total) if total else '      -'


def sql_objects(srcdir):
    """C symbol of each SQL function name, and each aggregate's support functions."""
    symbols = collections.defaultdict(set)
    aggregates = []
    for f in sorted(os.listdir(srcdir)):
        if not f.endswith('.sql'):
            continue
        text = open(os.path.join(srcdir, f)).read()
        text = re.sub(r'--[^\n]*', '', text)
        for m in re.finditer(r'CREATE\s+FUNCTION\s+(?:@extschema@\.)?(\w+)\s*\((.*?);', text, re.S | re.I):
            body = m.group(2)
            c = re.search(r"AS\s+'MODULE_PATHNAME'\s*,\s*'(\w+)'", body, re.I)
            if c:
                symbols[m.group(1)].add(c.group(1))
            elif re.search(r"AS\s+'MODULE_PATHNAME'", body, re.I):
                symbols[m.group(1)].add(m.group(1))
            else:
                symbols[m.group(1)].add('(not C: %s)' % m.group(1))
        for m in re.finditer(r'CREATE\s+AGGREGATE\s+(?:@extschema@\.)?(\w+)\s*\((.*?)\)\s*\((.*?)\);',
                             text, re.S | re.I):
            args = re.sub(r'pg_catalog\.|@extschema@\.', '', ' '.join(m.group(2).split()))
            opts = {}
            for o in re.finditer(r'(\w+)\s*=\s*([^,\n]+)', m.group(3)):
                opts[o.group(1).upper()] = re.sub(r'^@extschema@\.|^pg_catalog\.', '', o.group(2).strip())
            aggregates.append(('%s(%s)' % (m.group(1), args), opts))
    return symbols, aggregates


def main():
    info, srcdir = sys.argv[1], sys.argv[2]
    files = read_info(info)
    calls = collections.Counter()
    rows = []
    tot = collections.Counter()
    for path, rec in files.items():
        for name, count in rec['calls'].items():
            calls[name] += count
        if not (path.endswith('.c') and os.path.basename(os.path.dirname(path)) == 'src'):
            continue
        fnf = len(rec['fn'])
        fnh = sum(1 for n in rec['fn'] if rec['calls'][n] > 0)
        lf = len(rec['lines'])
        lh = sum(1 for c in rec['lines'].values() if c > 0)
        rows.append((os.path.basename(path), fnh, fnf, lh, lf))
        tot.update(fnh=fnh, fnf=fnf, lh=lh, lf=lf)
    print('Coverage of src/*.c by the suites of make test (server side; the unit tests are not counted)')
    print('%-28s %17s %8s %17s %8s' % ('file', 'functions', '', 'lines', ''))
    for name, fnh, fnf, lh, lf in sorted(rows):
        print('%-28s %8d / %-6d %s %8d / %-6d %s' % (name, fnh, fnf, pct(fnh, fnf), lh, lf, pct(lh, lf)))
    print('%-28s %8d / %-6d %s %8d / %-6d %s' % ('total', tot['fnh'], tot['fnf'], pct(tot['fnh'], tot['fnf']),
                                                  tot['lh'], tot['lf'], pct(tot['lh'], tot['lf'])))
    never = sorted('%s %s' % (name, fn) for name, _, _, _, _ in rows
                   for p, rec in files.items() if os.path.basename(p) == name
                   for fn in rec['fn'] if rec['calls'][fn] == 0)
    print('\nfunctions of src/*.c never executed (%d):' % len(never))
    for n in never:
        print('  ' + n)

    symbols, aggregates = sql_objects(srcdir)
    # gcov counts calls per C function, which the overloads of an aggregate
    # share: one row per aggregate name, role and C function
    rows = collections.OrderedDict()
    support = collections.defaultdict(set)
    for agg, opts in aggregates:
        support[agg.split('(')[0]].add(tuple(opts.get(k) for k in ('COMBINEFUNC', 'SERIALFUNC', 'DESERIALFUNC')))
    for agg, opts in aggregates:
        name = agg.split('(')[0]
        if len(support[name]) > 1:      # overloads with different support functions: name them apart
            name = agg
        if 'COMBINEFUNC' not in opts:
            rows.setdefault((name, 'combine', '(none: not parallel)'), []).append(agg)
            continue
        for role, key in (('combine', 'COMBINEFUNC'), ('serial', 'SERIALFUNC'), ('deserial', 'DESERIALFUNC')):
            if key not in opts:
                if role != 'combine':
                    rows.setdefault((name, role, '(none: the state is not internal)'), []).append(agg)
                continue
            for sym in sorted(symbols.get(opts[key], {'(unknown: %s)' % opts[key]})):
                rows.setdefault((name, role, sym), []).append(agg)
    print('\nAggregates: calls of their combine, serial and deserial C functions '
          '(counted per C function, shared by the overloads)')
    print('%-28s %9s %-9s %-38s %10s' % ('aggregate', 'overloads', 'role', 'C function', 'calls'))
    never = 0
    for (name, role, sym), aggs in rows.items():
        if sym.startswith('('):
            print('%-28s %9d %-9s %-38s %10s' % (name, len(aggs), role, sym, '-'))
            continue
        n = calls.get(sym, 0)
        never += n == 0
        print('%-28s %9d %-9s %-38s %10d%s' % (name, len(aggs), role, sym, n, '' if n else '   NEVER EXECUTED'))
    print('\n%d aggregate support function(s) never executed' % never)

if __name__ == '__main__':
    main()
