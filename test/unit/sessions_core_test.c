/* Unit tests of src/sessions_core.c: sorting, numbering and session sets. */
#include "sessions_core.h"
#include "tap.h"

#define TEST_RANDOM_SEED UINT64_C(88172645463325252)
#include "support.h"

#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int	ticks = 0;

static void
count_tick(void)
{
	ticks++;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a,
				y = *(const int64_t *) b;

	return x < y ? -1 : x > y;
}

/* the number of sessions of n timestamps, by sorting a copy */
static int64_t
brute_sessions(const int64_t *ts, int64_t n, int64_t gap)
{
	int64_t    *copy = malloc(sizeof(int64_t) * (n + 1));
	int64_t		sessions = 0;

	for (int64_t k = 0; k < n; k++)
		copy[k] = ts[k];
	qsort(copy, n, sizeof(int64_t), cmp_i64);
	for (int64_t k = 0; k < n; k++)
		if (k == 0 || cxm_sess_exceeds(copy[k - 1], copy[k], gap))
			sessions++;
	free(copy);
	return sessions;
}

static void
test_sort(void)
{
	size_t		sizes[] = {0, 1, 2, 16, 17, 100, 1000, 300000};
	int			all_ok = 1;

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
	{
		for (int shape = 0; shape < 5; shape++)
		{
			size_t		n = sizes[s];
			int64_t    *a = malloc(sizeof(int64_t) * (n + 1));
			int64_t    *b = malloc(sizeof(int64_t) * (n + 1));

			for (size_t k = 0; k < n; k++)
			{
				switch (shape)
				{
					case 0:
						a[k] = (int64_t) next_random();
						break;
					case 1:
						a[k] = (int64_t) k;
						break;
					case 2:
						a[k] = (int64_t) (n - k);
						break;
					case 3:
						a[k] = 42;
						break;
					default:
						a[k] = (int64_t) (next_random() % 3) - 1;
				}
				b[k] = a[k];
			}
			cxm_sess_sort_i64(a, n, count_tick);
			qsort(b, n, sizeof(int64_t), cmp_i64);
			for (size_t k = 0; k < n; k++)
				all_ok &= a[k] == b[k];
			free(a);
			free(b);
		}
	}
	TAP_OK(all_ok, "sort_i64 equals qsort on random, sorted, reversed, constant and 3-valued inputs");
	TAP_OK(ticks > 0, "long sorts tick (cancel is checked)");
}

