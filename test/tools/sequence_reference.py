#!/usr/bin/env python3
"""Independent reference values for sequence_match and sequence_count.

Not run by `make test`: it is how test/fixtures/sequence_cases.csv, which
test/differential/sequence.sql compares cxm with, was written.  It shares no
code with cxm: it replays the search ClickHouse's sequenceMatch and
sequenceCount perform (src/AggregateFunctions/AggregateFunctionSequenceMatch.h,
read for its behaviour, written again here in Python), step by step, quirks
included, on small random event streams:

- the pattern gets an implicit leading ".*";
- sequence_match of a pattern without a time condition is the automaton
  run (one set of live pattern positions per event); with one, it is the
  backtracking search below;
- sequence_count repeats the backtracking search, each search starting
  where the previous one stopped, and counts the successes;
- a pattern naming a condition no event meets gives false / 0 at once.

The backtracking search keeps a stack of choice points.  ".*" first tries to
match nothing and leaves a choice point to swallow one more event; a time
condition (?t<=N) or (?t<N) that holds moves on but leaves a choice point to
try it again on the next event, with the same base; (?t>=N), (?t>N) and
(?t==N) that do not hold move to the next event, and only backtrack at the
end of the events.  A failed event condition resumes the latest choice point
whose next event exists.  When the events run out (or no choice point is
left) the pattern still matches if every remaining element can match
nothing: ".*", (?t<=N), (?t<N) and (?t>=0).  Times are compared with the
event matched before (the base), in seconds.

ClickHouse sorts events by timestamp only and leaves ties in no defined
order; cxm (README, Rules) orders rows of one timestamp by the lowest
condition they meet, then by their set of conditions, and so does this
script.  ClickHouse also runs a pre-check ("could the fixed parts match in
order") which, as written in that source, captures its bounds by value and
so always passes; it is left out.

Usage: python3 test/tools/sequence_reference.py > test/fixtures/sequence_cases.csv
"""
import random
import re
import sys

PATTERNS = [
    "(?1)(?2)", "(?1).*(?2)", "(?1).(?2)", "(?1)(?1)(?1)", "(?1).*(?2).*(?3)",
    "(?1)(?t<=5)(?2)", "(?1)(?t<5)(?2)", "(?1)(?t>=5)(?2)", "(?1)(?t>5)(?2)", "(?1)(?t==3)(?2)",
    "(?1).*(?t<=4)(?2)", ".*(?1)(?t>=2).*(?3)", "(?1)(?2)(?t<3)(?3)", "(?1).(?t>2)(?3)", "(?2)(?t==0)(?2)",
    "(?1)(?t<=2)", "(?1)(?t>=0)", "(?1)(?t>1)", "(?1).*", ".(?1)", "(?3)(?t<10).*(?1)(?t>=1)(?2)",
    "(?1)(?t<=10)(?1)(?t<=10)(?1)", "(?1).(?t<=3)(?1)", ".*(?2)(?t>=3)", "", ".*", ".",
]
CASES_PER_PATTERN = 60


def parse(pattern):
    """[(kind, value)]: E (condition index from 0), ANY, STAR, LE, LT, GE, GT, EQ (seconds)."""
    actions = [("STAR", 0)]
    pos = 0
    while pos < len(pattern):
        m = re.match(r"\(\?t(<=|<|>=|>|==)(\d+)\)", pattern[pos:])
        if m:
            actions.append(({"<=": "LE", "<": "LT", ">=": "GE", ">": "GT", "==": "EQ"}[m.group(1)], int(m.group(2))))
            pos += m.end()
            continue
        m = re.match(r"\(\?(\d+)\)", pattern[pos:])
        if m:
            actions.append(("E", int(m.group(1)) - 1))
            pos += m.end()
        elif pattern.startswith(".*", pos):
            actions.append(("STAR", 0))
            pos += 2
        elif pattern.startswith(".", pos):
            actions.append(("ANY", 0))
            pos += 1
        else:
            raise ValueError(pattern)
    return actions


