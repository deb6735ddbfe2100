/* Unit tests of src/attribution_core.c and src/attribution_markov_core.c. */
#include "attribution_core.h"
#include "attribution_markov_core.h"
#include "tap.h"

#include <stdint.h>
#include <time.h>
#include <stdlib.h>

#define DAY (INT64_C(86400) * 1000000)

/* ---------- helpers ---------- */

static void *
test_alloc(void *ctx, size_t size)
{
	void	   *p = malloc(size);

	(void) ctx;
	if (p == NULL)
		abort();
	return p;
}

static void
test_release(void *ctx, void *ptr)
{
	(void) ctx;
	free(ptr);
}

static const cxm_markov_alloc mem = {test_alloc, test_release, NULL};

/* A deterministic generator (xorshift64*), so failures reproduce. */
static uint64_t rng_state = 88172645463325252u;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717u;
}

/* Weights of a journey given in journey order (no ties, all eligible). */
static void
weights_of(cxm_attr_model model, const int64_t *at, const bool *direct, int n,
		   const cxm_attr_params *p, double *w)
{
	int32_t		order[64];
	int			m = cxm_attr_order(at, n, at[n - 1], p, order);

	cxm_attr_weights(model, at, direct, order, m, p, w);
}

static int
near(double a, double b)
{
	return fabs(a - b) <= 1e-12;
}

/* ---------- rule-based ---------- */

static void
test_model_names(void)
{
	cxm_attr_model m;

	TAP_OK(cxm_attr_model_parse("linear", 6, &m) && m == CXM_ATTR_LINEAR, "linear parses");
	TAP_OK(cxm_attr_model_parse("w_shaped", 8, &m) && m == CXM_ATTR_W_SHAPED, "w_shaped parses");
	TAP_OK(!cxm_attr_model_parse("Linear", 6, &m), "names are exact (case)");
	TAP_OK(!cxm_attr_model_parse("line", 4, &m), "a prefix is not a name");
	TAP_OK(!cxm_attr_model_parse("linear ", 7, &m), "no trailing blank");
	{
		int			parsed = 0;

		for (int k = 0; k < CXM_ATTR_MODELS; k++)
			if (cxm_attr_model_parse(cxm_attr_model_names[k], strlen(cxm_attr_model_names[k]), &m) && (int) m == k)
				parsed++;
			else
				printf("# %s does not parse to model %d\n", cxm_attr_model_names[k], k);
		TAP_OK(parsed == CXM_ATTR_MODELS && CXM_ATTR_MODELS == 7, "every listed name parses to its model, all 7");
	}
}

static void
test_shares(void)
{
	double		ok[3] = {0.4, 0.2, 0.4};
	double		sum_off[3] = {0.4, 0.2, 0.5};
	double		negative[3] = {0.6, -0.2, 0.6};
	double		nan_share[3] = {NAN, 0.5, 0.5};
	double		thirds[3] = {1.0 / 3, 1.0 / 3, 1.0 / 3};

	TAP_OK(cxm_attr_shares_valid(ok, 3), "40/20/40 is valid");
	TAP_OK(cxm_attr_shares_valid(thirds, 3), "thirds add up to 1 within rounding");
	TAP_OK(!cxm_attr_shares_valid(sum_off, 3), "shares adding up to 1.1 are rejected");
	TAP_OK(!cxm_attr_shares_valid(negative, 3), "a negative share is rejected");
	TAP_OK(!cxm_attr_shares_valid(nan_share, 3), "a NaN share is rejected");
}

static void
test_order(void)
{
	cxm_attr_params p;
	int64_t		at[6] = {5 * DAY, 1 * DAY, 3 * DAY, 3 * DAY, 9 * DAY, 2 * DAY};
	int32_t		order[6];
	int			m;

	cxm_attr_params_init(&p);
	m = cxm_attr_order(at, 6, 5 * DAY, &p, order);
	TAP_OK(m == 5, "the touch after the conversion does not count");
	TAP_OK(order[0] == 1 && order[1] == 5 && order[2] == 2 && order[3] == 3 && order[4] == 0,
		   "sorted by time; equal times keep the input order");
	p.has_lookback = true;
	p.lookback = 2 * DAY;
	m = cxm_attr_order(at, 6, 5 * DAY, &p, order);
	TAP_OK(m == 3 && order[0] == 2 && order[1] == 3 && order[2] == 0,
		   "lookback 2 days keeps touches from day 3 on (inclusive)");
	p.lookback = INT64_MAX;
	m = cxm_attr_order(at, 6, 5 * DAY, &p, order);
	TAP_OK(m == 5, "a lookback past the beginning of time keeps every touch");
	p.lookback = 0;
	m = cxm_attr_order(at, 6, 5 * DAY, &p, order);
	TAP_OK(m == 1 && order[0] == 0, "lookback 0 keeps the touch at the conversion time only");
	m = cxm_attr_order(at, 6, 0, &p, order);
	TAP_OK(m == 0, "no touch before the conversion: none counts");
}

/* -infinity and infinity, and finite times further apart than int64 microseconds */
static void
test_infinite_times(void)
{
	const int64_t minus_inf = CXM_ATTR_TIME_MINUS_INFINITY,
				plus_inf = CXM_ATTR_TIME_INFINITY;
	const int64_t earliest = INT64_C(-211813488000000000);	/* 4713-01-01 BC */
	const int64_t latest = INT64_C(9223371331199999999);	/* 294276-12-31 23:59:59.999999 */
	bool		no_direct[3] = {false, false, false};
	cxm_attr_params p;
	int32_t		order[3];
	double		w[3];
	int			m;

	cxm_attr_params_init(&p);
	{
		int64_t		at[2] = {minus_inf, 0};

		m = cxm_attr_order(at, 2, DAY, &p, order);
		cxm_attr_weights(CXM_ATTR_TIME_DECAY, at, no_direct, order, m, &p, w);
		TAP_OK(m == 2 && w[0] == 0.0 && w[1] == 1.0, "time decay: a touch at -infinity gets 0");
	}
	{
		int64_t		at[3] = {minus_inf, 0, plus_inf};

		m = cxm_attr_order(at, 3, plus_inf, &p, order);
		cxm_attr_weights(CXM_ATTR_TIME_DECAY, at, no_direct, order, m, &p, w);
		TAP_OK(m == 3 && w[0] == 0.0 && w[1] == 0.0 && w[2] == 1.0,
			   "time decay: -infinity and finite touches before one at infinity get 0");
	}
	{
		int64_t		at[2] = {minus_inf, minus_inf};

		m = cxm_attr_order(at, 2, 0, &p, order);
		cxm_attr_weights(CXM_ATTR_TIME_DECAY, at, no_direct, order, m, &p, w);
		TAP_OK(m == 2 && w[0] == 0.5 && w[1] == 0.5, "time decay: touches at the same infinity split evenly");
	}
	{
		int64_t		at[2] = {earliest, latest};

		m = cxm_attr_order(at, 2, latest, &p, order);
		cxm_attr_weights(CXM_ATTR_TIME_DECAY, at, no_direct, order, m, &p, w);
		TAP_OK(m == 2 && w[0] == 0.0 && w[1] == 1.0, "time decay: the first and last microseconds (past int64 apart)");
		p.half_life = INT64_MAX / 2;
		cxm_attr_weights(CXM_ATTR_TIME_DECAY, at, no_direct, order, m, &p, w);
		/* 2^(-gap/h) with gap = latest - earliest computed in long double */
		{
			double		r = exp2(-(double) ((long double) latest - (long double) earliest) / (double) (INT64_MAX / 2));

			TAP_OK(near(w[0], r / (1 + r)) && near(w[1], 1 / (1 + r)), "and with a half-life of 146,000 years");
		}
		cxm_attr_params_init(&p);
	}
	{
		int64_t		at[2] = {latest, plus_inf};

		p.has_lookback = true;
		p.lookback = 10 * DAY;
		m = cxm_attr_order(at, 2, plus_inf, &p, order);
		TAP_OK(m == 1 && order[0] == 1, "infinity minus a lookback is infinity: only touches at infinity count");
		at[0] = minus_inf;
		at[1] = earliest + DAY;
		p.lookback = INT64_MAX;
		m = cxm_attr_order(at, 2, earliest + 2 * DAY, &p, order);
		TAP_OK(m == 1 && order[0] == 1, "a lookback past the earliest microsecond leaves out -infinity");
		m = cxm_attr_order(at, 2, minus_inf, &p, order);
		TAP_OK(m == 1 && order[0] == 0, "converted at -infinity: the touches at -infinity count");
	}
}

