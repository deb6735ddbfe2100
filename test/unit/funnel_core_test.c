/*
 * Unit tests of src/funnel_core.c: the mode parser, ClickHouse's documented
 * examples, and a differential test against a literal transcription of
 * ClickHouse's windowFunnel (AggregateFunctionWindowFunnel.cpp: one entry per
 * condition, a stable sort, every candidate chain kept under strict_once).
 */
#include "events_core.h"
#include "funnel_core.h"
#include "tap.h"

#define TEST_RANDOM_SEED UINT64_C(88172645463325252)
#include "support.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static cxm_funnel_workspace ws;

/* ---------- the reference: ClickHouse's algorithm, transcribed ---------- */

typedef struct ch_entry
{
	int64_t		ts;
	int			event;			/* 1-based condition, 0: strict_order marker */
	uint64_t	uid;			/* strict_once: the row */
} ch_entry;

static int
ch_entry_cmp(const void *pa, const void *pb)
{
	const ch_entry *a = pa,
			   *b = pb;

	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	if (a->event != b->event)
		return a->event < b->event ? -1 : 1;
	return (a->uid > b->uid) - (a->uid < b->uid);
}

typedef struct ch_seq
{
	int64_t		first,
				last;
	uint64_t	path[64];
	int64_t		times[64];
} ch_seq;

typedef struct ch_list
{
	ch_seq	   *items;
	size_t		len,
				cap;
} ch_list;

static void
ch_push(ch_list *l, const ch_seq *s)
{
	if (l->len == l->cap)
	{
		l->cap = l->cap ? 2 * l->cap : 8;
		l->items = realloc(l->items, l->cap * sizeof(ch_seq));
	}
	l->items[l->len++] = *s;
}

/*
 * Returns the level; times (when given, not strict_once) gets the chain held
 * at that level; best_first gets, under strict_once, the latest entry of any
 * chain created at that level.
 */
