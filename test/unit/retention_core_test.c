/* Unit tests of src/retention_core.c. */
#include "decimal_core.h"
#include "retention_core.h"
#include "tap.h"

#define TEST_RANDOM_SEED UINT64_C(0x9E3779B97F4A7C15)
#include "support.h"

#include <stdint.h>
#include <stdlib.h>

#define DAY INT64_C(86400000000)

static void
test_flags(void)
{
	/* ClickHouse docs: uid 0..4 active on all three days, 5..14 not on day 1 */
	cxm_ret_flags all = {0x7, 3},
				late = {0x6, 3},
				some = {0x5, 3};
	int32_t		r[3];
	unsigned char buf[CXM_RET_FLAGS_SIZE];
	cxm_ret_flags back;

	cxm_ret_flags_result(&all, r);
	TAP_OK(r[0] == 1 && r[1] == 1 && r[2] == 1, "retention: all three conditions give [1,1,1]");
	cxm_ret_flags_result(&late, r);
	TAP_OK(r[0] == 0 && r[1] == 0 && r[2] == 0, "retention: without condition 1 everything is 0 ([0,0,0])");
	cxm_ret_flags_result(&some, r);
	TAP_OK(r[0] == 1 && r[1] == 0 && r[2] == 1, "retention: c1 and c3 give [1,0,1]");

	cxm_ret_flags_serialize(&some, buf);
	TAP_OK(cxm_ret_flags_deserialize(buf, sizeof(buf), &back) == CXM_RET_OK && back.met == 5 && back.conditions == 3,
		   "retention state round-trips");
	buf[11] |= 0x10;			/* condition 5 of 3 */
	TAP_OK(cxm_ret_flags_deserialize(buf, sizeof(buf), &back) == CXM_RET_BAD_STATE,
		   "a bit past the number of conditions is rejected");
	cxm_ret_flags_serialize(&some, buf);
	buf[1] = 65;
	TAP_OK(cxm_ret_flags_deserialize(buf, sizeof(buf), &back) == CXM_RET_BAD_STATE, "65 conditions rejected");
	buf[1] = 0;
	TAP_OK(cxm_ret_flags_deserialize(buf, sizeof(buf), &back) == CXM_RET_BAD_STATE, "0 conditions rejected");
	{
		cxm_ret_flags full = {UINT64_MAX, 64};

		cxm_ret_flags_serialize(&full, buf);
		TAP_OK(cxm_ret_flags_deserialize(buf, sizeof(buf), &back) == CXM_RET_OK && back.met == UINT64_MAX,
			   "64 conditions, all met, round-trip");
	}
}

static cxm_ret_params
params(int64_t period, int32_t n, int64_t as_of, bool on_or_after, bool calendar, int64_t origin)
{
	cxm_ret_params p = {period, n, (uint8_t) ((on_or_after ? CXM_RET_ON_OR_AFTER : 0) | (calendar ? CXM_RET_CALENDAR : 0)),
	as_of, calendar ? origin : 0};

	return p;
}

static int
result_is(cxm_ret_activity *a, const char *want)
{
	int32_t		values[64];
	bool		nulls[64];
	char		got[64];

	cxm_ret_activity_result(a, values, nulls, NULL);
	for (int k = 0; k <= a->params.periods; k++)
		got[k] = nulls[k] ? 'n' : (char) ('0' + values[k]);
	got[a->params.periods + 1] = 0;
	if (strcmp(got, want) != 0)
		printf("#   got %s, want %s\n", got, want);
	return strcmp(got, want) == 0;
}

static void
add_days(cxm_ret_activity *a, const double *days, int n)
{
	for (int k = 0; k < n; k++)
		cxm_ret_activity_add(a, (int64_t) (days[k] * DAY), &mem, NULL);
}