static void
test_models(void)
{
	cxm_attr_params p;
	int64_t		at[6] = {1 * DAY, 2 * DAY, 3 * DAY, 4 * DAY, 5 * DAY, 6 * DAY};
	bool		no_direct[6] = {false, false, false, false, false, false};
	bool		direct_tail[6] = {false, true, false, true, true, true};
	bool		all_direct[6] = {true, true, true, true, true, true};
	double		w[6];

	cxm_attr_params_init(&p);

	/* one touch gets everything under every model */
	{
		int			whole = 0;

		for (int k = 0; k < CXM_ATTR_MODELS; k++)
		{
			w[0] = 0.0;
			weights_of((cxm_attr_model) k, at, all_direct, 1, &p, w);
			if (w[0] == 1.0)
				whole++;
			else
				printf("# %s gives one touch %.17g\n", cxm_attr_model_names[k], w[0]);
		}
		TAP_OK(whole == CXM_ATTR_MODELS, "one touch: weight 1 under every model");
	}

	weights_of(CXM_ATTR_FIRST_TOUCH, at, no_direct, 4, &p, w);
	TAP_OK(w[0] == 1 && w[1] == 0 && w[3] == 0, "first touch");
	weights_of(CXM_ATTR_LAST_TOUCH, at, no_direct, 4, &p, w);
	TAP_OK(w[3] == 1 && w[0] == 0, "last touch");
	weights_of(CXM_ATTR_LAST_NON_DIRECT, at, direct_tail, 6, &p, w);
	TAP_OK(w[2] == 1 && w[5] == 0, "last non-direct skips the trailing direct touches");
	weights_of(CXM_ATTR_LAST_NON_DIRECT, at, all_direct, 3, &p, w);
	TAP_OK(w[2] == 1 && w[0] == 0, "last non-direct: all direct, the last touch gets the credit");
	weights_of(CXM_ATTR_LINEAR, at, no_direct, 3, &p, w);
	TAP_OK(near(w[0], 1.0 / 3) && near(w[2], 1.0 / 3), "linear: a third each");

	/* time decay: a touch 8 days out counts half one 1 day out (7-day half-life) */
	{
		int64_t		t[2] = {0, 7 * DAY};

		weights_of(CXM_ATTR_TIME_DECAY, t, no_direct, 2, &p, w);
		TAP_OK(near(w[0], 1.0 / 3) && near(w[1], 2.0 / 3), "time decay: 7 days apart weigh 1:2");
		p.half_life = 14 * DAY;
		weights_of(CXM_ATTR_TIME_DECAY, t, no_direct, 2, &p, w);
		TAP_OK(near(w[1] / w[0], sqrt(2.0)), "time decay: half-life 14 days, 7 days apart weigh 1:sqrt(2)");
		p.half_life = 7 * DAY;
		t[0] = -INT64_C(290000) * 365 * DAY;
		weights_of(CXM_ATTR_TIME_DECAY, t, no_direct, 2, &p, w);
		TAP_OK(w[0] == 0.0 && w[1] == 1.0, "time decay: a touch 290,000 years earlier underflows to 0");
	}
	{
		int64_t		t[3] = {DAY, DAY, DAY};

		weights_of(CXM_ATTR_TIME_DECAY, t, no_direct, 3, &p, w);
		TAP_OK(near(w[0], 1.0 / 3) && near(w[2], 1.0 / 3), "time decay: simultaneous touches weigh the same");
	}

	/* position-based */
	weights_of(CXM_ATTR_POSITION_BASED, at, no_direct, 2, &p, w);
	TAP_OK(near(w[0], 0.5) && near(w[1], 0.5), "position-based: two touches split 50/50");
	weights_of(CXM_ATTR_POSITION_BASED, at, no_direct, 3, &p, w);
	TAP_OK(near(w[0], 0.4) && near(w[1], 0.2) && near(w[2], 0.4), "position-based: three touches 40/20/40");
	weights_of(CXM_ATTR_POSITION_BASED, at, no_direct, 6, &p, w);
	TAP_OK(near(w[0], 0.4) && near(w[1], 0.05) && near(w[4], 0.05) && near(w[5], 0.4),
		   "position-based: six touches 40/5/5/5/5/40");
	{
		cxm_attr_params q = p;

		q.position_shares[0] = 0.3;
		q.position_shares[1] = 0.2;
		q.position_shares[2] = 0.5;
		weights_of(CXM_ATTR_POSITION_BASED, at, no_direct, 2, &q, w);
		TAP_OK(near(w[0], 0.375) && near(w[1], 0.625), "position-based 30/20/50: two touches renormalised 3:5");
		q.position_shares[0] = 0.0;
		q.position_shares[1] = 1.0;
		q.position_shares[2] = 0.0;
		weights_of(CXM_ATTR_POSITION_BASED, at, no_direct, 2, &q, w);
		TAP_OK(near(w[0], 0.5) && near(w[1], 0.5), "position-based 0/100/0 without middle touches: equal split");
	}

	/* W-shaped */
	weights_of(CXM_ATTR_W_SHAPED, at, no_direct, 2, &p, w);
	TAP_OK(near(w[0], 0.5) && near(w[1], 0.5), "W-shaped: two touches 50/50");
	weights_of(CXM_ATTR_W_SHAPED, at, no_direct, 3, &p, w);
	TAP_OK(near(w[0], 1.0 / 3) && near(w[1], 1.0 / 3) && near(w[2], 1.0 / 3), "W-shaped: three touches a third each");
	weights_of(CXM_ATTR_W_SHAPED, at, no_direct, 4, &p, w);
	TAP_OK(near(w[0], 0.3) && near(w[1], 0.3) && near(w[2], 0.1) && near(w[3], 0.3),
		   "W-shaped: four touches 30/30/10/30 (key = touch 2, the earlier middle)");
	weights_of(CXM_ATTR_W_SHAPED, at, no_direct, 5, &p, w);
	TAP_OK(near(w[0], 0.3) && near(w[1], 0.05) && near(w[2], 0.3) && near(w[3], 0.05) && near(w[4], 0.3),
		   "W-shaped: five touches, key = touch 3");
	p.has_lead = true;
	p.lead_created_at = 4 * DAY + 5;
	weights_of(CXM_ATTR_W_SHAPED, at, no_direct, 6, &p, w);
	TAP_OK(near(w[3], 0.3) && near(w[1], 0.1 / 3) && near(w[0], 0.3) && near(w[5], 0.3),
		   "W-shaped with a lead time: the key is the last touch at or before it");
	p.lead_created_at = 0;
	weights_of(CXM_ATTR_W_SHAPED, at, no_direct, 4, &p, w);
	TAP_OK(near(w[0], 3.0 / 7) && near(w[1], 0.5 / 7) && near(w[3], 3.0 / 7),
		   "W-shaped: a lead created before the first touch makes the first touch the key (renormalised)");
	p.lead_created_at = 10 * DAY;
	weights_of(CXM_ATTR_W_SHAPED, at, no_direct, 4, &p, w);
	TAP_OK(near(w[0], 3.0 / 7) && near(w[3], 3.0 / 7), "W-shaped: a lead created at the last touch");
}