static int
rec_cmp(const void *a, const void *b, void *arg)
{
	const int64_t *x = a,
			   *y = b;

	(void) arg;
	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

static void
test_sort_records(void)
{
	size_t		n = 60000;
	int64_t    *r = malloc(sizeof(int64_t) * 2 * n);
	int			ok = 1;
	uint64_t	before = 0,
				after = 0;

	for (size_t k = 0; k < n; k++)
	{
		r[2 * k] = (int64_t) (next_random() % 50);
		r[2 * k + 1] = (int64_t) next_random();
		before += (uint64_t) r[2 * k] * 31 + (uint64_t) r[2 * k + 1];
	}
	cxm_sess_sort_records(r, n, 16, rec_cmp, NULL, NULL);
	for (size_t k = 0; k < n; k++)
	{
		after += (uint64_t) r[2 * k] * 31 + (uint64_t) r[2 * k + 1];
		if (k > 0 && rec_cmp(&r[2 * (k - 1)], &r[2 * k], NULL) > 0)
			ok = 0;
	}
	TAP_OK(ok, "sort_records orders 16-byte records by (key, tag)");
	TAP_OK(before == after, "sort_records keeps every record");
	free(r);
}

/*
 * An input that drives the quicksort into its heapsort fallback, made by
 * McIlroy's adversary (adversary_cmp, support.h). The adversary plays
 * against a copy of the partitioning of sessions_core.c (the same in
 * sort_records and sort_i64) until its depth limit sends a range to
 * heapsort. Every answer given stays true of the final values, so sorting
 * those values replays the same partitions and reaches the same heapsort.
 * The items still gas then (never compared with each other) get the values
 * above, shuffled, the largest at the end of the heap's range.
 */
/* rec_introsort's partitioning of positions p, up to its first heapsort: *heap_lo, *heap_hi */
static bool
adversary_partition(int64_t *p, size_t lo, size_t hi, int depth, size_t *heap_lo, size_t *heap_hi)
{
	while (hi - lo > 16)
	{
		size_t		mid = lo + (hi - lo) / 2;
		size_t		i,
					j;

		if (depth-- == 0)
		{
			*heap_lo = lo;
			*heap_hi = hi;
			return true;
		}
		if (adversary_cmp(p[mid], p[lo]) < 0)
			swap_positions(p, mid, lo);
		if (adversary_cmp(p[hi - 1], p[lo]) < 0)
			swap_positions(p, hi - 1, lo);
		if (adversary_cmp(p[hi - 1], p[mid]) < 0)
			swap_positions(p, hi - 1, mid);
		swap_positions(p, lo, mid);
		i = lo;
		j = hi;
		for (;;)
		{
			do
				i++;
			while (i < hi && adversary_cmp(p[i], p[lo]) < 0);
			do
				j--;
			while (adversary_cmp(p[j], p[lo]) > 0);
			if (i >= j)
				break;
			swap_positions(p, i, j);
		}
		swap_positions(p, lo, j);
		/* insertion sort of a short side freezes nothing the rest depends on */
		if (j - lo < hi - (j + 1))
		{
			if (adversary_partition(p, lo, j, depth, heap_lo, heap_hi))
				return true;
			lo = j + 1;
		}
		else
		{
			if (adversary_partition(p, j + 1, hi, depth, heap_lo, heap_hi))
				return true;
			hi = j;
		}
	}
	return false;
}

/* values[0..n): a permutation of 0..n-1 that reaches heapsort on *heap_size items */
static bool
killer_input(int64_t *values, size_t n, size_t *heap_size)
{
	int64_t    *p = malloc(sizeof(int64_t) * n);
	int64_t    *left = malloc(sizeof(int64_t) * n);
	size_t		nleft = 0,
				heap_lo = 0,
				heap_hi = 0;
	int			depth = 0;
	bool		reached;

	for (size_t m = n; m > 1; m >>= 1)
		depth += 2;
	adversary_value = values;
	adversary_gas = (int64_t) n;
	adversary_frozen = 0;
	adversary_candidate = -1;
	for (size_t k = 0; k < n; k++)
	{
		p[k] = (int64_t) k;
		values[k] = adversary_gas;
	}
	reached = adversary_partition(p, 0, n, depth, &heap_lo, &heap_hi);
	for (size_t k = 0; k < n; k++)
		if (values[k] == adversary_gas && (!reached || k != (size_t) p[heap_hi - 1]))
			left[nleft++] = (int64_t) k;
	for (size_t k = nleft; k > 1; k--)
		swap_positions(left, k - 1, next_random() % k);
	for (size_t k = 0; k < nleft; k++)
		values[left[k]] = adversary_frozen++;
	if (reached && values[p[heap_hi - 1]] == adversary_gas)
		values[p[heap_hi - 1]] = adversary_frozen++;
	*heap_size = heap_hi - heap_lo;
	free(p);
	free(left);
	return reached;
}

static uint64_t compares;

static int
counting_cmp(const void *a, const void *b, void *arg)
{
	int64_t		x = *(const int64_t *) a,
				y = *(const int64_t *) b;

	(void) arg;
	compares++;
	return (x > y) - (x < y);
}

static void
test_sort_adversary(void)
{
	/* heapsort's ranges of both parities */
	size_t		sizes[] = {100000, 100001};
	bool		reached = true,
				odd = false,
				records_ok = true,
				bounded = true,
				i64_ok = true;

	for (size_t s = 0; s < 2; s++)
	{
		size_t		n = sizes[s],
					heap_size = 0;
		int64_t    *killer = malloc(sizeof(int64_t) * n);
		int64_t    *a = malloc(sizeof(int64_t) * n);
		double		log2n = 0;

		for (size_t m = n; m > 1; m >>= 1)
			log2n += 1;
		reached &= killer_input(killer, n, &heap_size);
		odd |= heap_size % 2 == 1;
		printf("# n = %zu: heapsort of %zu items\n", n, heap_size);

		/* a permutation of 0..n-1: sorted, position k holds k */
		memcpy(a, killer, sizeof(int64_t) * n);
		compares = 0;
		cxm_sess_sort_records(a, n, sizeof(int64_t), counting_cmp, NULL, NULL);
		for (size_t k = 0; k < n; k++)
			records_ok &= a[k] == (int64_t) k;
		/* quicksort alone would take about n^2 / 4 = 2.5e9 comparisons here */
		bounded &= compares < 8 * n * log2n;
		printf("# %llu comparisons (n log2 n = %.0f)\n", (unsigned long long) compares, n * log2n);

		memcpy(a, killer, sizeof(int64_t) * n);
		cxm_sess_sort_i64(a, n, NULL);
		for (size_t k = 0; k < n; k++)
			i64_ok &= a[k] == (int64_t) k;
		free(killer);
		free(a);
	}
	TAP_OK(reached && odd, "the adversary drives the partitioning to heapsort (ranges of odd and even size)");
	TAP_OK(records_ok, "sort_records sorts the adversary's input (a permutation: position k holds k)");
	TAP_OK(bounded, "... in O(n log n) comparisons: the heapsort bound holds");
	TAP_OK(i64_ok, "sort_i64 (the same algorithm) sorts the adversary's input");
}

static void
test_exceeds(void)
{
	TAP_OK(!cxm_sess_exceeds(0, 1800, 1800), "a gap equal to the limit stays in the session");
	TAP_OK(cxm_sess_exceeds(0, 1801, 1800), "a gap one microsecond longer starts a new one");
	TAP_OK(!cxm_sess_exceeds(5, 5, 0), "equal timestamps never exceed a zero gap");
	TAP_OK(cxm_sess_exceeds(INT64_MIN, INT64_MAX, INT64_MAX), "-infinity to infinity exceeds any gap, without overflow");
	TAP_OK(!cxm_sess_exceeds(INT64_MAX, INT64_MIN, 0), "a step backwards never exceeds");
	TAP_OK(cxm_sess_exceeds(CXM_TS_END - 1, CXM_TS_NOEND, INT64_MAX),
		   "infinity exceeds any gap after the last microsecond there is (8 days before INT64_MAX)");
	TAP_OK(cxm_sess_exceeds(CXM_TS_NOBEGIN, CXM_TS_MIN, INT64_MAX), "... and so does the first one after -infinity");
	TAP_OK(!cxm_sess_exceeds(CXM_TS_NOEND, CXM_TS_NOEND, 0), "infinity is tied with itself");
	TAP_OK(cxm_sess_exceeds(CXM_TS_MIN, CXM_TS_END - 1, INT64_MAX) &&
		   !cxm_sess_exceeds(CXM_TS_MIN, CXM_TS_MIN + INT64_MAX, INT64_MAX),
		   "finite timestamps 290,000 years apart compare exactly with the longest gap");
}

static void
test_numbering(void)
{
	cxm_sess_numbering s = {0};
	int64_t		gap = 1800;
	int64_t		ts[] = {0, 1800, 3601, 3601, 3700, 100000};
	int64_t		want[] = {1, 1, 2, 2, 2, 3};
	int			ok = 1;

	for (int k = 0; k < 6; k++)
		ok &= cxm_sess_number_next(&s, ts[k], gap) == want[k];
	TAP_OK(ok, "numbering: 1, 1 (gap = limit), 2 (gap > limit), 2 (tie), 2, 3");
	TAP_OK(cxm_sess_number_next(&s, 99999, gap) == 0, "numbering: an earlier timestamp is reported (0)");
}

static cxm_sess_set
set_of(const int64_t *ts, int64_t n, int64_t gap)
{
	cxm_sess_set s;

	cxm_sess_set_init(&s, gap);
	for (int64_t k = 0; k < n; k++)
		cxm_sess_set_add(&s, ts[k], &mem, NULL);
	return s;
}

static void
test_set_counts(void)
{
	int			ok_random = 1,
				ok_merge = 1,
				ok_roundtrip = 1;

	for (int round = 0; round < 200; round++)
	{
		int64_t		n = 1 + (int64_t) (next_random() % 3000);
		int64_t		gap = (int64_t) (next_random() % 50);
		int64_t    *ts = malloc(sizeof(int64_t) * n);
		int64_t		count = -1,
					merged_count = -1,
					split = (int64_t) (next_random() % (uint64_t) n);
		cxm_sess_set whole,
					a,
					b,
					back;
		unsigned char *buf;

		for (int64_t k = 0; k < n; k++)
			ts[k] = (int64_t) (next_random() % 20000) - 10000;
		/* some rounds in time order, some nearly so, most shuffled */
		if (round % 3 == 0)
			qsort(ts, n, sizeof(int64_t), cmp_i64);
		whole = set_of(ts, n, gap);
		cxm_sess_set_count(&whole, &mem, NULL, &count);
		ok_random &= count == brute_sessions(ts, n, gap);

		a = set_of(ts, split, gap);
		b = set_of(ts + split, n - split, gap);
		cxm_sess_set_merge(&a, &b, &mem, NULL);
		cxm_sess_set_count(&a, &mem, NULL, &merged_count);
		ok_merge &= merged_count == count;

		buf = malloc(cxm_sess_set_serialized_size(&whole));
		cxm_sess_set_serialize(&whole, buf);
		ok_roundtrip &= cxm_sess_set_deserialize(buf, cxm_sess_set_serialized_size(&whole), &back, &mem) == CXM_SESS_OK &&
			back.sessions == whole.sessions && back.gap == gap;
		{
			int64_t		at_whole = 0,
						at_back = 0;
			cxm_sess_interval x,
						y;

			while (ok_roundtrip && cxm_sess_set_next(&whole, &at_whole, &x))
				ok_roundtrip &= cxm_sess_set_next(&back, &at_back, &y) && x.first == y.first && x.last == y.last;
			ok_roundtrip &= !cxm_sess_set_next(&back, &at_back, &y);
		}
		free(buf);
		cxm_sess_set_free(&whole, &mem);
		cxm_sess_set_free(&a, &mem);
		cxm_sess_set_free(&b, &mem);
		cxm_sess_set_free(&back, &mem);
		free(ts);
	}
	TAP_OK(ok_random, "session_count equals sorting and counting, in any arrival order (200 random groups)");
	TAP_OK(ok_merge, "merging two partial states equals the whole");
	TAP_OK(ok_roundtrip, "serialize then deserialize gives the same sessions");
}

static void
test_set_memory(void)
{
	cxm_sess_set s;
	int64_t		n = 200000;
	int64_t		count = 0;

	/* the worst case: every event its own session, in shuffled order */
	cxm_sess_set_init(&s, 0);
	for (int64_t k = 0; k < n; k++)
		cxm_sess_set_add(&s, (k * 7919) % n, &mem, NULL);
	TAP_OK((s.cap_points * 8 + s.cap_points / 8 + s.cap_pending * 8) <= 16 * n,
		   "a session per event, shuffled: the state holds at most 16 bytes per event");
	cxm_sess_set_count(&s, &mem, NULL, &count);
	TAP_OK(count == n, "... and counts every session");
	cxm_sess_set_free(&s, &mem);

	cxm_sess_set_init(&s, 0);
	for (int64_t k = 0; k < n; k++)
		cxm_sess_set_add(&s, k * 10, &mem, NULL);
	TAP_OK(s.n_points == n && s.cap_points * 8 + s.cap_points / 8 <= 13 * n,
		   "a session per event, in order: one 8-byte point each (with growth room, under 13 bytes)");
	cxm_sess_set_free(&s, &mem);

	cxm_sess_set_init(&s, 100);
	for (int64_t k = 0; k < n; k++)
		cxm_sess_set_add(&s, k * 10 + (k / 5) * 1000, &mem, NULL);
	TAP_OK(s.n_points == 2 * (n / 5), "sessions of five events keep two points each");
	cxm_sess_set_free(&s, &mem);
}

static void
test_set_examples(void)
{
	int64_t		min = 60000000;
	int64_t		ts[] = {0, 20 * min, 50 * min, 81 * min};	/* 10:00, 10:20, 10:50, 11:21 */
	int64_t		reversed[] = {81 * min, 50 * min, 20 * min, 0};
	cxm_sess_set s = set_of(ts, 4, 30 * min);
	cxm_sess_set r = set_of(reversed, 4, 30 * min);
	cxm_sess_set bridge;
	int64_t		count = 0;
	int64_t		bridged[] = {0, 40 * min, 20 * min};

	cxm_sess_set_count(&s, &mem, NULL, &count);
	TAP_OK(count == 2, "10:00 10:20 10:50 | 11:21 with a 30-minute gap: 2 sessions");
	cxm_sess_set_count(&r, &mem, NULL, &count);
	TAP_OK(count == 2, "the same events backwards: 2 sessions");
	bridge = set_of(bridged, 3, 30 * min);
	cxm_sess_set_count(&bridge, &mem, NULL, &count);
	TAP_OK(count == 1, "a late event bridging two sessions joins them (0, 40 then 20 minutes: 1 session)");
	cxm_sess_set_free(&s, &mem);
	cxm_sess_set_free(&r, &mem);
	cxm_sess_set_free(&bridge, &mem);
}

static cxm_sess_status
try_bytes(const unsigned char *b, size_t len)
{
	cxm_sess_set s;
	cxm_sess_status st = cxm_sess_set_deserialize(b, len, &s, &mem);

	cxm_sess_set_free(&s, &mem);
	return st;
}

/*
 * Cancel latency: a cancel request waits for the next tick, so no stretch
 * of the work may run without one.  The tick records the thread's CPU time;
 * the longest stretch between ticks (and before the first, after the last)
 * must be a small part of the whole.
 */
static double latency_last,
			latency_longest;

static double
cpu_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double) t.tv_sec + (double) t.tv_nsec / 1e9;
}