static void
test_periods(void)
{
	cxm_ret_params rolling = params(7 * DAY, 4, 30 * DAY, false, false, 0);
	cxm_ret_activity a;
	/* first on day 1.5; back on day 9 (period 1) and day 23 (period 3); day 30 is not observed */
	double		days[] = {9, 1.5, 23, 30, 31};

	cxm_ret_activity_init(&a, &rolling);
	add_days(&a, days, 5);
	/* period k = [1.5 + 7k, 8.5 + 7k): period 3 ends at 29.5 <= 30, period 4 at 36.5 > 30 */
	TAP_OK(result_is(&a, "1101n"), "rolling weeks, on: [1, 1, 0, 1, NULL] (period 4 had not ended)");
	a.params.mode = CXM_RET_ON_OR_AFTER;
	TAP_OK(result_is(&a, "1111n"), "rolling weeks, on or after: period 2 counts the return in period 3");
	cxm_ret_activity_free(&a, &mem);

	{
		/* calendar weeks from day 0: first on day 1.5 is week 0, day 9 week 1, day 23 week 3 */
		cxm_ret_params cal = params(7 * DAY, 4, 28 * DAY, false, true, 0);

		cxm_ret_activity_init(&a, &cal);
		add_days(&a, days, 5);
		TAP_OK(result_is(&a, "1101n"), "calendar weeks: week 3 ends on day 28 = as_of, week 4 is open");
		cxm_ret_activity_free(&a, &mem);
	}
	{
		/* negative timestamps: buckets are floored, not truncated */
		cxm_ret_params cal = params(DAY, 2, 10 * DAY, false, true, 0);
		double		before[] = {-0.5, 0.25};

		cxm_ret_activity_init(&a, &cal);
		add_days(&a, before, 2);
		TAP_OK(a.first == -1 && result_is(&a, "110"), "calendar days before the origin: day -1 then day 0");
		cxm_ret_activity_free(&a, &mem);
	}
	{
		/* events past period N only mark 'late': on_or_after still sees them */
		cxm_ret_params p = params(DAY, 2, 100 * DAY, true, false, 0);
		double		late[] = {0, 50, 60};

		cxm_ret_activity_init(&a, &p);
		add_days(&a, late, 3);
		TAP_OK(a.n == 1 && a.late, "events after period N are not stored");
		TAP_OK(result_is(&a, "111"), "on or after: a return after period N retains every period");
		a.params.mode = 0;
		TAP_OK(result_is(&a, "100"), "on: the same customer was not active in periods 1 and 2");
		cxm_ret_activity_free(&a, &mem);
	}
	{
		/* a customer whose first event comes last still gets it right */
		cxm_ret_params p = params(DAY, 3, 100 * DAY, false, false, 0);
		double		backwards[] = {3.5, 2.5, 1.5, 0.5};

		cxm_ret_activity_init(&a, &p);
		add_days(&a, backwards, 4);
		TAP_OK(result_is(&a, "1111"), "events in reverse order: active in every period");
		cxm_ret_activity_free(&a, &mem);
	}
	{
		cxm_ret_params p = params(DAY, 3, 100 * DAY, false, false, 0);

		cxm_ret_activity_init(&a, &p);
		cxm_ret_activity_add(&a, 100 * DAY, &mem, NULL);
		TAP_OK(!a.any, "an event at as_of is not observed");
		cxm_ret_activity_free(&a, &mem);
	}
	{
		/* a 1-microsecond bucket 9.4e18 from the origin has no int64 number */
		cxm_ret_params p = params(1, 3, INT64_MAX, false, true, CXM_TS_MIN);

		cxm_ret_activity_init(&a, &p);
		TAP_OK(cxm_ret_activity_add(&a, CXM_TS_END - 1, &mem, NULL) == CXM_RET_OUT_OF_RANGE,
			   "a timestamp too far from the origin for its bucket number is reported, not wrapped");
		cxm_ret_activity_free(&a, &mem);
	}
	{
		/* daily buckets from the first to the last microsecond there is: exact, though ts - origin passes int64 */
		cxm_ret_params p = params(DAY, 3, INT64_MAX, false, true, CXM_TS_MIN);
		int32_t		values[4];
		bool		nulls[4];

		cxm_ret_activity_init(&a, &p);
		TAP_OK(cxm_ret_activity_add(&a, CXM_TS_END - 1, &mem, NULL) == CXM_RET_OK &&
			   cxm_ret_activity_add(&a, CXM_TS_END - 1 - 2 * DAY, &mem, NULL) == CXM_RET_OK &&
			   (uint64_t) a.first == ((uint64_t) CXM_TS_END - (uint64_t) CXM_TS_MIN) / DAY - 3,
			   "buckets 290,000 years from the origin are numbered exactly");
		cxm_ret_activity_result(&a, values, nulls, NULL);
		TAP_OK(values[0] == 1 && values[1] == 0 && values[2] == 1 && !nulls[3] && values[3] == 0,
			   "... and give the periods of the events");
		cxm_ret_activity_free(&a, &mem);
	}
	{
		/* origin at the end of time, events at its start: negative buckets, ends compared exactly */
		cxm_ret_params p = params(DAY, 2, CXM_TS_MIN + 2 * DAY, false, true, CXM_TS_END - 1);
		int32_t		values[3];
		bool		nulls[3];

		cxm_ret_activity_init(&a, &p);
		TAP_OK(cxm_ret_activity_add(&a, CXM_TS_MIN, &mem, NULL) == CXM_RET_OK, "an event 290,000 years before the origin");
		cxm_ret_activity_result(&a, values, nulls, NULL);
		/*
		 * The grid's days start at 23:59:59.999999, so the event's bucket
		 * starts 1 us before the start of time: period 1 ends 1 us before
		 * as_of, period 2 after it.
		 */
		TAP_OK(values[0] == 1 && !nulls[1] && values[1] == 0 && nulls[2],
			   "... whose bucket starts before the start of time: period 1 complete, period 2 not");
		cxm_ret_activity_free(&a, &mem);
	}
}

