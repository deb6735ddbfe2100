/*
 * Unit tests of src/sequence_core.c: the pattern parser (errors and their
 * positions), ClickHouse's documented examples, and a differential test
 * against a literal transcription of ClickHouse's sequenceMatch and
 * sequenceCount (AggregateFunctionSequenceMatch.h: the state-set "DFA" and
 * the backtracking search), without its iteration cap.
 */
#include "events_core.h"
#include "sequence_core.h"
#include "tap.h"

#define TEST_RANDOM_SEED UINT64_C(0x9E3779B97F4A7C15)
#include "support.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SEC INT64_C(1000000)

static cxm_seq_action actions[512];
static int64_t work[4096];

static cxm_seq_status
parse(const char *text, int nconds, cxm_seq_pattern *p, size_t *pos)
{
	uint64_t	number;

	return cxm_seq_parse(text, strlen(text), nconds, actions, p, pos, &number);
}

/* ---------- the reference: ClickHouse's search, transcribed ---------- */

static bool
ref_skippable(const cxm_seq_action *a)
{
	return a->kind == CXM_SEQ_STAR ||
		(a->kind == CXM_SEQ_TIME &&
		 (a->op == CXM_SEQ_LE || a->op == CXM_SEQ_LT || (a->op == CXM_SEQ_GE && a->seconds == 0)));
}

static bool
ref_time(const cxm_seq_action *a, int64_t ts, int64_t base)
{
	int64_t		limit = base + (int64_t) a->seconds * SEC;

	switch (a->op)
	{
		case CXM_SEQ_LE:
			return ts <= limit;
		case CXM_SEQ_LT:
			return ts < limit;
		case CXM_SEQ_GE:
			return ts >= limit;
		case CXM_SEQ_GT:
			return ts > limit;
		default:
			return ts == limit;
	}
}

typedef struct frame
{
	size_t		action,
				event,
				base;
} frame;

static frame stack[1 << 16];

/* backtrackingMatch: *pos in/out, as ClickHouse's events_it */
static bool
ref_backtrack(const cxm_seq_pattern *p, const cxm_event *ev, size_t n, size_t *pos)
{
	size_t		action = 0,
				e = *pos,
				begin = *pos,
				base = *pos,
				depth = 0;

#define BACKTRACK() \
	({ bool ok_ = false; \
	   while (depth > 0) { frame f_ = stack[--depth]; action = f_.action; e = f_.event + 1; base = f_.base; \
						   if (e != n) { ok_ = true; break; } } \
	   ok_; })

	while (action != p->nactions && e != n)
	{
		const cxm_seq_action *a = &p->actions[action];

		if (a->kind == CXM_SEQ_COND)
		{
			if ((ev[e].mask >> a->cond) & 1)
			{
				base = e;
				action++;
				e++;
			}
			else if (!BACKTRACK())
				break;
		}
		else if (a->kind == CXM_SEQ_ANY)
		{
			base = e;
			action++;
			e++;
		}
		else if (a->kind == CXM_SEQ_STAR)
		{
			stack[depth++] = (frame) {action, e, base};
			base = e;
			action++;
		}
		else if (a->op == CXM_SEQ_LE || a->op == CXM_SEQ_LT)
		{
			if (ref_time(a, ev[e].ts, ev[base].ts))
			{
				stack[depth++] = (frame) {action, e, base};
				base = e;
				action++;
			}
			else if (!BACKTRACK())
				break;
		}
		else
		{
			if (ref_time(a, ev[e].ts, ev[base].ts))
			{
				stack[depth++] = (frame) {action, e, base};
				base = e;
				action++;
			}
			else if (++e == n && !BACKTRACK())
				break;
		}
	}
	if (action != p->nactions)
		while (action < p->nactions && ref_skippable(&p->actions[action]))
			action++;
	if (e == begin)
		e++;
	*pos = e;
	return action == p->nactions;
}

