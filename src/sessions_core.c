/*
 * sessions_core.c - sorting, and sessions counted in any arrival order.
 */
#include "sessions_core.h"

#include <string.h>

/* ---------- sorting ---------- */

/*
 * Introsort: quicksort (median of three, Hoare partition, which splits runs
 * of equal keys evenly), insertion sort below 16 elements, heapsort when the
 * recursion gets deeper than 2 log2 n, so the worst case stays O(n log n).
 * The larger side is looped on, the smaller recursed into: the stack stays
 * O(log n).  Work is counted so that the caller's tick runs regularly.
 */
typedef struct sorter
{
	char	   *base;
	size_t		size;
	int			(*cmp) (const void *a, const void *b, void *arg);
	void	   *arg;
	cxm_sess_tick tick;
	size_t		work;
} sorter;

#define REC(s, i) ((s)->base + (i) * (s)->size)

static inline void
rec_swap(sorter *s, size_t i, size_t j)
{
	unsigned char tmp[32];

	if (s->size == 16)
	{
		/* journey_path's events: a constant size, so the copies inline */
		memcpy(tmp, REC(s, i), 16);
		memcpy(REC(s, i), REC(s, j), 16);
		memcpy(REC(s, j), tmp, 16);
		return;
	}

	memcpy(tmp, REC(s, i), s->size);
	memcpy(REC(s, i), REC(s, j), s->size);
	memcpy(REC(s, j), tmp, s->size);
}

static inline int
rec_cmp(sorter *s, size_t i, size_t j)
{
	return s->cmp(REC(s, i), REC(s, j), s->arg);
}

static void
account(sorter *s, size_t n)
{
	s->work += n;
	if (s->work >= CXM_SESS_TICK_EVERY)
	{
		s->work = 0;
		if (s->tick)
			s->tick();
	}
}

static void
rec_insertion(sorter *s, size_t lo, size_t hi)
{
	for (size_t i = lo + 1; i < hi; i++)
		for (size_t j = i; j > lo && rec_cmp(s, j - 1, j) > 0; j--)
			rec_swap(s, j - 1, j);
}

static void
rec_sift(sorter *s, size_t lo, size_t root, size_t n)
{
	for (;;)
	{
		size_t		child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n && rec_cmp(s, lo + child, lo + child + 1) < 0)
			child++;
		if (rec_cmp(s, lo + root, lo + child) >= 0)
			return;
		rec_swap(s, lo + root, lo + child);
		root = child;
	}
}

static void
rec_heapsort(sorter *s, size_t lo, size_t hi)
{
	size_t		n = hi - lo;

	for (size_t i = n / 2; i-- > 0;)
		rec_sift(s, lo, i, n);
	for (size_t end = n; end-- > 1;)
	{
		rec_swap(s, lo, lo + end);
		rec_sift(s, lo, 0, end);
		account(s, 64);
	}
}

static void
rec_introsort(sorter *s, size_t lo, size_t hi, int depth)
{
	while (hi - lo > 16)
	{
		size_t		mid = lo + (hi - lo) / 2;
		size_t		i,
					j;

		account(s, hi - lo);
		if (depth-- == 0)
		{
			rec_heapsort(s, lo, hi);
			return;
		}
		/* median of three moved to lo: the pivot */
		if (rec_cmp(s, mid, lo) < 0)
			rec_swap(s, mid, lo);
		if (rec_cmp(s, hi - 1, lo) < 0)
			rec_swap(s, hi - 1, lo);
		if (rec_cmp(s, hi - 1, mid) < 0)
			rec_swap(s, hi - 1, mid);
		rec_swap(s, lo, mid);
		/* Hoare partition around the pivot at lo */
		i = lo;
		j = hi;
		for (;;)
		{
			do
				i++;
			while (i < hi && rec_cmp(s, i, lo) < 0);
			do
				j--;
			while (rec_cmp(s, j, lo) > 0);
			if (i >= j)
				break;
			rec_swap(s, i, j);
		}
		rec_swap(s, lo, j);
		/* [lo, j) <= pivot, j is placed, (j, hi) >= pivot */
		if (j - lo < hi - (j + 1))
		{
			rec_introsort(s, lo, j, depth);
			lo = j + 1;
		}
		else
		{
			rec_introsort(s, j + 1, hi, depth);
			hi = j;
		}
	}
	rec_insertion(s, lo, hi);
}

