/* Unit tests of src/operations_core.c: customer flow, shares, durations, wire forms. */
#include <stdlib.h>

#include "decimal_core.h"
#include "operations_core.h"
#include "tap.h"

static cxm_flow
flow_for(int64_t start, int64_t end)
{
	cxm_flow	f = {0};

	f.has_period = true;
	f.period_start = start;
	f.period_end = end;
	return f;
}

/* a crafted byte string must be refused, never accepted as a state */
static int
flow_rejects(const uint8_t *bytes, size_t len)
{
	cxm_flow	f;
	const char *why = NULL;

	return !cxm_flow_decode(bytes, len, &f, &why) && why != NULL;
}

static void
test_flow(void)
{
	cxm_flow	f = flow_for(100, 200),
				g,
				back;
	char		buf[CXM_NUMBER_BUFLEN];
	uint8_t		wire[CXM_FLOW_WIRE_SIZE];
	const char *why = NULL;

	/* the seed: 2500 at the start, 20 of them lost during the period */
	for (int i = 0; i < 2500; i++)
		cxm_flow_add(&f, 50, i < 20, 150);
	TAP_OK(cxm_flow_churn_text(&f, buf), "churn defined with customers at the start");
	TAP_STR(buf, "0.8", "churn 20 of 2500 is 0.8");
	cxm_flow_retention_text(&f, buf);
	TAP_STR(buf, "99.2", "retention with nobody new is 99.2");

	/* boundaries: [start, end) */
	g = flow_for(100, 200);
	cxm_flow_add(&g, 100, false, 0);	/* joined at the start instant: acquired */
	cxm_flow_add(&g, 99, true, 100);	/* left at the start instant: lost in this period */
	cxm_flow_add(&g, 99, true, 99);		/* left before: not counted */
	cxm_flow_add(&g, 99, true, 200);	/* left at the end instant: still here at the end */
	cxm_flow_add(&g, 150, true, 160);	/* came and went inside */
	cxm_flow_add(&g, 200, false, 0);	/* joined at the end instant: next period */
	TAP_OK(g.at_start == 2 && g.lost == 1 && g.acquired == 2 && g.acquired_and_lost == 1,
		   "boundary instants belong to the period that holds them");
	TAP_OK(cxm_flow_at_end(&g) == 2, "at the end: the one who left at the end instant and the one who joined at the start");
	cxm_flow_retention_text(&g, buf);
	TAP_STR(buf, "50", "retention (E - N) / S = (2 - 1) / 2");
	cxm_flow_churn_text(&g, buf);
	TAP_STR(buf, "50", "churn + retention = 100");

	g = flow_for(100, 200);
	cxm_flow_add(&g, 150, false, 0);
	TAP_OK(!cxm_flow_churn_text(&g, buf) && !cxm_flow_retention_text(&g, buf),
		   "no customer at the start: rates undefined");

	/* 1 of 3: 16 decimals, rounded half up */
	g = flow_for(0, 10);
	cxm_flow_add(&g, -1, true, 5);
	cxm_flow_add(&g, -1, false, 0);
	cxm_flow_add(&g, -1, false, 0);
	cxm_flow_churn_text(&g, buf);
	TAP_STR(buf, "33.3333333333333333", "churn 1 of 3");
	cxm_flow_retention_text(&g, buf);
	TAP_STR(buf, "66.6666666666666667", "retention 2 of 3, last digit rounded up");

	/* merge */
	back = flow_for(100, 200);
	TAP_OK(cxm_flow_merge(&back, &f) == CXM_FLOW_MERGED && back.at_start == 2500 && back.lost == 20,
		   "merge adds counts");
	g = flow_for(100, 201);
	TAP_OK(cxm_flow_merge(&back, &g) == CXM_FLOW_PERIOD_DIFFERS, "merge refuses another period");
	g = f;
	g.at_start = (uint64_t) INT64_MAX;
	TAP_OK(cxm_flow_merge(&back, &g) == CXM_FLOW_OVERFLOW, "merge refuses to pass INT64_MAX");
	memset(&g, 0, sizeof(g));
	back = f;
	TAP_OK(cxm_flow_merge(&back, &g) == CXM_FLOW_MERGED && back.at_start == 2500, "merging a state without rows changes nothing");

	/* wire */
	f.time_kind = 2;
	cxm_flow_encode(&f, wire);
	TAP_OK(cxm_flow_decode(wire, sizeof(wire), &back, &why) && back.at_start == 2500 && back.lost == 20 &&
		   back.period_start == 100 && back.period_end == 200 && back.time_kind == 2 && back.has_period,
		   "flow state round-trips");
	TAP_OK(flow_rejects(wire, sizeof(wire) - 1), "flow: short input refused");
	wire[0] = 2;
	TAP_OK(flow_rejects(wire, sizeof(wire)), "flow: unknown version refused");
	cxm_flow_encode(&f, wire);
	wire[2] = 3;
	TAP_OK(flow_rejects(wire, sizeof(wire)), "flow: unknown time kind refused");
	cxm_flow_encode(&f, wire);
	wire[33] = 0xff;			/* lost > at_start */
	TAP_OK(flow_rejects(wire, sizeof(wire)), "flow: more lost than at the start refused");
	cxm_flow_encode(&f, wire);
	wire[11] = 0;
	wire[10] = 0xff;			/* period_start > period_end */
	TAP_OK(flow_rejects(wire, sizeof(wire)), "flow: empty period refused");
	g = flow_for(0, 0);
	g.has_period = false;
	g.at_start = 1;
	cxm_flow_encode(&g, wire);
	TAP_OK(flow_rejects(wire, sizeof(wire)), "flow: counts without a period refused");

	/* states the aggregate cannot produce, each accepted by 0.2.0 */
	memset(&g, 0, sizeof(g));
	cxm_flow_encode(&g, wire);
	TAP_OK(flow_rejects(wire, sizeof(wire)), "flow: a state without its period refused (every state starts with one)");
	g = flow_for(100, (int64_t) INT32_MAX + 1);
	g.time_kind = CXM_TIME_KIND_DATE;
	cxm_flow_encode(&g, wire);
	TAP_OK(flow_rejects(wire, sizeof(wire)), "flow: a date past the int32 range refused");
	g = flow_for(100, CXM_OPS_LAST_DAY + 1);
	g.time_kind = CXM_TIME_KIND_DATE;
	cxm_flow_encode(&g, wire);
	TAP_OK(flow_rejects(wire, sizeof(wire)), "flow: a day past the last date refused");
	g.period_end = INT32_MAX;
	cxm_flow_encode(&g, wire);
	TAP_OK(!flow_rejects(wire, sizeof(wire)), "flow: the date infinity passes");
	g = flow_for(CXM_OPS_FIRST_USEC - 1, 0);
	cxm_flow_encode(&g, wire);
	TAP_OK(flow_rejects(wire, sizeof(wire)), "flow: a timestamp before the first refused");
	g = flow_for(INT64_MIN, CXM_OPS_END_USEC);
	cxm_flow_encode(&g, wire);
	TAP_OK(flow_rejects(wire, sizeof(wire)), "flow: a timestamp at the end of the range refused");
	g.period_end = INT64_MAX;
	cxm_flow_encode(&g, wire);
	TAP_OK(!flow_rejects(wire, sizeof(wire)), "flow: -infinity to infinity passes");
	g.at_start = (uint64_t) INT64_MAX;
	g.acquired = 1;
	cxm_flow_encode(&g, wire);
	TAP_OK(flow_rejects(wire, sizeof(wire)), "flow: more than 2^63 - 1 customers refused (at_end would not fit a bigint)");
	back = flow_for(INT64_MIN, INT64_MAX);
	back.at_start = (uint64_t) INT64_MAX;
	g.at_start = 0;
	TAP_OK(cxm_flow_merge(&back, &g) == CXM_FLOW_OVERFLOW, "merge refuses more than 2^63 - 1 customers in all");
}

