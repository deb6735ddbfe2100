/* Unit tests of src/events_core.c: sorting and the binary state form. */
#include "events_core.h"
#include "tap.h"

#define TEST_RANDOM_SEED UINT64_C(0x2545F4914F6CDD1D)
#include "support.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int
qsort_conds(const void *a, const void *b)
{
	return cxm_event_cmp_conds(a, b);
}

static int ticks;

static void
count_tick(void *arg)
{
	(void) arg;
	ticks++;
}

static void
test_sorts(void)
{
	enum
	{
		N = 300000
	};
	cxm_event  *a = malloc(N * sizeof(cxm_event));
	cxm_event  *b = malloc(N * sizeof(cxm_event));
	cxm_event  *scratch = malloc((N / 2 + 1) * sizeof(cxm_event));
	cxm_ticker	ticker = {count_tick, NULL, CXM_TICK_EVERY};
	bool		ok = true;

	for (int shape = 0; shape < 5; shape++)
	{
		for (int i = 0; i < N; i++)
		{
			switch (shape)
			{
				case 0:
					a[i].ts = (int64_t) (next_random() % 1000);
					break;
				case 1:
					a[i].ts = i;
					break;
				case 2:
					a[i].ts = N - i;
					break;
				case 3:
					a[i].ts = 42;
					break;
				default:
					a[i].ts = (int64_t) next_random();
			}
			a[i].mask = 1 + next_random() % 7;
		}
		memcpy(b, a, N * sizeof(cxm_event));
		cxm_events_sort_conds(a, N, &ticker);
		qsort(b, N, sizeof(cxm_event), qsort_conds);
		for (int i = 0; i < N; i++)
			ok = ok && a[i].ts == b[i].ts && a[i].mask == b[i].mask;
		cxm_events_sort_ts(b, N, NULL);
		for (int i = 1; i < N; i++)
			ok = ok && b[i - 1].ts <= b[i].ts;
	}
	TAP_OK(ok, "introsort by (timestamp, conditions) equals qsort; by timestamp is ordered (random, sorted, reversed, equal keys)");
	TAP_OK(ticks > 10, "sorting reports progress for interrupt checks");

	/* stable: equal timestamps keep arrival order (carried in the mask here) */
	for (int i = 0; i < N; i++)
	{
		a[i].ts = (int64_t) (next_random() % 100);
		a[i].mask = (uint64_t) i;
	}
	cxm_events_sort_ts_stable(a, N, scratch, NULL);
	ok = true;
	for (int i = 1; i < N; i++)
		ok = ok && (a[i - 1].ts < a[i].ts || (a[i - 1].ts == a[i].ts && a[i - 1].mask < a[i].mask));
	TAP_OK(ok, "the stable sort keeps arrival order among equal timestamps");

	{
		cxm_event	x = {5, 6},
					y = {5, 1},
					z = {5, 3};

		TAP_OK(cxm_event_cmp_conds(&y, &z) < 0 && cxm_event_cmp_conds(&z, &x) < 0 && cxm_event_cmp_conds(&x, &x) == 0,
			   "ties: lowest condition first ({1} < {1,2} < {2,3})");
	}
	free(a);
	free(b);
	free(scratch);
}

/*
 * An input that drives the introsort into its heapsort fallback, made by
 * McIlroy's adversary (adversary_cmp, support.h). The adversary plays
 * against a copy of the partitioning in CXM_DEFINE_SORT (events_core.c)
 * until its depth limit sends a range to heapsort. Every answer given
 * stays true of the final values, so sorting those values replays the same
 * partitions and reaches the same heapsort. The items still gas then
 * (never compared with each other) get the values above, shuffled.
 */
