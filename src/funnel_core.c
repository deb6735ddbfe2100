/*
 * funnel_core.c - ClickHouse's windowFunnel (AggregateFunctionWindowFunnel.cpp)
 * reproduced mode for mode, in O(n) after the sort and O(steps) memory.
 *
 * ClickHouse turns every row into one entry per condition it meets (plus,
 * under strict_order, a marker for a row that meets none), sorts the
 * entries by (timestamp, condition) and scans them once.  Here a row is one
 * 16-byte entry (timestamp, condition mask); the rows of one timestamp are
 * read together and their conditions visited in increasing order, which is
 * that same entry order.  Entries with the same timestamp and condition are
 * indistinguishable except through strict_deduplication (the second one sees
 * the level the first one set), so a group records which conditions occur
 * twice.
 *
 * strict_once: ClickHouse keeps every candidate chain per level, which is
 * exponential in the number of rows that share a timestamp and meet several
 * conditions.  Across timestamps only the latest entry time per level
 * matters; inside one timestamp, whether a chain can avoid reusing a row is
 * a bipartite matching of steps to the group's rows (Kuhn's algorithm over
 * at most 64 steps and 65 candidate rows per step).
 */
#include "funnel_core.h"

#include <string.h>

/* ---------- modes ---------- */

static const struct
{
	const char *name;
	uint32_t	flag;
}			mode_names[] =
{
	{"strict_deduplication", CXM_FUNNEL_STRICT_DEDUPLICATION},
	{"strict_order", CXM_FUNNEL_STRICT_ORDER},
	{"strict_increase", CXM_FUNNEL_STRICT_INCREASE},
	{"strict_once", CXM_FUNNEL_STRICT_ONCE},
	{"allow_reentry", CXM_FUNNEL_ALLOW_REENTRY},
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

cxm_mode_status
cxm_funnel_parse_mode(const char *text, size_t len, uint32_t *flags,
					  size_t *item_start, size_t *item_len)
{
	size_t		pos = 0;
	bool		blank = true;

	*flags = 0;
	*item_start = 0;
	*item_len = 0;
	for (size_t i = 0; i < len; i++)
		if (!is_blank(text[i]))
			blank = false;
	if (blank)
		return CXM_MODE_OK;

	for (;;)
	{
		size_t		start = pos,
					end;
		bool		known = false;

		while (pos < len && text[pos] != ',')
			pos++;
		end = pos;
		while (start < end && is_blank(text[start]))
			start++;
		while (end > start && is_blank(text[end - 1]))
			end--;
		*item_start = start;
		*item_len = end - start;
		if (start == end)
			return CXM_MODE_EMPTY_ITEM;
		for (size_t m = 0; m < sizeof(mode_names) / sizeof(mode_names[0]); m++)
			if (strlen(mode_names[m].name) == end - start &&
				memcmp(mode_names[m].name, text + start, end - start) == 0)
			{
				*flags |= mode_names[m].flag;
				known = true;
			}
		if (!known)
			return end - start == 6 && memcmp(text + start, "strict", 6) == 0
				? CXM_MODE_STRICT_RENAMED : CXM_MODE_UNKNOWN;
		if (pos == len)
			break;
		pos++;					/* the comma */
	}
	*item_start = 0;
	*item_len = 0;
	if ((*flags & CXM_FUNNEL_ALLOW_REENTRY) && !(*flags & CXM_FUNNEL_STRICT_ORDER))
		return CXM_MODE_REENTRY_NEEDS_ORDER;
	return CXM_MODE_OK;
}

bool
cxm_funnel_modes_valid(uint32_t flags)
{
	if (flags & ~CXM_FUNNEL_ALL_MODES)
		return false;
	return !(flags & CXM_FUNNEL_ALLOW_REENTRY) || (flags & CXM_FUNNEL_STRICT_ORDER);
}

const char *
cxm_funnel_state_check(const cxm_events_header *header, bool *allow_empty_mask)
{
	*allow_empty_mask = false;
	if (header->kind != CXM_KIND_FUNNEL)
		return "it is not a funnel state";
	if (header->pattern_len != 0)
		return "a funnel state has no pattern";
	if (!cxm_funnel_modes_valid(header->flags))
		return "its mode flags are not a valid combination";
	*allow_empty_mask = (header->flags & CXM_FUNNEL_STRICT_ORDER) != 0;
	return NULL;
}

/* ---------- shared helpers ---------- */

static inline int
lowest_bit(uint64_t m)
{
	return __builtin_ctzll(m);
}

/* Levels are reached in order, so the set ones are a prefix: its length. */
static inline int
levels_reached(uint64_t set, int nsteps)
{
	return set == ~UINT64_C(0) ? 64 : (lowest_bit(~set) < nsteps ? lowest_bit(~set) : nsteps);
}

/*
 * ts is within the window opened at first (ts >= first: the events are
 * sorted).  Exact at any distance; an infinity is within no window of another
 * timestamp (the window is at most INT64_MAX).
 */
static inline bool
in_window(int64_t ts, int64_t first, uint64_t window)
{
	return cxm_ts_distance(first, ts) <= window;
}

static inline uint64_t
bit(int k)
{
	return UINT64_C(1) << k;
}

/* ---------- every mode but strict_once ---------- */

static int
evaluate_latest(const cxm_event *ev, size_t n, uint64_t window, uint32_t modes, int nsteps,
				int64_t *times, cxm_funnel_workspace *ws, cxm_ticker *ticker)
{
	const bool	dedup = modes & CXM_FUNNEL_STRICT_DEDUPLICATION;
	const bool	order = modes & CXM_FUNNEL_STRICT_ORDER;
	const bool	increase = modes & CXM_FUNNEL_STRICT_INCREASE;
	const bool	reentry = modes & CXM_FUNNEL_ALLOW_REENTRY;
	int64_t		first[CXM_FUNNEL_MAX_STEPS];
	int64_t		last[CXM_FUNNEL_MAX_STEPS];
	uint64_t	set = 0;
	bool		first_event = false;
	int			reached;
	size_t		i = 0;

	while (i < n)
	{
		const int64_t ts = ev[i].ts;
		uint64_t	any = 0,
					twice = 0;
		bool		marker = false;
		size_t		j = i;

		do
		{
			uint64_t	m = ev[j].mask;

			marker |= m == 0;
			twice |= any & m;
			any |= m;
			j++;
		} while (j < n && ev[j].ts == ts);
		cxm_tick(ticker, (uint32_t) (j - i));

		/* markers sort before the steps of their timestamp */
		if (order && marker && first_event)
			goto stop;
		while (any != 0)
		{
			int			k = lowest_bit(any);

			any &= any - 1;
			if (k == 0)
			{
				/* a new entry replaces the chain at level 1 */
				first[0] = last[0] = ts;
				set |= 1;
				first_event = true;
				if (times)
					ws->chain[0][0] = ts;
				continue;
			}
			if (dedup && (set & bit(k)))
				goto stop;
			if (order && first_event && !(set & bit(k - 1)))
			{
				if (reentry)
					continue;
				goto stop;
			}
			if (!(set & bit(k - 1)))
				continue;
			if (in_window(ts, first[k - 1], window) && (!increase || last[k - 1] < ts))
			{
				first[k] = first[k - 1];
				last[k] = ts;
				set |= bit(k);
				if (times)
				{
					memcpy(ws->chain[k], ws->chain[k - 1], sizeof(int64_t) * k);
					ws->chain[k][k] = ts;
				}
				if (k + 1 == nsteps)
					goto stop;
				/* a second row meeting condition k finds its level set */
				if (dedup && (twice & bit(k)))
					goto stop;
			}
		}
		i = j;
	}
stop:
	reached = levels_reached(set, nsteps);
	if (times && reached > 0)
		memcpy(times, ws->chain[reached - 1], sizeof(int64_t) * reached);
	return reached;
}

/* ---------- strict_once ---------- */

#define NO_ROW ((size_t) -1)

/* Keeps, per step, the first CXM_ONCE_CANDIDATES rows of the group meeting it. */
static void
once_prepare(cxm_funnel_workspace *ws, const cxm_event *group, size_t len, int nsteps)
{
	uint64_t	open = nsteps == 64 ? ~UINT64_C(0) : bit(nsteps) - 1;

	memset(ws->ncandidates, 0, sizeof(ws->ncandidates));
	ws->nkept = 0;
	ws->group_len = len;
	for (size_t r = 0; r < len && open != 0; r++)
	{
		uint64_t	take = group[r].mask & open;
		size_t		local;

		if (take == 0)
			continue;
		local = ws->nkept++;
		ws->row_index[local] = r;
		ws->candidate_of[local] = take;
		while (take != 0)
		{
			int			s = lowest_bit(take);

			take &= take - 1;
			ws->candidates[s][ws->ncandidates[s]++] = (uint16_t) local;
			if (ws->ncandidates[s] == CXM_ONCE_CANDIDATES)
				open &= ~bit(s);
		}
	}
	/* no kept row is marked visited: the workspace may hold marks of earlier use */
	memset(ws->seen, 0, ws->nkept * sizeof(ws->seen[0]));
}

/* The kept-row number of group row r, or NO_ROW (kept rows are in row order). */
static size_t
once_local(const cxm_funnel_workspace *ws, size_t r)
{
	size_t		lo = 0,
				hi = ws->nkept;

	while (lo < hi)
	{
		size_t		mid = (lo + hi) / 2;

		if (ws->row_index[mid] < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ws->nkept && ws->row_index[lo] == r ? lo : NO_ROW;
}

static bool
once_augment(cxm_funnel_workspace *ws, int step, size_t excluded)
{
	for (int c = 0; c < ws->ncandidates[step]; c++)
	{
		size_t		r = ws->candidates[step][c];

		if (r == excluded || ws->seen[r] == ws->stamp)
			continue;
		ws->seen[r] = ws->stamp;
		if (ws->owner[r] < 0 || once_augment(ws, ws->owner[r], excluded))
		{
			ws->owner[r] = (int8_t) step;
			return true;
		}
	}
	return false;
}

/*
 * Can steps lo..hi (0-based, inclusive) each take a different row of the
 * group, none of them the kept row excluded?  An empty range can.
 */
static bool
once_distinct(cxm_funnel_workspace *ws, int lo, int hi, size_t excluded, cxm_ticker *ticker)
{
	size_t		available = ws->group_len - (excluded != NO_ROW ? 1 : 0);

	if (lo > hi)
		return true;
	if ((size_t) (hi - lo + 1) > available)
		return false;
	memset(ws->owner, -1, ws->nkept);
	for (int s = lo; s <= hi; s++)
	{
		if (++ws->stamp == 0)
		{
			memset(ws->seen, 0, sizeof(ws->seen));
			ws->stamp = 1;
		}
		cxm_tick(ticker, (uint32_t) ws->nkept + 1);
		if (!once_augment(ws, s, excluded))
			return false;
	}
	return true;
}

/*
 * The smallest start j in 0..min(live, hi + 1) such that steps j..hi can be
 * filled by distinct rows of the group (none of them excluded): a chain
 * entered in this group (j = 0) or continuing the old chain at level j
 * (0-based j - 1), which must be live, i.e. j <= live.  j = hi + 1 (no step
 * from the group) only when allow_empty.  -1 when there is none.  Feasibility
 * only grows with j, so a binary search finds it; the chain from the
 * smallest j enters latest, since entry times fall with the level.
 */
static int
once_best_start(cxm_funnel_workspace *ws, int hi, int live, size_t excluded, bool allow_empty,
				cxm_ticker *ticker)
{
	int			top = allow_empty ? hi + 1 : hi;
	int			lo;

	if (live < top)
		top = live;
	if (top < 0 || !once_distinct(ws, top, hi, excluded, ticker))
		return -1;
	lo = 0;
	while (lo < top)
	{
		int			mid = (lo + top) / 2;

		if (once_distinct(ws, mid, hi, excluded, ticker))
			top = mid;
		else
			lo = mid + 1;
	}
	return top;
}

/* The chain of steps 0..k: the old chain up to step start - 1, then ts. */
static void
once_compose(cxm_funnel_workspace *ws, int k, int start, int64_t ts)
{
	if (start > 0)
		memcpy(ws->pending[k], ws->chain[start - 1], sizeof(int64_t) * start);
	for (int s = start; s <= k; s++)
		ws->pending[k][s] = ts;
}

static int
evaluate_once(const cxm_event *ev, size_t n, uint64_t window, uint32_t modes, int nsteps,
			  int64_t *times, cxm_funnel_workspace *ws, cxm_ticker *ticker)
{
	const bool	dedup = modes & CXM_FUNNEL_STRICT_DEDUPLICATION;
	const bool	order = modes & CXM_FUNNEL_STRICT_ORDER;
	const bool	increase = modes & CXM_FUNNEL_STRICT_INCREASE;
	const bool	reentry = modes & CXM_FUNNEL_ALLOW_REENTRY;

	/*
	 * Per level, the latest entry time of any chain ever held there (it
	 * never rises with the level: a chain inherits its entry from the level
	 * below) and, for the level's best chain, its step times.
	 */
	int64_t		entered[CXM_FUNNEL_MAX_STEPS];
	int64_t		gained_entry[CXM_FUNNEL_MAX_STEPS];
	uint64_t	set = 0,
				old = 0,
				gained = 0;
	bool		first_event = false;
	int			reached;
	size_t		i = 0;

	while (i < n)
	{
		const int64_t ts = ev[i].ts;
		const cxm_event *group = ev + i;
		size_t		len;
		uint64_t	any = 0;
		bool		marker = false,
					prepared = false;
		int			live = 0;
		size_t		j = i;

		do
		{
			marker |= ev[j].mask == 0;
			any |= ev[j].mask;
			j++;
		} while (j < n && ev[j].ts == ts);
		len = j - i;
		cxm_tick(ticker, (uint32_t) len);
		old = set;
		gained = 0;

		if (order && marker && first_event)
			goto stop;
		/* old levels whose latest chain is still inside the window: a prefix */
		while (live < nsteps && (old & bit(live)) && in_window(ts, entered[live], window))
			live++;

		while (any != 0)
		{
			int			k = lowest_bit(any);
			int			start = k;
			size_t		extender = 0;	/* its rank among the rows meeting k */
			size_t		extender_row = NO_ROW;

			any &= any - 1;
			if (k == 0)
			{
				set |= 1;
				gained |= 1;
				gained_entry[0] = ts;
				first_event = true;
				if (times)
					ws->pending[0][0] = ts;
				continue;
			}
			if (dedup && (set & bit(k)))
				goto stop;
			if (order && first_event && !(set & bit(k - 1)))
			{
				if (reentry)
					continue;
				goto stop;
			}
			if (!(set & bit(k - 1)))
				continue;

			/*
			 * Which rows meeting k extend a chain at level k - 1 that does
			 * not use them?  Any row, when the old chain there is live (it
			 * holds no row of this timestamp).  Otherwise the chain must be
			 * continued inside the group from the highest live old level,
			 * with a different row for each step.  Under strict_increase a
			 * step needs a later timestamp than the one before, so nothing
			 * is built inside a group.
			 */
			if (live < k && increase)
				continue;
			if ((live < k || (len > 1 && !increase)) && !prepared)
			{
				once_prepare(ws, group, len, nsteps);
				prepared = true;
			}
			if (live >= k)
			{
				for (size_t r = 0; r < len; r++)
					if (group[r].mask & bit(k))
					{
						extender_row = r;
						break;
					}
			}
			else if (!dedup)
			{
				if (!once_distinct(ws, live, k, NO_ROW, ticker))
					continue;
			}
			else
			{
				uint64_t	inside = (bit(k) - 1) & ~(bit(live) - 1);

				if (!once_distinct(ws, live, k - 1, NO_ROW, ticker))
					continue;
				for (size_t r = 0; r < len; r++)
				{
					size_t		local;

					if (!(group[r].mask & bit(k)))
						continue;
					local = once_local(ws, r);
					if (local == NO_ROW || !(ws->candidate_of[local] & inside) ||
						once_distinct(ws, live, k - 1, local, ticker))
					{
						extender_row = r;
						break;
					}
					extender++;
				}
				if (extender_row == NO_ROW)
					continue;
			}

			/*
			 * The chain kept for level k: the one entered latest, i.e. from
			 * the lowest start.  A lone row cannot fill two steps, so then it
			 * continues the old chain at level k - 1.  Under
			 * strict_deduplication the scan may stop right after the first
			 * extending row, so only that row's chains count.
			 */
			if (len > 1 && !increase)
				start = dedup
					? once_best_start(ws, k - 1, live, once_local(ws, extender_row), true, ticker)
					: once_best_start(ws, k, live, NO_ROW, false, ticker);
			set |= bit(k);
			gained |= bit(k);
			gained_entry[k] = start == 0 ? ts : entered[start - 1];
			if (times)
				once_compose(ws, k, start, ts);
			if (k + 1 == nsteps)
				goto stop;
			if (dedup)
			{
				/* a later row meeting k finds level k set */
				size_t		rank = 0;

				for (size_t r = 0; r < len; r++)
					if ((group[r].mask & bit(k)) && rank++ > extender)
						goto stop;
			}
		}
		/* the chains gained at this timestamp join the old ones */
		while (gained != 0)
		{
			int			k = lowest_bit(gained);

			gained &= gained - 1;
			if (!(old & bit(k)) || gained_entry[k] > entered[k])
			{
				entered[k] = gained_entry[k];
				if (times)
					memcpy(ws->chain[k], ws->pending[k], sizeof(int64_t) * (k + 1));
			}
		}
		i = j;
	}
stop:
	reached = levels_reached(set, nsteps);
	if (times && reached > 0)
	{
		int			top = reached - 1;
		bool		newer = (gained & bit(top)) &&
			(!(old & bit(top)) || gained_entry[top] > entered[top]);

		memcpy(times, newer ? ws->pending[top] : ws->chain[top], sizeof(int64_t) * reached);
	}
	return reached;
}

int
cxm_funnel_evaluate(const cxm_event *events, size_t n, uint64_t window, uint32_t modes,
					int nsteps, int64_t *times, cxm_funnel_workspace *ws, cxm_ticker *ticker)
{
	if (modes & CXM_FUNNEL_STRICT_ONCE)
		return evaluate_once(events, n, window, modes, nsteps, times, ws, ticker);
	return evaluate_latest(events, n, window, modes, nsteps, times, ws, ticker);
}