static void
test_share(void)
{
	cxm_share	s = {100, 3000},
				t = {0, 0},
				back;
	char		buf[CXM_NUMBER_BUFLEN];
	uint8_t		wire[CXM_SHARE_WIRE_SIZE];
	const char *why = NULL;

	TAP_OK(cxm_share_percent_text(&s, buf), "referral rate defined");
	TAP_STR(buf, "3.3333333333333333", "referral 100 of 3000 is 3.333...");
	TAP_OK(!cxm_share_percent_text(&t, buf), "referral rate of nobody is undefined");
	TAP_OK(cxm_share_merge(&t, &s) && t.yes == 100 && t.total == 3000, "share merge");
	cxm_share_encode(&s, wire);
	TAP_OK(cxm_share_decode(wire, sizeof(wire), &back, &why) && back.yes == 100 && back.total == 3000,
		   "share round-trips");
	wire[9] = 0xff;			/* yes > total */
	TAP_OK(!cxm_share_decode(wire, sizeof(wire), &back, &why), "share: more yes than total refused");
	TAP_OK(!cxm_share_decode(wire, 3, &back, &why), "share: short input refused");
}

static void
test_durations(void)
{
	cxm_durations d = {0},
				e = {0},
				back;
	int64_t		mean;
	uint8_t		wire[CXM_DURATIONS_WIRE_SIZE];
	const char *why = NULL;

	TAP_OK(!cxm_durations_mean(&d, &mean), "no resolved ticket: no mean");
	cxm_durations_add(&d, 1);
	cxm_durations_add(&d, 2);
	TAP_OK(cxm_durations_mean(&d, &mean) && mean == 2, "mean 1.5 rounds half up to 2");
	cxm_durations_add(&d, 2);
	TAP_OK(cxm_durations_mean(&d, &mean) && mean == 2, "mean 5/3 rounds to 2");

	/* a sum past 64 bits stays exact */
	for (int i = 0; i < 4; i++)
		cxm_durations_add(&e, (uint64_t) INT64_MAX);
	TAP_OK(e.sum_hi == 1, "four INT64_MAX durations carry into the high half");
	TAP_OK(cxm_durations_mean(&e, &mean) && mean == INT64_MAX, "their mean is INT64_MAX exactly");
	cxm_durations_add(&e, 0);
	TAP_OK(cxm_durations_mean(&e, &mean) && mean == INT64_C(7378697629483820646),
		   "128-bit division: 4 * INT64_MAX / 5 rounded");

	e.unresolved = 7;
	cxm_durations_encode(&e, wire);
	TAP_OK(cxm_durations_decode(wire, sizeof(wire), &back, &why) && back.sum_hi == e.sum_hi &&
		   back.sum_lo == e.sum_lo && back.resolved == 5 && back.unresolved == 7, "durations round-trip");
	/* the version is 1 and bytes 1 to 3 are flags that must be zero: each one set alone is refused */
	for (int b = 1; b < 4; b++)
	{
		cxm_durations_encode(&e, wire);
		wire[b] = 1;
		TAP_OK(!cxm_durations_decode(wire, sizeof(wire), &back, &why), "durations: a non-zero flag byte refused");
	}
	cxm_durations_encode(&e, wire);
	wire[4] = 0x10;				/* a sum no five durations can reach */
	TAP_OK(!cxm_durations_decode(wire, sizeof(wire), &back, &why), "durations: impossible sum refused");
	memset(wire, 0, sizeof(wire));
	wire[0] = 1;
	wire[19] = 5;				/* a sum without any resolved ticket */
	TAP_OK(!cxm_durations_decode(wire, sizeof(wire), &back, &why), "durations: sum without tickets refused");
	TAP_OK(cxm_durations_merge(&d, &e) && d.resolved == 8, "durations merge");
}

