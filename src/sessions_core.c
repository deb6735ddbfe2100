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

/* ---------- session intervals ---------- */

void
cxm_sess_set_init(cxm_sess_set *s, int64_t gap)
{
	memset(s, 0, sizeof(*s));
	s->gap = gap;
}

void
cxm_sess_set_free(cxm_sess_set *s, const cxm_sess_allocator *mem)
{
	if (s->intervals)
		mem->release(mem->ctx, s->intervals);
	if (s->pending)
		mem->release(mem->ctx, s->pending);
	cxm_sess_set_init(s, s->gap);
}

/* Room for one more element in an array of elem-byte elements. */
static bool
reserve(void **array, int64_t *cap, int64_t used, size_t elem, const cxm_sess_allocator *mem)
{
	int64_t		new_cap;
	void	   *grown;

	if (used < *cap)
		return true;
	new_cap = *cap < 16 ? 16 : *cap + *cap / 2;
	if ((uint64_t) new_cap > SIZE_MAX / elem / 2)
		return false;
	grown = *array == NULL ? mem->alloc(mem->ctx, (size_t) new_cap * elem)
		: mem->grow(mem->ctx, *array, (size_t) *cap * elem, (size_t) new_cap * elem);
	if (grown == NULL)
		return false;
	*array = grown;
	*cap = new_cap;
	return true;
}

/* Pending events are merged once they outnumber the intervals (and 1024). */
static bool
pending_full(const cxm_sess_set *s)
{
	return s->n_pending >= 1024 && s->n_pending >= s->n_intervals;
}

cxm_sess_status
cxm_sess_set_add(cxm_sess_set *s, int64_t ts, const cxm_sess_allocator *mem, cxm_sess_tick tick)
{
	if (s->n_pending == 0)
	{
		cxm_sess_interval *last = s->n_intervals > 0 ? &s->intervals[s->n_intervals - 1] : NULL;

		/* in time order: extend the last session or open a new one */
		if (last != NULL && ts >= last->first)
		{
			if (!cxm_sess_exceeds(last->last, ts, s->gap))
			{
				if (ts > last->last)
					last->last = ts;
				return CXM_SESS_OK;
			}
		}
		if (last == NULL || ts >= last->first)
		{
			if (!reserve((void **) &s->intervals, &s->cap_intervals, s->n_intervals,
						 sizeof(cxm_sess_interval), mem))
				return CXM_SESS_NO_MEMORY;
			s->intervals[s->n_intervals].first = ts;
			s->intervals[s->n_intervals].last = ts;
			s->n_intervals++;
			return CXM_SESS_OK;
		}
	}
	if (!reserve((void **) &s->pending, &s->cap_pending, s->n_pending, sizeof(int64_t), mem))
		return CXM_SESS_NO_MEMORY;
	s->pending[s->n_pending++] = ts;
	if (pending_full(s))
		return cxm_sess_set_compact(s, mem, tick);
	return CXM_SESS_OK;
}

/*
 * Merges two interval lists sorted by first into out (room for na + nb),
 * joining neighbours not more than gap apart.  Returns the count.
 */
static int64_t
merge_intervals(const cxm_sess_interval *a, int64_t na, const cxm_sess_interval *b, int64_t nb,
				int64_t gap, cxm_sess_interval *out, cxm_sess_tick tick)
{
	int64_t		i = 0,
				j = 0,
				n = 0;

	while (i < na || j < nb)
	{
		const cxm_sess_interval *next;

		if (j >= nb || (i < na && a[i].first <= b[j].first))
			next = &a[i++];
		else
			next = &b[j++];
		if (n > 0 && !cxm_sess_exceeds(out[n - 1].last, next->first, gap))
		{
			if (next->last > out[n - 1].last)
				out[n - 1].last = next->last;
		}
		else
			out[n++] = *next;
		if (tick && ((i + j) & (CXM_SESS_TICK_EVERY - 1)) == 0)
			tick();
	}
	return n;
}

/* Sorted events as point intervals, runs not more than gap apart joined. */
static int64_t
points_from_sorted(const int64_t *sorted, int64_t n, int64_t gap, cxm_sess_interval *out)
{
	int64_t		n_points = 0;

	for (int64_t k = 0; k < n; k++)
	{
		if (n_points > 0 && !cxm_sess_exceeds(out[n_points - 1].last, sorted[k], gap))
			out[n_points - 1].last = sorted[k];
		else
		{
			out[n_points].first = sorted[k];
			out[n_points].last = sorted[k];
			n_points++;
		}
	}
	return n_points;
}

/* s->intervals := s->intervals merged with extra (n_extra, sorted). */
static cxm_sess_status
merge_into(cxm_sess_set *s, const cxm_sess_interval *extra, int64_t n_extra,
		   const cxm_sess_allocator *mem, cxm_sess_tick tick)
{
	int64_t		cap = s->n_intervals + n_extra;
	cxm_sess_interval *merged;

	if (n_extra == 0)
		return CXM_SESS_OK;
	merged = mem->alloc(mem->ctx, (size_t) cap * sizeof(cxm_sess_interval));
	if (merged == NULL)
		return CXM_SESS_NO_MEMORY;
	s->n_intervals = merge_intervals(s->intervals, s->n_intervals, extra, n_extra, s->gap, merged, tick);
	if (s->intervals)
		mem->release(mem->ctx, s->intervals);
	s->intervals = merged;
	s->cap_intervals = cap;
	return CXM_SESS_OK;
}