static int
ch_window_funnel(const cxm_event *rows, size_t nrows, uint64_t window, uint32_t modes, int nsteps,
				 int64_t *times, int64_t *best_first)
{
	bool		dedup = modes & CXM_FUNNEL_STRICT_DEDUPLICATION;
	bool		order = modes & CXM_FUNNEL_STRICT_ORDER;
	bool		increase = modes & CXM_FUNNEL_STRICT_INCREASE;
	bool		once = modes & CXM_FUNNEL_STRICT_ONCE;
	bool		reentry = modes & CXM_FUNNEL_ALLOW_REENTRY;
	ch_entry   *e = malloc((nrows * (nsteps + 1) + 1) * sizeof(ch_entry));
	size_t		ne = 0;
	int			result = -1;

	for (size_t r = 0; r < nrows; r++)
	{
		bool		has = false;

		for (int i = nsteps; i > 0; i--)
			if (rows[r].mask & (UINT64_C(1) << (i - 1)))
			{
				e[ne++] = (ch_entry) {rows[r].ts, i, r + 1};
				has = true;
			}
		if (order && !has)
			e[ne++] = (ch_entry) {rows[r].ts, 0, r + 1};
	}
	if (ne == 0)
	{
		free(e);
		return 0;
	}
	if (!order && nsteps == 1)
	{
		free(e);
		if (times)
			times[0] = -1;		/* not compared */
		return 1;
	}
	if (!once)
		for (size_t i = 0; i < ne; i++)
			e[i].uid = 0;		/* (timestamp, event) pairs: equal ones are interchangeable */
	qsort(e, ne, sizeof(ch_entry), ch_entry_cmp);

	if (!once)
	{
		bool		has[64] = {false};
		int64_t		first[64],
					last[64],
					chain[64][64];
		bool		first_event = false;

		for (size_t i = 0; i < ne && result < 0; i++)
		{
			int64_t		ts = e[i].ts;
			int			idx = e[i].event - 1;

			if (order && idx == -1)
			{
				if (first_event)
					break;
				continue;
			}
			if (idx == 0)
			{
				first[0] = last[0] = ts;
				has[0] = true;
				chain[0][0] = ts;
				first_event = true;
			}
			else if (dedup && has[idx])
			{
				for (int l = nsteps; l > 0; l--)
					if (has[l - 1])
					{
						result = l;
						break;
					}
				if (result < 0)
					result = 0;
			}
			else if (order && first_event && !has[idx - 1])
			{
				if (reentry)
					continue;
				for (int l = 0; l < nsteps; l++)
					if (!has[l])
					{
						result = l;
						break;
					}
			}
			else if (has[idx - 1])
			{
				bool		ok = (uint64_t) ts <= (uint64_t) first[idx - 1] + window;

				if (increase)
					ok = ok && last[idx - 1] < ts;
				if (ok)
				{
					first[idx] = first[idx - 1];
					last[idx] = ts;
					has[idx] = true;
					memcpy(chain[idx], chain[idx - 1], sizeof(int64_t) * idx);
					chain[idx][idx] = ts;
					if (idx + 1 == nsteps)
						result = nsteps;
				}
			}
		}
		if (result < 0)
		{
			result = 0;
			for (int l = nsteps; l > 0; l--)
				if (has[l - 1])
				{
					result = l;
					break;
				}
		}
		if (times && result > 0)
			memcpy(times, chain[result - 1], sizeof(int64_t) * result);
	}
	else
	{
		ch_list		lists[64];
		int64_t		ever[64];
		bool		has_first = false;

		memset(lists, 0, sizeof(lists));
		for (size_t i = 0; i < ne && result < 0; i++)
		{
			int64_t		ts = e[i].ts;
			int			idx = e[i].event - 1;
			uint64_t	uid = e[i].uid;

			if (order && idx == -1)
			{
				if (has_first)
					break;
				continue;
			}
			else if (idx == 0)
			{
				ch_seq		s = {.first = ts, .last = ts};

				s.path[0] = uid;
				s.times[0] = ts;
				ch_push(&lists[0], &s);
				if (lists[0].len == 1 || ts > ever[0])
					ever[0] = ts;
				has_first = true;
			}
			else if (dedup && lists[idx].len > 0)
			{
				for (int l = nsteps; l > 0; l--)
					if (lists[l - 1].len > 0)
					{
						result = l;
						break;
					}
				if (result < 0)
					result = 0;
			}
			else if (order && has_first && lists[idx - 1].len == 0)
			{
				if (reentry)
					continue;
				for (int l = 0; l < nsteps; l++)
					if (lists[l].len == 0)
					{
						result = l;
						break;
					}
			}
			else if (lists[idx - 1].len > 0)
			{
				ch_list    *prev = &lists[idx - 1];

				for (size_t it = 0; it < prev->len && result < 0;)
				{
					ch_seq		s = prev->items[it];
					bool		matched = (uint64_t) ts <= (uint64_t) s.first + window;

					if (!matched && prev->len > 1)
					{
						memmove(&prev->items[it], &prev->items[it + 1], (prev->len - it - 1) * sizeof(ch_seq));
						prev->len--;
						continue;
					}
					for (int j = 0; j < idx && matched; j++)
						matched = s.path[j] != uid;
					if (matched && increase)
						matched = s.last < ts;
					if (matched)
					{
						s.path[idx] = uid;
						s.times[idx] = ts;
						s.last = ts;
						if (lists[idx].len == 0 || s.first > ever[idx])
							ever[idx] = s.first;
						ch_push(&lists[idx], &s);
						if (idx + 1 == nsteps)
							result = nsteps;
					}
					it++;
				}
			}
		}
		if (result < 0)
		{
			result = 0;
			for (int l = nsteps; l > 0; l--)
				if (lists[l - 1].len > 0)
				{
					result = l;
					break;
				}
		}
		if (best_first && result > 0)
			*best_first = ever[result - 1];
		for (int l = 0; l < 64; l++)
			free(lists[l].items);
	}
	free(e);
	return result;
}

/* ---------- helpers ---------- */

/* rows as "ts:conds" with conds a digit string, e.g. "1:1 2:4 3:12" (cond 12 = conds 1 and 2) */
static size_t
rows_from(const char *spec, cxm_event *rows)
{
	size_t		n = 0;
	const char *p = spec;

	while (*p)
	{
		char	   *end;
		long		ts = strtol(p, &end, 10);
		uint64_t	mask = 0;

		p = end + 1;			/* ':' */
		while (*p >= '0' && *p <= '9')
		{
			if (*p != '0')
				mask |= UINT64_C(1) << (*p - '1');
			p++;
		}
		rows[n].ts = ts;
		rows[n].mask = mask;
		n++;
		while (*p == ' ')
			p++;
	}
	return n;
}