static int
compare_i64(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a,
				y = *(const int64_t *) b;

	return (x > y) - (x < y);
}

/* percentile_cont by sorting, to check the selection against */
static int64_t
sorted_percentile(const int64_t *values, size_t n, double fraction)
{
	int64_t    *copy = malloc(n * sizeof(int64_t));
	double		position = fraction * (double) (n - 1);
	size_t		first = (size_t) floor(position);
	int64_t		result;

	memcpy(copy, values, n * sizeof(int64_t));
	qsort(copy, n, sizeof(int64_t), compare_i64);
	result = first + 1 < n
		? copy[first] + (int64_t) rint((position - (double) first) * (double) (copy[first + 1] - copy[first]))
		: copy[first];
	free(copy);
	return result;
}

static void
test_percentiles(void)
{
	int64_t		small[] = {30, 10, 20, 40};
	int64_t		work[4];
	size_t		n = 5001;
	int64_t    *values = malloc(n * sizeof(int64_t)),
			   *scratch = malloc(n * sizeof(int64_t));
	uint64_t	seed = 12345;
	bool		all_match = true;
	double		fractions[] = {0.0, 0.1, 0.25, 0.5, 0.9, 0.999, 1.0};
	uint8_t    *wire;
	size_t		len;
	bool		has_fraction;
	double		fraction;
	size_t		count;
	const char *why = NULL;

	memcpy(work, small, sizeof(small));
	TAP_OK(cxm_percentile_cont(work, 4, 0.5, NULL) == 25, "median of 10,20,30,40 is 25");
	memcpy(work, small, sizeof(small));
	TAP_OK(cxm_percentile_cont(work, 4, 0.9, NULL) == 37, "0.9 of 10..40 is 37");
	memcpy(work, small, sizeof(small));
	TAP_OK(cxm_percentile_cont(work, 4, 1.0, NULL) == 40 && cxm_percentile_cont(work, 4, 0.0, NULL) == 10, "ends");
	TAP_OK(cxm_percentile_cont(work, 1, 0.3, NULL) == work[0], "a single value");

	for (size_t i = 0; i < n; i++)
	{
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		values[i] = (int64_t) ((seed >> 20) % 100000);	/* many ties */
	}
	for (size_t f = 0; f < sizeof(fractions) / sizeof(fractions[0]); f++)
	{
		memcpy(scratch, values, n * sizeof(int64_t));
		if (cxm_percentile_cont(scratch, n, fractions[f], NULL) != sorted_percentile(values, n, fractions[f]))
			all_match = false;
	}
	TAP_OK(all_match, "selection equals sorting on 5001 values with ties, at 7 fractions");
	for (size_t i = 0; i < n; i++)
		values[i] = 7;
	TAP_OK(cxm_percentile_cont(values, n, 0.37, NULL) == 7, "all values equal");
	for (size_t i = 0; i < n; i++)
		values[i] = (int64_t) (i % 2 ? i : n - i);	/* organ-pipe-like adversarial order */
	memcpy(scratch, values, n * sizeof(int64_t));
	TAP_OK(cxm_percentile_cont(scratch, n, 0.5, NULL) == sorted_percentile(values, n, 0.5), "adversarial order");

	len = cxm_duration_list_size(4);
	wire = malloc(len);
	cxm_duration_list_encode(true, 0.9, small, 4, wire, NULL);
	TAP_OK(cxm_duration_list_decode_header(wire, len, &has_fraction, &fraction, &count, &why) &&
		   has_fraction && fraction == 0.9 && count == 4 &&
		   cxm_duration_list_decode_values(wire, 4, work, &why, NULL) && work[2] == 20, "duration list round-trips");
	TAP_OK(!cxm_duration_list_decode_header(wire, len - 1, &has_fraction, &fraction, &count, &why),
		   "duration list: length not matching the count refused");
	wire[CXM_DURATION_LIST_HEADER] = 0x80;
	TAP_OK(!cxm_duration_list_decode_values(wire, 4, work, &why, NULL), "duration list: negative duration refused");
	cxm_duration_list_encode(true, 1.5, small, 4, wire, NULL);
	TAP_OK(!cxm_duration_list_decode_header(wire, len, &has_fraction, &fraction, &count, &why),
		   "duration list: fraction 1.5 refused");
	free(wire);
	free(values);
	free(scratch);
}