/* dfaMatch */
static bool
ref_dfa(const cxm_seq_pattern *p, const cxm_event *ev, size_t n)
{
	bool		kleene[512] = {false},
				active[512] = {false},
				next[512];
	int			cond[512];		/* -1: any event */
	size_t		states = 1,
				nactive = 1;

	kleene[0] = true;
	for (size_t a = 1; a < p->nactions; a++)
	{
		if (p->actions[a].kind == CXM_SEQ_STAR)
			kleene[states - 1] = true;
		else
		{
			cond[states - 1] = p->actions[a].kind == CXM_SEQ_ANY ? -1 : p->actions[a].cond;
			kleene[states] = false;
			states++;
		}
	}
	active[0] = true;
	for (size_t e = 0; e < n && nactive > 0 && !active[states - 1]; e++)
	{
		nactive = 0;
		memset(next, 0, sizeof(next));
		for (size_t s = 0; s < states; s++)
		{
			if (!active[s])
				continue;
			if (s + 1 < states && (cond[s] < 0 || ((ev[e].mask >> cond[s]) & 1)))
			{
				next[s + 1] = true;
				nactive++;
			}
			if (kleene[s])
			{
				next[s] = true;
				nactive++;
			}
		}
		memcpy(active, next, sizeof(active));
	}
	return active[states - 1];
}

static bool
ref_met(const cxm_seq_pattern *p, const cxm_event *ev, size_t n)
{
	uint64_t	met = 0;

	for (size_t i = 0; i < n; i++)
		met |= ev[i].mask;
	return (p->conds_used & met) == p->conds_used;
}

static bool
ref_match(const cxm_seq_pattern *p, const cxm_event *ev, size_t n)
{
	size_t		pos = 0;

	if (!ref_met(p, ev, n))
		return false;
	if (!p->has_time)
		return ref_dfa(p, ev, n);
	return ref_backtrack(p, ev, n, &pos);
}

static uint64_t
ref_count(const cxm_seq_pattern *p, const cxm_event *ev, size_t n)
{
	size_t		pos = 0;
	uint64_t	count = 0;

	if (!ref_met(p, ev, n))
		return 0;
	while (pos != n && ref_backtrack(p, ev, n, &pos))
		count++;
	return count;
}

/* ---------- helpers ---------- */

/* events "ts:conds", conds as digits ("12": conditions 1 and 2); sorted as the glue does */
static size_t
events_from(const char *spec, cxm_event *ev)
{
	size_t		n = 0;
	const char *p = spec;

	while (*p)
	{
		char	   *end;
		long		ts = strtol(p, &end, 10);
		uint64_t	mask = 0;

		p = end + 1;
		while (*p >= '1' && *p <= '9')
			mask |= UINT64_C(1) << (*p++ - '1');
		ev[n].ts = ts * SEC;
		ev[n].mask = mask;
		n += mask != 0;			/* rows meeting no condition are not stored */
		while (*p == ' ')
			p++;
	}
	cxm_events_sort_conds(ev, n, NULL);
	return n;
}

static bool
match(const char *pattern, int nconds, const char *events)
{
	cxm_seq_pattern p;
	cxm_event	ev[64];
	size_t		pos,
				n = events_from(events, ev);

	if (parse(pattern, nconds, &p, &pos) != CXM_SEQ_OK)
		return false;
	return cxm_seq_match(&p, ev, n, work, NULL);
}

static uint64_t
count(const char *pattern, int nconds, const char *events)
{
	cxm_seq_pattern p;
	cxm_event	ev[64];
	size_t		pos,
				n = events_from(events, ev);

	if (parse(pattern, nconds, &p, &pos) != CXM_SEQ_OK)
		return 999;
	return cxm_seq_count(&p, ev, n, work, NULL);
}