/* Sorts (stably, as the glue does) and evaluates. */
static int
funnel(const cxm_event *rows, size_t n, uint64_t window, uint32_t modes, int nsteps, int64_t *times)
{
	cxm_event	sorted[256],
				scratch[256];

	memcpy(sorted, rows, n * sizeof(cxm_event));
	cxm_events_sort_ts_stable(sorted, n, scratch, NULL);
	return cxm_funnel_evaluate(sorted, n, window, modes, nsteps, times, &ws, NULL);
}

/* A letter string "ADBC" as rows one second apart; steps 'A'.. as conditions 1.. */
static int
letters(const char *word, int nsteps, uint32_t modes, uint64_t window)
{
	cxm_event	rows[64];
	size_t		n = strlen(word);

	for (size_t i = 0; i < n; i++)
	{
		int			c = word[i] - 'A';

		rows[i].ts = (int64_t) (i + 1) * 1000000;
		rows[i].mask = c < nsteps ? UINT64_C(1) << c : 0;
	}
	/* rows meeting no step are kept only under strict_order, as the glue does */
	{
		size_t		m = 0;

		for (size_t i = 0; i < n; i++)
			if (rows[i].mask != 0 || (modes & CXM_FUNNEL_STRICT_ORDER))
				rows[m++] = rows[i];
		n = m;
	}
	return funnel(rows, n, window, modes, nsteps, NULL);
}

#define S CXM_FUNNEL_STRICT_DEDUPLICATION
#define O CXM_FUNNEL_STRICT_ORDER
#define I CXM_FUNNEL_STRICT_INCREASE
#define ONCE CXM_FUNNEL_STRICT_ONCE
#define R CXM_FUNNEL_ALLOW_REENTRY
#define DAY (UINT64_C(86400) * 1000000)

static void
test_modes(void)
{
	uint32_t	flags;
	size_t		at,
				len;

	TAP_OK(cxm_funnel_parse_mode("", 0, &flags, &at, &len) == CXM_MODE_OK && flags == 0, "empty mode: default");
	TAP_OK(cxm_funnel_parse_mode("  ", 2, &flags, &at, &len) == CXM_MODE_OK && flags == 0, "blank mode: default");
	TAP_OK(cxm_funnel_parse_mode("strict_order", 12, &flags, &at, &len) == CXM_MODE_OK && flags == O, "strict_order");
	TAP_OK(cxm_funnel_parse_mode(" strict_once , strict_increase", 30, &flags, &at, &len) == CXM_MODE_OK &&
		   flags == (ONCE | I), "two modes, blanks trimmed");
	TAP_OK(cxm_funnel_parse_mode("strict_order,allow_reentry,strict_deduplication", 47, &flags, &at, &len) == CXM_MODE_OK &&
		   flags == (O | R | S), "three modes");
	TAP_OK(cxm_funnel_parse_mode("strict_order,strict_order", 25, &flags, &at, &len) == CXM_MODE_OK && flags == O,
		   "a repeated mode is allowed, as in ClickHouse");
	TAP_OK(cxm_funnel_parse_mode("strict_order,bogus", 18, &flags, &at, &len) == CXM_MODE_UNKNOWN && at == 13 && len == 5,
		   "unknown mode located");
	TAP_OK(cxm_funnel_parse_mode("Strict_Order", 12, &flags, &at, &len) == CXM_MODE_UNKNOWN, "modes are case-sensitive");
	TAP_OK(cxm_funnel_parse_mode("strict", 6, &flags, &at, &len) == CXM_MODE_STRICT_RENAMED, "'strict' was renamed");
	TAP_OK(cxm_funnel_parse_mode("strict_order,", 13, &flags, &at, &len) == CXM_MODE_EMPTY_ITEM && at == 13,
		   "trailing comma");
	TAP_OK(cxm_funnel_parse_mode(",,", 2, &flags, &at, &len) == CXM_MODE_EMPTY_ITEM && at == 0, "empty items");
	TAP_OK(cxm_funnel_parse_mode("allow_reentry", 13, &flags, &at, &len) == CXM_MODE_REENTRY_NEEDS_ORDER,
		   "allow_reentry needs strict_order");
	TAP_OK(cxm_funnel_modes_valid(O | R) && !cxm_funnel_modes_valid(R) && !cxm_funnel_modes_valid(0x40),
		   "flag validation");
}

