#!/usr/bin/env python3
"""make mutate: mutation testing of cxm's C sources.

Generates mutants of src/*.c (the plain-C cores and the PostgreSQL glue),
applies each one to a scratch copy of the tree (never the working tree),
rebuilds only the mutated file, installs the library into a private copy of
the server whose throwaway cluster keeps running across mutants, and runs the
suites that cover the mutated file's room, cheapest first, stopping at the
first failing check.  A mutant is killed when a check fails (or the suite
hangs past its timeout) and the unmutated library passes that suite,
survived when every check passes, equivalent when
test/mutants/equivalent.txt lists it, stillborn when it does not compile.

Mutation operators (generated):
  relop      < <= > >= == != : boundary shift (< to <=, ...) and == <-> !=
  negate     drop a logical !
  logic      && <-> ||
  arith      binary + <-> -, * <-> /, % -> /, += <-> -=, *= <-> /=, ++ <-> --
  bitop      binary & <-> |, ^ -> |, << <-> >>, &= <-> |=
  bound      off-by-one: an integer literal next to a comparison or an
             arithmetic operator +1/-1; the right side of < <= > >= +1/-1
  interrupt  drop an interrupt check (CHECK_FOR_INTERRUPTS(), cxm_tick(),
             tick(), interrupt(), progress())
  guard      drop a check: an `if` whose branch leaves (return, goto, break,
             continue, ereport, elog, PG_RETURN_*) never fires
  return     early return: the function returns one of its own constant
             results (or returns, if void) before doing anything
Hand-written mutants of subtle spots: test/mutants/hand.txt.

Mutant ids are stable across unrelated edits: file, function, operator, the
original and replacement text and the mutated line's text (whitespace
collapsed), plus #n when the same change fits the same line text more than
once in the function; hand mutants are hand:<name>.

Environment (all optional):
  MUTATE_SAMPLE=N     generated mutants to sample (default 300; 0 = all)
  MUTATE_SEED=S       sampling seed (default 9)
  MUTATE_ROOMS=a,b    only mutants of these rooms (names as in the table)
  MUTATE_IDS=...      exactly these mutants: ids one a line, or @file for a
                      file holding them one a line among other lines (so
                      MUTATE_IDS=@mutate-results/survivors.txt re-runs the survivors)
  MUTATE_HAND=0       leave out the hand-written mutants
  MUTATE_JOBS=J       parallel workers, each with its own scratch tree,
                      server copy and cluster (default 2)
  MUTATE_OUT=dir      results directory (default mutate-results/)
  MUTATE_SUITES=k,..  only these kinds of suite: unit, regress, pgtap,
                      differential, limits (default all; a quicker, weaker run)
  MUTATE_CONFIRM=0    do not re-run a killing SQL suite on the unmutated library
                      (by default a kill counts only if the unmutated library
                      passes that suite; a suite failing both ways is flaky and
                      the mutant must fail it twice in a row)
  MUTATE_COVERAGE=f   line counts of make coverage (default coverage/lcov.info
                      when newer than src/): a mutant on a line the SQL suites
                      never execute runs the unit tests only
Options: --list (print the mutants and counts, run nothing),
         --show ID (print one mutant's diff).
"""

import collections
import difflib
import os
import pwd
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SRC = os.path.join(ROOT, 'src')
PG_CONFIG = os.environ.get('PG_CONFIG', 'pg_config')
# every kill by a SQL suite is checked against the unmutated library, which
# must pass that suite (a flaky test would otherwise count as a kill)
MUTATE_CONFIRM = os.environ.get('MUTATE_CONFIRM', '1') != '0'

# ---------------------------------------------------------------- tokenizer

TOKEN_RE = re.compile(r'''
  (?P<ws>[ \t\r\f\v]+|\\\n)
| (?P<nl>\n)
| (?P<comment>/\*.*?\*/|//[^\n]*)
| (?P<string>"(?:\\.|[^"\\\n])*")
| (?P<char>'(?:\\.|[^'\\\n])*')
| (?P<number>(?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[uUlLfF]*)
| (?P<ident>[A-Za-z_]\w*)
| (?P<punct>\.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^]=|\#\#|[][(){};,.<>=!~?:+\-*/%&|^\#])
''', re.S | re.X)

KEYWORDS = {'return', 'sizeof', 'case', 'if', 'else', 'while', 'for', 'do', 'goto', 'switch',
            'break', 'continue', 'default', 'typedef', 'struct', 'union', 'enum', 'static',
            'const', 'volatile', 'extern', 'inline'}


class Tok:
    __slots__ = ('kind', 'text', 'start', 'end', 'line', 'wsb', 'wsa', 'pp', 'func', 'i')

    def __init__(self, kind, text, start, end, line):
        self.kind, self.text, self.start, self.end, self.line = kind, text, start, end, line
        self.wsb = self.wsa = False
        self.pp = None      # None, 'macro' (body of a function-like #define) or 'other'
        self.func = None    # enclosing function or function-like macro
        self.i = 0


def tokenize(text):
    toks = []
    pos, line = 0, 1
    at_line_start = True
    in_pp = None            # None or the list of tokens of the current directive
    prev_ws = True
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m:
            raise ValueError('cannot tokenize at line %d: %r' % (line, text[pos:pos + 20]))
        kind = m.lastgroup
        s = m.group()
        if kind in ('ws', 'comment', 'nl'):
            if toks:
                toks[-1].wsa = True
            prev_ws = True
            if kind == 'nl':
                at_line_start = True
                if in_pp is not None:
                    finish_directive(in_pp)
                    in_pp = None
            line += s.count('\n')
            pos = m.end()
            continue
        t = Tok(kind, s, pos, m.end(), line)
        t.wsb = prev_ws
        prev_ws = False
        if kind == 'punct' and s == '#' and at_line_start and in_pp is None:
            in_pp = []
        if in_pp is not None:
            in_pp.append(t)
            t.pp = 'other'
        at_line_start = False
        t.i = len(toks)
        toks.append(t)
        line += s.count('\n')
        pos = m.end()
    if in_pp is not None:
        finish_directive(in_pp)
    return toks


def finish_directive(pp):
    # #define NAME(args) body: the body is mutable, as the macro NAME
    if len(pp) >= 4 and pp[1].text == 'define' and pp[2].kind == 'ident' and pp[3].text == '(' \
            and pp[3].start == pp[2].end:
        depth = 0
        for j in range(3, len(pp)):
            depth += pp[j].text == '('
            depth -= pp[j].text == ')'
            if depth == 0:
                for t in pp[j + 1:]:
                    t.pp = 'macro'
                    t.func = pp[2].text
                break


def match_forward(toks, i, open_, close):
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].pp == 'other':
            continue
        if toks[j].text == open_:
            depth += 1
        elif toks[j].text == close:
            depth -= 1
            if depth == 0:
                return j
    return None


def match_backward(toks, i, open_, close):
    depth = 0
    for j in range(i, -1, -1):
        if toks[j].pp == 'other':
            continue
        if toks[j].text == close:
            depth += 1
        elif toks[j].text == open_:
            depth -= 1
            if depth == 0:
                return j
    return None


class Function:
    def __init__(self, name, body_open, body_close, is_void, is_macro):
        self.name, self.body_open, self.body_close = name, body_open, body_close
        self.is_void, self.is_macro = is_void, is_macro