/* the expected result, computed directly from all events */
static void
brute_periods(const cxm_ret_params *p, const int64_t *ts, int n, int32_t *values, bool *nulls, bool *none)
{
	int64_t		first = INT64_MAX;
	bool		any = false;
	bool		later = false;

	for (int k = 0; k <= p->periods; k++)
		values[k] = 0;
	for (int i = 0; i < n; i++)
	{
		int64_t		pos = (p->mode & CXM_RET_CALENDAR) ? (ts[i] - p->origin - ((ts[i] - p->origin) % p->period + p->period) % p->period) / p->period : ts[i];

		if (ts[i] < p->as_of && pos < first)
			first = pos;
		any |= ts[i] < p->as_of;
	}
	*none = !any;
	for (int i = 0; i < n; i++)
	{
		int64_t		pos,
					k;

		if (ts[i] >= p->as_of)
			continue;
		pos = (p->mode & CXM_RET_CALENDAR) ? (ts[i] - p->origin - ((ts[i] - p->origin) % p->period + p->period) % p->period) / p->period : ts[i];
		k = (p->mode & CXM_RET_CALENDAR) ? pos - first : (pos - first) / p->period;
		if (k > p->periods)
			later = true;
		else
			values[k] = 1;
	}
	if (p->mode & CXM_RET_ON_OR_AFTER)
		for (int k = p->periods; k >= 0; k--)
		{
			later |= values[k] != 0;
			values[k] = later;
		}
	values[0] = 1;
	nulls[0] = false;
	for (int k = 1; k <= p->periods && any; k++)
	{
		int64_t		end = (p->mode & CXM_RET_CALENDAR) ? p->origin + (first + k + 1) * p->period : first + (k + 1) * p->period;

		nulls[k] = end > p->as_of;
		if (nulls[k])
			values[k] = 0;
	}
}

static void
test_periods_random(void)
{
	int			ok = 1,
				ok_merge = 1,
				ok_roundtrip = 1;

	for (int round = 0; round < 3000; round++)
	{
		int32_t		n_periods = 1 + (int32_t) (next_random() % 8);
		int64_t		period = 1 + (int64_t) (next_random() % 100);
		cxm_ret_params p = params(period, n_periods, (int64_t) (next_random() % 2000) - 500,
								  next_random() % 2, next_random() % 2, (int64_t) (next_random() % 300) - 150);
		int			n = 1 + (int) (next_random() % 300);
		int64_t    *ts = malloc(sizeof(int64_t) * n);
		int32_t		want[16],
					got[16];
		bool		want_null[16],
					got_null[16],
					none;
		cxm_ret_activity whole,
					a,
					b,
					back;
		int			split = (int) (next_random() % (uint64_t) n);
		unsigned char *buf;

		for (int i = 0; i < n; i++)
			ts[i] = (int64_t) (next_random() % 2000) - 1000;
		brute_periods(&p, ts, n, want, want_null, &none);

		cxm_ret_activity_init(&whole, &p);
		for (int i = 0; i < n; i++)
			cxm_ret_activity_add(&whole, ts[i], &mem, NULL);
		ok &= whole.any == !none;
		if (!none)
		{
			cxm_ret_activity_result(&whole, got, got_null, NULL);
			for (int k = 0; k <= n_periods; k++)
				ok &= got[k] == want[k] && got_null[k] == want_null[k];
		}

		cxm_ret_activity_init(&a, &p);
		cxm_ret_activity_init(&b, &p);
		for (int i = 0; i < n; i++)
			cxm_ret_activity_add(i < split ? &a : &b, ts[i], &mem, NULL);
		cxm_ret_activity_merge(&a, &b, &mem, NULL);
		ok_merge &= a.any == !none;
		if (!none)
		{
			cxm_ret_activity_result(&a, got, got_null, NULL);
			for (int k = 0; k <= n_periods; k++)
				ok_merge &= got[k] == want[k] && got_null[k] == want_null[k];
		}

		buf = malloc(cxm_ret_activity_serialized_size(&whole));
		cxm_ret_activity_serialize(&whole, buf);
		if (cxm_ret_activity_deserialize(buf, cxm_ret_activity_serialized_size(&whole), &back, &mem) != CXM_RET_OK)
			ok_roundtrip = 0;
		else if (!none)
		{
			cxm_ret_activity_result(&back, got, got_null, NULL);
			for (int k = 0; k <= n_periods; k++)
				ok_roundtrip &= got[k] == want[k] && got_null[k] == want_null[k];
		}
		free(buf);
		cxm_ret_activity_free(&whole, &mem);
		cxm_ret_activity_free(&a, &mem);
		cxm_ret_activity_free(&b, &mem);
		cxm_ret_activity_free(&back, &mem);
		free(ts);
	}
	TAP_OK(ok, "retention_periods equals a direct computation (3000 random customers, both modes, both grids)");
	TAP_OK(ok_merge, "merging two partial states gives the same result");
	TAP_OK(ok_roundtrip, "serialized states read back to the same result");
}