static void
test_weights_sum(void)
{
	cxm_attr_params p;
	int			bad = 0;

	cxm_attr_params_init(&p);
	for (int trial = 0; trial < 2000; trial++)
	{
		int			n = 1 + (int) (rng() % 40);
		int64_t		at[40];
		bool		direct[40];
		int32_t		order[40];
		double		w[40];
		int			m;

		for (int i = 0; i < n; i++)
		{
			at[i] = (int64_t) (rng() % (60 * DAY)) * (rng() % 4 == 0 ? 0 : 1);
			direct[i] = rng() % 3 == 0;
		}
		p.has_lead = trial % 2;
		p.lead_created_at = (int64_t) (rng() % (60 * DAY));
		m = cxm_attr_order(at, n, 40 * DAY, &p, order);
		for (int k = 0; k < CXM_ATTR_MODELS && m > 0; k++)
		{
			double		sum = 0.0;

			cxm_attr_weights((cxm_attr_model) k, at, direct, order, m, &p, w);
			for (int i = 0; i < m; i++)
			{
				if (!(w[i] >= 0.0))
					bad++;
				sum += w[i];
			}
			if (fabs(sum - 1.0) > 1e-12)
				bad++;
		}
	}
	TAP_OK(bad == 0, "random journeys: weights >= 0 adding up to 1 under every model");
}

static void
test_mul_shift(void)
{
	int			bad = 0;

	TAP_OK(cxm_attr_mul_shift_round(3, 1, 1) == 2, "3/2 rounds half up to 2");
	TAP_OK(cxm_attr_mul_shift_round(5, 1, 2) == 1, "5/4 rounds to 1");
	TAP_OK(cxm_attr_mul_shift_round(UINT64_MAX, UINT64_C(1) << 52, 53) == UINT64_C(1) << 63,
		   "(2^64-1)/2 rounds to 2^63");
	TAP_OK(cxm_attr_mul_shift_round(UINT64_MAX, 1, 128) == 0, "a shift of 128 leaves nothing");
	TAP_OK(cxm_attr_mul_shift_round(UINT64_MAX, 1, 200) == 0, "a shift past 128 leaves nothing");
	for (int trial = 0; trial < 100000; trial++)
	{
		uint64_t	a = rng() >> (rng() % 64);
		uint64_t	b = (rng() >> 1) >> (rng() % 63);
		int			shift = 1 + (int) (rng() % 127);
		unsigned __int128 p = (unsigned __int128) a * b + ((unsigned __int128) 1 << (shift - 1));
		unsigned __int128 q = p >> shift;
		uint64_t	want = q > UINT64_MAX ? UINT64_MAX : (uint64_t) q;

		if (cxm_attr_mul_shift_round(a, b, shift) != want)
			bad++;
	}
	TAP_OK(bad == 0, "100,000 random products agree with 128-bit arithmetic");
}

static void
test_apportion(void)
{
	double		thirds[3] = {1, 1, 1};
	uint64_t	out[64];
	int			bad_sum = 0,
				bad_near = 0,
				bad_sign = 0;

	cxm_attr_apportion(100, thirds, 3, out);
	TAP_OK(out[0] == 33 && out[1] == 34 && out[2] == 33, "100 in thirds: 33, 34, 33 (cumulative rounding)");
	cxm_attr_apportion(1, thirds, 3, out);
	TAP_OK(out[0] + out[1] + out[2] == 1, "1 unit in thirds still adds up");
	{
		double		w[3] = {0, 1, 0};

		cxm_attr_apportion(999999999999999999u, w, 3, out);
		TAP_OK(out[0] == 0 && out[1] == 999999999999999999u && out[2] == 0, "all to one touch, 18 digits exact");
	}
	for (int trial = 0; trial < 20000; trial++)
	{
		int			m = 1 + (int) (rng() % 60);
		double		w[64],
					sum = 0.0;
		uint64_t	total = rng() % (trial % 2 ? 1000000000000000000u : 1000u);
		uint64_t	got = 0;

		for (int k = 0; k < m; k++)
		{
			w[k] = rng() % 5 == 0 ? 0.0 : (double) (rng() % 1000000) / 7.0;
			sum += w[k];
		}
		if (sum == 0.0)
			w[0] = sum = 1.0;
		cxm_attr_apportion(total, w, m, out);
		for (int k = 0; k < m; k++)
		{
			long double exact = (long double) total * w[k] / sum;

			got += out[k];
			/* one unit, plus what the double weights' own rounding moves */
			if (fabsl((long double) out[k] - exact) > 1.0L + (long double) total * m * 2.3e-16L)
				bad_near++;
			if (w[k] == 0.0 && out[k] != 0 && k != m - 1)
				bad_sign++;
		}
		if (got != total)
			bad_sum++;
	}
	TAP_OK(bad_sum == 0, "random splits add up to the total exactly");
	TAP_OK(bad_near == 0, "every credit is within one unit of total * weight (and the weights' own rounding)");
	TAP_OK(bad_sign == 0, "a zero weight gets nothing");
}

static void
test_values(void)
{
	cxm_attr_decimal d;
	char		buf[64];

	TAP_OK(cxm_attr_value_parse("100.00", &d) == CXM_ATTR_VALUE_OK && d.units == UINT64_C(1000000000000) &&
		   d.scale == 10 && d.min_scale == 2, "100.00: units of 10^-10, two decimals kept");
	TAP_OK(cxm_attr_value_parse("1", &d) == CXM_ATTR_VALUE_OK && d.units == UINT64_C(10000000000) && d.scale == 10,
		   "1: ten decimals");
	TAP_OK(cxm_attr_value_parse("0", &d) == CXM_ATTR_VALUE_OK && d.units == 0, "zero");
	TAP_OK(cxm_attr_value_parse("123456789012.34", &d) == CXM_ATTR_VALUE_OK && d.scale == 3 &&
		   d.units == UINT64_C(123456789012340), "a large value: 15 significant digits, 3 decimals");
	TAP_OK(cxm_attr_value_parse("123456789012345.67", &d) == CXM_ATTR_VALUE_OK && d.scale == 2 &&
		   d.units == UINT64_C(12345678901234567), "17 digits keep the value's own 2 decimals");
	TAP_OK(cxm_attr_value_parse("123456789012345678", &d) == CXM_ATTR_VALUE_OK && d.scale == 0,
		   "18 integer digits: no decimals");
	TAP_OK(cxm_attr_value_parse("1234567890123456789", &d) == CXM_ATTR_VALUE_TOO_PRECISE, "19 digits are too many");
	TAP_OK(cxm_attr_value_parse("0.000000000000000000000001", &d) == CXM_ATTR_VALUE_OK && d.units == 1 &&
		   d.scale == 24, "a tiny value keeps its own scale");
	TAP_OK(cxm_attr_value_parse("-5", &d) == CXM_ATTR_VALUE_NEGATIVE, "negative");
	TAP_OK(cxm_attr_value_parse("NaN", &d) == CXM_ATTR_VALUE_NOT_FINITE, "NaN");
	TAP_OK(cxm_attr_value_parse("Infinity", &d) == CXM_ATTR_VALUE_NOT_FINITE, "Infinity");
	TAP_OK(cxm_attr_value_parse("1e5", &d) == CXM_ATTR_VALUE_SYNTAX, "exponents are not numeric_out's");

	cxm_attr_format_units(buf, UINT64_C(333333333333), 10, 2);
	TAP_STR(buf, "33.3333333333", "33.3333333333");
	cxm_attr_format_units(buf, UINT64_C(500000000000), 10, 2);
	TAP_STR(buf, "50.00", "trailing zeros down to the value's two decimals");
	cxm_attr_format_units(buf, UINT64_C(5000000000), 10, 0);
	TAP_STR(buf, "0.5", "0.5");
	cxm_attr_format_units(buf, 0, 10, 0);
	TAP_STR(buf, "0", "zero");
	cxm_attr_format_units(buf, 0, 10, 2);
	TAP_STR(buf, "0.00", "zero with two decimals");
	cxm_attr_format_units(buf, 7, 12, 0);
	TAP_STR(buf, "0.000000000007", "leading zeros of the fraction");
	cxm_attr_format_units(buf, UINT64_C(123456789012345678), 0, 0);
	TAP_STR(buf, "123456789012345678", "no decimals");
}