static void
test_parser(void)
{
	cxm_seq_pattern p;
	size_t		pos;
	uint64_t	number;

	TAP_OK(parse("(?1).*(?2)(?t<=3600)(?3)", 3, &p, &pos) == CXM_SEQ_OK && p.nactions == 6 && p.has_time &&
		   p.conds_used == 7 && p.actions[4].op == CXM_SEQ_LE && p.actions[4].seconds == 3600,
		   "a pattern with every kind of token");
	TAP_OK(parse("", 2, &p, &pos) == CXM_SEQ_OK && p.nactions == 1, "the empty pattern: the implicit .* alone");
	TAP_OK(parse("(?t>=5)(?1)", 2, &p, &pos) == CXM_SEQ_OK, "a time condition may open the pattern (after the implicit .*)");
	TAP_OK(parse(".(?t==0).*(?t>1)", 2, &p, &pos) == CXM_SEQ_OK, "time conditions after . and .*");
	TAP_OK(parse("(?1)(?t<1)(?t<2)", 2, &p, &pos) == CXM_SEQ_TIME_MISPLACED && pos == 10,
		   "two time conditions in a row: at the second");
	TAP_OK(parse("(?1)x", 2, &p, &pos) == CXM_SEQ_UNEXPECTED && pos == 4, "unexpected character, 0-based offset 4");
	TAP_OK(parse("(?", 2, &p, &pos) == CXM_SEQ_EXPECTED_NUMBER && pos == 2, "(? at the end");
	TAP_OK(parse("(?a)", 2, &p, &pos) == CXM_SEQ_EXPECTED_NUMBER && pos == 2, "(?a)");
	TAP_OK(parse("(?1", 2, &p, &pos) == CXM_SEQ_EXPECTED_CLOSE && pos == 3, "unclosed (?1");
	TAP_OK(parse("(?1]", 2, &p, &pos) == CXM_SEQ_EXPECTED_CLOSE && pos == 3, "(?1]");
	TAP_OK(parse("(?t=5)", 2, &p, &pos) == CXM_SEQ_UNKNOWN_TIME_OP && pos == 3, "(?t=5): = is no operator");
	TAP_OK(parse("(?t<=)", 2, &p, &pos) == CXM_SEQ_EXPECTED_NUMBER && pos == 5, "(?t<=) without seconds");
	TAP_OK(parse("(?t< 5)", 2, &p, &pos) == CXM_SEQ_EXPECTED_NUMBER && pos == 4, "no blanks, as in ClickHouse");
	TAP_OK(cxm_seq_parse("(?3)", 4, 2, actions, &p, &pos, &number) == CXM_SEQ_COND_RANGE && pos == 0 && number == 3,
		   "condition 3 of 2");
	TAP_OK(parse("(?0)", 2, &p, &pos) == CXM_SEQ_COND_RANGE, "condition 0");
	TAP_OK(parse("(?t<=18446744073709551615)", 2, &p, &pos) == CXM_SEQ_OK && p.actions[1].seconds == UINT64_MAX,
		   "2^64 - 1 seconds parse");
	TAP_OK(parse("(?t<=18446744073709551616)", 2, &p, &pos) == CXM_SEQ_NUMBER_TOO_LARGE && pos == 5,
		   "2^64 seconds do not");
	TAP_OK(parse("(?064)", 64, &p, &pos) == CXM_SEQ_OK && p.actions[1].cond == 63, "leading zeros, condition 64");
	/* a stored state's pattern: for its number of conditions, or any while that is 0 (not known yet) */
	{
		cxm_events_header h = {.kind = CXM_KIND_SEQUENCE, .nconds = 2, .pattern_len = 8};

		TAP_OK(cxm_seq_state_check(&h, "(?1)(?3)", actions) != NULL, "a state's pattern naming condition 3 of 2 is refused");
		h.nconds = 0;
		TAP_OK(cxm_seq_state_check(&h, "(?1)(?3)", actions) == NULL &&
			   cxm_seq_state_check(&h, "(?1)(?3", actions) != NULL,
			   "a state of no known conditions: its pattern's syntax is checked");
	}
}

static void
test_documented(void)
{
	/* ClickHouse docs: t (1,1),(2,3),(3,2) with conditions number = 1, number = 2 */
	TAP_OK(match("(?1)(?2)", 2, "1:1 2: 3:2"), "docs: (?1)(?2) skips the number-3 row, which meets no condition");
	TAP_OK(!match("(?1)(?2)", 3, "1:1 2:3 3:2"), "docs: number = 3 as a third condition breaks (?1)(?2)");
	/* sequenceCount docs: 1,3,2,1,3,2 -> 2 */
	TAP_OK(count("(?1).*(?2)", 2, "1:1 2: 3:2 4:1 5: 6:2") == 2, "docs: sequenceCount('(?1).*(?2)') = 2");
	/* 00823_sequence_match_dfa, user A B C (one condition per step) */
	TAP_OK(match("(?1).*(?2).*(?3)", 3, "1:1 2:2 3:3"), "00823 ABC");
	TAP_OK(!match("(?1).*(?2).*(?3)", 3, "1:1 2:3 3:2"), "00823 ACB does not match ABC");
	TAP_OK(!match("(?1)(?t>=10000000000000)(?2)", 2, "1:1 2:2"), "00823 CD with a huge gap: no overflow, no match");
	/* time conditions */
	TAP_OK(match("(?1)(?t<=5)(?2)", 2, "0:1 5:2") && !match("(?1)(?t<=5)(?2)", 2, "0:1 6:2"), "(?t<=5) is inclusive");
	TAP_OK(!match("(?1)(?t<5)(?2)", 2, "0:1 5:2"), "(?t<5) is strict");
	TAP_OK(match("(?1)(?t<=5)(?2)", 3, "0:1 1:3 4:2"), "(?t<=N) lets other events pass, as ClickHouse does");
	TAP_OK(match("(?1)(?t>3)(?2)", 2, "0:1 2:2 4:2") && !match("(?1)(?t>3)(?2)", 2, "0:1 2:2 3:2"), "(?t>3)");
	TAP_OK(match("(?1)(?t==3)(?2)", 2, "0:1 3:2") && !match("(?1)(?t==3)(?2)", 2, "0:1 2:2 4:2"), "(?t==3)");
	TAP_OK(match("(?1)(?t>=0)", 2, "0:1"), "a trailing (?t>=0) matches at the end of the events");
	TAP_OK(!match("(?1)(?t>=1)", 2, "0:1"), "a trailing (?t>=1) needs a later event");
	/* counting restarts where the match ended */
	TAP_OK(count("(?1)(?2)", 2, "1:1 2:2 3:1 4:2 5:1") == 2, "(?1)(?2) twice");
	TAP_OK(count("(?1)", 2, "1:1 2:1 3:12") == 3, "(?1) every time");
	TAP_OK(count(".*", 2, "1:1 2:2 3:2") == 3, ".* matches once per event");
	TAP_OK(count("(?1)(?t>2)", 2, "0:1 1:1 3:1 6:1") == 2, "a trailing time condition restarts at the event it examined");
	/* empty groups */
	TAP_OK(match("", 2, "") && !match(".", 2, "") && count("", 2, "") == 0, "no events");
}