/* Every single-byte corruption of valid states is either refused or decodes to a consistent state. */
static void
test_fuzz(void)
{
	cxm_flow	f = flow_for(-5, 1000);
	uint8_t		wire[CXM_FLOW_WIRE_SIZE];
	bool		consistent = true;

	for (int i = 0; i < 300; i++)
		cxm_flow_add(&f, i * 7 % 1200 - 100, i % 3 == 0, i * 7 % 1200 + 50);
	for (size_t pos = 0; pos < sizeof(wire); pos++)
		for (int bit = 0; bit < 8; bit++)
		{
			cxm_flow	back;
			const char *why = NULL;

			cxm_flow_encode(&f, wire);
			wire[pos] ^= (uint8_t) (1 << bit);
			if (cxm_flow_decode(wire, sizeof(wire), &back, &why) &&
				(back.lost > back.at_start || back.acquired_and_lost > back.acquired ||
				 back.period_start >= back.period_end))
				consistent = false;
		}
	TAP_OK(consistent, "flow: every bit flip is refused or decodes to a consistent state");
}

/* a cancel reaches the selection over a whole group */
static long interrupt_calls = 0;

static void
count_interrupt(void)
{
	interrupt_calls++;
}

static void
test_percentile_progress(void)
{
	size_t		n = 1000000;
	int64_t    *values = malloc(n * sizeof(int64_t)),
			   *scratch = malloc(n * sizeof(int64_t));
	uint8_t    *wire = malloc(cxm_duration_list_size(n));
	uint64_t	seed = 7;
	const char *why = NULL;

	for (size_t i = 0; i < n; i++)
	{
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		values[i] = (int64_t) (seed >> 20);
	}
	memcpy(scratch, values, n * sizeof(int64_t));
	interrupt_calls = 0;
	/* selection reads about 2n values: more than 2n / 65,536 = 30 checks; the old code made none */
	TAP_OK(cxm_percentile_cont(scratch, n, 0.9, count_interrupt) == sorted_percentile(values, n, 0.9) &&
		   interrupt_calls >= 20, "a percentile of a million durations checks for a cancel as it selects");
	/*
	 * Between two order statistics (fraction 0.5 / (n - 1): position 0.5)
	 * the value above the least is found by a scan of the n - 2 others after
	 * the same selection as for fraction 0 (the least alone): that scan must
	 * check too, once per CXM_OPS_TICK_EVERY values, so the two calls differ
	 * by (n - 2) / 65,536 = 15 checks, give or take the one in progress.
	 */
	{
		long		selection_only;

		memcpy(scratch, values, n * sizeof(int64_t));
		interrupt_calls = 0;
		TAP_OK(cxm_percentile_cont(scratch, n, 0.0, count_interrupt) == sorted_percentile(values, n, 0.0),
			   "the least of a million durations");
		selection_only = interrupt_calls;
		memcpy(scratch, values, n * sizeof(int64_t));
		interrupt_calls = 0;
		TAP_OK(cxm_percentile_cont(scratch, n, 0.5 / (double) (n - 1), count_interrupt) ==
			   sorted_percentile(values, n, 0.5 / (double) (n - 1)),
			   "halfway between the two least of a million durations");
		TAP_OK(interrupt_calls - selection_only >= (long) ((n - 2) / CXM_OPS_TICK_EVERY) - 1,
			   "the scan for the next order statistic checks for a cancel every 65,536 values");
	}
	interrupt_calls = 0;
	cxm_duration_list_encode(false, 0, values, n, wire, count_interrupt);
	TAP_OK(interrupt_calls >= 15, "encoding them checks");
	interrupt_calls = 0;
	TAP_OK(cxm_duration_list_decode_values(wire, n, scratch, &why, count_interrupt) && interrupt_calls >= 15,
		   "decoding them checks");
	free(values);
	free(scratch);
	free(wire);
}