static void
test_periods_bad_bytes(void)
{
	cxm_ret_params p = params(DAY, 3, 10 * DAY, false, false, 0);
	cxm_ret_activity a,
				t;
	unsigned char good[CXM_RET_ACTIVITY_HEADER + 16],
				b[sizeof(good)];
	int			fuzz_ok = 1;

	cxm_ret_activity_init(&a, &p);
	cxm_ret_activity_add(&a, DAY, &mem, NULL);
	cxm_ret_activity_add(&a, 2 * DAY, &mem, NULL);
	cxm_ret_activity_serialize(&a, good);
	cxm_ret_activity_free(&a, &mem);
	TAP_OK(cxm_ret_activity_deserialize(good, sizeof(good), &t, &mem) == CXM_RET_OK, "a valid activity state reads back");
	cxm_ret_activity_free(&t, &mem);
	memcpy(b, good, sizeof(b));
	cxm_sess_put_u64(b + 32, 0);	/* first not among the positions */
	TAP_OK(cxm_ret_activity_deserialize(b, sizeof(b), &t, &mem) == CXM_RET_BAD_STATE, "a first position no event has is rejected");
	memcpy(b, good, sizeof(b));
	cxm_sess_put_u64(b + CXM_RET_ACTIVITY_HEADER + 8, (uint64_t) (11 * DAY));
	TAP_OK(cxm_ret_activity_deserialize(b, sizeof(b), &t, &mem) == CXM_RET_BAD_STATE, "an event after as_of is rejected");
	memcpy(b, good, sizeof(b));
	cxm_sess_put_u64(b + 8, 0);
	TAP_OK(cxm_ret_activity_deserialize(b, sizeof(b), &t, &mem) == CXM_RET_BAD_STATE, "a zero period is rejected");
	memcpy(b, good, sizeof(b));
	cxm_sess_put_u32(b + 4, CXM_RET_MAX_PERIODS + 1);
	TAP_OK(cxm_ret_activity_deserialize(b, sizeof(b), &t, &mem) == CXM_RET_BAD_STATE, "too many periods rejected");
	memcpy(b, good, sizeof(b));
	b[1] |= 0x10;
	TAP_OK(cxm_ret_activity_deserialize(b, sizeof(b), &t, &mem) == CXM_RET_BAD_STATE, "unknown flag bits rejected");

	for (int round = 0; round < 20000; round++)
	{
		size_t		len = 1 + next_random() % sizeof(b);

		memcpy(b, good, sizeof(b));
		for (int flips = 1 + (int) (next_random() % 4); flips > 0; flips--)
			b[next_random() % len] ^= (unsigned char) (1 + next_random() % 255);
		if (cxm_ret_activity_deserialize(b, len, &t, &mem) == CXM_RET_OK && t.any)
		{
			int32_t		values[CXM_RET_MAX_PERIODS + 1];
			bool		nulls[CXM_RET_MAX_PERIODS + 1];

			cxm_ret_activity_result(&t, values, nulls, NULL);
			fuzz_ok &= values[0] == 1;
		}
		cxm_ret_activity_free(&t, &mem);
	}
	TAP_OK(fuzz_ok, "20000 corrupted activity states: each rejected or readable");
}