static void
latency_tick(void)
{
	double		now = cpu_seconds();

	if (now - latency_last > latency_longest)
		latency_longest = now - latency_last;
	latency_last = now;
}

static void
test_merge_latency(void)
{
	/* two partial states of a million sessions each (gap 0, one event each), interleaved */
	int64_t		n = 1000000,
				count = 0;
	cxm_sess_set a,
				b;
	double		start;

	cxm_sess_set_init(&a, 0);
	cxm_sess_set_init(&b, 0);
	for (int64_t k = 0; k < n; k++)
	{
		cxm_sess_set_add(&a, 2 * k, &mem, NULL);
		cxm_sess_set_add(&b, 2 * k + 1, &mem, NULL);
	}
	latency_longest = 0;
	start = latency_last = cpu_seconds();
	cxm_sess_set_merge(&a, &b, &mem, latency_tick);
	latency_tick();
	printf("# merging 2 x 10^6 sessions: %.1f ms, longest stretch without a tick %.2f ms\n",
		   (latency_last - start) * 1e3, latency_longest * 1e3);
	TAP_OK(latency_longest < (latency_last - start) / 4,
		   "merging two large partial states ticks throughout (no stretch over a quarter of the merge)");
	cxm_sess_set_count(&a, &mem, NULL, &count);
	TAP_OK(count == 2 * n, "... and counts 2 x 10^6 sessions (every event its own, gap 0)");
	cxm_sess_set_free(&a, &mem);
	cxm_sess_set_free(&b, &mem);
}