static void
test_documented(void)
{
	cxm_event	rows[64];
	size_t		n;
	int64_t		times[64];

	/* PR #9773 truth table: steps A, B, C */
	TAP_OK(letters("ABC", 3, 0, DAY) == 3 && letters("ABC", 3, O, DAY) == 3, "#9773 ABC: 3, 3");
	TAP_OK(letters("ADBC", 3, 0, DAY) == 3 && letters("ADBC", 3, O, DAY) == 1, "#9773 ADBC: 3, 1");
	TAP_OK(letters("AABBCC", 3, 0, DAY) == 3 && letters("AABBCC", 3, O, DAY) == 3, "#9773 AABBCC: 3, 3");
	TAP_OK(letters("AAAABBCC", 3, 0, DAY) == 3 && letters("AAAABBCC", 3, O, DAY) == 3, "#9773 AAAABBCC: 3, 3");
	TAP_OK(letters("AABBDCC", 3, 0, DAY) == 3 && letters("AABBDCC", 3, O, DAY) == 2, "#9773 AABBDCC: 3, 2");
	TAP_OK(letters("CCBBAA", 3, 0, DAY) == 1 && letters("CCBBAA", 3, O, DAY) == 1, "#9773 CCBBAA: 1, 1");
	/* 00632: strict_deduplication with strict_order */
	TAP_OK(letters("AABBCC", 3, S | O, DAY) == 2 && letters("AAAABBCC", 3, S | O, DAY) == 2 &&
		   letters("AABBDCC", 3, S | O, DAY) == 2 && letters("ADBC", 3, S | O, DAY) == 1,
		   "00632 strict_deduplication + strict_order");
	TAP_OK(letters("ACB", 3, O, 10 * 1000000) == 1, "00632 user 7: a c b under strict_order gives 1");
	/* #27469: A B C B D with steps A B C D */
	TAP_OK(letters("ABCBD", 4, S, DAY) == 3, "#27469 ABCBD strict_deduplication: 3");
	/* #37177 (fixed): install start login install start install start login end */
	TAP_OK(letters("ABCABABCD", 4, S, 60 * 1000000) == 3, "#37177: the maximum level, not the previous event's condition");
	/* allow_reentry (PR #86916, ClickHouse's current source) */
	TAP_OK(letters("ABAC", 3, O, DAY) == 3 && letters("ABAC", 3, O | R, DAY) == 3, "ABAC: a repeated entry does not stop strict_order");
	TAP_OK(letters("ACB", 3, O, DAY) == 1 && letters("ACB", 3, O | R, DAY) == 2, "ACB: allow_reentry skips the early C");
	TAP_OK(letters("ABABC", 3, O | R | S, DAY) == 2, "ABABC with strict_deduplication: the second B stops at 2");

	/* 00632 strict_increase table: (0,1000),(1,1001),(1,1002),(1,1003),(2,1004) */
	n = rows_from("0:1 1:2 1:3 1:4 2:5", rows);
	TAP_OK(funnel(rows, n, 10000, 0, 5, NULL) == 5, "00632: 5 without strict_increase");
	TAP_OK(funnel(rows, n, 10000, I, 5, NULL) == 2, "00632: 2 with strict_increase");
	n = rows_from("0:0 1:0 1:0 1:0 2:123", rows);
	TAP_OK(funnel(rows, n, 10000, 0, 3, NULL) == 3, "00632: one row meeting three steps reaches 3");
	TAP_OK(funnel(rows, n, 10000, ONCE, 3, NULL) == 1, "00632: strict_once: one row fills one step");
	TAP_OK(funnel(rows, n, 10000, I, 3, NULL) == 1, "00632: strict_increase: 1");

	/* 00632 strict_once data: uid 123 failure@180 failure@220 success@250; 234: f@100 f@250; 345: s@200 f@210 s@230 */
	n = rows_from("180:12 220:12 250:3", rows);
	TAP_OK(funnel(rows, n, 200, ONCE | I, 3, NULL) == 3 && funnel(rows, n, 200, ONCE, 3, NULL) == 3 &&
		   funnel(rows, n, 200, ONCE | S, 3, NULL) == 3, "00632 strict_once uid 123: 3");
	n = rows_from("100:12 250:12", rows);
	TAP_OK(funnel(rows, n, 200, ONCE | I, 3, NULL) == 2 && funnel(rows, n, 200, ONCE, 3, NULL) == 2 &&
		   funnel(rows, n, 200, ONCE | S, 3, NULL) == 2, "00632 strict_once uid 234: 2");
	n = rows_from("200:3 210:12 230:3", rows);
	TAP_OK(funnel(rows, n, 200, ONCE | I, 3, NULL) == 1 && funnel(rows, n, 200, ONCE, 3, NULL) == 1 &&
		   funnel(rows, n, 200, ONCE | S, 3, NULL) == 1, "00632 strict_once uid 345: 1");

	/* window: inclusive, anchored at the entry */
	n = rows_from("0:1 5:2 10:3", rows);
	TAP_OK(funnel(rows, n, 10, 0, 3, NULL) == 3 && funnel(rows, n, 9, 0, 3, NULL) == 2, "the window is inclusive");
	n = rows_from("0:1 3:1 6:2 11:3", rows);
	TAP_OK(funnel(rows, n, 8, 0, 3, times) == 3 && times[0] == 3 && times[1] == 6 && times[2] == 11,
		   "the latest entry opens the window; steps 3, 6, 11");
	/* ties: (ts, condition) order */
	n = rows_from("5:2 5:1 5:3", rows);
	TAP_OK(funnel(rows, n, 0, 0, 3, NULL) == 3, "equal timestamps count in condition order (#18884)");
	TAP_OK(funnel(rows, n, 0, I, 3, NULL) == 1, "... but not under strict_increase");
	/* strict_order: a row meeting no step at the same timestamp as a step breaks the funnel */
	n = rows_from("1:1 2:2 2:0 3:3", rows);
	TAP_OK(funnel(rows, n, 10, O, 3, NULL) == 1, "strict_order: an unrelated row at the step's timestamp sorts first");
	/* empty and one step */
	TAP_OK(funnel(rows, 0, 10, 0, 3, NULL) == 0, "no rows: 0");
	n = rows_from("1:1 2:1", rows);
	TAP_OK(funnel(rows, n, 10, 0, 1, times) == 1 && times[0] == 2, "one step: 1, at the latest entry");
	/*
	 * strict_once, two chains entered at the same time (A@0 B@1 and A@0
	 * B@2): the first found is kept (README, window_funnel_steps), so
	 * level 2 with steps 0, 1.
	 */
	n = rows_from("0:1 1:2 2:2", rows);
	TAP_OK(funnel(rows, n, 10, ONCE, 3, times) == 2 && times[0] == 0 && times[1] == 1,
		   "strict_once: of chains entered at the same time, the first found gives the steps");
	/* 64 steps */
	for (int i = 0; i < 64; i++)
	{
		rows[i].ts = i;
		rows[i].mask = UINT64_C(1) << i;
	}
	TAP_OK(funnel(rows, 64, 63, 0, 64, times) == 64 && times[63] == 63, "64 steps");
	TAP_OK(funnel(rows, 64, 62, 0, 64, NULL) == 63, "64 steps, one short of the window");
	/* extreme timestamps do not overflow the window test */
	rows[0] = (cxm_event) {INT64_MIN, 1};
	rows[1] = (cxm_event) {INT64_MAX, 2};
	TAP_OK(funnel(rows, 2, UINT64_C(1) << 62, 0, 2, NULL) == 1 &&
		   funnel(rows, 2, (uint64_t) INT64_MAX, 0, 2, NULL) == 1, "-infinity to infinity is beyond any window");
}

