/*
 * sequence_core.c - ClickHouse's sequenceMatch / sequenceCount
 * (AggregateFunctionSequenceMatch.h) without backtracking.
 *
 * ClickHouse matches a pattern with time conditions by a depth-first search
 * over (action, event) with lazy choices: .* and (?t...) try the nearest
 * event first.  The search ends at the first path that either completes the
 * pattern or consumes the last event (then the rest of the pattern must be
 * skippable), and sequenceCount restarts from where a match ended.  The
 * "previous matched event" a time condition measures from is fixed by the
 * action before it: the event just consumed after (?N) or ., the event under
 * examination after .* or another time condition.  So the outcome of the
 * search from a state depends on (action, event position) alone, and a
 * dynamic program over all positions, one action at a time from the end,
 * computes for every state the first path the search would finish, in
 * O(actions x events) time and two arrays of events + 1 entries.  There is
 * no iteration cap: ClickHouse stops after 1,000,000 steps with TOO_SLOW.
 *
 * Patterns without time conditions are answered by sequenceMatch with the
 * state-set simulation ClickHouse uses for them (its "DFA").
 */
#include "sequence_core.h"

#include <string.h>

/* ---------- parser ---------- */

static bool
accept(const char *text, size_t len, size_t *pos, const char *token)
{
	size_t		n = strlen(token);

	if (*pos + n <= len && memcmp(text + *pos, token, n) == 0)
	{
		*pos += n;
		return true;
	}
	return false;
}

/* Digits at *pos as an unsigned 64-bit number. */
static cxm_seq_status
read_number(const char *text, size_t len, size_t *pos, uint64_t *value)
{
	size_t		start = *pos;

	*value = 0;
	while (*pos < len && text[*pos] >= '0' && text[*pos] <= '9')
	{
		unsigned	digit = (unsigned) (text[*pos] - '0');

		if (*value > (UINT64_MAX - digit) / 10)
		{
			*pos = start;
			return CXM_SEQ_NUMBER_TOO_LARGE;
		}
		*value = *value * 10 + digit;
		(*pos)++;
	}
	return *pos == start ? CXM_SEQ_EXPECTED_NUMBER : CXM_SEQ_OK;
}

cxm_seq_status
cxm_seq_parse(const char *text, size_t len, int nconds,
			  cxm_seq_action *actions, cxm_seq_pattern *pattern,
			  size_t *err_pos, uint64_t *err_number)
{
	size_t		pos = 0;
	size_t		count = 0;
	cxm_seq_status status;

	*err_pos = 0;
	*err_number = 0;
	pattern->actions = actions;
	pattern->has_time = false;
	pattern->conds_used = 0;
	actions[count++] = (cxm_seq_action) {.kind = CXM_SEQ_STAR};
	while (pos < len)
	{
		size_t		token = pos;

		if (accept(text, len, &pos, "(?"))
		{
			uint64_t	number;

			if (accept(text, len, &pos, "t"))
			{
				cxm_seq_op	op;
				uint8_t		before = actions[count - 1].kind;

				if (accept(text, len, &pos, "<="))
					op = CXM_SEQ_LE;
				else if (accept(text, len, &pos, "<"))
					op = CXM_SEQ_LT;
				else if (accept(text, len, &pos, ">="))
					op = CXM_SEQ_GE;
				else if (accept(text, len, &pos, ">"))
					op = CXM_SEQ_GT;
				else if (accept(text, len, &pos, "=="))
					op = CXM_SEQ_EQ;
				else
				{
					*err_pos = pos;
					return CXM_SEQ_UNKNOWN_TIME_OP;
				}
				if ((status = read_number(text, len, &pos, &number)) != CXM_SEQ_OK)
				{
					*err_pos = pos;
					return status;
				}
				if (before == CXM_SEQ_TIME)
				{
					*err_pos = token;
					return CXM_SEQ_TIME_MISPLACED;
				}
				pattern->has_time = true;
				actions[count++] = (cxm_seq_action) {.kind = CXM_SEQ_TIME, .op = (uint8_t) op, .seconds = number};
			}
			else
			{
				if ((status = read_number(text, len, &pos, &number)) != CXM_SEQ_OK)
				{
					*err_pos = pos;
					return status;
				}
				if (number < 1 || number > (uint64_t) nconds)
				{
					*err_pos = token;
					*err_number = number;
					return CXM_SEQ_COND_RANGE;
				}
				pattern->conds_used |= UINT64_C(1) << (number - 1);
				actions[count++] = (cxm_seq_action) {.kind = CXM_SEQ_COND, .cond = (uint8_t) (number - 1)};
			}
			if (!accept(text, len, &pos, ")"))
			{
				*err_pos = pos;
				return CXM_SEQ_EXPECTED_CLOSE;
			}
		}
		else if (accept(text, len, &pos, ".*"))
			actions[count++] = (cxm_seq_action) {.kind = CXM_SEQ_STAR};
		else if (accept(text, len, &pos, "."))
			actions[count++] = (cxm_seq_action) {.kind = CXM_SEQ_ANY};
		else
		{
			*err_pos = pos;
			return CXM_SEQ_UNEXPECTED;
		}
	}
	pattern->nactions = count;
	return CXM_SEQ_OK;
}