static void
test_cohort(void)
{
	cxm_ret_cohort c,
				d,
				back;
	int32_t		r1[] = {1, 1, 0},
				r2[] = {1, 0, 0},
				r3[] = {1, 1, 0},
				r4[] = {0, 1, 1},
				bad_values[] = {1, 2};
	bool		none[] = {0, 0, 0},
				last_null[] = {0, 0, 1};
	char		buf[CXM_NUMBER_BUFLEN];
	int32_t		bad = -1;
	unsigned char *bytes;

	cxm_ret_cohort_init(&c, -1);
	cxm_ret_cohort_add(&c, r1, none, 3, &mem, &bad);
	cxm_ret_cohort_add(&c, r2, none, 3, &mem, &bad);
	cxm_ret_cohort_add(&c, r3, last_null, 3, &mem, &bad);
	cxm_ret_cohort_add(&c, r4, none, 3, &mem, &bad);
	TAP_OK(cxm_ret_cohort_percent(&c, 0, buf) && strcmp(buf, "100") == 0, "cohort: period 0 is 100%");
	TAP_OK(cxm_ret_cohort_percent(&c, 1, buf) && strcmp(buf, "66.6666666666666667") == 0,
		   "cohort: 2 of 3 customers in the cohort came back (the one without r[1] is not in it)");
	TAP_OK(cxm_ret_cohort_percent(&c, 2, buf) && strcmp(buf, "0") == 0,
		   "cohort: a NULL (censored) period leaves the customer out of that period's base: 0 of 2");
	TAP_OK(cxm_ret_cohort_add(&c, bad_values, none, 2, &mem, &bad) == CXM_RET_NOT_BINARY && bad == 1,
		   "cohort: an element 2 is rejected, and named");

	cxm_ret_cohort_init(&d, -1);
	cxm_ret_cohort_add(&d, r2, last_null, 3, &mem, &bad);
	TAP_OK(!cxm_ret_cohort_percent(&d, 2, buf), "cohort: a period nobody has reached has no share (NULL)");
	cxm_ret_cohort_merge(&c, &d, &mem);
	TAP_OK(cxm_ret_cohort_percent(&c, 1, buf) && strcmp(buf, "50") == 0, "cohort: merged counts 2 of 4");

	bytes = malloc(cxm_ret_cohort_serialized_size(&c));
	cxm_ret_cohort_serialize(&c, bytes);
	TAP_OK(cxm_ret_cohort_deserialize(bytes, cxm_ret_cohort_serialized_size(&c), &back, &mem) == CXM_RET_OK &&
		   back.length == 3 && back.known[1] == 4 && back.retained[1] == 2, "cohort state round-trips");
	free(back.retained);
	free(back.known);
	bytes[8 + 16 + 7] = 9;		/* retained 9 > known 4 */
	TAP_OK(cxm_ret_cohort_deserialize(bytes, cxm_ret_cohort_serialized_size(&c), &back, &mem) == CXM_RET_BAD_STATE,
		   "a cohort state with more retained than known is rejected");
	free(bytes);
	free(c.retained);
	free(c.known);
	free(d.retained);
	free(d.known);
}

/* A serialized activity state of one position. */
static void
activity_bytes(unsigned char *b, uint8_t flags, int64_t period, int64_t as_of, int64_t origin, int64_t position)
{
	memset(b, 0, CXM_RET_ACTIVITY_HEADER + 8);
	b[0] = 1;
	b[1] = (unsigned char) (flags | 0x04);
	cxm_sess_put_u32(b + 4, 3);
	cxm_sess_put_u64(b + 8, (uint64_t) period);
	cxm_sess_put_u64(b + 16, (uint64_t) as_of);
	cxm_sess_put_u64(b + 24, (uint64_t) origin);
	cxm_sess_put_u64(b + 32, (uint64_t) position);
	cxm_sess_put_u64(b + 40, 1);
	cxm_sess_put_u64(b + CXM_RET_ACTIVITY_HEADER, (uint64_t) position);
}

static cxm_ret_status
activity_read(const unsigned char *b)
{
	cxm_ret_activity t;
	cxm_ret_status st = cxm_ret_activity_deserialize(b, CXM_RET_ACTIVITY_HEADER + 8, &t, &mem);

	cxm_ret_activity_free(&t, &mem);
	return st;
}