/* ---------- differential test ---------- */

static void
random_pattern(char *out, int nconds)
{
	int			tokens = (int) (next_random() % 7);
	bool		after_time = false;

	out[0] = '\0';
	for (int t = 0; t < tokens; t++)
	{
		unsigned	kind = (unsigned) (next_random() % 10);
		char		token[32];

		if (kind < 4)
			snprintf(token, sizeof(token), "(?%d)", 1 + (int) (next_random() % nconds));
		else if (kind < 5)
			snprintf(token, sizeof(token), ".");
		else if (kind < 7)
			snprintf(token, sizeof(token), ".*");
		else if (!after_time)
		{
			static const char *ops[] = {"<=", "<", ">=", ">", "=="};

			snprintf(token, sizeof(token), "(?t%s%d)", ops[next_random() % 5], (int) (next_random() % 5));
		}
		else
			snprintf(token, sizeof(token), ".*");
		after_time = kind >= 7 && !after_time;
		strcat(out, token);
	}
}

static void
test_against_clickhouse(void)
{
	int			bad_match = 0,
				bad_count = 0,
				with_time = 0;

	for (int round = 0; round < 100000; round++)
	{
		char		text[256];
		cxm_seq_pattern p;
		cxm_event	ev[16];
		size_t		pos,
					n = next_random() % 11;
		int			nconds = 1 + (int) (next_random() % 3);
		int			spread = 1 + (int) (next_random() % 12);

		random_pattern(text, nconds);
		if (parse(text, nconds, &p, &pos) != CXM_SEQ_OK)
			continue;
		for (size_t i = 0; i < n; i++)
		{
			ev[i].ts = (int64_t) (next_random() % spread) * SEC + (next_random() % 4 == 0 ? SEC / 2 : 0);
			ev[i].mask = 1 + next_random() % ((UINT64_C(1) << nconds) - 1);
		}
		cxm_events_sort_conds(ev, n, NULL);
		with_time += p.has_time;
		if (cxm_seq_match(&p, ev, n, work, NULL) != ref_match(&p, ev, n) && bad_match++ < 5)
			printf("# match differs: %s on %zu events\n", text, n);
		if (cxm_seq_count(&p, ev, n, work, NULL) != ref_count(&p, ev, n) && bad_count++ < 5)
			printf("# count differs: %s on %zu events (ours %lu, ClickHouse %lu)\n", text, n,
				   (unsigned long) cxm_seq_count(&p, ev, n, work, NULL), (unsigned long) ref_count(&p, ev, n));
	}
	TAP_OK(bad_match == 0, "sequence_match equals ClickHouse's on 100,000 random patterns and groups");
	TAP_OK(bad_count == 0, "sequence_count equals ClickHouse's on the same");
	TAP_OK(with_time > 30000, "a good share of them have time conditions");
}