const char *
cxm_seq_state_check(const cxm_events_header *header, const char *pattern, cxm_seq_action *actions)
{
	cxm_seq_pattern parsed;
	size_t		pos;
	uint64_t	number;

	if (header->kind != CXM_KIND_SEQUENCE)
		return "it is not a sequence state";
	if (header->flags != 0 || header->window != 0)
		return "a sequence state has no window or mode";
	/* nconds 0 (no row has told it; no event may meet a condition): the syntax only */
	if (cxm_seq_parse(pattern, header->pattern_len, header->nconds != 0 ? header->nconds : CXM_MAX_CONDITIONS,
					  actions, &parsed, &pos, &number) != CXM_SEQ_OK)
		return "its pattern does not parse";
	return NULL;
}

/* ---------- matching ---------- */

size_t
cxm_seq_work_bytes(const cxm_seq_pattern *pattern, size_t n)
{
	size_t		dp = 2 * (n + 1) * sizeof(int64_t);
	size_t		nfa = 2 * (pattern->nactions + 1);

	return dp > nfa ? dp : nfa;
}

/* What ClickHouse accepts at the end of the events without an event. */
static bool
skippable(const cxm_seq_action *a)
{
	return a->kind == CXM_SEQ_STAR ||
		(a->kind == CXM_SEQ_TIME &&
		 (a->op == CXM_SEQ_LE || a->op == CXM_SEQ_LT || (a->op == CXM_SEQ_GE && a->seconds == 0)));
}

static bool
rest_skippable(const cxm_seq_pattern *pattern, size_t from)
{
	for (size_t a = from; a < pattern->nactions; a++)
		if (!skippable(&pattern->actions[a]))
			return false;
	return true;
}

/*
 * sequenceMatch without time conditions: the set of pattern positions
 * reachable after each event (.* loops on its position).
 */
static bool
nfa_match(const cxm_seq_pattern *pattern, const cxm_event *ev, size_t n,
		  uint8_t *active, cxm_ticker *ticker)
{
	/* state s: before the s-th consuming action; kleene[s]: a .* loops there */
	size_t		nstates = 1;
	uint8_t    *next = active + pattern->nactions + 1;
	const cxm_seq_action *acts = pattern->actions;
	size_t		nactive = 1;

	for (size_t a = 0; a < pattern->nactions; a++)
		if (acts[a].kind == CXM_SEQ_COND || acts[a].kind == CXM_SEQ_ANY)
			nstates++;
	/* active[s] & 1: active; & 2: kleene on s; & 4.. unused */
	memset(active, 0, nstates);
	{
		size_t		s = 0;

		for (size_t a = 0; a < pattern->nactions; a++)
		{
			if (acts[a].kind == CXM_SEQ_STAR)
				active[s] |= 2;
			else if (acts[a].kind != CXM_SEQ_TIME)
				s++;
		}
	}
	active[0] |= 1;
	for (size_t e = 0; e < n && nactive > 0 && !(active[nstates - 1] & 1); e++)
	{
		size_t		s = 0;

		for (size_t t = 0; t < nstates; t++)
			next[t] = active[t] & 2;
		nactive = 0;
		for (size_t a = 0; a < pattern->nactions; a++)
		{
			if (acts[a].kind == CXM_SEQ_STAR || acts[a].kind == CXM_SEQ_TIME)
				continue;
			if ((active[s] & 1) &&
				(acts[a].kind == CXM_SEQ_ANY || (ev[e].mask >> acts[a].cond) & 1))
			{
				next[s + 1] |= 1;
				nactive++;
			}
			s++;
		}
		for (size_t t = 0; t < nstates; t++)
			if ((active[t] & 3) == 3)
			{
				next[t] |= 1;
				nactive++;
			}
		memcpy(active, next, nstates);
		cxm_tick(ticker, (uint32_t) nstates);
	}
	return (active[nstates - 1] & 1) != 0;
}

#define DEAD (-1)
#define OUTCOME(end, success) ((int64_t) (end) * 2 + ((success) ? 1 : 0))

/*
 * out[p] after the call: the outcome of ClickHouse's search from action 1 at
 * event p, for every p (DEAD: no path finishes; else the position the search
 * stops at and whether it matched); first[p]: the nearest q >= p, q < n, whose
 * outcome is not DEAD, n if none.
 */