static cxm_ret_status
cohort_read(int64_t retained0, int64_t known0, int64_t retained1, int64_t known1)
{
	unsigned char b[CXM_RET_COHORT_HEADER + 32] = {1, 0, 0, 0};
	cxm_ret_cohort t;
	cxm_ret_status st;

	cxm_sess_put_u32(b + 4, 2);
	cxm_sess_put_u64(b + 8, (uint64_t) retained0);
	cxm_sess_put_u64(b + 16, (uint64_t) known0);
	cxm_sess_put_u64(b + 24, (uint64_t) retained1);
	cxm_sess_put_u64(b + 32, (uint64_t) known1);
	st = cxm_ret_cohort_deserialize(b, sizeof(b), &t, &mem);
	free(t.retained);
	free(t.known);
	return st;
}

/* States the aggregates cannot produce are refused. */
static void
test_impossible_states(void)
{
	unsigned char b[CXM_RET_ACTIVITY_HEADER + 8];

	activity_bytes(b, 0, DAY, INT64_MAX, 0, 5 * DAY);
	TAP_OK(activity_read(b) == CXM_RET_OK, "a rolling activity state at a finite time reads back");
	activity_bytes(b, 0, DAY, INT64_MAX, 0, CXM_TS_END);
	TAP_OK(activity_read(b) == CXM_RET_BAD_STATE, "an event past the last timestamp there is rejected");
	activity_bytes(b, 0, DAY, INT64_MAX, 0, CXM_TS_NOBEGIN);
	TAP_OK(activity_read(b) == CXM_RET_BAD_STATE, "an event at -infinity rejected (retention_periods refuses it)");
	activity_bytes(b, 0, DAY, INT64_MAX - 1, 0, 5 * DAY);
	TAP_OK(activity_read(b) == CXM_RET_BAD_STATE, "an as_of no timestamp has rejected");
	activity_bytes(b, CXM_RET_CALENDAR, DAY, INT64_MAX, CXM_TS_NOEND, 0);
	TAP_OK(activity_read(b) == CXM_RET_BAD_STATE, "an infinite origin rejected");
	activity_bytes(b, CXM_RET_CALENDAR, DAY, INT64_MAX, 0, CXM_TS_END / DAY);
	TAP_OK(activity_read(b) == CXM_RET_BAD_STATE, "a bucket after the end of time rejected");
	activity_bytes(b, CXM_RET_CALENDAR, DAY, INT64_MAX, 0, CXM_TS_END / DAY - 1);
	TAP_OK(activity_read(b) == CXM_RET_OK, "the last bucket there is reads back");
	activity_bytes(b, CXM_RET_CALENDAR, DAY, INT64_MAX, 0, CXM_TS_MIN / DAY - 1);
	TAP_OK(activity_read(b) == CXM_RET_BAD_STATE, "a bucket before the start of time rejected");

	/* days from origin 0, observed until day 20: bucket 19 is [19, 20), bucket 20 starts at as_of */
	activity_bytes(b, CXM_RET_CALENDAR, DAY, 20 * DAY, 0, 19);
	TAP_OK(activity_read(b) == CXM_RET_OK, "the bucket ending at as_of reads back");
	activity_bytes(b, CXM_RET_CALENDAR, DAY, 20 * DAY, 0, 20);
	TAP_OK(activity_read(b) == CXM_RET_BAD_STATE, "a bucket starting at as_of rejected (no event before as_of is in it)");

	TAP_OK(cohort_read(3, 3, 1, 2) == CXM_RET_OK, "a cohort state reads back");
	TAP_OK(cohort_read(2, 3, 1, 2) == CXM_RET_BAD_STATE, "a cohort whose period 0 is not 100% rejected");
	TAP_OK(cohort_read(3, 3, 1, 4) == CXM_RET_BAD_STATE, "a period known to more customers than the cohort has rejected");
	TAP_OK(cohort_read(0, 0, 0, 0) == CXM_RET_BAD_STATE, "periods without a customer rejected");
}

/*
 * An allocator whose blocks are preceded by a chosen value, as a real
 * allocator's are by its own bookkeeping: code that reads before a block
 * it was given meets that value.
 */
static int64_t before_block;

static void *
p_alloc(void *ctx, size_t size)
{
	char	   *p = malloc(size + 16);

	(void) ctx;
	memcpy(p + 8, &before_block, 8);
	return p + 16;
}

static void *
p_grow(void *ctx, void *block, size_t old_size, size_t new_size)
{
	char	   *p = realloc((char *) block - 16, new_size + 16);

	(void) ctx;
	(void) old_size;
	memcpy(p + 8, &before_block, 8);
	return p + 16;
}

static void
p_release(void *ctx, void *block)
{
	(void) ctx;
	free((char *) block - 16);
}