static int
depth_limit(size_t n)
{
	int			d = 0;

	while (n > 1)
	{
		n >>= 1;
		d += 2;
	}
	return d;
}

void
cxm_sess_sort_records(void *records, size_t n, size_t size,
					  int (*cmp) (const void *a, const void *b, void *arg),
					  void *arg, cxm_sess_tick tick)
{
	sorter		s = {records, size, cmp, arg, tick, 0};

	if (n > 1)
		rec_introsort(&s, 0, n, depth_limit(n));
}

/* The same algorithm on plain int64 values, without the indirection. */
typedef struct sorter_i64
{
	int64_t    *a;
	cxm_sess_tick tick;
	size_t		work;
} sorter_i64;

static inline void
swap_i64(int64_t *a, size_t i, size_t j)
{
	int64_t		t = a[i];

	a[i] = a[j];
	a[j] = t;
}

static void
account_i64(sorter_i64 *s, size_t n)
{
	s->work += n;
	if (s->work >= CXM_SESS_TICK_EVERY)
	{
		s->work = 0;
		if (s->tick)
			s->tick();
	}
}

static void
sift_i64(int64_t *a, size_t root, size_t n)
{
	for (;;)
	{
		size_t		child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n && a[child] < a[child + 1])
			child++;
		if (a[root] >= a[child])
			return;
		swap_i64(a, root, child);
		root = child;
	}
}