static void
search_outcomes(const cxm_seq_pattern *pattern, const cxm_event *ev, size_t n,
				int64_t *out, int64_t *first, cxm_ticker *ticker)
{
	const cxm_seq_action *acts = pattern->actions;
	size_t		last = pattern->nactions - 1;
	bool		tail_skippable = true;

	/* past the last action: the pattern is complete wherever the search is */
	for (size_t p = 0; p <= n; p++)
	{
		out[p] = OUTCOME(p, true);
		first[p] = (int64_t) p;
	}
	for (size_t a = last; a >= 1; a--)
	{
		const cxm_seq_action *act = &acts[a];
		bool		after_event = acts[a - 1].kind == CXM_SEQ_COND || acts[a - 1].kind == CXM_SEQ_ANY;
		/*
		 * The span in microseconds.  Finite timestamps are less than 2^64 - 1
		 * apart, so a span past that (N > 18446744073709 seconds) compares
		 * with them as 2^64 - 2 does; an infinity is farther than either.
		 */
		uint64_t	span = act->seconds > (UINT64_MAX - 1) / 1000000 ? UINT64_MAX - 1 : act->seconds * 1000000;
		size_t		reach_ge = 0,	/* first q with elapsed >= span */
					reach_gt = 0;	/* first q with elapsed > span */

		tail_skippable = tail_skippable && skippable(act);
		/* positions rise, and every read is at p or beyond: update in place */
		for (size_t p = 0; p < n; p++)
		{
			int64_t		v = DEAD;

			switch (act->kind)
			{
				case CXM_SEQ_COND:
					if ((ev[p].mask >> act->cond) & 1)
						v = out[p + 1];
					break;
				case CXM_SEQ_ANY:
					v = out[p + 1];
					break;
				case CXM_SEQ_STAR:
					if (first[p] < (int64_t) n)
						v = out[first[p]];
					break;
				case CXM_SEQ_TIME:
					{
						size_t		base,
									lo,
									hi,
									q;

						if (after_event && p == 0)
							break;	/* no state: an event was consumed before */
						base = after_event ? p - 1 : p;
						if (reach_ge < base)
							reach_ge = base;
						while (reach_ge < n && cxm_ts_distance(ev[base].ts, ev[reach_ge].ts) < span)
							reach_ge++;
						if (reach_gt < reach_ge)
							reach_gt = reach_ge;
						while (reach_gt < n && cxm_ts_distance(ev[base].ts, ev[reach_gt].ts) <= span)
							reach_gt++;
						switch ((cxm_seq_op) act->op)
						{
							case CXM_SEQ_LE:
								lo = base;
								hi = reach_gt;
								break;
							case CXM_SEQ_LT:
								lo = base;
								hi = reach_ge;
								break;
							case CXM_SEQ_GE:
								lo = reach_ge;
								hi = n;
								break;
							case CXM_SEQ_GT:
								lo = reach_gt;
								hi = n;
								break;
							default:
								lo = reach_ge;
								hi = reach_gt;
								break;
						}
						if (lo < p)
							lo = p;
						q = lo < n ? (size_t) first[lo] : n;
						if (q < hi)
							v = out[q];
						break;
					}
			}
			out[p] = v;
			cxm_tick(ticker, 1);
		}
		/* the events are used up: the rest must be skippable */
		out[n] = OUTCOME(n, tail_skippable);
		first[n] = (int64_t) n;
		for (size_t p = n; p-- > 0;)
			first[p] = out[p] != DEAD ? (int64_t) p : first[p + 1];
	}
}

/* The search from the leading .* at event pos: the first non-DEAD start. */
static int64_t
search_from(const int64_t *out, const int64_t *first, size_t n, size_t pos)
{
	return first[pos] < (int64_t) n ? out[first[pos]] : DEAD;
}

static uint64_t
conditions_met(const cxm_event *ev, size_t n)
{
	uint64_t	met = 0;

	for (size_t i = 0; i < n; i++)
		met |= ev[i].mask;
	return met;
}

bool
cxm_seq_match(const cxm_seq_pattern *pattern, const cxm_event *ev, size_t n,
			  void *work, cxm_ticker *ticker)
{
	int64_t    *out = work;
	int64_t    *first = out + n + 1;
	int64_t		outcome;

	/* a condition of the pattern that never holds: no match (ClickHouse's shortcut) */
	if ((pattern->conds_used & conditions_met(ev, n)) != pattern->conds_used)
		return false;
	if (!pattern->has_time)
		return nfa_match(pattern, ev, n, work, ticker);
	if (n == 0)
		return rest_skippable(pattern, 0);
	search_outcomes(pattern, ev, n, out, first, ticker);
	outcome = search_from(out, first, n, 0);
	/* a search that finishes no path ends where it began: at the leading .* */
	if (outcome == DEAD)
		return rest_skippable(pattern, 0);
	return (outcome & 1) != 0;
}

uint64_t
cxm_seq_count(const cxm_seq_pattern *pattern, const cxm_event *ev, size_t n,
			  void *work, cxm_ticker *ticker)
{
	int64_t    *out = work;
	int64_t    *first = out + n + 1;
	uint64_t	count = 0;
	size_t		pos = 0;

	if ((pattern->conds_used & conditions_met(ev, n)) != pattern->conds_used || n == 0)
		return 0;
	search_outcomes(pattern, ev, n, out, first, ticker);
	/* ClickHouse restarts the search where a match ended, one event on if it ended where it began */
	while (pos < n)
	{
		int64_t		outcome = search_from(out, first, n, pos);
		size_t		end;

		if (outcome == DEAD)
		{
			if (rest_skippable(pattern, 0))
				count++;
			break;
		}
		if (!(outcome & 1))
			break;
		count++;
		end = (size_t) (outcome >> 1);
		pos = end == pos ? pos + 1 : end;
	}
	return count;
}