def find_functions(toks):
    """Function bodies at file scope, and function-like macro bodies."""
    funcs = []
    code = [t for t in toks if t.pp is None]
    depth = 0
    k = 0
    while k < len(code):
        t = code[k]
        if t.text == '{' and depth == 0 and k > 0 and code[k - 1].text == ')':
            close_paren = code[k - 1].i
            open_paren = match_backward(toks, close_paren, '(', ')')
            name_tok = toks[open_paren - 1] if open_paren else None
            end = match_forward(toks, t.i, '{', '}')
            if name_tok is not None and name_tok.kind == 'ident' and end is not None:
                # the return type: tokens back to the previous declaration's end
                j = name_tok.i - 1
                rtype = []
                while j >= 0 and toks[j].pp is None and toks[j].text not in (';', '}', ')'):
                    rtype.append(toks[j].text)
                    j -= 1
                is_void = 'void' in rtype and '*' not in rtype
                funcs.append(Function(name_tok.text, t.i, end, is_void, False))
                for x in range(t.i, end + 1):
                    toks[x].func = name_tok.text
                while k < len(code) and code[k].i <= end:
                    k += 1
                continue
        if t.text == '{':
            depth += 1
        elif t.text == '}':
            depth -= 1
        k += 1
    macros = collections.OrderedDict()
    for t in toks:
        if t.pp == 'macro':
            macros.setdefault(t.func, []).append(t.i)
    for name, idx in macros.items():
        funcs.append(Function(name, idx[0], idx[-1], False, True))
    return funcs


# ---------------------------------------------------------------- mutants

class Mutant:
    def __init__(self, path, func, op, orig, repl, line, edits, linetext):
        self.path, self.func, self.op = path, func, op     # path relative to ROOT
        self.orig, self.repl, self.line = orig, repl, line
        self.edits = edits          # [(start, end, replacement)] in the original text
        self.linetext = linetext
        self.id = None
        self.room = None
        self.why = None             # hand mutants: what the change breaks
        self.hand = False
        self.unit_only = False      # its line is never executed by the SQL suites

    def apply(self, text):
        for start, end, repl in sorted(self.edits, reverse=True):
            text = text[:start] + repl + text[end:]
        return text

    def diff(self, text):
        new = self.apply(text)
        return ''.join(difflib.unified_diff(text.splitlines(True), new.splitlines(True),
                                            'a/' + self.path, 'b/' + self.path, n=2))


RELOP = {'<': ['<='], '<=': ['<'], '>': ['>='], '>=': ['>'], '==': ['!='], '!=': ['==']}
ARITH = {'+': '-', '-': '+', '*': '/', '/': '*', '%': '/'}
ARITH_ASSIGN = {'+=': '-=', '-=': '+=', '*=': '/=', '/=': '*=', '++': '--', '--': '++'}
BITOP = {'&': '|', '|': '&', '^': '|', '<<': '>>', '>>': '<<'}
BIT_ASSIGN = {'&=': '|=', '|=': '&=', '<<=': '>>=', '>>=': '<<='}
# calls whose arguments are messages or debug-only checks, not logic
SKIP_CALLS = {'ereport', 'elog', 'errmsg', 'errdetail', 'errhint', 'errcontext', 'Assert',
              'AssertArg', 'AssertState', 'assert', 'StaticAssertStmt', 'StaticAssertDecl',
              'StaticAssertExpr', 'sizeof', 'PG_FUNCTION_INFO_V1', 'offsetof'}
INTERRUPT_RE = re.compile(r'^(CHECK_FOR_INTERRUPTS|cxm_tick|tick|interrupt|pr->interrupt|progress|'
                          r'it->fn|\w*check_interrupts)\(')
LEAVES = {'return', 'goto', 'break', 'continue', 'ereport', 'elog'}
CONST_RESULT = re.compile(r'^(true|false|NULL|-?\d+|[A-Z][A-Z0-9_]*|\(Datum\) ?0|'
                          r'PG_RETURN_(NULL|VOID)\(\)|PG_RETURN_BOOL\((true|false)\)|'
                          r'PG_RETURN_(INT32|INT64)\(-?\d+\))$')


def is_operand_end(t):
    return (t.kind in ('number', 'char', 'string') or t.text in (')', ']')
            or (t.kind == 'ident' and t.text not in KEYWORDS))


def is_binary(toks, i):
    """pgindent writes binary operators with a space on each side."""
    t = toks[i]
    return i > 0 and t.wsb and t.wsa and is_operand_end(toks[i - 1])


def skipped_tokens(toks, funcs):
    """Indexes inside the arguments of SKIP_CALLS and between case and its colon."""
    skip = set()
    for f in funcs:
        for i in range(f.body_open, f.body_close + 1):
            t = toks[i]
            if t.kind == 'ident' and t.text in SKIP_CALLS and i + 1 <= f.body_close \
                    and toks[i + 1].text == '(':
                end = match_forward(toks, i + 1, '(', ')')
                if end is not None:
                    skip.update(range(i, end + 1))
            elif t.text == 'case':
                j = i
                while j <= f.body_close and toks[j].text != ':':
                    skip.add(j)
                    j += 1
    return skip


def statement_start(toks, i):
    p = toks[i - 1] if i > 0 else None
    return p is None or p.text in (';', '{', '}', ')', ':', 'else')


def statement_end(toks, i, limit):
    depth = 0
    for j in range(i, limit + 1):
        if toks[j].text in ('(', '[', '{'):
            depth += 1
        elif toks[j].text in (')', ']', '}'):
            depth -= 1
        elif toks[j].text == ';' and depth == 0:
            return j
    return None


def span_text(text, toks, a, b):
    return ' '.join(text[toks[a].start:toks[b].end].split())


def line_text(line):
    """A source line as it appears in mutant ids: comments dropped, blanks collapsed."""
    return ' '.join(re.sub(r'/\*.*?\*/|/\*.*$|//.*$', '', line).split())