def time_holds(kind, t, base_t, n):
    return {"LE": t <= base_t + n, "LT": t < base_t + n, "GE": t >= base_t + n,
            "GT": t > base_t + n, "EQ": t == base_t + n}[kind]


def backtracking_search(actions, events, start):
    """One search from events[start]: (matched, where the next search starts)."""
    n, m = len(events), len(actions)
    a, e, base = 0, start, start
    choices = []

    def resume():
        nonlocal a, e, base
        while choices:
            a, last, base = choices.pop()
            e = last + 1
            if e != n:
                return True
        return False

    while a < m and e < n:
        kind, value = actions[a]
        if kind == "E":
            if events[e][1] >> value & 1:
                base, a, e = e, a + 1, e + 1
            elif not resume():
                break
        elif kind == "ANY":
            base, a, e = e, a + 1, e + 1
        elif kind == "STAR":
            choices.append((a, e, base))
            base, a = e, a + 1
        elif kind in ("LE", "LT"):
            if time_holds(kind, events[e][0], events[base][0], value):
                choices.append((a, e, base))
                base, a = e, a + 1
            elif not resume():
                break
        else:   # GE, GT, EQ: look further on
            if time_holds(kind, events[e][0], events[base][0], value):
                choices.append((a, e, base))
                base, a = e, a + 1
            else:
                e += 1
                if e == n and not resume():
                    break
    while a < m and (actions[a][0] in ("STAR", "LE", "LT") or (actions[a][0] == "GE" and actions[a][1] == 0)):
        a += 1
    if e == start:
        e += 1
    return a == m, e


def automaton_match(actions, events):
    """The pattern as states: each event condition or "." moves to the next state, ".*" loops."""
    states = [{"loop": True, "step": None}]
    for kind, value in actions[1:]:
        if kind == "STAR":
            states[-1]["loop"] = True
        else:
            states[-1]["step"] = ("ANY", 0) if kind == "ANY" else ("E", value)
            states.append({"loop": False, "step": None})
    live = [True] + [False] * (len(states) - 1)
    for _, mask in events:
        if live[-1] or not any(live):
            break
        following = [False] * len(states)
        for s, on in enumerate(live):
            if not on:
                continue
            step = states[s]["step"]
            if step is not None and (step[0] == "ANY" or mask >> step[1] & 1):
                following[s + 1] = True
            if states[s]["loop"]:
                following[s] = True
        live = following
    return live[-1]


def evaluate(pattern, rows):
    """rows: (seconds, set of conditions from 1).  Returns (sequence_match, sequence_count)."""
    actions = parse(pattern)
    events = [(t, sum(1 << (c - 1) for c in conds)) for t, conds in rows if conds]
    events.sort(key=lambda ev: (ev[0], (ev[1] & -ev[1]).bit_length(), ev[1]))
    used = met = 0
    for kind, value in actions:
        if kind == "E":
            used |= 1 << value
    for _, mask in events:
        met |= mask
    if used & met != used:
        return False, 0
    has_time = any(k in ("LE", "LT", "GE", "GT", "EQ") for k, _ in actions)
    matched = backtracking_search(actions, events, 0)[0] if has_time else automaton_match(actions, events)
    count, pos = 0, 0
    while pos < len(events):
        ok, pos = backtracking_search(actions, events, pos)
        if not ok:
            break
        count += 1
    return matched, count


def main():
    rng = random.Random(20261202)
    out = sys.stdout
    out.write("case_id,pattern,events,matched,matches\n")
    case = 0
    for pattern in PATTERNS:
        for _ in range(CASES_PER_PATTERN):
            case += 1
            rows = []
            for _ in range(rng.randint(1, 24)):
                draw = rng.random()
                conds = set() if draw < 0.2 else {1} if draw < 0.5 else {2} if draw < 0.75 else {3} if draw < 0.95 else {1, 2}
                rows.append((rng.randint(0, 30), conds))
            matched, count = evaluate(pattern, rows)
            events = " ".join(f"{t}:{''.join(str(c) for c in sorted(conds)) or '0'}" for t, conds in rows)
            out.write(f'{case},"{pattern}",{events},{"t" if matched else "f"},{count}\n')


if __name__ == "__main__":
    main()