static void
introsort_i64(sorter_i64 *s, size_t lo, size_t hi, int depth)
{
	int64_t    *a = s->a;

	while (hi - lo > 16)
	{
		size_t		mid = lo + (hi - lo) / 2;
		size_t		i,
					j;
		int64_t		pivot;

		account_i64(s, hi - lo);
		if (depth-- == 0)
		{
			size_t		n = hi - lo;

			for (size_t k = n / 2; k-- > 0;)
				sift_i64(a + lo, k, n);
			for (size_t end = n; end-- > 1;)
			{
				swap_i64(a, lo, lo + end);
				sift_i64(a + lo, 0, end);
				account_i64(s, 64);
			}
			return;
		}
		if (a[mid] < a[lo])
			swap_i64(a, mid, lo);
		if (a[hi - 1] < a[lo])
			swap_i64(a, hi - 1, lo);
		if (a[hi - 1] < a[mid])
			swap_i64(a, hi - 1, mid);
		swap_i64(a, lo, mid);
		pivot = a[lo];
		i = lo;
		j = hi;
		for (;;)
		{
			do
				i++;
			while (i < hi && a[i] < pivot);
			do
				j--;
			while (a[j] > pivot);
			if (i >= j)
				break;
			swap_i64(a, i, j);
		}
		swap_i64(a, lo, j);
		if (j - lo < hi - (j + 1))
		{
			introsort_i64(s, lo, j, depth);
			lo = j + 1;
		}
		else
		{
			introsort_i64(s, j + 1, hi, depth);
			hi = j;
		}
	}
	for (size_t i = lo + 1; i < hi; i++)
	{
		int64_t		v = a[i];
		size_t		j = i;

		for (; j > lo && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

void
cxm_sess_sort_i64(int64_t *values, size_t n, cxm_sess_tick tick)
{
	sorter_i64	s = {values, tick, 0};

	if (n > 1)
		introsort_i64(&s, 0, n, depth_limit(n));
}

/* ---------- session sets ---------- */

static inline bool
starts_at(const cxm_sess_set *s, int64_t k)
{
	return (s->starts[k >> 3] >> (k & 7)) & 1;
}

void
cxm_sess_set_init(cxm_sess_set *s, int64_t gap)
{
	memset(s, 0, sizeof(*s));
	s->gap = gap;
}

void
cxm_sess_set_free(cxm_sess_set *s, const cxm_sess_allocator *mem)
{
	if (s->points)
		mem->release(mem->ctx, s->points);
	if (s->starts)
		mem->release(mem->ctx, s->starts);
	if (s->pending)
		mem->release(mem->ctx, s->pending);
	cxm_sess_set_init(s, s->gap);
}

/* Arrays of points (and start bits) for cap points. */
static bool
points_alloc(int64_t cap, int64_t **points, uint8_t **starts, const cxm_sess_allocator *mem)
{
	if ((uint64_t) cap > SIZE_MAX / sizeof(int64_t) / 2)
		return false;
	*points = mem->alloc(mem->ctx, (size_t) cap * sizeof(int64_t));
	*starts = mem->alloc(mem->ctx, (size_t) (cap + 7) / 8);
	if (*points == NULL || *starts == NULL)
		return false;
	memset(*starts, 0, (size_t) (cap + 7) / 8);
	return true;
}

/* Room for one more point. */
static bool
points_reserve(cxm_sess_set *s, const cxm_sess_allocator *mem)
{
	int64_t		new_cap;
	int64_t    *points;
	uint8_t    *starts;

	if (s->n_points < s->cap_points)
		return true;
	new_cap = s->cap_points < 16 ? 16 : s->cap_points + s->cap_points / 2;
	if ((uint64_t) new_cap > SIZE_MAX / sizeof(int64_t) / 2)
		return false;
	if (s->points == NULL)
	{
		if (!points_alloc(new_cap, &s->points, &s->starts, mem))
			return false;
		s->cap_points = new_cap;
		return true;
	}
	points = mem->grow(mem->ctx, s->points, (size_t) s->cap_points * sizeof(int64_t), (size_t) new_cap * sizeof(int64_t));
	if (points == NULL)
		return false;
	s->points = points;
	starts = mem->grow(mem->ctx, s->starts, (size_t) (s->cap_points + 7) / 8, (size_t) (new_cap + 7) / 8);
	if (starts == NULL)
		return false;
	memset(starts + (s->cap_points + 7) / 8, 0, (size_t) (new_cap + 7) / 8 - (size_t) (s->cap_points + 7) / 8);
	s->starts = starts;
	s->cap_points = new_cap;
	return true;
}

/* Appends a point (room reserved), starting a session or not. */
static inline void
points_push(int64_t *points, uint8_t *starts, int64_t *n, int64_t ts, bool start)
{
	points[*n] = ts;
	if (start)
		starts[*n >> 3] |= (uint8_t) (1 << (*n & 7));
	else
		starts[*n >> 3] &= (uint8_t) ~(1 << (*n & 7));
	(*n)++;
}

bool
cxm_sess_set_next(const cxm_sess_set *s, int64_t *at, cxm_sess_interval *session)
{
	int64_t		k = *at;

	if (k >= s->n_points)
		return false;
	session->first = session->last = s->points[k++];
	if (k < s->n_points && !starts_at(s, k))
		session->last = s->points[k++];
	*at = k;
	return true;
}

/* The first point of the last session. */
static int64_t
last_session_first(const cxm_sess_set *s)
{
	return starts_at(s, s->n_points - 1) ? s->points[s->n_points - 1] : s->points[s->n_points - 2];
}

/* Pending events are merged once they outnumber 1024 and an eighth of the sessions. */
static bool
pending_full(const cxm_sess_set *s)
{
	return s->n_pending >= 1024 && s->n_pending >= s->sessions / 8;
}

cxm_sess_status
cxm_sess_set_add(cxm_sess_set *s, int64_t ts, const cxm_sess_allocator *mem, cxm_sess_tick tick)
{
	if (s->n_pending == 0 && (s->n_points == 0 || ts >= last_session_first(s)))
	{
		/* in time order: extend the last session or open a new one */
		if (s->n_points > 0 && !cxm_sess_exceeds(s->points[s->n_points - 1], ts, s->gap))
		{
			if (ts <= s->points[s->n_points - 1])
				return CXM_SESS_OK;
			if (!starts_at(s, s->n_points - 1))
			{
				s->points[s->n_points - 1] = ts;
				return CXM_SESS_OK;
			}
			if (!points_reserve(s, mem))
				return CXM_SESS_NO_MEMORY;
			points_push(s->points, s->starts, &s->n_points, ts, false);
			return CXM_SESS_OK;
		}
		if (!points_reserve(s, mem))
			return CXM_SESS_NO_MEMORY;
		points_push(s->points, s->starts, &s->n_points, ts, true);
		s->sessions++;
		return CXM_SESS_OK;
	}
	if (s->n_pending == s->cap_pending)
	{
		int64_t		new_cap = s->cap_pending < 64 ? 64 : s->cap_pending * 2;
		void	   *grown;

		if ((uint64_t) new_cap > SIZE_MAX / sizeof(int64_t) / 2)
			return CXM_SESS_NO_MEMORY;
		grown = s->pending == NULL ? mem->alloc(mem->ctx, (size_t) new_cap * sizeof(int64_t))
			: mem->grow(mem->ctx, s->pending, (size_t) s->cap_pending * sizeof(int64_t), (size_t) new_cap * sizeof(int64_t));
		if (grown == NULL)
			return CXM_SESS_NO_MEMORY;
		s->pending = grown;
		s->cap_pending = new_cap;
	}
	s->pending[s->n_pending++] = ts;
	if (pending_full(s))
		return cxm_sess_set_compact(s, mem, tick);
	return CXM_SESS_OK;
}

/* A sorted stream of sessions: a set's, or sorted single events. */
typedef struct session_source
{
	const cxm_sess_set *set;	/* NULL: events */
	const int64_t *events;
	int64_t		n_events;
	int64_t		at;
	bool		has;
	cxm_sess_interval head;
} session_source;

static void
source_advance(session_source *src)
{
	if (src->set != NULL)
		src->has = cxm_sess_set_next(src->set, &src->at, &src->head);
	else if ((src->has = src->at < src->n_events))
	{
		src->head.first = src->head.last = src->events[src->at];
		src->at++;
	}
}

static void
source_start(session_source *src, const cxm_sess_set *set, const int64_t *events, int64_t n_events)
{
	src->set = set;
	src->events = events;
	src->n_events = n_events;
	src->at = 0;
	source_advance(src);
}

/*
 * s's sessions := the sessions of a and b merged, neighbours not more than
 * gap apart joined.  a may be s itself: the result is built in new arrays.
 * Joining never adds points, so room = the points of a and b.
 */
static cxm_sess_status
merge_sources(cxm_sess_set *s, session_source *a, session_source *b, int64_t room,
			  const cxm_sess_allocator *mem, cxm_sess_tick tick)
{
	int64_t    *points;
	uint8_t    *starts;
	int64_t		n = 0,
				sessions = 0,
				steps = 0;
	bool		open = false;
	cxm_sess_interval cur = {0, 0};

	if (room == 0)
		return CXM_SESS_OK;
	if (!points_alloc(room, &points, &starts, mem))
		return CXM_SESS_NO_MEMORY;
	while (a->has || b->has)
	{
		session_source *src = !b->has || (a->has && a->head.first <= b->head.first) ? a : b;

		if (open && !cxm_sess_exceeds(cur.last, src->head.first, s->gap))
		{
			if (src->head.last > cur.last)
				cur.last = src->head.last;
		}
		else
		{
			if (open)
			{
				points_push(points, starts, &n, cur.first, true);
				if (cur.last != cur.first)
					points_push(points, starts, &n, cur.last, false);
				sessions++;
			}
			cur = src->head;
			open = true;
		}
		source_advance(src);
		if (tick && (++steps & (CXM_SESS_TICK_EVERY - 1)) == 0)
			tick();
	}
	if (open)
	{
		points_push(points, starts, &n, cur.first, true);
		if (cur.last != cur.first)
			points_push(points, starts, &n, cur.last, false);
		sessions++;
	}

	if (s->points)
		mem->release(mem->ctx, s->points);
	if (s->starts)
		mem->release(mem->ctx, s->starts);
	s->points = points;
	s->starts = starts;
	s->n_points = n;
	s->cap_points = room;
	s->sessions = sessions;
	return CXM_SESS_OK;
}

cxm_sess_status
cxm_sess_set_compact(cxm_sess_set *s, const cxm_sess_allocator *mem, cxm_sess_tick tick)
{
	session_source ours,
				events;
	cxm_sess_status st;

	if (s->n_pending == 0)
		return CXM_SESS_OK;
	cxm_sess_sort_i64(s->pending, (size_t) s->n_pending, tick);
	source_start(&ours, s, NULL, 0);
	source_start(&events, NULL, s->pending, s->n_pending);
	st = merge_sources(s, &ours, &events, s->n_points + s->n_pending, mem, tick);
	if (st == CXM_SESS_OK)
		s->n_pending = 0;
	return st;
}

cxm_sess_status
cxm_sess_set_merge(cxm_sess_set *s, const cxm_sess_set *other, const cxm_sess_allocator *mem,
				   cxm_sess_tick tick)
{
	session_source ours,
				theirs;
	cxm_sess_status st;
	int64_t    *sorted;

	if ((st = cxm_sess_set_compact(s, mem, tick)) != CXM_SESS_OK)
		return st;
	source_start(&ours, s, NULL, 0);
	source_start(&theirs, other, NULL, 0);
	if ((st = merge_sources(s, &ours, &theirs, s->n_points + other->n_points, mem, tick)) != CXM_SESS_OK ||
		other->n_pending == 0)
		return st;
	/* other's out-of-order events, sorted in a copy: other stays as it is */
	sorted = mem->alloc(mem->ctx, (size_t) other->n_pending * sizeof(int64_t));
	if (sorted == NULL)
		return CXM_SESS_NO_MEMORY;
	memcpy(sorted, other->pending, (size_t) other->n_pending * sizeof(int64_t));
	cxm_sess_sort_i64(sorted, (size_t) other->n_pending, tick);
	source_start(&ours, s, NULL, 0);
	source_start(&theirs, NULL, sorted, other->n_pending);
	st = merge_sources(s, &ours, &theirs, s->n_points + other->n_pending, mem, tick);
	mem->release(mem->ctx, sorted);
	return st;
}

cxm_sess_status
cxm_sess_set_count(cxm_sess_set *s, const cxm_sess_allocator *mem, cxm_sess_tick tick, int64_t *count)
{
	cxm_sess_status st = cxm_sess_set_compact(s, mem, tick);

	*count = s->sessions;
	return st;
}

size_t
cxm_sess_set_serialized_size(const cxm_sess_set *s)
{
	return CXM_SESS_SET_HEADER + (size_t) s->sessions * 16;
}

void
cxm_sess_set_serialize(const cxm_sess_set *s, unsigned char *out)
{
	int64_t		at = 0;
	cxm_sess_interval session;

	out[0] = CXM_SESS_SET_VERSION;
	out[1] = out[2] = out[3] = 0;
	cxm_sess_put_u64(out + 4, (uint64_t) s->gap);
	cxm_sess_put_u64(out + 12, (uint64_t) s->sessions);
	out += CXM_SESS_SET_HEADER;
	while (cxm_sess_set_next(s, &at, &session))
	{
		cxm_sess_put_u64(out, (uint64_t) session.first);
		cxm_sess_put_u64(out + 8, (uint64_t) session.last);
		out += 16;
	}
}

cxm_sess_status
cxm_sess_set_deserialize(const unsigned char *in, size_t len, cxm_sess_set *s,
						 const cxm_sess_allocator *mem)
{
	uint64_t	n;
	int64_t		gap,
				previous_last = 0;

	cxm_sess_set_init(s, 0);
	if (len < CXM_SESS_SET_HEADER || in[0] != CXM_SESS_SET_VERSION || in[1] || in[2] || in[3])
		return CXM_SESS_BAD_STATE;
	gap = (int64_t) cxm_sess_get_u64(in + 4);
	n = cxm_sess_get_u64(in + 12);
	if (gap < 0 || n > (len - CXM_SESS_SET_HEADER) / 16 || len != CXM_SESS_SET_HEADER + n * 16)
		return CXM_SESS_BAD_STATE;
	in += CXM_SESS_SET_HEADER;
	for (uint64_t k = 0; k < n; k++)
	{
		int64_t		first = (int64_t) cxm_sess_get_u64(in + k * 16),
					last = (int64_t) cxm_sess_get_u64(in + k * 16 + 8);

		/* timestamps PostgreSQL has; an infinity is within no gap of another time */
		if (first > last || !cxm_ts_valid(first) || !cxm_ts_valid(last) ||
			(first != last && (cxm_ts_infinite(first) || cxm_ts_infinite(last))) ||
			(k > 0 && !cxm_sess_exceeds(previous_last, first, gap)))
			return CXM_SESS_BAD_STATE;
		previous_last = last;
	}
	s->gap = gap;
	if (n == 0)
		return CXM_SESS_OK;
	if (!points_alloc((int64_t) n * 2, &s->points, &s->starts, mem))
	{
		cxm_sess_set_free(s, mem);
		return CXM_SESS_NO_MEMORY;
	}
	s->cap_points = (int64_t) n * 2;
	for (uint64_t k = 0; k < n; k++)
	{
		int64_t		first = (int64_t) cxm_sess_get_u64(in + k * 16),
					last = (int64_t) cxm_sess_get_u64(in + k * 16 + 8);

		points_push(s->points, s->starts, &s->n_points, first, true);
		if (last != first)
			points_push(s->points, s->starts, &s->n_points, last, false);
	}
	s->sessions = (int64_t) n;
	return CXM_SESS_OK;
}