/* Whether distinct rows meet steps 0..len-1 at the given times. */
static bool
assign(const cxm_event *rows, size_t n, const int64_t *times, int step, int len, uint64_t used)
{
	if (step == len)
		return true;
	for (size_t r = 0; r < n; r++)
		if (!(used & (UINT64_C(1) << r)) && rows[r].ts == times[step] &&
			(rows[r].mask & (UINT64_C(1) << step)) &&
			assign(rows, n, times, step + 1, len, used | (UINT64_C(1) << r)))
			return true;
	return false;
}

static bool
chain_exists(const cxm_event *rows, size_t n, const int64_t *times, int len)
{
	return assign(rows, n, times, 0, len, 0);
}

/* ---------- differential test ---------- */

static const uint32_t all_modes[] = {
	0, S, O, I, ONCE, S | O, S | I, S | ONCE, O | I, O | ONCE, I | ONCE, O | R, O | R | S, O | R | I, O | R | ONCE,
	S | O | I, S | O | ONCE, S | I | ONCE, O | I | ONCE, S | O | I | ONCE, O | R | S | ONCE, O | R | S | I | ONCE,
};

static void
test_against_clickhouse(void)
{
	int			mismatches = 0,
				time_mismatches = 0,
				cases = 0;

	for (int round = 0; round < 60000; round++)
	{
		cxm_event	rows[24];
		int			nsteps = 1 + (int) (next_random() % 4);
		size_t		n = next_random() % 13;
		int			spread = 1 + (int) (next_random() % 12);
		uint64_t	window = next_random() % 8;
		uint32_t	modes = all_modes[next_random() % (sizeof(all_modes) / sizeof(all_modes[0]))];
		int64_t		times[64],
					ref_times[64],
					best_first = 0;
		int			got,
					want;

		for (size_t i = 0; i < n; i++)
		{
			rows[i].ts = (int64_t) (next_random() % spread);
			rows[i].mask = next_random() % (UINT64_C(1) << nsteps);
			/* mostly single conditions, as real events are */
			if (next_random() % 3 != 0 && rows[i].mask != 0)
				rows[i].mask &= ~rows[i].mask + 1;
			if (rows[i].mask == 0 && !(modes & O))
				rows[i].mask = 1;
		}
		want = ch_window_funnel(rows, n, window, modes, nsteps, ref_times, &best_first);
		got = funnel(rows, n, window, modes, nsteps, times);
		cases++;
		if (got != want)
		{
			if (mismatches++ < 5)
			{
				printf("# mismatch: modes %u steps %d window %lu:", modes, nsteps, (unsigned long) window);
				for (size_t i = 0; i < n; i++)
					printf(" %ld:%lx", (long) rows[i].ts, (unsigned long) rows[i].mask);
				printf(" -> got %d, ClickHouse %d\n", got, want);
			}
			continue;
		}
		if (got == 0 || (!(modes & O) && nsteps == 1))
			continue;
		if (!(modes & ONCE))
		{
			if (memcmp(times, ref_times, sizeof(int64_t) * got) != 0 && time_mismatches++ < 5)
				printf("# step times differ (modes %u)\n", modes);
		}
		else
		{
			/*
			 * Our rule: the chain entered latest.  ClickHouse stops at the
			 * first chain completing the funnel, so it may never build that
			 * one: ours enters no earlier than any it built, and is a chain.
			 */
			bool		ok = times[0] >= best_first && chain_exists(rows, n, times, got);

			for (int s = 1; s < got; s++)
				ok = ok && times[s] >= times[s - 1] && (!(modes & I) || times[s] > times[s - 1]);
			ok = ok && (uint64_t) (times[got - 1] - times[0]) <= window;
			if (!ok && time_mismatches++ < 5)
				printf("# strict_once chain wrong (modes %u, first %ld, expected %ld)\n", modes,
					   (long) times[0], (long) best_first);
		}
	}
	TAP_OK(mismatches == 0, "levels equal ClickHouse's algorithm on 60,000 random groups, every mode combination");
	TAP_OK(time_mismatches == 0, "step times: ClickHouse's chain, or the latest-entered valid chain under strict_once");
	(void) cases;
}