/* ---------- Markov ---------- */

static cxm_markov_value
value_of(const char *text)
{
	cxm_markov_value v = {0, 0};

	cxm_markov_value_parse(text, strlen(text), &v);
	return v;
}

/* Adds a journey written "a>b>c". */
static cxm_markov_status
add_path_value(cxm_markov *m, const char *path, bool converted, cxm_markov_value value)
{
	cxm_markov_name names[64];
	int			n = 0;
	const char *p = path;

	while (*p)
	{
		const char *end = strchr(p, '>');
		size_t		len = end ? (size_t) (end - p) : strlen(p);

		names[n].bytes = p;
		names[n].len = (uint32_t) len;
		n++;
		p += len;
		if (*p == '>')
			p++;
	}
	return cxm_markov_add(m, names, n, converted, value);
}

/* The same, with a value to the cent. */
static cxm_markov_status
add_path(cxm_markov *m, const char *path, bool converted, double value)
{
	char		text[64];

	snprintf(text, sizeof(text), "%.2f", value);
	return add_path_value(m, path, converted, value_of(text));
}

static cxm_markov *
roundtrip(const cxm_markov *m)
{
	size_t		len = cxm_markov_encoded_size(m);
	uint8_t    *buf = malloc(len);
	cxm_markov_error err;
	cxm_markov *d;

	cxm_markov_encode(m, buf);
	d = cxm_markov_decode(&mem, buf, len, &err);
	if (d == NULL)
		printf("# decode failed: %s\n", err.message);
	free(buf);
	return d;
}

static char *
text_of(const cxm_markov *m)
{
	char	   *buf = malloc(cxm_markov_text_size(m));

	cxm_markov_to_text(m, buf);
	return buf;
}

static void
test_markov_values(void)
{
	cxm_markov_value v;
	char		buf[CXM_MARKOV_VALUE_BUFLEN];
	const char *max = "99999999999999999999999999999.999999999";

#define VALUE_IS(text, want, name) do { \
	TAP_OK(cxm_markov_value_parse(text, strlen(text), &v) == CXM_MARKOV_VALUE_OK, name); \
	cxm_markov_value_format(v, buf); \
	TAP_STR(buf, want, name); \
} while (0)

	VALUE_IS("1234.50", "1234.5", "1234.50 reads and writes back as 1234.5");
	VALUE_IS("0", "0", "zero");
	VALUE_IS("-0.00", "0", "minus zero is zero");
	VALUE_IS("0.0000000005", "0.000000001", "the tenth decimal rounds half up");
	VALUE_IS("0.00000000049999", "0", "below half a unit rounds down");
	VALUE_IS("1.9999999995", "2", "rounding carries");
	VALUE_IS(max, max, "38 digits: the largest value");
	TAP_OK(cxm_markov_value_parse("100000000000000000000000000000", 30, &v) == CXM_MARKOV_VALUE_TOO_LARGE, "10^29 is too large");
	TAP_OK(cxm_markov_value_parse("-1", 2, &v) == CXM_MARKOV_VALUE_NEGATIVE, "negative");
	TAP_OK(cxm_markov_value_parse("NaN", 3, &v) == CXM_MARKOV_VALUE_NOT_FINITE, "NaN");
	TAP_OK(cxm_markov_value_parse("-Infinity", 9, &v) == CXM_MARKOV_VALUE_NOT_FINITE, "-Infinity");
	TAP_OK(cxm_markov_value_parse("1e5", 3, &v) == CXM_MARKOV_VALUE_SYNTAX, "no exponent");
	TAP_OK(cxm_markov_value_parse("1.", 2, &v) == CXM_MARKOV_VALUE_SYNTAX && cxm_markov_value_parse(".5", 2, &v) == CXM_MARKOV_VALUE_SYNTAX,
		   "digits on both sides of the point");
	TAP_NEAR(cxm_markov_value_double(value_of("413223.94")), 413223.94, 1e-15, "as a double");

	/* chains with values 0.1 merged in any grouping hold exactly 1 */
	{
		cxm_markov *a = cxm_markov_create(&mem, 1, true);
		cxm_markov *b = cxm_markov_create(&mem, 1, true);
		char	   *ta,
				   *tb;

		for (int k = 0; k < 10; k++)
		{
			cxm_markov *part = cxm_markov_create(&mem, 1, true);

			add_path_value(a, "x", true, value_of("0.1"));
			add_path_value(part, "x", true, value_of("0.1"));
			cxm_markov_merge(b, part);
			cxm_markov_free(part);
		}
		ta = text_of(a);
		tb = text_of(b);
		TAP_STR(ta, tb, "ten 0.1 added one by one or merged chain by chain: the same chain");
		TAP_OK(strstr(ta, "\"value\": 1,") != NULL, "and the value is exactly 1");
		free(ta);
		free(tb);
		cxm_markov_free(a);
		cxm_markov_free(b);
	}
}

static void
test_markov_classic(void)
{
	cxm_markov *m = cxm_markov_create(&mem, 1, true);
	cxm_markov *d;
	double		p,
				e[8];
	char	   *text;

	/* serhiipuzyrov.com: Google Ads 2 conversions, mailing 1, both 1, Google Ads 1 without */
	add_path(m, "google ads", true, 1);
	add_path(m, "google ads", true, 1);
	add_path(m, "mailing", true, 1);
	add_path(m, "google ads>mailing", true, 1);
	add_path(m, "google ads", false, 0);
	text = text_of(m);
	TAP_STR(text, "{\"version\": 1, \"order\": 1, \"channels\": [\"google ads\", \"mailing\"], \"value\": 4, "
			"\"transitions\": [[[], 1, 4], [[], 2, 1], [[1], -1, 1], [[1], 0, 2], [[1], 2, 1], [[2], 0, 2]]}",
			"the worked example's transition counts (start > google ads 4, > mailing 1, ...)");
	free(text);
	d = roundtrip(m);
	TAP_OK(d != NULL && cxm_markov_removal_effects(d, &p, e, NULL, NULL), "solved");
	TAP_NEAR(p, 0.8, 1e-15, "P(conversion) = 0.8 = 4 of 5 journeys");
	TAP_NEAR(e[0], 0.75, 1e-15, "removal effect of google ads 0.75 (P drops to 0.2)");
	TAP_NEAR(e[1], 0.5, 1e-15, "removal effect of mailing 0.5 (P drops to 0.4)");
	TAP_NEAR(4 * e[0] / (e[0] + e[1]), 2.4, 1e-14, "google ads is credited 2.4 of 4 conversions");
	cxm_markov_free(m);
	cxm_markov_free(d);

	/* c1 > c2 > c3 converts, c1 stops, c2 > c3 stops */
	m = cxm_markov_create(&mem, 1, false);
	add_path(m, "c1>c2>c3", true, 0);
	add_path(m, "c1", false, 0);
	add_path(m, "c2>c3", false, 0);
	d = roundtrip(m);
	cxm_markov_removal_effects(d, &p, e, NULL, NULL);
	TAP_NEAR(p, 1.0 / 3, 1e-15, "three paths: P = 1/3");
	TAP_OK(near(e[0], 0.5) && near(e[1], 1.0) && near(e[2], 1.0), "removal effects 0.5, 1, 1 (shares 0.2, 0.4, 0.4)");
	cxm_markov_free(m);
	cxm_markov_free(d);
}