/* Merges n sorted events into the intervals. */
static cxm_sess_status
merge_sorted_events(cxm_sess_set *s, const int64_t *sorted, int64_t n,
					const cxm_sess_allocator *mem, cxm_sess_tick tick)
{
	cxm_sess_interval *points;
	cxm_sess_status st;

	if (n == 0)
		return CXM_SESS_OK;
	points = mem->alloc(mem->ctx, (size_t) n * sizeof(cxm_sess_interval));
	if (points == NULL)
		return CXM_SESS_NO_MEMORY;
	st = merge_into(s, points, points_from_sorted(sorted, n, s->gap, points), mem, tick);
	mem->release(mem->ctx, points);
	return st;
}

cxm_sess_status
cxm_sess_set_compact(cxm_sess_set *s, const cxm_sess_allocator *mem, cxm_sess_tick tick)
{
	cxm_sess_status st;

	if (s->n_pending == 0)
		return CXM_SESS_OK;
	cxm_sess_sort_i64(s->pending, (size_t) s->n_pending, tick);
	st = merge_sorted_events(s, s->pending, s->n_pending, mem, tick);
	if (st == CXM_SESS_OK)
		s->n_pending = 0;
	return st;
}

cxm_sess_status
cxm_sess_set_merge(cxm_sess_set *s, const cxm_sess_set *other, const cxm_sess_allocator *mem,
				   cxm_sess_tick tick)
{
	cxm_sess_status st;
	int64_t    *sorted;

	if ((st = cxm_sess_set_compact(s, mem, tick)) != CXM_SESS_OK ||
		(st = merge_into(s, other->intervals, other->n_intervals, mem, tick)) != CXM_SESS_OK ||
		other->n_pending == 0)
		return st;
	/* other's out-of-order events, sorted in a copy: other stays as it is */
	sorted = mem->alloc(mem->ctx, (size_t) other->n_pending * sizeof(int64_t));
	if (sorted == NULL)
		return CXM_SESS_NO_MEMORY;
	memcpy(sorted, other->pending, (size_t) other->n_pending * sizeof(int64_t));
	cxm_sess_sort_i64(sorted, (size_t) other->n_pending, tick);
	st = merge_sorted_events(s, sorted, other->n_pending, mem, tick);
	mem->release(mem->ctx, sorted);
	return st;
}

cxm_sess_status
cxm_sess_set_count(cxm_sess_set *s, const cxm_sess_allocator *mem, cxm_sess_tick tick, int64_t *count)
{
	cxm_sess_status st = cxm_sess_set_compact(s, mem, tick);

	*count = s->n_intervals;
	return st;
}

size_t
cxm_sess_set_serialized_size(const cxm_sess_set *s)
{
	return CXM_SESS_SET_HEADER + (size_t) s->n_intervals * 16;
}

void
cxm_sess_set_serialize(const cxm_sess_set *s, unsigned char *out)
{
	out[0] = CXM_SESS_SET_VERSION;
	out[1] = out[2] = out[3] = 0;
	cxm_sess_put_u64(out + 4, (uint64_t) s->gap);
	cxm_sess_put_u64(out + 12, (uint64_t) s->n_intervals);
	out += CXM_SESS_SET_HEADER;
	for (int64_t k = 0; k < s->n_intervals; k++, out += 16)
	{
		cxm_sess_put_u64(out, (uint64_t) s->intervals[k].first);
		cxm_sess_put_u64(out + 8, (uint64_t) s->intervals[k].last);
	}
}

cxm_sess_status
cxm_sess_set_deserialize(const unsigned char *in, size_t len, cxm_sess_set *s,
						 const cxm_sess_allocator *mem)
{
	uint64_t	n;
	int64_t		gap;

	cxm_sess_set_init(s, 0);
	if (len < CXM_SESS_SET_HEADER || in[0] != CXM_SESS_SET_VERSION || in[1] || in[2] || in[3])
		return CXM_SESS_BAD_STATE;
	gap = (int64_t) cxm_sess_get_u64(in + 4);
	n = cxm_sess_get_u64(in + 12);
	if (gap < 0 || n > (len - CXM_SESS_SET_HEADER) / 16 || len != CXM_SESS_SET_HEADER + n * 16)
		return CXM_SESS_BAD_STATE;
	s->gap = gap;
	if (n == 0)
		return CXM_SESS_OK;
	s->intervals = mem->alloc(mem->ctx, (size_t) n * sizeof(cxm_sess_interval));
	if (s->intervals == NULL)
		return CXM_SESS_NO_MEMORY;
	s->cap_intervals = (int64_t) n;
	in += CXM_SESS_SET_HEADER;
	for (uint64_t k = 0; k < n; k++, in += 16)
	{
		cxm_sess_interval iv = {(int64_t) cxm_sess_get_u64(in), (int64_t) cxm_sess_get_u64(in + 8)};

		if (iv.first > iv.last ||
			(k > 0 && !cxm_sess_exceeds(s->intervals[k - 1].last, iv.first, gap)))
		{
			cxm_sess_set_free(s, mem);
			return CXM_SESS_BAD_STATE;
		}
		s->intervals[k] = iv;
	}
	s->n_intervals = (int64_t) n;
	return CXM_SESS_OK;
}