def generate_file(path, text):
    toks = tokenize(text)
    funcs = find_functions(toks)
    skip = skipped_tokens(toks, funcs)
    lines = text.split('\n')
    out = []

    def add(f, op, orig, repl, tok, edits):
        lt = line_text(lines[tok.line - 1])
        out.append(Mutant(path, f.name, op, orig, repl, tok.line, edits, lt))

    for f in funcs:
        rng = range(f.body_open + 1, f.body_close) if not f.is_macro else range(f.body_open, f.body_close + 1)
        for i in rng:
            if i in skip:
                continue
            t = toks[i]
            s = t.text
            prev = toks[i - 1]
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if t.kind == 'punct':
                if s in RELOP:
                    for r in RELOP[s]:
                        add(f, 'relop', s, r, t, [(t.start, t.end, r)])
                    if s in ('<', '<=', '>', '>='):
                        # the right side's bound, off by one: a variable or member
                        j = i + 1
                        chain = [j] if toks[j].kind == 'ident' and toks[j].text not in KEYWORDS else []
                        while chain and j + 2 < len(toks) and toks[j + 1].text in ('->', '.') \
                                and toks[j + 2].kind == 'ident':
                            j += 2
                            chain.append(j)
                        if chain and toks[j + 1].text not in ('(', '[', '->', '.') and \
                                not toks[j].text.isupper():
                            a, b = toks[i + 1], toks[j]
                            expr = text[a.start:b.end]
                            for d in ('+ 1', '- 1'):
                                add(f, 'bound', expr, '(%s %s)' % (expr, d), t,
                                    [(a.start, b.end, '(%s %s)' % (expr, d))])
                elif s == '!' and nxt is not None:
                    add(f, 'negate', '!', '', t, [(t.start, t.end, '')])
                elif s in ('&&', '||'):
                    r = '||' if s == '&&' else '&&'
                    add(f, 'logic', s, r, t, [(t.start, t.end, r)])
                elif s in ARITH and is_binary(toks, i):
                    add(f, 'arith', s, ARITH[s], t, [(t.start, t.end, ARITH[s])])
                elif s in ARITH_ASSIGN:
                    add(f, 'arith', s, ARITH_ASSIGN[s], t, [(t.start, t.end, ARITH_ASSIGN[s])])
                elif s in BITOP and is_binary(toks, i):
                    add(f, 'bitop', s, BITOP[s], t, [(t.start, t.end, BITOP[s])])
                elif s in BIT_ASSIGN:
                    add(f, 'bitop', s, BIT_ASSIGN[s], t, [(t.start, t.end, BIT_ASSIGN[s])])
            elif t.kind == 'number' and re.fullmatch(r'\d+[uUlL]*', s):
                # an integer bound or offset next to a comparison or arithmetic
                near = False
                if prev.text in RELOP or (prev.text in ('+', '-', '*', '/', '%') and is_binary(toks, i - 1)):
                    near = True
                if nxt is not None and (nxt.text in RELOP or
                                        (nxt.text in ('+', '-', '*', '/', '%') and is_binary(toks, i + 1))):
                    near = True
                if near:
                    digits = re.match(r'\d+', s).group()
                    suffix = s[len(digits):]
                    v = int(digits)
                    for r in ([v + 1, v - 1] if v > 0 else [v + 1]):
                        add(f, 'bound', s, str(r) + suffix, t, [(t.start, t.end, str(r) + suffix)])
            elif t.kind == 'ident':
                if statement_start(toks, i) and prev.text != '->':
                    end = statement_end(toks, i, f.body_close)
                    if end is not None:
                        stmt = ''.join(x.text for x in toks[i:end])
                        if INTERRUPT_RE.match(stmt):
                            add(f, 'interrupt', span_text(text, toks, i, end), '((void) 0);', t,
                                [(t.start, toks[end].end, '((void) 0);')])
                if s == 'if' and nxt is not None and nxt.text == '(':
                    close = match_forward(toks, i + 1, '(', ')')
                    if close is None or close + 1 > f.body_close:
                        continue
                    if toks[close + 1].text == '{':
                        bend = match_forward(toks, close + 1, '{', '}')
                    else:
                        bend = statement_end(toks, close + 1, f.body_close)
                    if bend is None:
                        continue
                    body = toks[close + 1:bend + 1]
                    if any(b.text in LEAVES or b.text.startswith('PG_RETURN_') for b in body):
                        cond = span_text(text, toks, i + 2, close - 1)
                        add(f, 'guard', 'if (%s)' % cond, 'if (0 && (%s))' % cond, t,
                            [(nxt.end, nxt.end, '0 && ('), (toks[close].start, toks[close].start, ')')])
        if not f.is_macro:
            out.extend(early_returns(path, text, toks, f, lines))
    return out


def early_returns(path, text, toks, f, lines):
    results = []
    if f.is_void:
        results.append('return;')
    for i in range(f.body_open + 1, f.body_close):
        t = toks[i]
        if t.text == 'return':
            end = statement_end(toks, i, f.body_close)
            if end is not None:
                expr = span_text(text, toks, i + 1, end - 1) if end > i + 1 else ''
                if expr and CONST_RESULT.match(expr):
                    results.append('return %s;' % expr)
        elif t.text.startswith('PG_RETURN_') and statement_start(toks, i):
            end = statement_end(toks, i, f.body_close)
            if end is not None:
                stmt = span_text(text, toks, i, end - 1)
                if CONST_RESULT.match(stmt):
                    results.append(stmt + ';')
    seen = []
    for r in results:
        if r not in seen:
            seen.append(r)
    brace = toks[f.body_open]
    out = []
    for r in seen:
        lt = line_text(lines[brace.line - 2]) if brace.line >= 2 else ''
        out.append(Mutant(path, f.name, 'return', '', r, brace.line,
                          [(brace.end, brace.end, '\n\t%s\t/* mutant */' % r)], lt))
    return out


def assign_ids(mutants):
    seen = collections.Counter()
    for m in mutants:
        base = "%s:%s:%s:'%s'->'%s':\"%s\"" % (m.path, m.func, m.op, m.orig, m.repl, m.linetext)
        seen[base] += 1
        m.id = base if seen[base] == 1 else '%s#%d' % (base, seen[base])


# ---------------------------------------------------------------- hand mutants

def parse_hand(path, texts):
    """test/mutants/hand.txt: blocks of `[name]` then file:, function:, from:, to:, why:.
    `from` must occur exactly once in the function; \\n and \\t are escapes."""
    mutants = []
    if not os.path.exists(path):
        return mutants
    blocks = []
    cur = None
    with open(path) as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.rstrip('\n')
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            m = re.match(r'^\[(.+)\]\s*$', line)
            if m:
                cur = {'name': m.group(1).strip(), 'lineno': n}
                blocks.append(cur)
                continue
            m = re.match(r'^(file|function|from|to|why):\s?(.*)$', line)
            if not m or cur is None:
                raise SystemExit('%s:%d: expected [name] or file:/function:/from:/to:/why:' % (path, n))
            cur[m.group(1)] = m.group(2)
    for b in blocks:
        for key in ('file', 'function', 'from', 'to', 'why'):
            if key not in b:
                raise SystemExit('%s:%d: [%s] has no %s:' % (path, b['lineno'], b['name'], key))
        rel = b['file']
        if rel not in texts:
            raise SystemExit('%s:%d: [%s]: no source file %s' % (path, b['lineno'], b['name'], rel))
        text = texts[rel]
        toks = tokenize(text)
        funcs = [f for f in find_functions(toks) if f.name == b['function']]
        if not funcs:
            raise SystemExit('%s:%d: [%s]: no function %s in %s' % (path, b['lineno'], b['name'],
                                                                   b['function'], rel))
        f = funcs[0]
        lo, hi = toks[f.body_open].start, toks[f.body_close].end
        frm = b['from'].replace('\\n', '\n').replace('\\t', '\t')
        to = b['to'].replace('\\n', '\n').replace('\\t', '\t')
        body = text[lo:hi]
        count = body.count(frm)
        if count != 1:
            raise SystemExit('%s:%d: [%s]: "from" occurs %d times in %s (must be once)' %
                             (path, b['lineno'], b['name'], count, b['function']))
        at = lo + body.index(frm)
        line = text.count('\n', 0, at) + 1
        m = Mutant(rel, f.name, 'hand', frm, to, line, [(at, at + len(frm), to)],
                   line_text(text.split('\n')[line - 1]))
        m.id = 'hand:' + b['name']
        m.why = b['why']
        m.hand = True
        mutants.append(m)
    return mutants