static void
test_markov_orders(void)
{
	cxm_markov *m = cxm_markov_create(&mem, 2, false);
	cxm_markov *d;
	double		p,
				e[8];

	/* hand-solved: P = 1/2; without c1 1/8, without c2 0, without c3 1/4 */
	add_path(m, "c1>c2>c3", true, 0);
	add_path(m, "c1", false, 0);
	add_path(m, "c2>c3", false, 0);
	add_path(m, "c1>c1>c1>c2", true, 0);
	d = roundtrip(m);
	TAP_OK(d->n_states == 6, "order 2: states start, c1, c2, c1>c1, c1>c2, c2>c3");
	cxm_markov_removal_effects(d, &p, e, NULL, NULL);
	TAP_NEAR(p, 0.5, 1e-15, "order 2: P = 1/2");
	TAP_OK(near(e[0], 0.75) && near(e[1], 1.0) && near(e[2], 0.5), "order 2: removal effects 0.75, 1, 0.5");
	cxm_markov_free(m);
	cxm_markov_free(d);

	/* order 1: repeats are self-loops and change nothing */
	{
		cxm_markov *a = cxm_markov_create(&mem, 1, false);
		cxm_markov *b = cxm_markov_create(&mem, 1, false);
		double		pa,
					pb,
					ea[4],
					eb[4];
		cxm_markov *da,
				   *db;

		add_path(a, "x>x>x>y", true, 0);
		add_path(a, "y>y>z", false, 0);
		add_path(a, "z>x>x", true, 0);
		add_path(b, "x>y", true, 0);
		add_path(b, "y>z", false, 0);
		add_path(b, "z>x", true, 0);
		da = roundtrip(a);
		db = roundtrip(b);
		cxm_markov_removal_effects(da, &pa, ea, NULL, NULL);
		cxm_markov_removal_effects(db, &pb, eb, NULL, NULL);
		TAP_OK(near(pa, pb) && near(ea[0], eb[0]) && near(ea[1], eb[1]) && near(ea[2], eb[2]),
			   "order 1: collapsing repeated channels changes no removal effect");
		cxm_markov_free(a);
		cxm_markov_free(b);
		cxm_markov_free(da);
		cxm_markov_free(db);
	}
}

/* A random chain: k channels, paths up to len touches. */
static cxm_markov *
random_chain(int order, int channels, int journeys, int len, bool has_value)
{
	cxm_markov *m = cxm_markov_create(&mem, order, has_value);
	static const char *names[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};

	for (int j = 0; j < journeys; j++)
	{
		cxm_markov_name path[16];
		int			n = 1 + (int) (rng() % (uint64_t) len);

		for (int i = 0; i < n; i++)
		{
			path[i].bytes = names[rng() % (uint64_t) channels];
			path[i].len = 1;
		}
		cxm_markov_value value = {0, (rng() % 100) * UINT64_C(1000000000)};

		cxm_markov_add(m, path, n, rng() % 3 == 0, value);
	}
	return m;
}

static void
test_markov_solver(void)
{
	int			bad_effect = 0,
				bad_p = 0;

	for (int trial = 0; trial < 300; trial++)
	{
		int			order = 1 + trial % 3;
		cxm_markov *built = random_chain(order, 2 + trial % 6, 5 + trial % 50, 1 + trial % 8, false);
		cxm_markov *m = roundtrip(built);
		double		p,
					e[16];
		bool	   *removed = malloc((size_t) m->n_states);

		cxm_markov_removal_effects(m, &p, e, NULL, NULL);
		if (fabs(p - (double) m->conversions / (double) m->journeys) > 1e-12)
			bad_p++;
		for (int c = 0; c < m->n_channels; c++)
		{
			double		without;

			for (int s = 0; s < m->n_states; s++)
			{
				removed[s] = false;
				for (int i = 0; i < m->path_len[s]; i++)
					if (m->paths[s * m->order + i] == c)
						removed[s] = true;
			}
			cxm_markov_probability_without(m, removed, &without);
			if (p > 0 && fabs((1.0 - without / p) - e[c]) > 1e-10)
				bad_effect++;
		}
		free(removed);
		cxm_markov_free(built);
		cxm_markov_free(m);
	}
	TAP_OK(bad_p == 0, "300 random chains: P(conversion) from the chain = conversions / journeys");
	TAP_OK(bad_effect == 0, "300 random chains of order 1-3: removal effects agree with direct solves of the reduced chains");
}

/*
 * A heavy cycle: J journeys x -> conversion but one, which goes x -> a and
 * round a <-> b C times before converting from a.  In double precision a's
 * way out (1 in C + 1) vanishes next to its way to b.  Exact effects: x 1,
 * a 1/J, b (1/J) C / (C + 1) at order 1, 1/J at order 2 (there the journey
 * must pass b).
 */
static void
test_markov_heavy_cycle(void)
{
	const char *texts[2] = {
		"{\"version\": 1, \"order\": 1, \"channels\": [\"a\", \"b\", \"x\"], \"transitions\": [[[], 3, 10000000000000], "
		"[[1], 0, 1], [[1], 2, 10000000000000000], [[2], 1, 10000000000000000], [[3], 0, 9999999999999], [[3], 1, 1]]}",
		"{\"version\": 1, \"order\": 2, \"channels\": [\"a\", \"b\", \"x\"], \"transitions\": [[[], 3, 10000000000000], "
		"[[1, 2], 1, 10000000000000001], [[2, 1], 0, 1], [[2, 1], 2, 10000000000000000], [[3], 0, 9999999999999], [[3], 1, 1], [[3, 1], 2, 1]]}"
	};

	for (int order = 1; order <= 2; order++)
	{
		cxm_markov_error err;
		cxm_markov *m = cxm_markov_from_text(&mem, texts[order - 1], &err);
		double		p = 0,
					e[3] = {0, 0, 0};
		double		b = order == 1 ? 1e-13 * (1e16 / (1e16 + 1)) : 1e-13;
		bool		solved = m != NULL && cxm_markov_removal_effects(m, &p, e, NULL, NULL);

		TAP_OK(solved && fabs(p - 1) < 1e-15 && fabs(e[2] - 1) < 1e-12 && fabs(e[0] / 1e-13 - 1) < 1e-9 &&
			   fabs(e[1] / b - 1) < 1e-9,
			   order == 1 ? "a heavy cycle (a <-> b 10^16 times, left once): effects to 9 digits"
			   : "the heavy cycle at order 2: effects to 9 digits");
		if (!solved || fabs(e[0] / 1e-13 - 1) >= 1e-9)
			printf("#   P %.17g, effects %.17g %.17g %.17g\n", p, e[0], e[1], e[2]);
		cxm_markov_free(m);
	}
}