/*
 * An input on which the selection gives up and heap-sorts: McIlroy's
 * adversary ("A killer adversary for quicksort", 1999) played against a
 * replay of select_kth's comparisons (median of three, Hoare's partition,
 * a budget of 16 + 2 log2 n partitions).  Values start as "gas", above
 * every solid value; when two gas values meet, one is frozen to the next
 * smallest solid value, and the one compared last stays gas.  So each
 * pivot is about the least of its range: every partition cuts off a
 * couple of values and the budget runs out with most of the range left to
 * heap_sort.  The replay only makes the input; the answer is checked
 * against sorting.
 */
static int64_t *adv_value;
static int64_t adv_solid;
static size_t adv_candidate;
#define ADV_GAS INT64_MAX

static bool
adv_less(size_t x, size_t y)
{
	if (adv_value[x] == ADV_GAS && adv_value[y] == ADV_GAS)
		adv_value[x == adv_candidate ? x : y] = adv_solid++;
	if (adv_value[x] == ADV_GAS)
		adv_candidate = x;
	else if (adv_value[y] == ADV_GAS)
		adv_candidate = y;
	return adv_value[x] < adv_value[y];
}

static void
adv_swap(size_t *a, size_t *b)
{
	size_t		t = *a;

	*a = *b;
	*b = t;
}