/* The search ClickHouse caps at 1,000,000 steps runs in O(actions x events) here. */
static void
test_large(void)
{
	static cxm_event ev[200000];
	static int64_t big[2 * 200001];
	cxm_seq_pattern p;
	size_t		pos;

	for (int i = 0; i < 200000; i++)
	{
		ev[i].ts = i * SEC;
		ev[i].mask = i == 199999 ? 2 : 1;
	}
	parse("(?1).*(?1).*(?1)(?t<=1)(?2)", 2, &p, &pos);
	TAP_OK(cxm_seq_match(&p, ev, 200000, big, NULL), "a match at the very end of 200,000 events");
	TAP_OK(cxm_seq_count(&p, ev, 200000, big, NULL) == 1, "counted once");
	parse("(?1)(?t<=1)(?1)", 2, &p, &pos);
	TAP_OK(cxm_seq_count(&p, ev, 200000, big, NULL) == 99999, "99,999 non-overlapping pairs");
}

/*
 * The matcher reads only the pattern's own actions.  The glue gives the
 * parser room for len + 1 actions, exactly what ".." (the implicit leading
 * .* and two ".") fills; here that room ends at a page whose successor is
 * unmapped, so a read past the last action faults.  Hand derivation: ".."
 * is any two events after any others, so two events match and one does not.
 */
static void
test_actions_bounds(void)
{
	cxm_seq_action *room = guarded_alloc(3 * sizeof(cxm_seq_action));
	cxm_seq_pattern p;
	cxm_event	ev[2] = {{1 * SEC, 1}, {2 * SEC, 1}};
	size_t		pos;
	uint64_t	number;

	if (room == NULL)
	{
		TAP_OK(0, "guard page for the actions");
		return;
	}
	TAP_OK(cxm_seq_parse("..", 2, 1, room, &p, &pos, &number) == CXM_SEQ_OK && p.nactions == 3 && !p.has_time,
		   "\"..\" fills its len + 1 = 3 actions, no time condition");
	TAP_OK(cxm_seq_match(&p, ev, 2, work, NULL) && !cxm_seq_match(&p, ev, 1, work, NULL),
		   "\"..\" matches two events, not one, reading no action past the last");
	TAP_OK(ref_match(&p, ev, 2) && !ref_match(&p, ev, 1), "... as in ClickHouse's search");
	guarded_free(room, 3 * sizeof(cxm_seq_action));
}

static int ticks;

static void
count_tick(void *arg)
{
	(void) arg;
	ticks++;
}

static void
test_progress(void)
{
	static cxm_event ev[100000];
	static int64_t big[2 * 100001];
	cxm_seq_pattern p;
	size_t		pos;
	cxm_ticker	ticker = {count_tick, NULL, CXM_TICK_EVERY};

	for (int i = 0; i < 100000; i++)
		ev[i] = (cxm_event) {i * SEC, 1};
	parse("(?1).*(?1)(?t<=1)(?1)", 1, &p, &pos);
	ticks = 0;
	cxm_seq_count(&p, ev, 100000, big, &ticker);
	TAP_OK(ticks >= 5, "the matcher reports progress");
	ev[99999].mask = 3;
	parse("(?1).*(?1).*(?2)", 2, &p, &pos);
	ticks = 0;
	TAP_OK(cxm_seq_match(&p, ev, 100000, big, &ticker) && ticks >= 1,
		   "the state-set simulation reports progress (the match is the last event)");
}

/* Random text never crashes the parser, and every error lies inside the text. */
static void
test_random_patterns(void)
{
	static const char alphabet[] = "(?t<=>.*)0123456789x ";
	bool		ok = true;
	int			parsed = 0;

	for (int round = 0; round < 200000; round++)
	{
		char		text[40];
		size_t		len = next_random() % sizeof(text);
		cxm_seq_pattern p;
		size_t		pos;
		uint64_t	number;

		for (size_t i = 0; i < len; i++)
			text[i] = next_random() % 8 == 0 ? (char) next_random() : alphabet[next_random() % (sizeof(alphabet) - 1)];
		if (cxm_seq_parse(text, len, 1 + (int) (next_random() % 64), actions, &p, &pos, &number) == CXM_SEQ_OK)
			parsed++;
		else
			ok = ok && pos <= len;
	}
	TAP_OK(ok && parsed > 100, "random text: no crash, errors point inside the text, some patterns parse");
}

int
main(void)
{
	test_progress();
	test_random_patterns();
	test_parser();
	test_documented();
	test_against_clickhouse();
	test_large();
	test_actions_bounds();
	return tap_done();
}