def parse_equivalent(path):
    """test/mutants/equivalent.txt: `<mutant id> :: <why it cannot change a result>`."""
    eq = collections.OrderedDict()
    if not os.path.exists(path):
        return eq
    with open(path) as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.rstrip('\n')
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            if ' :: ' not in line:
                raise SystemExit('%s:%d: expected "<mutant id> :: <reason>"' % (path, n))
            mid, why = line.split(' :: ', 1)
            if not why.strip():
                raise SystemExit('%s:%d: an equivalent mutant needs its reason' % (path, n))
            eq[mid.strip()] = why.strip()
    return eq


# ---------------------------------------------------------------- rooms and suites

# test/differential and test/limits group rooms by family; a file named after
# the room itself is used as well when it exists.
FAMILIES = {'ratings': 'ratings', 'sessions': 'journeys', 'retention': 'journeys',
            'paths': 'journeys', 'funnel': 'journeys', 'sequence': 'journeys',
            'clv': 'business', 'operations': 'business', 'attribution': 'attribution'}


def rooms_of_project():
    return sorted(os.path.basename(p)[:-4] for p in os.listdir(SRC)
                  if p.endswith('.sql') and p[:-4] not in ('header', 'changes'))


def includes_of(path, cache={}):
    """Local headers a file includes, transitively."""
    if path in cache:
        return cache[path]
    cache[path] = set()
    try:
        text = open(path).read()
    except OSError:
        return cache[path]
    found = set()
    for h in re.findall(r'^\s*#\s*include\s+"([^"]+)"', text, re.M):
        found.add(h)
        found |= includes_of(os.path.join(SRC, h))
    cache[path] = found
    return found


def label_of(fname):
    """The table row of a source file: its room, or its own stem for shared files."""
    rooms = rooms_of_project()
    stem = fname[:-2]
    if stem.endswith('_core'):
        stem = stem[:-5]
    if stem in rooms:
        return stem
    head = stem.split('_')[0]
    return head if head in rooms else stem


def suite_rooms(fname):
    """Rooms whose suites cover a source file: its own room, and every room one of
    whose sources includes the file's header (directly or through another header)."""
    rooms = rooms_of_project()
    stem = fname[:-2]
    headers = {stem + '.h'}
    if stem.endswith('_core'):
        headers.add(stem[:-5] + '.h')
    own = label_of(fname)
    covered = {own} if own in rooms else set()
    for other in os.listdir(SRC):
        if other.endswith('.c') and other != fname and includes_of(os.path.join(SRC, other)) & headers:
            r = label_of(other)
            if r in rooms:
                covered.add(r)
    return sorted(covered)


def unit_tests_for(fname):
    """Unit tests that exercise a core file: those including its header."""
    if not fname.endswith('_core.c'):
        return []
    header = fname[:-2] + '.h'
    tests = []
    for t in sorted(os.listdir(os.path.join(ROOT, 'test', 'unit'))):
        if t.endswith('_test.c') and header in includes_of(os.path.join(ROOT, 'test', 'unit', t)):
            tests.append(t)
    return tests


# Sources of no room whose code only other suites reach: retired.c's symbols
# are named only by older releases' scripts, which upgrade.sql installs (it
# calls one at 0.2.0 with the current library).
EXTRA_SUITES = {'retired.c': [('pgtap', 'test/pgtap/upgrade.sql')]}


def suites_for(fname):
    """(kind, relative path) in the order they run: cheapest first."""
    rooms = suite_rooms(fname)
    suites = [('unit', 'test/unit/' + t) for t in unit_tests_for(fname)]
    suites.extend(EXTRA_SUITES.get(fname, []))
    for r in rooms:
        for f in sorted(os.listdir(os.path.join(ROOT, 'sql'))):
            if f == r + '.sql' or (f.startswith(r + '_') and f.endswith('.sql')):
                suites.append(('regress', 'sql/' + f))
    for r in rooms:
        if os.path.exists(os.path.join(ROOT, 'test', 'pgtap', r + '.sql')):
            suites.append(('pgtap', 'test/pgtap/%s.sql' % r))
    for kind in ('differential', 'limits'):
        names = []
        for r in rooms:
            for n in (r, FAMILIES.get(r)):
                if n and n not in names and os.path.exists(os.path.join(ROOT, 'test', kind, n + '.sql')):
                    names.append(n)
        suites.extend((kind, 'test/%s/%s.sql' % (kind, n)) for n in names)
    kinds = os.environ.get('MUTATE_SUITES', '').strip()
    if kinds:
        suites = [s for s in suites if s[0] in kinds.split(',')]
    return suites


# ---------------------------------------------------------------- the set to run

def all_mutants():
    texts = {}
    mutants = []
    for fname in sorted(os.listdir(SRC)):
        if not fname.endswith('.c'):
            continue
        rel = 'src/' + fname
        texts[rel] = open(os.path.join(ROOT, rel)).read()
        ms = generate_file(rel, texts[rel])
        assign_ids(ms)
        for m in ms:
            m.room = label_of(fname)
        mutants.extend(ms)
    return texts, mutants


def select(texts, mutants, log=print):
    hand = parse_hand(os.path.join(ROOT, 'test', 'mutants', 'hand.txt'), texts)
    for m in hand:
        m.room = label_of(os.path.basename(m.path))
    ids = os.environ.get('MUTATE_IDS', '').strip()
    if ids:
        by_id = {m.id: m for m in mutants + hand}
        if ids.startswith('@'):
            # any file listing ids one a line, survivors.txt included: other lines are ignored
            wanted = [l.strip() for l in open(ids[1:]) if l.strip() in by_id]
            if not wanted:
                raise SystemExit('%s lists no known mutant id' % ids[1:])
        else:
            wanted = [x.strip() for x in ids.split('\n') if x.strip()]
        wanted = list(collections.OrderedDict.fromkeys(wanted))     # each mutant once
        missing = [w for w in wanted if w not in by_id]
        if missing:
            raise SystemExit('unknown mutant ids:\n  ' + '\n  '.join(missing))
        return [by_id[w] for w in wanted]
    rooms = [r.strip() for r in os.environ.get('MUTATE_ROOMS', '').split(',') if r.strip()]
    if rooms:
        known = {m.room for m in mutants}
        bad = [r for r in rooms if r not in known]
        if bad:
            raise SystemExit('unknown rooms %s (known: %s)' % (', '.join(bad), ', '.join(sorted(known))))
        mutants = [m for m in mutants if m.room in rooms]
        hand = [m for m in hand if m.room in rooms]
    n = int(os.environ.get('MUTATE_SAMPLE', '300'))
    seed = int(os.environ.get('MUTATE_SEED', '9'))
    chosen = mutants if n <= 0 or n >= len(mutants) else sample(mutants, n, seed)
    if os.environ.get('MUTATE_HAND', '1') != '0':
        chosen = chosen + hand
    return chosen