/*
 * strict_once keeps at most CXM_ONCE_CANDIDATES rows per step of a
 * timestamp group, and stops scanning the group only once every step has
 * its fill.  Here step 2 fills first (65 rows, the cap) and the only row
 * meeting step 1 comes last: it must still be kept.  All 66 rows share one
 * timestamp and the window is 0.  Hand derivation: the last row (step 1)
 * and any of the others (step 2) are distinct rows at the same time, so
 * the chain step 1 -> step 2 exists and the level is 2 of 2, with both
 * step times 7; ClickHouse's algorithm (the transcription above) agrees.
 */
static void
test_once_late_entry(void)
{
	cxm_event	rows[CXM_ONCE_CANDIDATES + 1];
	int64_t		times[2] = {-1, -1};
	size_t		n = 0;
	int			got;

	for (int i = 0; i < CXM_ONCE_CANDIDATES; i++)
		rows[n++] = (cxm_event) {.ts = 7, .mask = 2};
	rows[n++] = (cxm_event) {.ts = 7, .mask = 1};
	got = funnel(rows, n, 0, ONCE, 2, times);
	TAP_OK(got == 2 && times[0] == 7 && times[1] == 7,
		   "strict_once: a step-1 row arriving after step 2's 65 candidates still enters the funnel: 2, at 7 and 7");
	TAP_OK(ch_window_funnel(rows, n, 0, ONCE, 2, NULL, NULL) == 2, "... as in ClickHouse's algorithm");
}