static void
test_set_bad_bytes(void)
{
	unsigned char good[CXM_SESS_SET_HEADER + 32];
	unsigned char b[sizeof(good)];
	cxm_sess_set s;
	int64_t		ts[] = {0, 100};
	int			fuzz_ok = 1;

	s = set_of(ts, 2, 10);
	cxm_sess_set_serialize(&s, good);
	cxm_sess_set_free(&s, &mem);
	TAP_OK(try_bytes(good, sizeof(good)) == CXM_SESS_OK, "a valid state reads back");
	TAP_OK(try_bytes(good, sizeof(good) - 1) == CXM_SESS_BAD_STATE, "truncated state rejected");
	TAP_OK(try_bytes(good, 3) == CXM_SESS_BAD_STATE, "a state shorter than its header rejected");
	memcpy(b, good, sizeof(b));
	b[0] = 2;
	TAP_OK(try_bytes(b, sizeof(b)) == CXM_SESS_BAD_STATE, "unknown version rejected");
	memcpy(b, good, sizeof(b));
	b[2] = 1;
	TAP_OK(try_bytes(b, sizeof(b)) == CXM_SESS_BAD_STATE, "reserved bytes must be zero");
	memcpy(b, good, sizeof(b));
	b[4] = 0x80;
	TAP_OK(try_bytes(b, sizeof(b)) == CXM_SESS_BAD_STATE, "a negative gap rejected");
	memcpy(b, good, sizeof(b));
	cxm_sess_put_u64(b + 4, 200);
	TAP_OK(try_bytes(b, sizeof(b)) == CXM_SESS_BAD_STATE, "intervals closer than the gap rejected (they would be one session)");
	memcpy(b, good, sizeof(b));
	cxm_sess_put_u64(b + 12, UINT64_MAX);
	TAP_OK(try_bytes(b, sizeof(b)) == CXM_SESS_BAD_STATE, "a huge interval count rejected without allocating");
	memcpy(b, good, sizeof(b));
	cxm_sess_put_u64(b + CXM_SESS_SET_HEADER, 5);
	TAP_OK(try_bytes(b, sizeof(b)) == CXM_SESS_BAD_STATE, "an interval ending before it starts rejected");
	memcpy(b, good, sizeof(b));
	cxm_sess_put_u64(b + CXM_SESS_SET_HEADER + 16, (uint64_t) -50);
	cxm_sess_put_u64(b + CXM_SESS_SET_HEADER + 24, (uint64_t) -50);
	TAP_OK(try_bytes(b, sizeof(b)) == CXM_SESS_BAD_STATE, "intervals out of order rejected");

	/* what session_count cannot produce */
	{
		unsigned char one[CXM_SESS_SET_HEADER + 16];

		memcpy(one, good, CXM_SESS_SET_HEADER);
		cxm_sess_put_u64(one + 4, (uint64_t) INT64_MAX);
		cxm_sess_put_u64(one + 12, 1);
		cxm_sess_put_u64(one + CXM_SESS_SET_HEADER, (uint64_t) CXM_TS_NOBEGIN);
		cxm_sess_put_u64(one + CXM_SESS_SET_HEADER + 8, 0);
		TAP_OK(try_bytes(one, sizeof(one)) == CXM_SESS_BAD_STATE,
			   "a session from -infinity to a finite time rejected (an infinity is within no gap)");
		cxm_sess_put_u64(one + CXM_SESS_SET_HEADER + 8, (uint64_t) CXM_TS_NOBEGIN);
		TAP_OK(try_bytes(one, sizeof(one)) == CXM_SESS_OK, "a session at -infinity alone reads back");
		cxm_sess_put_u64(one + CXM_SESS_SET_HEADER, (uint64_t) CXM_TS_END);
		cxm_sess_put_u64(one + CXM_SESS_SET_HEADER + 8, (uint64_t) CXM_TS_END);
		TAP_OK(try_bytes(one, sizeof(one)) == CXM_SESS_BAD_STATE, "a session past the last timestamp there is rejected");
		cxm_sess_put_u64(one + CXM_SESS_SET_HEADER, (uint64_t) (INT64_MIN + 1));
		cxm_sess_put_u64(one + CXM_SESS_SET_HEADER + 8, (uint64_t) (INT64_MIN + 1));
		TAP_OK(try_bytes(one, sizeof(one)) == CXM_SESS_BAD_STATE, "a session before the first timestamp there is rejected");
	}

	/* random corruption: never a crash; what is accepted is a valid set */
	for (int round = 0; round < 20000; round++)
	{
		cxm_sess_set t;
		size_t		len = 1 + next_random() % sizeof(b);

		memcpy(b, good, sizeof(b));
		for (int flips = 1 + (int) (next_random() % 4); flips > 0; flips--)
			b[next_random() % len] ^= (unsigned char) (1 + next_random() % 255);
		if (cxm_sess_set_deserialize(b, len, &t, &mem) == CXM_SESS_OK)
		{
			int64_t		at = 0,
						seen = 0;
			cxm_sess_interval x,
						previous = {0, 0};

			while (cxm_sess_set_next(&t, &at, &x))
			{
				fuzz_ok &= x.first <= x.last && (seen == 0 || cxm_sess_exceeds(previous.last, x.first, t.gap));
				previous = x;
				seen++;
			}
			fuzz_ok &= t.gap >= 0 && seen == t.sessions;
		}
		cxm_sess_set_free(&t, &mem);
	}
	TAP_OK(fuzz_ok, "20000 corrupted states: each rejected or valid");
}

int
main(void)
{
	test_sort();
	test_sort_records();
	test_sort_adversary();
	test_exceeds();
	test_numbering();
	test_set_examples();
	test_set_counts();
	test_set_memory();
	test_merge_latency();
	test_set_bad_bytes();
	return tap_done();
}