def sample(mutants, n, seed):
    """Every interrupt mutant, then the rest of n spread over the rooms in proportion
    to their mutants, at least MIN_PER_ROOM (or all) per room; fixed seed."""
    MIN_PER_ROOM = 12
    rnd = random.Random(seed)
    forced = [m for m in mutants if m.op == 'interrupt']
    rest = [m for m in mutants if m.op != 'interrupt']
    by_room = collections.OrderedDict()
    for m in sorted(rest, key=lambda m: m.id):
        by_room.setdefault(m.room, []).append(m)
    budget = max(0, n - len(forced))
    total = sum(len(v) for v in by_room.values())
    quota = {r: min(len(v), max(MIN_PER_ROOM, round(budget * len(v) / total))) for r, v in by_room.items()}
    # trim or top up the largest rooms until the quotas add up to the budget
    while sum(quota.values()) > budget:
        r = max(quota, key=lambda r: (quota[r] - MIN_PER_ROOM, r))
        if quota[r] <= MIN_PER_ROOM:
            break
        quota[r] -= 1
    while sum(quota.values()) < budget:
        open_rooms = [r for r in quota if quota[r] < len(by_room[r])]
        if not open_rooms:
            break
        r = max(open_rooms, key=lambda r: (len(by_room[r]) - quota[r], r))
        quota[r] += 1
    chosen = list(forced)
    for r, v in by_room.items():
        chosen.extend(rnd.sample(v, quota[r]))
    order = {m.id: k for k, m in enumerate(mutants)}
    return sorted(chosen, key=lambda m: order[m.id])


def coverage_map(log):
    """{(path, line): count} from make coverage's coverage/lcov.info, if it is
    newer than every source file (older counts would name the wrong lines).
    The counts are the server's (the SQL suites of make test)."""
    path = os.environ.get('MUTATE_COVERAGE', os.path.join(ROOT, 'coverage', 'lcov.info'))
    if path in ('', '0') or not os.path.exists(path):
        return {}
    newest = max(os.path.getmtime(os.path.join(SRC, f)) for f in os.listdir(SRC))
    if os.path.getmtime(path) < newest:
        log('== %s is older than src/: not used (run make coverage again)' % path)
        return {}
    counts = {}
    cur = None
    for line in open(path):
        if line.startswith('SF:'):
            f = line[3:].strip()
            cur = os.path.relpath(f, ROOT) if f.startswith(ROOT + '/') else None
        elif line.startswith('DA:') and cur:
            n, c = line[3:].split(',')[:2]
            counts[(cur, int(n))] = counts.get((cur, int(n)), 0) + int(c)
    log('== line counts of %s: a mutant on a line the SQL suites never execute runs the unit tests only' % path)
    return counts


# ---------------------------------------------------------------- running

def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def pg_config(flag):
    return subprocess.check_output([PG_CONFIG, '--' + flag], text=True).strip()


def free_port():
    for _ in range(200):
        port = random.randint(20000, 49999)
        with socket.socket() as s:
            try:
                s.bind(('127.0.0.1', port))
            except OSError:
                continue
        return port
    raise SystemExit('no free port')