/* NAME##_intro over items p, up to its first heapsort, of *heap_size items */
static bool
adversary_partition(int64_t *p, size_t n, int depth, size_t *heap_size)
{
	while (n > 16)
	{
		int64_t		pivot;
		size_t		i,
					j;
		size_t		mid = n / 2;

		if (depth-- == 0)
		{
			*heap_size = n;
			return true;
		}
		if (adversary_cmp(p[mid], p[0]) < 0)
			swap_positions(p, mid, 0);
		if (adversary_cmp(p[n - 1], p[mid]) < 0)
		{
			swap_positions(p, mid, n - 1);
			if (adversary_cmp(p[mid], p[0]) < 0)
				swap_positions(p, mid, 0);
		}
		pivot = p[mid];
		i = 0;
		j = n - 1;
		for (;;)
		{
			while (adversary_cmp(p[i], pivot) < 0)
				i++;
			while (adversary_cmp(pivot, p[j]) < 0)
				j--;
			if (i >= j)
				break;
			swap_positions(p, i, j);
			i++;
			j--;
		}
		/* the insertion sort of a short side freezes nothing the rest depends on */
		if (j + 1 < n - j - 1)
		{
			if (adversary_partition(p, j + 1, depth, heap_size))
				return true;
			p += j + 1;
			n -= j + 1;
		}
		else
		{
			if (adversary_partition(p + j + 1, n - j - 1, depth, heap_size))
				return true;
			n = j + 1;
		}
	}
	return false;
}

/* events[0..n): timestamps a permutation of 0..n-1, all meeting condition 1, that reach heapsort */
static bool
killer_events(cxm_event *events, size_t n, size_t *heap_size)
{
	int64_t    *value = malloc(sizeof(int64_t) * n);
	int64_t    *items = malloc(sizeof(int64_t) * n);
	size_t		nleft = 0;
	int			depth = 0;
	bool		reached;

	for (size_t m = n; m > 1; m >>= 1)
		depth += 2;
	adversary_value = value;
	adversary_gas = (int64_t) n;
	adversary_frozen = 0;
	adversary_candidate = -1;
	for (size_t k = 0; k < n; k++)
	{
		items[k] = (int64_t) k;
		value[k] = adversary_gas;
	}
	reached = adversary_partition(items, n, depth, heap_size);
	for (size_t k = 0; k < n; k++)
		if (value[k] == adversary_gas)
			items[nleft++] = (int64_t) k;
	for (size_t k = nleft; k > 1; k--)
		swap_positions(items, k - 1, next_random() % k);
	for (size_t k = 0; k < nleft; k++)
		value[items[k]] = adversary_frozen++;
	for (size_t k = 0; k < n; k++)
	{
		events[k].ts = value[k];
		events[k].mask = 1;
	}
	free(value);
	free(items);
	return reached;
}