/*
 * values[i] for an input of n on which select_kth(k) heap-sorts: how many
 * values it leaves to heap_sort (0 if the budget was not spent).
 */
static size_t
heap_sort_input(int64_t *values, size_t n, size_t k)
{
	size_t	   *id = malloc(n * sizeof(size_t));
	size_t		lo = 0,
				hi = n - 1;
	int			budget = 16;
	size_t		left = 0;

	adv_value = values;
	adv_solid = 0;
	for (size_t i = 0; i < n; i++)
	{
		id[i] = i;
		values[i] = ADV_GAS;
	}
	for (size_t m = n; m > 1; m >>= 1)
		budget += 2;
	while (hi > lo)
	{
		size_t		mid = lo + (hi - lo) / 2,
					i,
					j,
					pivot;

		if (budget-- == 0)
		{
			left = hi - lo + 1;
			break;
		}
		if (adv_less(id[mid], id[lo]))
			adv_swap(&id[mid], &id[lo]);
		if (adv_less(id[hi], id[lo]))
			adv_swap(&id[hi], &id[lo]);
		if (adv_less(id[hi], id[mid]))
			adv_swap(&id[hi], &id[mid]);
		pivot = id[mid];
		i = lo;
		j = hi;
		while (i <= j)
		{
			while (adv_less(id[i], pivot))
				i++;
			while (adv_less(pivot, id[j]))
				j--;
			if (i <= j)
			{
				adv_swap(&id[i], &id[j]);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	/* the values never compared with each other: distinct, above the rest */
	for (size_t i = 0; i < n; i++)
		if (values[i] == ADV_GAS)
			values[i] = adv_solid++;
	free(id);
	return left;
}

static void
test_heap_sort_fallback(void)
{
	size_t		n = 1000001,
				small = 2001,
				sorted;
	int64_t    *values = malloc(n * sizeof(int64_t));
	int64_t		got;
	int			wrong = 0;

	/*
	 * The adversary's values are a permutation of 0 .. n - 1, so the k-th
	 * smallest is k: at fraction k / (n - 1) the answer is k.  First every
	 * 7th order statistic of 2,001 such values, built for the median (the
	 * selection takes the same path for every k it does not cut off early,
	 * and heap-sorts the rest).
	 */
	TAP_OK(heap_sort_input(values, small, (small - 1) / 2) > small / 2,
		   "an input of 2,001 values on which the selection gives up and heap-sorts most of them");
	for (size_t k = 0; k < small; k += 7)
	{
		int64_t    *scratch = malloc(small * sizeof(int64_t));

		memcpy(scratch, values, small * sizeof(int64_t));
		if (cxm_percentile_cont(scratch, small, (double) k / (double) (small - 1), NULL) != (int64_t) k)
			wrong++;
		free(scratch);
	}
	TAP_OK(wrong == 0, "each of its order statistics, found by heap-sorting, is the right one");

	/*
	 * Then the median of a million: heap_sort must check for a cancel as it
	 * goes, once per 65,536 units of work at 32 a sift, both while it builds
	 * the heap (sorted / 2 sifts) and while it takes it apart (sorted - 1):
	 * at least 32 * 1.5 * sorted / 65,536 checks (733 here), the partitions'
	 * aside.  Building alone would make a third of them, taking apart alone
	 * two thirds.
	 */
	sorted = heap_sort_input(values, n, (n - 1) / 2);
	TAP_OK(sorted > n / 2, "an input of a million values on which the selection gives up and heap-sorts most of them");
	interrupt_calls = 0;
	got = cxm_percentile_cont(values, n, 0.5, count_interrupt);
	TAP_OK(got == (int64_t) (n - 1) / 2, "its median, found by heap-sorting, is the middle value");
	TAP_OK(interrupt_calls >= (long) (32 * (sorted / 2 + sorted - 1) / CXM_OPS_TICK_EVERY),
		   "heap-sorting them checks for a cancel every 2,048 sifts, building the heap and taking it apart");
	free(values);
}

int
main(void)
{
	test_flow();
	test_share();
	test_durations();
	test_percentiles();
	test_percentile_progress();
	test_heap_sort_fallback();
	test_fuzz();
	return tap_done();
}