static void
test_markov_merge(void)
{
	cxm_markov *all = cxm_markov_create(&mem, 2, true);
	cxm_markov *part1 = cxm_markov_create(&mem, 2, true);
	cxm_markov *part2 = cxm_markov_create(&mem, 2, true);
	cxm_markov *other = cxm_markov_create(&mem, 1, true);
	cxm_markov *plain = cxm_markov_create(&mem, 2, false);
	char	   *a,
			   *b;

	for (int j = 0; j < 200; j++)
	{
		char		path[32];
		int			n = 1 + j % 5;

		path[0] = '\0';
		for (int i = 0; i < n; i++)
		{
			char		step[4] = {(char) ('p' + (j * 7 + i * 3) % 5), '>', '\0'};

			if (i == n - 1)
				step[1] = '\0';
			strcat(path, step);
		}
		add_path(all, path, j % 3 == 0, 0.25 * j);
		add_path(j % 2 ? part1 : part2, path, j % 3 == 0, 0.25 * j);
	}
	TAP_OK(cxm_markov_merge(part2, part1) == CXM_MARKOV_OK, "merge");
	a = text_of(all);
	b = text_of(part2);
	TAP_STR(b, a, "merging halves gives the chain of all journeys (same text)");
	free(a);
	free(b);
	TAP_OK(cxm_markov_merge(part2, other) == CXM_MARKOV_ORDER_MISMATCH, "orders must match");
	TAP_OK(cxm_markov_merge(part2, plain) == CXM_MARKOV_VALUE_MISMATCH, "values or not must match");
	cxm_markov_free(all);
	cxm_markov_free(part1);
	cxm_markov_free(part2);
	cxm_markov_free(other);
	cxm_markov_free(plain);
}

/*
 * Small chains are indexed directly, large ones only by hash: the same
 * journeys give the same chain either way.  Here 300 single-touch journeys
 * over distinct channels make the direct index too costly before (or after)
 * the random journeys of order 2 that follow.
 */
static void
test_markov_sparse(void)
{
	cxm_markov *hashed = cxm_markov_create(&mem, 2, true);
	cxm_markov *direct = cxm_markov_create(&mem, 2, true);
	char		wide[300][8];
	char		path[64];
	char	   *a,
			   *b;
	uint64_t	journeys = 0;

	for (int c = 0; c < 300; c++)
	{
		snprintf(wide[c], sizeof(wide[c]), "w%03d", c);
		add_path(hashed, wide[c], c % 2 == 0, 1.5);
		journeys++;
	}
	TAP_OK(hashed->dense == NULL, "300 channels in single-touch journeys: no direct index");
	for (int j = 0; j < 3000; j++)
	{
		int			n = 1 + (int) (rng() % 6);

		path[0] = '\0';
		for (int i = 0; i < n; i++)
		{
			char		step[4] = {(char) ('a' + rng() % 7), '>', '\0'};

			if (i == n - 1)
				step[1] = '\0';
			strcat(path, step);
		}
		add_path(hashed, path, j % 3 == 0, 0.25 * j);
		add_path(direct, path, j % 3 == 0, 0.25 * j);
		journeys++;
	}
	TAP_OK(direct->dense != NULL, "7 channels, order 2: a direct index");
	{
		/* the encoders walk the direct index when there is one, else sort: the same bytes */
		cxm_markov *copy = roundtrip(direct);
		char	   *walked = text_of(direct);
		char	   *sorted;

		test_release(NULL, copy->dense);
		copy->dense = NULL;
		copy->dense_retry = INT32_MAX;
		sorted = text_of(copy);
		TAP_STR(sorted, walked, "text written from the direct index and from sorted transitions agree");
		free(walked);
		free(sorted);
		cxm_markov_free(copy);
	}
	for (int c = 0; c < 300; c++)
		add_path(direct, wide[c], c % 2 == 0, 1.5);
	a = text_of(hashed);
	b = text_of(direct);
	TAP_STR(b, a, "the same journeys make the same chain with or without the direct index");
	TAP_OK(hashed->journeys == journeys && direct->journeys == journeys, "and count every journey");
	free(a);
	free(b);
	cxm_markov_free(hashed);
	cxm_markov_free(direct);
}

static void
test_markov_limits(void)
{
	cxm_markov *m = cxm_markov_create(&mem, 1, false);
	cxm_markov_status status = CXM_MARKOV_OK;
	char		name[16];

	for (int c = 0; c <= CXM_MARKOV_MAX_CHANNELS && status == CXM_MARKOV_OK; c++)
	{
		snprintf(name, sizeof(name), "c%d", c);
		status = add_path(m, name, c % 2, 0);
	}
	TAP_OK(status == CXM_MARKOV_TOO_MANY_CHANNELS && m->n_channels == CXM_MARKOV_MAX_CHANNELS,
		   "the 1001st channel is refused");
	cxm_markov_free(m);

	m = cxm_markov_create(&mem, 3, false);
	status = CXM_MARKOV_OK;
	for (int j = 0; j < 2000 && status == CXM_MARKOV_OK; j++)
	{
		char		path[16];

		snprintf(path, sizeof(path), "%c>%c>%c", 'a' + j % 11, 'a' + (j / 11) % 11, 'a' + (j / 121) % 11);
		status = add_path(m, path, false, 0);
	}
	TAP_OK(status == CXM_MARKOV_TOO_MANY_STATES, "order 3 over 11 channels passes 1,000 states: refused");
	cxm_markov_free(m);

	m = cxm_markov_create(&mem, 1, true);
	add_path_value(m, "a", true, value_of("60000000000000000000000000000"));
	TAP_OK(add_path_value(m, "a", true, value_of("60000000000000000000000000000")) == CXM_MARKOV_VALUE_OVERFLOW,
		   "values summing to 10^29 or more");
	cxm_markov_free(m);

	m = cxm_markov_create(&mem, 1, false);
	TAP_OK(cxm_markov_add(m, NULL, 0, true, value_of("0")) == CXM_MARKOV_OK && m->journeys == 0, "an empty path is ignored");
	cxm_markov_free(m);
}

static cxm_markov *
from_text(const char *text, cxm_markov_error *err)
{
	return cxm_markov_from_text(&mem, text, err);
}

static void
expect_text_error(const char *text, cxm_markov_error_kind kind, const char *message, const char *name)
{
	cxm_markov_error err;
	cxm_markov *m = from_text(text, &err);

	TAP_OK(m == NULL && err.kind == kind && strstr(err.message, message) != NULL, name);
	if (m != NULL)
		cxm_markov_free(m);
	else if (err.kind != kind || strstr(err.message, message) == NULL)
		printf("#   got: %d %s\n", (int) err.kind, err.message);
}