/*
 * Cancel latency: a cancel request waits for the next check, so no stretch
 * of the work may run without one.  The check records the thread's CPU
 * time; the longest stretch between checks (and before the first, after the
 * last) must be a small part of the whole.
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
latency_check(void *arg)
{
	double		now = cpu_seconds();

	(void) arg;
	if (now - latency_last > latency_longest)
		latency_longest = now - latency_last;
	latency_last = now;
}

static double
latency_start(void)
{
	latency_longest = 0;
	return latency_last = cpu_seconds();
}

static void
test_sort_adversary(void)
{
	/* heapsort's ranges of both parities */
	size_t		sizes[] = {100000, 100001};
	bool		reached = true,
				odd = false,
				by_ts = true,
				by_conds = true;
	enum
	{
		BIG = 400000
	};
	cxm_event  *a = malloc(BIG * sizeof(cxm_event));
	cxm_event  *scratch = malloc((BIG / 2 + 1) * sizeof(cxm_event));
	cxm_ticker	ticker = {latency_check, NULL, CXM_TICK_EVERY};
	size_t		heap_size = 0;
	double		start;

	for (size_t s = 0; s < 2; s++)
	{
		size_t		n = sizes[s];
		cxm_event  *killer = malloc(n * sizeof(cxm_event));

		reached &= killer_events(killer, n, &heap_size);
		odd |= heap_size % 2 == 1;
		printf("# n = %zu: heapsort of %zu events\n", n, heap_size);
		memcpy(a, killer, n * sizeof(cxm_event));
		cxm_events_sort_ts(a, n, NULL);
		for (size_t k = 0; k < n; k++)
			by_ts &= a[k].ts == (int64_t) k;
		/* one condition each: the sequence order is the timestamp's */
		memcpy(a, killer, n * sizeof(cxm_event));
		cxm_events_sort_conds(a, n, NULL);
		for (size_t k = 0; k < n; k++)
			by_conds &= a[k].ts == (int64_t) k && a[k].mask == 1;
		free(killer);
	}
	TAP_OK(reached && odd, "the adversary drives the partitioning to heapsort (ranges of odd and even size)");
	TAP_OK(by_ts, "the timestamp sort sorts the adversary's input (a permutation: position k holds k)");
	TAP_OK(by_conds, "the sequence order's sort does too");

	/* the heapsort of nearly 400,000 events, then a merge sort of as many */
	killer_events(a, BIG, &heap_size);
	start = latency_start();
	cxm_events_sort_conds(a, BIG, &ticker);
	latency_check(NULL);
	printf("# heapsort of %zu of 400,000 events: %.1f ms, longest stretch without a check %.2f ms\n",
		   heap_size, (latency_last - start) * 1e3, latency_longest * 1e3);
	TAP_OK(heap_size > BIG / 2 && latency_longest < (latency_last - start) / 4,
		   "the heapsort checks for a cancel throughout (no stretch over a quarter of the sort)");
	for (int i = 0; i < BIG; i++)
	{
		a[i].ts = (int64_t) (next_random() % 1000000);
		a[i].mask = 1;
	}
	start = latency_start();
	cxm_events_sort_ts_stable(a, BIG, scratch, &ticker);
	latency_check(NULL);
	printf("# stable sort of 400,000 events: %.1f ms, longest stretch without a check %.2f ms\n",
		   (latency_last - start) * 1e3, latency_longest * 1e3);
	TAP_OK(latency_longest < (latency_last - start) / 4,
		   "the stable sort checks for a cancel throughout (no stretch over a quarter of the sort)");
	free(a);
	free(scratch);
}