static const cxm_sess_allocator prefixed_mem = {p_alloc, p_grow, p_release, NULL};

/*
 * Compaction (on the 17th event: 16 positions fill the first block) keeps
 * the first position whatever lies before the block: here the customer's
 * own first timestamp.  Rolling days observed until day 10: first at 5 µs,
 * 16 returns in period 1, one in period 3: [1, 1, 0, 1], read back from the
 * serialized state (which must hold the first position).
 */
static void
test_compaction_reads_its_block_only(void)
{
	cxm_ret_params rolling = params(DAY, 3, 10 * DAY, false, false, 0);
	cxm_ret_activity a,
				back;
	unsigned char *bytes;
	bool		ok = true;

	before_block = 5;
	cxm_ret_activity_init(&a, &rolling);
	ok &= cxm_ret_activity_add(&a, 5, &prefixed_mem, NULL) == CXM_RET_OK;
	for (int k = 0; k < 16; k++)
		ok &= cxm_ret_activity_add(&a, DAY + 5 + k, &prefixed_mem, NULL) == CXM_RET_OK;
	ok &= cxm_ret_activity_add(&a, 3 * DAY + 5, &prefixed_mem, NULL) == CXM_RET_OK;
	bytes = malloc(cxm_ret_activity_serialized_size(&a));
	cxm_ret_activity_serialize(&a, bytes);
	ok &= cxm_ret_activity_deserialize(bytes, cxm_ret_activity_serialized_size(&a), &back, &mem) == CXM_RET_OK;
	TAP_OK(ok && result_is(&back, "1101"),
		   "a compacted state keeps its first position whatever precedes its block, and reads back to [1, 1, 0, 1]");
	cxm_ret_activity_free(&back, &mem);
	cxm_ret_activity_free(&a, &prefixed_mem);
	free(bytes);
}

static int	ticks;

static void
count_tick(void)
{
	ticks++;
}

/*
 * The result reports progress every CXM_SESS_TICK_EVERY positions, so the
 * glue's CHECK_FOR_INTERRUPTS runs inside its loop: 4 x 65,536 distinct
 * timestamps, all in period 0 (rolling days observed until day 10), tick
 * exactly 4 times (no sort: the result reads the positions as stored).
 */
static void
test_result_progress(void)
{
	cxm_ret_params rolling = params(DAY, 3, 10 * DAY, false, false, 0);
	cxm_ret_activity a;
	int32_t		values[4];
	bool		nulls[4];

	cxm_ret_activity_init(&a, &rolling);
	for (int64_t k = 0; k < 4 * CXM_SESS_TICK_EVERY; k++)
		cxm_ret_activity_add(&a, k, &mem, NULL);
	ticks = 0;
	cxm_ret_activity_result(&a, values, nulls, count_tick);
	TAP_OK(ticks == 4 && values[0] == 1 && values[1] == 0 && !nulls[3] && values[3] == 0,
		   "the result over 262,144 positions ticks 4 times: [1, 0, 0, 0]");
	cxm_ret_activity_free(&a, &mem);
}

/* An allocator that counts its calls and refuses once `budget` blocks are spent. */
static int	c_allocs,
			c_grows,
			c_budget;

static void *
c_alloc(void *ctx, size_t size)
{
	(void) ctx;
	if (c_allocs + c_grows >= c_budget)
		return NULL;
	c_allocs++;
	return malloc(size);
}

static void *
c_grow(void *ctx, void *block, size_t old_size, size_t new_size)
{
	(void) ctx;
	(void) old_size;
	if (c_allocs + c_grows >= c_budget)
		return NULL;
	c_grows++;
	return realloc(block, new_size);
}

static const cxm_sess_allocator counted_mem = {c_alloc, c_grow, test_release, NULL};

/*
 * Repeats are dropped (retention_core.h), and the positions are compacted
 * before they grow, growing only when compaction leaves less than half the
 * block free.  Rolling days observed until day 10, 4 periods.
 */