static void
test_markov_text(void)
{
	const char *good = "{\"version\": 1, \"order\": 1, \"channels\": [\"a\\\"b\", \"e\\u0001\"], \"value\": 2.5, "
		"\"transitions\": [[[], 1, 2], [[], 2, 1], [[1], -1, 1], [[1], 0, 1], [[2], 0, 1]]}";
	cxm_markov_error err;
	cxm_markov *m = from_text(good, &err);
	char	   *text;

	TAP_OK(m != NULL, "a written chain reads back");
	text = m ? text_of(m) : strdup("");
	TAP_STR(text, good, "and writes the same text (escapes included)");
	free(text);
	cxm_markov_free(m);

	m = from_text("  {\"transitions\": [[[], 1, 1], [[1], 0, 1]], \"channels\" :[\"x\"],\n\"order\":1, \"version\":1}  ", &err);
	TAP_OK(m != NULL && m->journeys == 1, "keys in any order, any blanks");
	cxm_markov_free(m);

	expect_text_error("{\"version\": 2, \"order\": 1, \"channels\": [], \"transitions\": []}", CXM_MARKOV_ERR_VERSION,
					  "Format version 2", "a newer version");
	expect_text_error("{\"version\": 1, \"order\": 5, \"channels\": [], \"transitions\": []}", CXM_MARKOV_ERR_RANGE,
					  "Order 5", "order out of range");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [], \"transitions\": []}", CXM_MARKOV_ERR_INVALID,
					  "no journey", "an empty chain");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"b\", \"a\"], \"transitions\": [[[], 1, 1], [[], 2, 1], [[1], 0, 1], [[2], 0, 1]]}",
					  CXM_MARKOV_ERR_INVALID, "byte order", "channels out of order");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\", \"a\"], \"transitions\": []}",
					  CXM_MARKOV_ERR_INVALID, "byte order", "duplicate channels");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"\"], \"transitions\": []}",
					  CXM_MARKOV_ERR_INVALID, "empty name", "an empty channel name");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"transitions\": [[[], 1, 2], [[1], 0, 1]]}",
					  CXM_MARKOV_ERR_INVALID, "2 journeys enter state [1] but 1 leave it", "counts not conserved");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"transitions\": [[[1], 0, 1], [[], 1, 1]]}",
					  CXM_MARKOV_ERR_INVALID, "in order", "transitions out of order");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"transitions\": [[[], 1, 1], [[], 1, 1], [[1], 0, 2]]}",
					  CXM_MARKOV_ERR_INVALID, "in order", "a duplicate transition");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"transitions\": [[[], 2, 1], [[1], 0, 1]]}",
					  CXM_MARKOV_ERR_RANGE, "leads to 2", "a channel number past the list");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"transitions\": [[[], 1, 0], [[1], 0, 1]]}",
					  CXM_MARKOV_ERR_RANGE, "count of 0", "a zero count");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"transitions\": [[[], 1, -3]]}",
					  CXM_MARKOV_ERR_RANGE, "count of -3", "a negative count");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"transitions\": [[[], 1, 99999999999999999999]]}",
					  CXM_MARKOV_ERR_RANGE, "out of range", "a count past int64");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\", \"b\"], \"transitions\": [[[], 1, 1], [[1], 0, 1]]}",
					  CXM_MARKOV_ERR_INVALID, "never visited", "an unused channel");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"transitions\": [[[], 0, 1], [[], 1, 1], [[1], 0, 1]]}",
					  CXM_MARKOV_ERR_INVALID, "straight to an outcome", "a journey without touches");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\", \"b\"], \"transitions\": [[[], 1, 1], [[1], 0, 1], [[2], 2, 3]]}",
					  CXM_MARKOV_ERR_INVALID, "reached from the start", "an unreachable self-loop");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\", \"b\"], \"transitions\": [[[], 1, 1], [[1], 0, 1], [[1], 2, 5000], [[2], 1, 5000]]}",
					  CXM_MARKOV_ERR_INVALID, "10001 touches", "one journey of 10,001 touches");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\", \"x\"], \"transitions\": [[[], 1, 1], [[], 2, 10], [[1], 0, 1], [[1], 1, 10000], [[2], 0, 10]]}",
					  CXM_MARKOV_ERR_INVALID, "repeat state [1] 10000 times", "a state repeated 10,000 times after one entry");
	{
		cxm_markov_error err;
		cxm_markov *edge = from_text("{\"version\": 1, \"order\": 1, \"channels\": [\"a\", \"b\"], \"transitions\": "
									 "[[[], 1, 1], [[1], 2, 5000], [[2], 0, 1], [[2], 1, 4999]]}", &err);

		TAP_OK(edge != NULL, "one journey of 10,000 touches is fine");
		cxm_markov_free(edge);
		edge = from_text("{\"version\": 1, \"order\": 1, \"channels\": [\"a\", \"x\"], \"transitions\": "
						 "[[[], 1, 1], [[], 2, 10], [[1], 0, 1], [[1], 1, 9999], [[2], 0, 10]]}", &err);
		TAP_OK(edge != NULL, "a state repeated 9,999 times after one entry is fine");
		cxm_markov_free(edge);
	}
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"value\": 3, \"transitions\": [[[], 1, 1], [[1], -1, 1]]}",
					  CXM_MARKOV_ERR_INVALID, "value but no conversion", "a value without conversions");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"value\": -3, \"transitions\": [[[], 1, 1], [[1], 0, 1]]}",
					  CXM_MARKOV_ERR_RANGE, "must not be negative", "a negative value");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"value\": 1e3, \"transitions\": [[[], 1, 1], [[1], 0, 1]]}",
					  CXM_MARKOV_ERR_SYNTAX, "plain decimal", "a value with an exponent");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"value\": 100000000000000000000000000000, \"transitions\": [[[], 1, 1], [[1], 0, 1]]}",
					  CXM_MARKOV_ERR_RANGE, "10^29", "a value of 10^29");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"transitions\": [[[1, 1], 0, 1]]}",
					  CXM_MARKOV_ERR_INVALID, "at most 1", "a path longer than the order");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"\\u00e9\"], \"transitions\": []}",
					  CXM_MARKOV_ERR_SYNTAX, "Only \\u0001", "non-ASCII escapes are refused");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"transitions\": [[[], 1, 1], [[1], 0, 1]]} x",
					  CXM_MARKOV_ERR_SYNTAX, "after the closing", "trailing text");
	expect_text_error("{\"version\": 1, \"version\": 1}", CXM_MARKOV_ERR_SYNTAX, "Duplicate key", "a duplicate key");
	expect_text_error("{\"version\": 1}", CXM_MARKOV_ERR_SYNTAX, "are required", "missing keys");
	expect_text_error("{\"version\": 1, \"order\": 1, \"channels\": [\"a\"], \"transitions\": [[[], 1, 1], [[1], 0, 1]]",
					  CXM_MARKOV_ERR_SYNTAX, "Expected", "unterminated object");
	expect_text_error("", CXM_MARKOV_ERR_SYNTAX, "Expected \"{\"", "empty text");

	/* every prefix of a good text fails cleanly */
	{
		size_t		len = strlen(good);
		char	   *prefix = malloc(len + 1);
		int			accepted = 0;

		for (size_t k = 0; k < len; k++)
		{
			memcpy(prefix, good, k);
			prefix[k] = '\0';
			m = from_text(prefix, &err);
			if (m != NULL)
			{
				accepted++;
				cxm_markov_free(m);
			}
		}
		free(prefix);
		TAP_OK(accepted == 0, "no proper prefix of a chain's text is accepted");
	}
}