static void
test_binary(void)
{
	cxm_events_header h = {.kind = CXM_KIND_SEQUENCE, .nconds = 3, .sorted = true, .flags = 0,
	.window = 0, .pattern_len = 8, .count = 3};
	cxm_event	ev[3] = {{-5, 1}, {7, 6}, {7, 4}};
	cxm_event	back[3];
	uint8_t		buf[256];
	size_t		size = cxm_events_encoded_size(&h);
	cxm_events_header got;
	const char *pattern;
	int			statuses = 0;
	bool		ok = true;

	/* sequence order: {7,4} (conditions 3) sorts after {7,6} (2,3)? lowest condition 2 < 3: yes */
	cxm_events_encode(&h, "(?1)(?3)", ev, buf);
	TAP_OK(size == CXM_EVENTS_HEADER_SIZE + 8 + 48, "encoded size");
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_OK && got.count == 3 &&
		   memcmp(pattern, "(?1)(?3)", 8) == 0 && got.sorted, "header round trip");
	TAP_OK(cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_OK &&
		   memcmp(back, ev, sizeof(ev)) == 0, "events round trip");

	/* every truncation and extension is refused */
	for (size_t cut = 0; cut < size; cut++)
		ok = ok && cxm_events_decode_header(buf, cut, &got, &pattern) != CXM_DECODE_OK;
	ok = ok && cxm_events_decode_header(buf, size + 16, &got, &pattern) != CXM_DECODE_OK;
	TAP_OK(ok, "a truncated or padded state is refused");

	buf[0] = 2;
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_VERSION, "unknown version");
	buf[0] = 1;
	buf[1] = 3;
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_KIND, "unknown kind");
	buf[1] = CXM_KIND_SEQUENCE;
	buf[2] = 65;
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_CONDITIONS, "65 conditions");
	/* 0: not known yet (every row came with a NULL array), so no event may meet a condition */
	buf[2] = 0;
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_OK && got.nconds == 0 &&
		   cxm_events_decode_events(buf, &got, true, back) == CXM_DECODE_MASK, "0 conditions: an event meeting one is refused");
	cxm_events_encode(&(cxm_events_header) {.kind = CXM_KIND_FUNNEL, .nconds = 0, .sorted = true, .flags = 2, .count = 2},
					  NULL, (cxm_event[2]) {{1, 0}, {2, 0}}, buf);
	TAP_OK(cxm_events_decode_header(buf, CXM_EVENTS_HEADER_SIZE + 32, &got, &pattern) == CXM_DECODE_OK &&
		   cxm_events_decode_events(buf, &got, true, back) == CXM_DECODE_OK &&
		   cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_MASK,
		   "0 conditions: rows meeting none only where strict_order keeps them");
	cxm_events_encode(&h, "(?1)(?3)", ev, buf);
	buf[2] = 2;
	cxm_events_decode_header(buf, size, &got, &pattern);
	TAP_OK(cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_MASK, "an event naming condition 3 of 2");
	buf[2] = 3;
	buf[3] = 2;
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_FIELD, "sorted flag 2");
	buf[3] = 1;
	buf[15] = 0x80;
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_FIELD, "a negative window");
	buf[15] = 0;
	/* swap the last two events: flagged sorted, but not */
	cxm_events_encode(&h, "(?1)(?3)", (cxm_event[3]) {{-5, 1}, {7, 4}, {7, 6}}, buf);
	cxm_events_decode_header(buf, size, &got, &pattern);
	TAP_OK(cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_ORDER, "out of order while flagged sorted");
	cxm_events_encode(&h, "(?1)(?3)", (cxm_event[3]) {{-5, 1}, {7, 0}, {7, 6}}, buf);
	cxm_events_decode_header(buf, size, &got, &pattern);
	TAP_OK(cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_MASK &&
		   cxm_events_decode_events(buf, &got, true, back) != CXM_DECODE_MASK,
		   "a row meeting no condition only where strict_order keeps it");
	/* timestamps no aggregate can store: outside PostgreSQL's range */
	{
		int64_t		bad_ts[] = {INT64_MIN + 1, CXM_TS_MIN - 1, CXM_TS_END, INT64_MAX - 1};
		bool		refused = true;

		for (size_t i = 0; i < sizeof(bad_ts) / sizeof(bad_ts[0]); i++)
		{
			cxm_events_encode(&h, "(?1)(?3)", (cxm_event[3]) {{bad_ts[i], 1}, {bad_ts[i], 2}, {bad_ts[i], 4}}, buf);
			cxm_events_decode_header(buf, size, &got, &pattern);
			refused &= cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_TIMESTAMP;
		}
		TAP_OK(refused, "an event at a timestamp outside PostgreSQL's range is refused");
		cxm_events_encode(&h, "(?1)(?3)", (cxm_event[3]) {{CXM_TS_NOBEGIN, 1}, {CXM_TS_MIN, 1}, {CXM_TS_NOEND, 4}}, buf);
		cxm_events_decode_header(buf, size, &got, &pattern);
		TAP_OK(cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_OK,
			   "-infinity, the first microsecond and infinity are accepted");
	}
	/* a count that would overflow size arithmetic */
	cxm_events_encode(&h, "(?1)(?3)", ev, buf);
	memset(buf + 20, 0xff, 8);
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_LENGTH, "an absurd event count");

	/* random bytes never crash and are mostly refused */
	for (int round = 0; round < 200000; round++)
	{
		size_t		len = next_random() % 120;
		cxm_event	out[8];

		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t) next_random();
		if (next_random() % 2)
			buf[0] = 1;
		if (cxm_events_decode_header(buf, len, &got, &pattern) == CXM_DECODE_OK && got.count <= 8)
			statuses += cxm_events_decode_events(buf, &got, next_random() % 2, out) == CXM_DECODE_OK;
	}
	printf("# %d of 200,000 random byte strings decode\n", statuses);
	TAP_OK(statuses < 100, "random byte strings decode without a crash, and nearly all are refused");
}

int
main(void)
{
	test_sorts();
	test_sort_adversary();
	test_binary();
	return tap_done();
}