static void
test_activity_memory(void)
{
	cxm_ret_params rolling = params(DAY, 4, 10 * DAY, false, false, 0);
	cxm_ret_activity a;
	bool		ok = true;

	/*
	 * The same event twice, and (day 0, day 1, day 1): the repeat of the
	 * latest event is not stored, the state holds 1 and 2 positions, whose
	 * serialized sizes are the header and 8 bytes for each (retention_core.h).
	 */
	cxm_ret_activity_init(&a, &rolling);
	ok &= cxm_ret_activity_add(&a, 5, &mem, NULL) == CXM_RET_OK;
	ok &= cxm_ret_activity_add(&a, 5, &mem, NULL) == CXM_RET_OK;
	TAP_OK(ok && a.n == 1 && cxm_ret_activity_serialized_size(&a) == CXM_RET_ACTIVITY_HEADER + 8,
		   "the same event twice is stored once: a state of the header and 8 bytes");
	cxm_ret_activity_free(&a, &mem);
	cxm_ret_activity_init(&a, &rolling);
	ok &= cxm_ret_activity_add(&a, 5, &mem, NULL) == CXM_RET_OK;
	ok &= cxm_ret_activity_add(&a, DAY + 5, &mem, NULL) == CXM_RET_OK;
	ok &= cxm_ret_activity_add(&a, DAY + 5, &mem, NULL) == CXM_RET_OK;
	TAP_OK(ok && a.n == 2 && cxm_ret_activity_serialized_size(&a) == CXM_RET_ACTIVITY_HEADER + 16 && result_is(&a, "11000"),
		   "day 0, day 1, day 1 again: two positions (header and 16 bytes), [1, 1, 0, 0, 0]");
	cxm_ret_activity_free(&a, &mem);

	/*
	 * 1,000 events cycling over 8 distinct timestamps of day 0 (no event the
	 * repeat of the one before): the first block holds 16 positions; each
	 * time it fills, compaction leaves the 8 distinct ones, half the block
	 * free, so the state never grows: one allocation, no growth.
	 */
	c_allocs = c_grows = 0;
	c_budget = 1000;
	cxm_ret_activity_init(&a, &rolling);
	for (int k = 0; k < 1000; k++)
		ok &= cxm_ret_activity_add(&a, 5 + k % 8, &counted_mem, NULL) == CXM_RET_OK;
	TAP_OK(ok && c_allocs == 1 && c_grows == 0 && a.cap == 16 && result_is(&a, "10000"),
		   "8 distinct events repeated 1,000 times stay in the first block of 16 positions (compaction leaves half of it free)");
	cxm_ret_activity_free(&a, &mem);

	/* no memory: the first block refused, then its growth refused (17 distinct events) */
	c_allocs = c_grows = 0;
	c_budget = 0;
	cxm_ret_activity_init(&a, &rolling);
	TAP_OK(cxm_ret_activity_add(&a, 5, &counted_mem, NULL) == CXM_RET_NO_MEMORY && a.positions == NULL && a.n == 0,
		   "an activity whose first block cannot be allocated reports no memory, and holds nothing");
	c_budget = 1;
	ok = true;
	for (int k = 0; k < 16; k++)
		ok &= cxm_ret_activity_add(&a, 5 + k, &counted_mem, NULL) == CXM_RET_OK;
	TAP_OK(ok && cxm_ret_activity_add(&a, 21, &counted_mem, NULL) == CXM_RET_NO_MEMORY && a.n == 16 && a.cap == 16 &&
		   a.positions != NULL && a.positions[15] == 20 && result_is(&a, "10000"),
		   "an activity whose block cannot grow reports no memory and keeps its 16 positions");
	cxm_ret_activity_free(&a, &mem);
}

/*
 * A customer's array of one element {1} is in the cohort (r[1] = 1) and
 * counts in period 0: 100%; {0} is not in it: no share.
 */
static void
test_cohort_of_one_period(void)
{
	cxm_ret_cohort c;
	int32_t		one[] = {1},
				zero[] = {0};
	bool		none[] = {0};
	char		buf[CXM_NUMBER_BUFLEN];
	int32_t		bad = -1;

	cxm_ret_cohort_init(&c, -1);
	TAP_OK(cxm_ret_cohort_add(&c, zero, none, 1, &mem, &bad) == CXM_RET_OK && !cxm_ret_cohort_percent(&c, 0, buf),
		   "cohort: {0} alone is outside the cohort: no share");
	TAP_OK(cxm_ret_cohort_add(&c, one, none, 1, &mem, &bad) == CXM_RET_OK && c.length == 1 && c.known[0] == 1 &&
		   cxm_ret_cohort_percent(&c, 0, buf) && strcmp(buf, "100") == 0,
		   "cohort: {1} is a customer of the cohort, period 0 at 100%");
	free(c.retained);
	free(c.known);
}

int
main(void)
{
	test_flags();
	test_periods();
	test_periods_random();
	test_periods_bad_bytes();
	test_cohort();
	test_impossible_states();
	test_compaction_reads_its_block_only();
	test_result_progress();
	test_activity_memory();
	test_cohort_of_one_period();
	return tap_done();
}