def cluster_user():
    if os.geteuid() != 0:
        return pwd.getpwuid(os.getuid()).pw_name
    for name in ('postgres', 'cxmtest'):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            pass
    subprocess.check_call(['useradd', '--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'cxmtest'])
    return 'cxmtest'


def as_user(user, cmd):
    return (['runuser', '-u', user, '--'] + cmd) if os.geteuid() == 0 else cmd


class Failure(Exception):
    pass


class Worker:
    """A scratch tree, a private copy of the server with the tree's build
    installed, and a throwaway cluster that runs across mutants."""

    def __init__(self, n, scratch, log):
        self.n = n
        self.log = log
        self.base = os.path.join(scratch, 'w%d' % n)
        self.tree = os.path.join(self.base, 'tree')
        self.stage = os.path.join(self.base, 'stage')
        self.unit = os.path.join(self.base, 'unit')
        self.cluster = None
        self.user = cluster_user()
        self.env = dict(os.environ)
        self.baseline = {}
        self.flaky = set()

    # -- setup
    def setup(self):
        os.makedirs(self.base)
        files = subprocess.check_output(['git', '-C', ROOT, 'ls-files', '-co', '--exclude-standard', '-z'],
                                        text=True).split('\0')
        for f in files:
            if not f or f.startswith('mutate-results/') or f.startswith('coverage/'):
                continue
            src = os.path.join(ROOT, f)
            if not os.path.isfile(src):
                continue
            dst = os.path.join(self.tree, f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)
        self.make([], 'build')
        os.makedirs(os.path.join(self.tree, 'orig_o'))
        for o in os.listdir(os.path.join(self.tree, 'src')):
            if o.endswith('.o'):
                shutil.copy2(os.path.join(self.tree, 'src', o), os.path.join(self.tree, 'orig_o', o))
        for d in ('bindir', 'pkglibdir', 'sharedir'):
            d = pg_config(d)
            os.makedirs(self.stage + os.path.dirname(d), exist_ok=True)
            subprocess.check_call(['cp', '-a', d, self.stage + d])
        self.make(['DESTDIR=' + self.stage, 'install'], 'install')
        # stale JIT bitcode of an installed cxm would hide a mutant: JIT is off
        shutil.rmtree(self.stage + pg_config('pkglibdir') + '/bitcode/cxm', ignore_errors=True)
        if os.path.exists(self.stage + pg_config('pkglibdir') + '/bitcode/cxm.index.bc'):
            os.remove(self.stage + pg_config('pkglibdir') + '/bitcode/cxm.index.bc')
        subprocess.check_call(['chmod', '-R', 'a+rX', self.base])
        self.pgbin = self.stage + pg_config('bindir')
        self.so = self.stage + pg_config('pkglibdir') + '/cxm.so'
        self.so_orig = os.path.join(self.base, 'cxm.so.unmutated')
        shutil.copy2(self.so, self.so_orig)
        self.build_unit_objects()
        self.start_cluster()

    def make(self, args, what, werror=True):
        cmd = ['make', '-s', '-C', self.tree, 'PG_CONFIG=' + PG_CONFIG, 'with_llvm=no']
        if not werror:
            cmd.append('WERROR=')
        r = run(cmd + args)
        if r.returncode != 0:
            raise Failure('%s failed:\n%s' % (what, r.stdout[-3000:]))
        return r

    def cc(self, args):
        return run(['gcc', '-O1', '-g', '-std=gnu99', '-w', '-I', os.path.join(self.tree, 'src')] + args)

    def build_unit_objects(self):
        os.makedirs(os.path.join(self.unit, 'core'))
        os.makedirs(os.path.join(self.unit, 'test'))
        for f in os.listdir(os.path.join(self.tree, 'src')):
            if f.endswith('_core.c'):
                r = self.cc(['-c', '-o', os.path.join(self.unit, 'core', f[:-2] + '.o'),
                             os.path.join(self.tree, 'src', f)])
                if r.returncode:
                    raise Failure('unit build of %s failed:\n%s' % (f, r.stdout))
        for f in os.listdir(os.path.join(self.tree, 'test', 'unit')):
            if f.endswith('_test.c'):
                r = self.cc(['-c', '-o', os.path.join(self.unit, 'test', f[:-2] + '.o'),
                             os.path.join(self.tree, 'test', 'unit', f)])
                if r.returncode:
                    raise Failure('unit build of %s failed:\n%s' % (f, r.stdout))

    def start_cluster(self):
        self.cluster = tempfile.mkdtemp(prefix='cxm-mutate-cluster.', dir='/tmp')
        os.chmod(self.cluster, 0o755)
        sock = os.path.join(self.cluster, 'sock')
        os.mkdir(sock, 0o700)
        if os.geteuid() == 0:
            subprocess.check_call(['chown', '-R', self.user, self.cluster])
        data = os.path.join(self.cluster, 'data')
        r = run(as_user(self.user, [self.pgbin + '/initdb', '-D', data, '-U', 'postgres', '--auth=trust',
                                    '--encoding=UTF8', '--locale=C']))
        if r.returncode:
            raise Failure('initdb failed:\n' + r.stdout)
        port = free_port()
        with open(os.path.join(data, 'postgresql.conf'), 'a') as fh:
            fh.write("listen_addresses = ''\nport = %d\nunix_socket_directories = '%s'\n"
                     "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                     "max_worker_processes = 16\nmax_parallel_workers = 8\njit = off\n" % (port, sock))
        self.env.update(PGHOST=sock, PGPORT=str(port), PGUSER='postgres', PGDATABASE='postgres')
        self.env.pop('PGPASSWORD', None)
        self.env.pop('PGSERVICE', None)
        self.pg_ctl('start')
        self.psql('postgres', 'CREATE DATABASE cxm_mut_tpl')
        self.psql('cxm_mut_tpl', 'CREATE EXTENSION pgtap', 'CREATE EXTENSION cxm')

    def pg_ctl(self, action):
        data = os.path.join(self.cluster, 'data')
        cmd = [self.pgbin + '/pg_ctl', '-D', data, '-w']
        if action == 'start':
            cmd += ['-l', os.path.join(self.cluster, 'server.log'), 'start']
        else:
            cmd += ['-m', 'immediate', 'stop']
        r = run(as_user(self.user, cmd))
        if r.returncode and action == 'start':
            raise Failure('the cluster did not start:\n' + r.stdout +
                          open(os.path.join(self.cluster, 'server.log')).read()[-2000:])

    def restart(self):
        self.log('worker %d: restarting its cluster' % self.n)
        self.pg_ctl('stop')
        self.pg_ctl('start')

    def stop(self):
        if self.cluster and os.path.exists(os.path.join(self.cluster, 'data', 'postmaster.pid')):
            self.pg_ctl('stop')
        if self.cluster:
            shutil.rmtree(self.cluster, ignore_errors=True)
            self.cluster = None

    def psql(self, db, *commands, check=True, app='cxm_mutate_admin'):
        cmd = [self.pgbin + '/psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', db]
        for c in commands:
            cmd += ['-c', c]
        env = dict(self.env, PGAPPNAME=app, PGCONNECT_TIMEOUT='10')
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                           timeout=120)
        if check and r.returncode:
            raise Failure('psql %s failed: %s' % (commands, r.stdout))
        return r

    def healthy(self, wait=30):
        """The cluster accepts connections (after a crash it recovers by itself)."""
        deadline = time.time() + wait
        while time.time() < deadline:
            try:
                if self.psql('postgres', 'SELECT 1', check=False).returncode == 0:
                    return True
            except subprocess.TimeoutExpired:
                pass
            time.sleep(0.5)
        return False

    def settle(self):
        """No backend of a test left running; a cluster that accepts connections."""
        if not self.healthy():
            self.restart()
            return
        q = ("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
             "WHERE pid <> pg_backend_pid() AND (application_name = 'cxm_mutate' "
             "OR application_name LIKE 'pg_regress%' OR leader_pid IS NOT NULL)")
        deadline = time.time() + 10
        while time.time() < deadline:
            r = self.psql('postgres', q, check=False)
            if r.returncode == 0 and r.stdout.strip() == '0':
                return
            time.sleep(0.3)
        self.restart()      # a backend that cannot be stopped (an interrupt check was dropped)

    # -- one suite
    def run_suite(self, kind, rel, timeout):
        """None when every check passed, else the first failure."""
        if kind == 'unit':
            return self.run_unit(rel, timeout)
        if kind == 'regress':
            name = os.path.basename(rel)[:-4]
            diffs = os.path.join(self.tree, 'regression.diffs')
            if os.path.exists(diffs):
                os.remove(diffs)
            cmd = ['make', '-s', '-C', self.tree, 'PG_CONFIG=' + PG_CONFIG, 'installcheck', 'REGRESS=' + name]
            out, rc, timed_out = self.stream(cmd, timeout, None)
            if timed_out:
                return 'timeout after %ds' % timeout
            if rc:
                first = ''
                if os.path.exists(diffs):
                    lines = [l for l in open(diffs, errors='replace').read().splitlines()
                             if l.startswith(('+', '-')) and not l.startswith(('+++', '---'))]
                    first = lines[0] if lines else ''
                return 'failed: ' + (first or out.strip().splitlines()[-1] if out.strip() else 'exit %d' % rc)
            return None
        # pgTAP through psql, as pg_prove runs it, stopping at the first "not ok"
        cmd = [self.pgbin + '/psql', '-X', '--no-align', '--quiet', '--pset', 'pager=off', '--pset',
               'tuples_only=true', '--set', 'ON_ERROR_STOP=1', '-d', 'cxm_mut', '-f', rel]
        out, rc, timed_out = self.stream(cmd, timeout, re.compile(r'^\s*not ok\b'))
        if timed_out:
            return 'timeout after %ds' % timeout
        bad = [l for l in out.splitlines() if re.match(r'^\s*not ok\b', l)]
        if bad:
            return bad[0].strip()
        if rc:
            err = [l for l in out.splitlines() if 'ERROR' in l or 'FATAL' in l or 'terminated' in l]
            return 'psql exit %d: %s' % (rc, (err[0] if err else out.strip()[-200:]).strip())
        plan = re.search(r'^\s*1\.\.(\d+)', out, re.M)
        oks = len(re.findall(r'^\s*ok \d+', out, re.M))
        if not plan or int(plan.group(1)) != oks:
            return 'plan %s, %d ok' % (plan.group(1) if plan else 'missing', oks)
        return None

    def stream(self, cmd, timeout, stop_re):
        """Runs cmd in its own process group; stops it at the first line matching stop_re."""
        env = dict(self.env, PGAPPNAME='cxm_mutate', PGDATABASE='cxm_mut')
        p = subprocess.Popen(cmd, cwd=self.tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, errors='replace', start_new_session=True)
        out = []
        timed_out = [False]

        def on_timeout():
            timed_out[0] = True
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        timer = threading.Timer(timeout, on_timeout)
        timer.start()
        try:
            for line in p.stdout:
                out.append(line)
                if stop_re is not None and stop_re.match(line):
                    os.killpg(p.pid, signal.SIGKILL)
                    break
            p.wait()
        finally:
            timer.cancel()
        return ''.join(out), p.returncode, timed_out[0]

    def run_unit(self, rel, timeout):
        name = os.path.basename(rel)[:-2]
        objs = []
        for o in sorted(os.listdir(os.path.join(self.unit, 'core'))):
            mutated = os.path.join(self.unit, 'mutated', o)
            objs.append(mutated if os.path.exists(mutated) else os.path.join(self.unit, 'core', o))
        binary = os.path.join(self.unit, name + '.bin')
        r = run(['gcc', '-o', binary, os.path.join(self.unit, 'test', name + '.o')] + objs + ['-lm'])
        if r.returncode:
            return 'unit test did not link: ' + r.stdout[-300:]
        try:
            r = subprocess.run([binary], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               errors='replace', timeout=timeout, cwd=self.tree)
        except subprocess.TimeoutExpired:
            return 'timeout after %ds' % timeout
        bad = [l for l in r.stdout.splitlines() if re.match(r'^\s*not ok\b', l)]
        if bad:
            return bad[0].strip()
        if r.returncode:
            return 'exit status %d' % r.returncode
        return None

    # -- baseline and mutants
    def measure_baseline(self, suites):
        """Every suite passes on the unmutated build; its time sets the timeout.
        A suite that fails and then passes on the same build is flaky: a mutant
        counts as killed by it only when it fails twice in a row."""
        self.flaky = set()
        self.recreate_db()
        for kind, rel in suites:
            if (kind, rel) in self.baseline:
                continue
            failures = []
            for attempt in range(3):
                t0 = time.time()
                failure = self.run_suite(kind, rel, 1800)
                self.baseline[(kind, rel)] = max(self.baseline.get((kind, rel), 0), time.time() - t0)
                if not failure:
                    break
                failures.append(failure)
                self.settle()
                self.recreate_db()
            if len(failures) == 3:
                raise Failure('%s fails without any mutant (%s): fix it before mutation testing' %
                              (rel, failures[0]))
            if failures:
                self.flaky.add((kind, rel))
                self.log('warning: %s is flaky: it failed without any mutant (%s), then passed' %
                         (rel, failures[0]))

    def install_library(self, path):
        """New backends load the new library; the running cluster stays up."""
        tmp = self.so + '.new'
        shutil.copy2(path, tmp)
        os.chmod(tmp, 0o755)
        os.replace(tmp, self.so)

    def confirm(self, kind, rel, timeout, failure, mutant_so):
        """A kill counts only if the unmutated library passes the same suite;
        if it fails too, the suite is flaky and the mutant must fail it twice."""
        if MUTATE_CONFIRM:
            self.install_library(self.so_orig)
            self.recreate_db()
            unmutated = self.run_suite(kind, rel, timeout)
            self.install_library(mutant_so)
            if unmutated:
                self.settle()
                if (kind, rel) not in self.flaky:
                    self.flaky.add((kind, rel))
                    self.log('warning: %s is flaky: it failed on the unmutated library too (%s)' %
                             (rel, unmutated))
        if (kind, rel) in self.flaky:
            self.recreate_db()
            again = self.run_suite(kind, rel, timeout)
            if not again:
                return None
            self.settle()
        return failure

    def recreate_db(self):
        self.psql('postgres', 'DROP DATABASE IF EXISTS cxm_mut WITH (FORCE)',
                  'CREATE DATABASE cxm_mut TEMPLATE cxm_mut_tpl')

    def run_mutant(self, m, texts):
        """(status, where, detail)."""
        src = os.path.join(self.tree, m.path)
        fname = os.path.basename(m.path)
        obj = os.path.join(self.tree, 'src', fname[:-2] + '.o')
        orig_text = texts[m.path]
        mutated_dir = os.path.join(self.unit, 'mutated')
        shutil.rmtree(mutated_dir, ignore_errors=True)
        try:
            with open(src, 'w') as fh:
                fh.write(m.apply(orig_text))
            suites = suites_for(fname)
            units = [x for x in suites if x[0] == 'unit']
            if units:
                # the unit tests first: they need no server build and kill most core mutants
                os.makedirs(mutated_dir)
                r = self.cc(['-c', '-o', os.path.join(mutated_dir, fname[:-2] + '.o'), src])
                if r.returncode:
                    return 'stillborn', 'unit build', r.stdout.strip().splitlines()[0]
                for kind, rel in units:
                    failure = self.run_unit(rel, int(max(30, 3 * self.baseline.get((kind, rel), 30) + 15)))
                    if failure:
                        return 'killed', rel, failure
            if m.unit_only:
                return 'survived', '', ('never executed by the SQL suites of make test (coverage/lcov.info); '
                                        'the unit tests pass' if units else
                                        'never executed by the SQL suites of make test (coverage/lcov.info)')
            if os.path.exists(obj):
                os.remove(obj)
            try:
                self.make([], 'build', werror=False)
            except Failure as e:
                return 'stillborn', 'build', str(e).splitlines()[1] if '\n' in str(e) else str(e)
            mutant_so = os.path.join(self.tree, 'cxm.so')
            self.install_library(mutant_so)
            self.recreate_db()
            for kind, rel in suites:
                if kind == 'unit':
                    continue
                timeout = int(max(30, 3 * self.baseline.get((kind, rel), 30) + 15))
                failure = self.run_suite(kind, rel, timeout)
                if failure:
                    self.settle()
                    failure = self.confirm(kind, rel, timeout, failure, mutant_so)
                if failure:
                    return 'killed', rel, failure
            return 'survived', '', ''
        finally:
            with open(src, 'w') as fh:
                fh.write(orig_text)
            # the unmutated object back, newer than its source: the next
            # mutant of another file relinks it without recompiling
            orig_obj = os.path.join(self.tree, 'orig_o', fname[:-2] + '.o')
            if os.path.exists(orig_obj):
                shutil.copy2(orig_obj, obj)
                now = time.time() + 2
                os.utime(obj, (now, now))
            shutil.rmtree(mutated_dir, ignore_errors=True)


# ---------------------------------------------------------------- report

def table(results, equivalents_used):
    rows = collections.OrderedDict()
    for m, status, _, _, _ in results:
        r = rows.setdefault(m.room, collections.Counter())
        r[status] += 1
    lines = ['%-12s %8s %7s %9s %11s %10s %7s' % ('room', 'mutants', 'killed', 'survived', 'equivalent',
                                                  'stillborn', 'score')]
    total = collections.Counter()

    def row(name, c):
        valid = c['killed'] + c['survived']
        score = '%6.1f%%' % (100.0 * c['killed'] / valid) if valid else '     -'
        return '%-12s %8d %7d %9d %11d %10d %7s' % (name, valid + c['equivalent'], c['killed'], c['survived'],
                                                    c['equivalent'], c['stillborn'], score)
    for name in sorted(rows):
        lines.append(row(name, rows[name]))
        total.update(rows[name])
    lines.append(row('overall', total))
    lines.append('score = killed / (killed + survived); equivalent mutants are listed in '
                 'test/mutants/equivalent.txt, stillborn ones do not compile and are not counted')
    return '\n'.join(lines)


def main():
    texts, mutants = all_mutants()
    if '--show' in sys.argv:
        want = sys.argv[sys.argv.index('--show') + 1]
        hand = parse_hand(os.path.join(ROOT, 'test', 'mutants', 'hand.txt'), texts)
        for m in mutants + hand:
            if m.id == want:
                print(m.id)
                print(m.diff(texts[m.path]))
                return 0
        print('no mutant %s' % want, file=sys.stderr)
        return 1
    chosen = select(texts, mutants)
    equivalents = parse_equivalent(os.path.join(ROOT, 'test', 'mutants', 'equivalent.txt'))
    known = {m.id for m in mutants} | {m.id for m in parse_hand(os.path.join(ROOT, 'test', 'mutants', 'hand.txt'), texts)}
    stale = [e for e in equivalents if e not in known]
    if '--list' in sys.argv:
        counts = collections.OrderedDict()
        for m in mutants:
            counts.setdefault(m.room, collections.Counter())[m.op] += 1
        ops = ['relop', 'negate', 'logic', 'arith', 'bitop', 'bound', 'interrupt', 'guard', 'return']
        print('generated mutants per room and operator:')
        print('%-12s' % 'room' + ''.join('%10s' % o for o in ops) + '%8s' % 'all')
        for r in sorted(counts):
            print('%-12s' % r + ''.join('%10d' % counts[r][o] for o in ops) + '%8d' % sum(counts[r].values()))
        print('%-12s' % 'all' + ''.join('%10d' % sum(c[o] for c in counts.values()) for o in ops) +
              '%8d' % len(mutants))
        covered = coverage_map(lambda msg: print(msg))
        print('\nselected (%d):' % len(chosen))
        for m in chosen:
            note = '  (equivalent)' if m.id in equivalents else (
                '  (never executed by the SQL suites)' if covered.get((m.path, m.line)) == 0 else '')
            print('%s%s  [%s %s:%d]' % (m.id, note, m.room, m.path, m.line))
        for e in stale:
            print('warning: equivalent.txt lists %s, which no longer exists' % e)
        return 0

    out_dir = os.path.abspath(os.environ.get('MUTATE_OUT', os.path.join(ROOT, 'mutate-results')))
    os.makedirs(out_dir, exist_ok=True)
    jobs = max(1, int(os.environ.get('MUTATE_JOBS', '2')))
    lock = threading.Lock()

    def log(msg):
        with lock:
            print(msg, flush=True)

    for e in stale:
        log('warning: test/mutants/equivalent.txt lists %s, which no longer exists' % e)
    results = [(m, 'equivalent', '', equivalents[m.id], 0.0) for m in chosen if m.id in equivalents]
    covered = coverage_map(log)
    # The counts are the server's: no SQL suite can kill a mutant on a line it
    # never executes.  A glue mutant there survives without a run; a core
    # mutant there runs the unit tests only.
    unreached = [m for m in chosen if m.id not in equivalents and covered.get((m.path, m.line)) == 0]
    for m in unreached:
        m.unit_only = True
    results += [(m, 'survived', '', 'never executed by make test (coverage/lcov.info)', 0.0)
                for m in unreached if not m.path.endswith('_core.c')]
    to_run = [m for m in chosen if m.id not in equivalents and (m not in unreached or m.path.endswith('_core.c'))]
    log('== %d mutants (%d listed as equivalent, %d on lines the SQL suites never execute), %d worker(s); '
        'results in %s' % (len(chosen), sum(1 for m in chosen if m.id in equivalents),
                           len(unreached), jobs, out_dir))
    started = time.time()
    scratch = tempfile.mkdtemp(prefix='cxm-mutate.', dir='/tmp')
    os.chmod(scratch, 0o755)
    workers = []

    def on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    tsv = open(os.path.join(out_dir, 'mutants.tsv'), 'w')
    tsv.write('id\troom\tfile\tline\toperator\tstatus\tkilled_by\tdetail\tseconds\n')
    for m, status, where, detail, secs in results:
        if status == 'survived':
            log('[-] SURVIVED  %-11s %s:%d %s (%s)' % (m.room, m.path, m.line, m.op, detail))
        tsv.write('\t'.join([m.id, m.room, m.path, str(m.line), m.op, status, where, detail, '0']) + '\n')
    try:
        log('== preparing %d scratch tree(s), server copies and clusters' % jobs)
        workers.extend(Worker(n + 1, scratch, log) for n in range(jobs))
        setup_errors = []

        def setup(w):
            try:
                w.setup()
            except Exception as e:
                setup_errors.append(e)
        threads = [threading.Thread(target=setup, args=(w,), daemon=True) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if setup_errors:
            raise setup_errors[0]
        needed = []
        for m in to_run:
            for s in suites_for(os.path.basename(m.path)):
                if s not in needed:
                    needed.append(s)
        log('== baseline: %d suite files on the unmutated build' % len(needed))
        workers[0].measure_baseline(needed)
        for w in workers[1:]:
            w.baseline = workers[0].baseline
            w.flaky = workers[0].flaky
        for (kind, rel), secs in workers[0].baseline.items():
            log('   %-40s %6.1fs' % (rel, secs))
        queue = collections.deque(to_run)
        done = [0]
        errors = []

        def work(w):
            while True:
                with lock:
                    if not queue or errors:
                        return
                    m = queue.popleft()
                t0 = time.time()
                try:
                    status, where, detail = w.run_mutant(m, texts)
                except Exception as e:      # the harness failed, not the mutant
                    errors.append('%s: %s' % (m.id, e))
                    return
                secs = time.time() - t0
                with lock:
                    done[0] += 1
                    results.append((m, status, where, detail, secs))
                    tsv.write('\t'.join([m.id, m.room, m.path, str(m.line), m.op, status, where,
                                         detail.replace('\t', ' ').replace('\n', ' '), '%.1f' % secs]) + '\n')
                    tsv.flush()
                    print('[%d/%d] %-9s %-11s %s:%d %s %s%s (%.0fs)' % (
                        done[0], len(to_run), status.upper(), m.room, m.path, m.line, m.op,
                        ("'%s'->'%s'" % (m.orig, m.repl)) if not m.hand else m.id,
                        (' by %s: %s' % (where, detail[:120])) if status == 'killed' else
                        (' (%s)' % detail[:120] if status == 'stillborn' else ''), secs), flush=True)

        threads = [threading.Thread(target=work, args=(w,), daemon=True) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            log('error: the harness failed, results are incomplete:\n  ' + '\n  '.join(errors))
    finally:
        for w in workers:
            try:
                w.stop()
            except Exception as e:
                print('warning: could not stop worker %d cluster: %s' % (w.n, e))
        shutil.rmtree(scratch, ignore_errors=True)
        tsv.close()
    elapsed = time.time() - started
    survivors = [(m, d) for m, s, _, d, _ in results if s == 'survived']
    with open(os.path.join(out_dir, 'survivors.txt'), 'w') as fh:
        fh.write('# %d surviving mutants: kill each with a test, or list it in test/mutants/equivalent.txt\n'
                 '# as "<id> :: <why no result can change>"\n\n' % len(survivors))
        for m, d in sorted(survivors, key=lambda x: x[0].id):
            fh.write('%s\n' % m.id)
            if m.why:
                fh.write('# %s\n' % m.why)
            if d:
                fh.write('# %s\n' % d)
            fh.write(m.diff(texts[m.path]) + '\n')
    summary = table(results, equivalents)
    flaky = sorted(rel for w in workers[:1] for _, rel in w.flaky)
    if flaky:
        summary += ('\nflaky without any mutant (a kill by them needed two failures in a row): %s'
                    % ', '.join(flaky))
    summary += '\n%d mutants run in %.0f s (%.1f min) with %d worker(s)' % (len(to_run), elapsed, elapsed / 60, jobs)
    with open(os.path.join(out_dir, 'summary.txt'), 'w') as fh:
        fh.write(summary + '\n')
    print()
    print(summary)
    print('survivors and their diffs: %s' % os.path.join(out_dir, 'survivors.txt'))
    return 1 if errors else 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except Failure as e:
        print('error: %s' % e, file=sys.stderr)
        sys.exit(2)