/* Same-timestamp bursts: strict_once stays polynomial (ClickHouse's list grows exponentially). */
static void
test_bursts(void)
{
	static cxm_event rows[20000];
	int64_t		times[64];

	for (int i = 0; i < 20000; i++)
	{
		rows[i].ts = i / 5000;
		rows[i].mask = ~UINT64_C(0) >> (i % 7);
	}
	TAP_OK(funnel(rows, 200, 10, ONCE, 64, times) == 64 && times[63] == 0,
		   "strict_once: 200 rows at one timestamp meeting up to 64 steps fill all 64");
	{
		cxm_event  *sorted = malloc(sizeof(rows));
		cxm_event  *scratch = malloc(sizeof(rows));

		memcpy(sorted, rows, sizeof(rows));
		cxm_events_sort_ts_stable(sorted, 20000, scratch, NULL);
		/* the second row meeting step 2 at the first timestamp finds level 2 set */
		TAP_OK(cxm_funnel_evaluate(sorted, 20000, 10, ONCE | S, 64, times, &ws, NULL) == 2,
			   "strict_once + strict_deduplication over 20,000 rows in 4 timestamps: 2");
		free(sorted);
		free(scratch);
	}
	for (int i = 0; i < 64; i++)
	{
		rows[i].ts = 7;
		rows[i].mask = UINT64_C(1) << (63 - i);		/* arrival order is the reverse of the steps */
	}
	TAP_OK(funnel(rows, 64, 0, ONCE, 64, NULL) == 64, "64 one-step rows at one timestamp, any arrival order");
	rows[0].mask = 0;
	TAP_OK(funnel(rows, 64, 0, ONCE, 64, NULL) == 63, "... without the last step's row: 63");
	rows[63].mask = 0;
	TAP_OK(funnel(rows, 64, 0, ONCE, 64, NULL) == 0, "... without the entry row: 0");

	/*
	 * A workspace is memory the caller reuses and never clears (the glue's
	 * is not zeroed): whatever it holds must not change a result.  Here
	 * every row reads as already visited by the next matching round.
	 */
	{
		static cxm_funnel_workspace dirty;

		for (int i = 0; i < 64; i++)
		{
			rows[i].ts = 7;
			rows[i].mask = UINT64_C(1) << (63 - i);
		}
		memset(&dirty, 0x5a, sizeof(dirty));
		dirty.stamp = 6;
		for (size_t i = 0; i < CXM_ONCE_ROWS; i++)
			dirty.seen[i] = 7;
		TAP_OK(cxm_funnel_evaluate(rows, 64, 0, ONCE, 64, times, &dirty, NULL) == 64,
			   "strict_once: a workspace holding stale marks from earlier use gives the same level");
		/* the visit stamp wraps around at the first matching round: marks must be cleared */
		memset(&dirty, 0x5a, sizeof(dirty));
		dirty.stamp = UINT32_MAX;
		TAP_OK(cxm_funnel_evaluate(rows, 64, 0, ONCE, 64, times, &dirty, NULL) == 64,
			   "strict_once: a workspace whose visit stamp wraps around gives the same level");
	}
}