static void
test_markov_binary(void)
{
	cxm_markov *m = random_chain(2, 5, 300, 6, true);
	size_t		len = cxm_markov_encoded_size(m);
	uint8_t    *buf = malloc(len);
	uint8_t    *copy = malloc(len);
	cxm_markov_error err;
	cxm_markov *d;
	int			accepted = 0,
				changed_ok = 0,
				refused_badly = 0;

	cxm_markov_encode(m, buf);
	d = cxm_markov_decode(&mem, buf, len, &err);
	TAP_OK(d != NULL, "encoded chain decodes");
	{
		uint8_t    *again = malloc(len);

		cxm_markov_encode(d, again);
		TAP_OK(memcmp(buf, again, len) == 0, "decode then encode gives the same bytes");
		free(again);
	}
	cxm_markov_free(d);

	for (size_t k = 0; k < len; k++)
	{
		d = cxm_markov_decode(&mem, buf, k, &err);
		if (d != NULL)
		{
			accepted++;
			cxm_markov_free(d);
		}
	}
	TAP_OK(accepted == 0, "every truncation is refused");

	/* flip single bytes: either refused, or a valid chain that re-encodes to itself */
	for (int trial = 0; trial < 5000; trial++)
	{
		size_t		at = rng() % len;

		memcpy(copy, buf, len);
		copy[at] ^= (uint8_t) (1 + rng() % 255);
		d = cxm_markov_decode(&mem, copy, len, &err);
		if (d != NULL)
		{
			size_t		len2 = cxm_markov_encoded_size(d);
			uint8_t    *again = malloc(len2);
			double		p,
						e[8];

			cxm_markov_encode(d, again);
			if (len2 == len && memcmp(again, copy, len) == 0 && cxm_markov_removal_effects(d, &p, e, NULL, NULL))
				changed_ok++;
			else
				changed_ok -= 100000;
			free(again);
			cxm_markov_free(d);
		}
	}
	TAP_OK(changed_ok >= 0, "5,000 corrupted values: refused, or a consistent chain (value bytes)");

	/* random bytes */
	accepted = 0;
	for (int trial = 0; trial < 20000; trial++)
	{
		size_t		n = rng() % 64;

		for (size_t k = 0; k < n; k++)
			copy[k % len] = (uint8_t) rng();
		copy[0] = 1;
		copy[1] = (uint8_t) (1 + rng() % 2);
		copy[2] = 0;
		copy[3] = 0;
		err.message[0] = '\0';
		d = cxm_markov_decode(&mem, copy, n < len ? n : len, &err);
		if (d != NULL)
		{
			/* accepted: a chain that encodes back to exactly these bytes */
			size_t		len2 = cxm_markov_encoded_size(d);
			uint8_t    *again = malloc(len2 ? len2 : 1);

			cxm_markov_encode(d, again);
			if (len2 == (n < len ? n : len) && memcmp(again, copy, len2) == 0)
				accepted++;
			else
				refused_badly++;
			free(again);
			cxm_markov_free(d);
		}
		else if (err.message[0] == '\0' || err.kind > CXM_MARKOV_ERR_VERSION)
			refused_badly++;	/* refused without saying why */
	}
	TAP_OK(refused_badly == 0,
		   "20,000 random byte strings: each refused with a reason, or a chain that encodes back to the same bytes");

	{
		uint8_t		newer[4] = {2, 1, 0, 0};
		uint8_t		flags[4] = {1, 1, 2, 0};

		TAP_OK(cxm_markov_decode(&mem, newer, 4, &err) == NULL && err.kind == CXM_MARKOV_ERR_VERSION,
			   "binary: a newer version");
		TAP_OK(cxm_markov_decode(&mem, flags, 4, &err) == NULL && err.kind == CXM_MARKOV_ERR_SYNTAX,
			   "binary: unknown flags");
	}
	{
		/*
		 * Written by hand from the format (big-endian): version 1, order 1,
		 * no value; one channel "a"; two transitions, (start) -> channel 1
		 * and [1] -> 0 (conversion), each seen once: the journey a,
		 * converted.  A count above 2^63 - 1 is refused, and the message
		 * names the transition by its place (from 1).
		 */
		uint8_t		chain[47] = {1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 'a', 0, 0, 0, 2,
								 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1,
								 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
		uint8_t		bad[47];

		d = cxm_markov_decode(&mem, chain, sizeof(chain), &err);
		TAP_OK(d != NULL && d->conversions == 1 && d->journeys == 1, "binary: a hand-written chain decodes");
		if (d != NULL)
			cxm_markov_free(d);
		memcpy(bad, chain, sizeof(bad));
		bad[22] = 0x80;			/* first transition's count: 2^63 + 1 */
		TAP_OK(cxm_markov_decode(&mem, bad, sizeof(bad), &err) == NULL && err.kind == CXM_MARKOV_ERR_RANGE,
			   "binary: a count past 2^63 - 1 is refused");
		TAP_STR(err.message, "Transition 1 has a count larger than 9223372036854775807.", "the message names transition 1");
		memcpy(bad, chain, sizeof(bad));
		bad[39] = 0x80;			/* second transition's count */
		TAP_OK(cxm_markov_decode(&mem, bad, sizeof(bad), &err) == NULL, "binary: the second count past 2^63 - 1 too");
		TAP_STR(err.message, "Transition 2 has a count larger than 9223372036854775807.", "the message names transition 2");
	}
	{
		uint8_t    *longer = malloc(len + 1);

		memcpy(longer, buf, len);
		longer[len] = 0;
		TAP_OK(cxm_markov_decode(&mem, longer, len + 1, &err) == NULL && strstr(err.message, "after the last"),
			   "binary: a trailing byte");
		free(longer);
	}
	free(buf);
	free(copy);
	cxm_markov_free(m);
}

/*
 * Cancel latency inside removal_effects: the interrupt callback is where a
 * cancel is seen (ereport from CHECK_FOR_INTERRUPTS in the glue), so the
 * longest stretch of CPU time between two calls (from the start to the
 * first, and from the last to the end, included) is the longest a cancel
 * can wait.  Thread CPU time, so that other processes on the machine do not
 * count.  Two chains, so that each solver loop takes long enough to tell
 * apart: 999 channels of order 1 (a dense chain of 1,000 states: the GTH
 * factorisation takes ~0.2 s, the columns of the fundamental matrix ~0.5 s;
 * the longest normal stretch is the setup before the first check, ~40 ms),
 * and 5 channels of order 4 (781 states; each channel's block of ~440
 * states is LU-factorised, ~70 ms in all; normal stretches ~5 ms).
 */
static double latency_last,
			latency_max;

static double
thread_cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static void
latency_check(void *arg)
{
	double		now = thread_cpu_seconds();

	(void) arg;
	if (now - latency_last > latency_max)
		latency_max = now - latency_last;
	latency_last = now;
}

static double
longest_wait(const cxm_markov *m, bool *solved)
{
	double		p,
			   *effects = malloc(sizeof(double) * CXM_MARKOV_MAX_CHANNELS);

	latency_max = 0.0;
	latency_last = thread_cpu_seconds();
	*solved = cxm_markov_removal_effects(m, &p, effects, latency_check, NULL);
	latency_check(NULL);
	free(effects);
	return latency_max;
}

static void
test_markov_cancel_latency(void)
{
	static char names[999][8];
	cxm_markov *dense = cxm_markov_create(&mem, 1, false);
	cxm_markov *blocks = random_chain(4, 5, 20000, 12, false);
	cxm_markov_value none = {0, 0};
	bool		solved;
	double		wait;

	for (int c = 0; c < 999; c++)
		snprintf(names[c], sizeof(names[c]), "c%d", c);
	for (int j = 0; j < 100000; j++)
	{
		cxm_markov_name path[6];
		int			n = 1 + (int) (rng() % 6);

		for (int i = 0; i < n; i++)
		{
			path[i].bytes = names[rng() % 999];
			path[i].len = (uint32_t) strlen(path[i].bytes);
		}
		cxm_markov_add(dense, path, n, rng() % 3 == 0, none);
	}
	TAP_OK(dense->n_states == 1000 && blocks->n_states == 781, "chains of 1,000 and 781 states");
	wait = longest_wait(dense, &solved);
	TAP_OK(solved && wait < 0.1, "a cancel is seen within 100 ms of CPU while the 1,000-state chain is solved");
	if (wait >= 0.1)
		printf("# longest stretch without a check: %.3f s\n", wait);
	wait = longest_wait(blocks, &solved);
	TAP_OK(solved && wait < 0.025, "a cancel is seen within 25 ms while the channels' blocks are factorised");
	if (wait >= 0.025)
		printf("# longest stretch without a check: %.3f s\n", wait);
	cxm_markov_free(dense);
	cxm_markov_free(blocks);
}

int
main(void)
{
	test_model_names();
	test_shares();
	test_order();
	test_infinite_times();
	test_models();
	test_weights_sum();
	test_mul_shift();
	test_apportion();
	test_values();
	test_markov_values();
	test_markov_classic();
	test_markov_orders();
	test_markov_solver();
	test_markov_heavy_cycle();
	test_markov_merge();
	test_markov_sparse();
	test_markov_limits();
	test_markov_text();
	test_markov_binary();
	test_markov_cancel_latency();
	return tap_done();
}