static int ticks;

static void
count_tick(void *arg)
{
	(void) arg;
	ticks++;
}

/* The scans report progress, so the glue's CHECK_FOR_INTERRUPTS runs inside them. */
static void
test_progress(void)
{
	enum
	{
		N = 1000000
	};
	cxm_event  *rows = malloc(N * sizeof(cxm_event));
	cxm_ticker	ticker = {count_tick, NULL, CXM_TICK_EVERY};

	for (int i = 0; i < N; i++)
	{
		rows[i].ts = i / 3;
		rows[i].mask = UINT64_C(1) << (i % 5);
	}
	ticks = 0;
	cxm_funnel_evaluate(rows, N, 0, 0, 6, NULL, &ws, &ticker);
	TAP_OK(ticks >= 10, "the default scan reports progress");
	ticks = 0;
	cxm_funnel_evaluate(rows, N, 0, ONCE, 6, NULL, &ws, &ticker);
	TAP_OK(ticks >= 10, "the strict_once scan reports progress");

	/*
	 * strict_once's scan itself ticks once per row: 1,000,000 rows at
	 * distinct timestamps, each meeting only step 1, need no matching, so
	 * only the scan can report, at least 1,000,000 / 65,536 = 15 times.
	 */
	for (int i = 0; i < N; i++)
	{
		rows[i].ts = i;
		rows[i].mask = 1;
	}
	ticks = 0;
	cxm_funnel_evaluate(rows, N, 0, ONCE, 6, NULL, &ws, &ticker);
	TAP_OK(ticks >= N / CXM_TICK_EVERY, "the strict_once scan ticks at least once per 65,536 rows");

	/*
	 * The matching inside one timestamp reports its own work: 200 rows at
	 * one timestamp, row i meeting steps 1..64 - i % 7, are 200 units of the
	 * scan (no tick), but fitting steps 1..k to distinct rows, for each step
	 * k = 2..64 reached, is at least 2 + 3 + ... + 64 = 2,079 augmenting
	 * rounds, each over the kept rows (at least step 1's 65 candidates),
	 * counted as one unit more: at least 2,079 x 66 = 137,214 units, so at
	 * least 2 ticks.
	 */
	for (int i = 0; i < 200; i++)
	{
		rows[i].ts = 0;
		rows[i].mask = ~UINT64_C(0) >> (i % 7);
	}
	ticks = 0;
	TAP_OK(cxm_funnel_evaluate(rows, 200, 10, ONCE, 64, NULL, &ws, &ticker) == 64 && ticks >= 2,
		   "strict_once: the matching inside one timestamp reports progress");
	free(rows);
}

/* Random mode strings never crash the parser, and errors locate an item inside the text. */
static void
test_random_modes(void)
{
	static const char *pieces[] = {"strict_order", "strict_once", "allow_reentry", "strict_increase",
	"strict_deduplication", "strict", ",", " ", "x", ",,"};
	bool		ok = true;
	int			valid = 0;

	for (int round = 0; round < 100000; round++)
	{
		char		text[200] = "";
		uint32_t	flags;
		size_t		at,
					len;
		int			n = (int) (next_random() % 6);

		for (int i = 0; i < n; i++)
			strcat(text, pieces[next_random() % 10]);
		if (cxm_funnel_parse_mode(text, strlen(text), &flags, &at, &len) == CXM_MODE_OK)
			ok = ok && cxm_funnel_modes_valid(flags) && ++valid;
		else
			ok = ok && at + len <= strlen(text);
	}
	TAP_OK(ok && valid > 100, "random mode strings: valid flags or an error located inside the text");
}

int
main(void)
{
	test_progress();
	test_random_modes();
	test_modes();
	test_documented();
	test_against_clickhouse();
	test_bursts();
	test_once_late_entry();
	return tap_done();
}
