/* Unit tests of src/ratings_core.c and src/decimal_core.c. */
#include "decimal_core.h"
#include "ratings_core.h"
#include "tap.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static cxm_ratings
histogram(const int64_t *counts)
{
	cxm_ratings r;

	cxm_ratings_init(&r, false);
	for (int k = 0; k < CXM_SCORES; k++)
		r.count[k] = counts[k];
	return r;
}

static void
test_point_estimates(void)
{
	char		buf[CXM_NUMBER_BUFLEN];
	/* seed: 88 promoters, 4 passives, 8 detractors */
	int64_t		seed[CXM_SCORES] = {2, 0, 1, 0, 3, 0, 2, 1, 3, 40, 48};
	int64_t		csat[CXM_SCORES] = {0, 3, 4, 6, 17, 20, 0, 0, 0, 0, 0};
	int64_t		third[CXM_SCORES] = {0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0};
	int64_t		minus[CXM_SCORES] = {2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0};
	cxm_ratings r = histogram(seed);

	TAP_OK(cxm_nps_text(&r, buf), "nps defined");
	TAP_STR(buf, "80", "seed: 88 promoters, 4 passives, 8 detractors give NPS 80");
	TAP_OK(cxm_ratings_count_range(&r, 9, 10) == 88, "88 promoters");

	r = histogram(csat);
	cxm_share_text(&r, 4, 5, buf);
	TAP_STR(buf, "74", "seed: 37 satisfied of 50 give CSAT 74");

	{
		cxm_ratings ces;

		cxm_ratings_init(&ces, false);
		cxm_ratings_add(&ces, 10);
		cxm_ratings_add(&ces, 10);
		cxm_ratings_add(&ces, 8);
		cxm_ratings_add(&ces, 6);
		cxm_ratings_add(&ces, 9);
		cxm_mean_text(&ces, buf);
		TAP_STR(buf, "8.6", "seed: effort 10, 10, 8, 6, 9 give CES 8.6");
	}

	r = histogram(third);
	cxm_nps_text(&r, buf);
	TAP_STR(buf, "33.3333333333333333", "1 promoter of 3: 16 decimals, exact");
	cxm_share_text(&r, 8, 8, buf);
	TAP_STR(buf, "66.6666666666666667", "2 of 3 rounds half up at the 16th decimal");
	r = histogram(minus);
	cxm_nps_text(&r, buf);
	TAP_STR(buf, "-66.6666666666666667", "negative NPS");

	cxm_ratings_init(&r, false);
	TAP_OK(!cxm_nps_text(&r, buf) && !cxm_share_text(&r, 4, 5, buf) && !cxm_mean_text(&r, buf),
		   "no answers: every metric is NULL");

	/* counts near INT64_MAX stay exact */
	cxm_ratings_init(&r, false);
	r.count[10] = INT64_C(3074457345618258602);
	r.count[7] = INT64_C(6148914691236517205);	/* n = INT64_MAX */
	cxm_nps_text(&r, buf);
	TAP_STR(buf, "33.3333333333333333", "huge counts: exact long division without overflow");
}

static void
test_scaled_mean(void)
{
	char		buf[CXM_NUMBER_BUFLEN];
	cxm_ratings r;

	cxm_ratings_init(&r, false);
	cxm_ratings_add(&r, 6);
	cxm_ratings_add(&r, 7);
	cxm_ratings_add(&r, 8);
	cxm_scaled_mean_text(&r, 0, 10, buf);
	TAP_STR(buf, "70", "loyalty: items averaging 6, 7, 8 on 0..10 give 70");
	cxm_scaled_mean_text(&r, 1, 10, buf);
	TAP_STR(buf, "66.6666666666666667", "the same answers on a 1..10 scale: 6/9, rounded half up");
	cxm_ratings_init(&r, false);
	cxm_ratings_add(&r, 1);
	cxm_ratings_add(&r, 2);
	cxm_scaled_mean_text(&r, 1, 6, buf);
	TAP_STR(buf, "10", "1 and 2 on 1..6: mean 1.5, (1.5 - 1) / 5 = 10%");
	cxm_ratings_init(&r, false);
	cxm_ratings_add(&r, 3);
	cxm_scaled_mean_text(&r, 0, 7, buf);
	TAP_STR(buf, "42.8571428571428571", "3 of 0..7 = 300/7");
	cxm_ratings_init(&r, false);
	r.count[7] = INT64_C(3074457345618258602);
	r.count[2] = INT64_C(6148914691236517205);	/* n = INT64_MAX */
	cxm_scaled_mean_text(&r, 0, 7, buf);
	/* 100 (7a + 2b) / 7n = 1100/21 - 500/(21 n): 52.38095238095238094980... */
	TAP_STR(buf, "52.3809523809523809", "huge counts: exact without overflow");
	cxm_ratings_init(&r, true);
	cxm_ratings_add_weighted(&r, 10, 1.0);
	cxm_ratings_add_weighted(&r, 0, 3.0);
	cxm_scaled_mean_text(&r, 0, 10, buf);
	TAP_STR(buf, "25", "weighted: (10*1 + 0*3) / 4 = 2.5 -> 25");
}

static void
test_weighted(void)
{
	char		buf[CXM_NUMBER_BUFLEN];
	cxm_ratings r;

	cxm_ratings_init(&r, true);
	cxm_ratings_add_weighted(&r, 10, 3.0);
	cxm_ratings_add_weighted(&r, 0, 1.0);
	cxm_ratings_add_weighted(&r, 8, 0.0);
	cxm_nps_text(&r, buf);
	TAP_STR(buf, "50", "weighted NPS: (3 - 1) / 4");
	TAP_NEAR(cxm_ratings_effective_size(&r), 16.0 / 10.0, 1e-15, "Kish n_eff = W^2 / sum w^2");
	TAP_OK(cxm_ratings_responses(&r) == 3, "zero weight still counts as an answer");
	TAP_OK(cxm_ratings_add_weighted(&r, 5, 1e150) == CXM_OK && r.scale == 512, "a weight of 1e150 takes scale 512");
	TAP_OK(cxm_ratings_add_weighted(&r, 5, 1e200) == CXM_OK && r.count[5] == 2,
		   "1e200 too: its square no longer overflows");
	TAP_NEAR(ldexp(r.sum_w[5], r.scale), 1e200 + 1e150, 1e-15, "the sum of weights, in units of 2^512");
	TAP_NEAR(cxm_ratings_effective_size(&r), 1.0 + 2e-50, 1e-15, "n_eff of 1e200 and 1e150 (and the small ones)");

	cxm_ratings_init(&r, true);
	cxm_ratings_add_weighted(&r, 9, 0.0);
	TAP_OK(!cxm_nps_text(&r, buf), "total weight zero: NULL");
}

static void
test_merge(void)
{
	int64_t		a_counts[CXM_SCORES] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 8, 1};
	int64_t		b_counts[CXM_SCORES] = {70, 0, 0, 0, 0, 0, 0, 5, 5, 10, 10};
	cxm_ratings a = histogram(a_counts),
				b = histogram(b_counts),
				w;
	char		buf[CXM_NUMBER_BUFLEN];

	cxm_nps_text(&a, buf);
	TAP_STR(buf, "80", "group A: n=10 NPS 80");
	cxm_nps_text(&b, buf);
	TAP_STR(buf, "-50", "group B: n=100 NPS -50");
	TAP_OK(cxm_ratings_merge(&a, &b) == CXM_OK, "merge");
	cxm_nps_text(&a, buf);
	TAP_STR(buf, "-38.1818181818181818", "pooled NPS is computed from merged counts");

	cxm_ratings_init(&w, true);
	cxm_ratings_add_weighted(&w, 9, 2.5);
	TAP_OK(cxm_ratings_merge(&w, &a) == CXM_OK, "weighted += unweighted");
	TAP_NEAR(w.sum_w[9], 2.5 + 18, 0, "unweighted answers weigh 1");
	TAP_OK(w.count[9] == 19, "counts add");

	cxm_ratings_init(&a, false);
	a.count[3] = INT64_MAX;
	cxm_ratings_init(&b, false);
	b.count[4] = 1;
	TAP_OK(cxm_ratings_merge(&a, &b) == CXM_ERR_COUNT_OVERFLOW, "count overflow is refused");
	TAP_OK(a.count[4] == 0, "a refused merge leaves the state unchanged");
}

static void
test_intervals(void)
{
	int64_t		counts[CXM_SCORES] = {75, 0, 0, 0, 0, 0, 0, 675, 0, 250, 0};
	int64_t		tiny[CXM_SCORES] = {2, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0};
	int64_t		all_promoters[CXM_SCORES] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 5};
	int64_t		csat[CXM_SCORES] = {0, 3, 4, 6, 17, 20, 0, 0, 0, 0, 0};
	cxm_ratings r = histogram(counts);
	cxm_interval iv;

	/* n=1000, P=250, D=75 (cx-metrics.md pitfall 6) */
	cxm_nps_interval(&r, 0.95, CXM_NPS_WALD, &iv);
	TAP_NEAR(iv.lower, 14.137219245413354, 1e-12, "Wald lower");
	TAP_NEAR(iv.upper, 20.862780754586645, 1e-12, "Wald upper");
	cxm_nps_interval(&r, 0.95, CXM_NPS_ADJUSTED_WALD, &iv);
	TAP_NEAR(iv.lower, 14.085883061097098, 1e-12, "adjusted Wald lower");
	TAP_NEAR(iv.upper, 20.80943099672942, 1e-12, "adjusted Wald upper");
	TAP_NEAR(iv.margin, 3.361773967816162, 1e-12, "adjusted Wald margin");
	cxm_nps_interval(&r, 0.95, CXM_NPS_SCORE, &iv);
	TAP_OK(iv.lower > 14.0 && iv.lower < 14.3 && iv.upper > 20.7 && iv.upper < 21.0,
		   "score interval close to Wald for n=1000");

	r = histogram(tiny);
	cxm_nps_interval(&r, 0.95, CXM_NPS_WALD, &iv);
	TAP_NEAR(iv.upper, 100.0, 0, "Wald upper 109.2 is clipped to 100");
	TAP_NEAR(iv.lower - (100.0 * 7.0 / 11.0 - iv.margin), 0, 1e-12, "the lower bound is not clipped");

	r = histogram(all_promoters);
	cxm_nps_interval(&r, 0.95, CXM_NPS_SCORE, &iv);
	TAP_NEAR(iv.upper, 100.0, 0, "score: all promoters reach 100");
	TAP_OK(iv.lower > 0.0 && iv.lower < 100.0, "score: all promoters, lower bound below 100");
	cxm_nps_interval(&r, 0.95, CXM_NPS_WALD, &iv);
	TAP_OK(iv.lower == 100.0 && iv.upper == 100.0, "Wald degenerates to [100, 100] on all promoters");

	r = histogram(csat);
	cxm_share_interval(&r, 4, 5, 0.95, &iv);
	TAP_NEAR(iv.lower, 60.44684273515117, 1e-12, "Wilson lower, 37 of 50");
	TAP_NEAR(iv.upper, 84.12847250644762, 1e-12, "Wilson upper, 37 of 50");

	cxm_ratings_init(&r, false);
	cxm_ratings_add(&r, 10);
	cxm_ratings_add(&r, 10);
	cxm_ratings_add(&r, 8);
	cxm_ratings_add(&r, 6);
	cxm_ratings_add(&r, 9);
	cxm_mean_interval(&r, 0.95, 1.0, 10.0, &iv);
	/* 8.6 -+ qt(0.975, 4) * sqrt(2.8 / 5) */
	TAP_NEAR(iv.lower, 8.6 - 2.7764451051977987 * sqrt(2.8 / 5.0), 1e-12, "t interval lower");
	TAP_NEAR(iv.upper, 10.0, 0, "t interval upper clipped to 10");

	cxm_ratings_init(&r, false);
	cxm_ratings_add(&r, 7);
	TAP_OK(!cxm_mean_interval(&r, 0.95, 1.0, 10.0, &iv), "t interval needs two answers");
}

static void
test_pvalue(void)
{
	int64_t		a_counts[CXM_SCORES] = {30, 0, 0, 0, 0, 0, 0, 20, 0, 50, 0};
	int64_t		b_counts[CXM_SCORES] = {40, 0, 0, 0, 0, 0, 0, 20, 0, 40, 0};
	cxm_ratings a = histogram(a_counts),
				b = histogram(b_counts),
				empty;
	double		p,
				pa = 50.75 / 103,
				da = 30.75 / 103,
				pb = 40.75 / 103,
				db = 40.75 / 103;
	double		se = sqrt((pa + da - (pa - da) * (pa - da)) / 103 + (pb + db - (pb - db) * (pb - db)) / 103);

	TAP_OK(cxm_nps_pvalue(&a, &b, &p), "p-value defined");
	TAP_NEAR(p, erfc(fabs((pa - da) - (pb - db)) / se / sqrt(2.0)), 1e-14, "adjusted Wald z test");
	TAP_NEAR(cxm_nps_pvalue(&a, &a, &p) ? p : -1, 1.0, 1e-15, "equal samples: p = 1");
	cxm_ratings_init(&empty, false);
	TAP_OK(!cxm_nps_pvalue(&a, &empty, &p), "an empty sample gives NULL");
}

static void
test_text(void)
{
	char		buf[CXM_RATINGS_TEXT_MAX];
	cxm_ratings r,
				back;
	cxm_input_error err;

	cxm_ratings_init(&r, false);
	r.count[9] = 3;
	r.count[0] = 1;
	cxm_ratings_to_text(&r, buf);
	TAP_STR(buf, "{\"version\": 1, \"counts\": [1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0]}", "text form");
	TAP_OK(cxm_ratings_from_text(buf, &back, &err) && memcmp(&back, &r, sizeof(r)) == 0,
		   "text round trip");

	cxm_ratings_init(&r, true);
	cxm_ratings_add_weighted(&r, 4, 0.1);
	cxm_ratings_add_weighted(&r, 4, 0.2);
	cxm_ratings_add_weighted(&r, 10, 1e-300);
	cxm_ratings_to_text(&r, buf);
	TAP_OK(cxm_ratings_from_text(buf, &back, &err) && memcmp(&back, &r, sizeof(r)) == 0,
		   "weighted text round trip is bit-exact");
	TAP_OK(strstr(buf, "0.30000000000000004") != NULL, "weights keep every digit they need");

	TAP_OK(cxm_ratings_from_text(" { \"counts\" : [0,0,0,0,0,0,0,0,0,0,7] ,\n\"version\":1 } ", &back, &err) &&
		   back.count[10] == 7, "keys in any order, any whitespace");

#define REJECT(text, want_status, want_msg, name) do { \
	int ok_ = !cxm_ratings_from_text(text, &back, &err) && err.status == (want_status) && \
		strstr(err.message, want_msg) != NULL; \
	tap_result(ok_, name); \
	if (!ok_) printf("#   message: %s\n", err.message); \
} while (0)

	REJECT("", CXM_ERR_SYNTAX, "Expected \"{\"", "empty text");
	REJECT("{\"version\": 1}", CXM_ERR_SYNTAX, "required", "counts missing");
	REJECT("{\"version\": 3, \"counts\": [0,0,0,0,0,0,0,0,0,0,0]}", CXM_ERR_VERSION, "versions 1 and 2", "newer version");
	REJECT("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,0]}", CXM_ERR_SYNTAX, "11 counts", "ten counts");
	REJECT("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,0,0,0]}", CXM_ERR_SYNTAX, "11 counts", "twelve counts");
	REJECT("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,0,-1]}", CXM_ERR_RANGE, "negative", "negative count");
	REJECT("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,0,1.5]}", CXM_ERR_RANGE, "whole", "fractional count");
	REJECT("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,0,]}", CXM_ERR_SYNTAX, "Expected a whole number",
		   "a count left out after the last comma");
	REJECT("{\"version\": , \"counts\": [0,0,0,0,0,0,0,0,0,0,0]}", CXM_ERR_SYNTAX, "Expected a whole number",
		   "a version left out");
	REJECT("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,0,9223372036854775808]}", CXM_ERR_RANGE, "larger", "count past int64");
	REJECT("{\"version\": 1, \"counts\": [9223372036854775807,1,0,0,0,0,0,0,0,0,0]}", CXM_ERR_RANGE, "add up", "counts adding past int64");
	REJECT("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,0,0], \"version\": 1}", CXM_ERR_SYNTAX, "Duplicate", "duplicate key");
	REJECT("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,0,0], \"extra\": 1}", CXM_ERR_SYNTAX, "keys", "unknown key");
	REJECT("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,0,0]} x", CXM_ERR_SYNTAX, "after", "trailing text");
	REJECT("{\"version\": 1, \"counts\": [1,0,0,0,0,0,0,0,0,0,0], \"weights\": [1,0,0,0,0,0,0,0,0,0,0]}",
		   CXM_ERR_SYNTAX, "together", "weights without squared weights");
	REJECT("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,0,0], \"weights\": [1,0,0,0,0,0,0,0,0,0,0], \"squared_weights\": [1,0,0,0,0,0,0,0,0,0,0]}",
		   CXM_ERR_RANGE, "do not fit", "weight on a score with no answers");
	REJECT("{\"version\": 1, \"counts\": [1,0,0,0,0,0,0,0,0,0,0], \"weights\": [1e999,0,0,0,0,0,0,0,0,0,0], \"squared_weights\": [1,0,0,0,0,0,0,0,0,0,0]}",
		   CXM_ERR_RANGE, "out of range", "infinite weight");
	REJECT("{\"version\": 1, \"counts\": [1,0,0,0,0,0,0,0,0,0,0], \"weights\": [NaN,0,0,0,0,0,0,0,0,0,0], \"squared_weights\": [1,0,0,0,0,0,0,0,0,0,0]}",
		   CXM_ERR_SYNTAX, "number", "NaN weight");
	REJECT("{\"version\": 1, \"counts\": [1,0,0,0,0,0,0,0,0,0,0], \"weights\": [-1,0,0,0,0,0,0,0,0,0,0], \"squared_weights\": [1,0,0,0,0,0,0,0,0,0,0]}",
		   CXM_ERR_RANGE, "negative", "negative weight");
	REJECT("{\"version\": 1, \"counts\": [0x1,0,0,0,0,0,0,0,0,0,0]}", CXM_ERR_SYNTAX, "character 28", "hex digits, with the position");
}


#define REJECT_(text, want_status, want_msg, name) do { \
	int ok_ = !cxm_ratings_from_text(text, &back, &err) && err.status == (want_status) && \
		strstr(err.message, want_msg) != NULL; \
	tap_result(ok_, name); \
	if (!ok_) printf("#   status %d, message: %s\n", (int) err.status, err.message); \
} while (0)

/* a small deterministic generator: xorshift64* */
static uint64_t rng_state = 88172645463325252ULL;

static uint64_t
rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static double
rng_unit(void)
{
	return (double) (rng_next() >> 11) / 9007199254740992.0;
}

/* A weight from one of several families: every magnitude, zeros, equal, dyadic. */
static double
random_weight(int family)
{
	switch (family)
	{
		case 0:
			return rng_unit() * pow(10.0, (double) (int) (rng_next() % 629) - 320.0);
		case 1:
			return rng_next() % 4 == 0 ? 0.0 : rng_unit() * 5.0;
		case 2:
			return 1e300;
		case 3:
			return (double) (rng_next() % 8) / 4.0;
		case 4:
			return ldexp(1.0 + rng_unit(), (int) (rng_next() % 2098) - 1074);
		default:
			return 1e-310 * (1.0 + rng_unit());
	}
}

/* Adds one weighted answer as the aggregate's per-row path does: in place, else unpacked. */
static void
packed_add(cxm_packed *p, int score, double weight)
{
	cxm_ratings r;

	if (cxm_packed_add_weighted(p, score, weight) == CXM_ADD_OK)
		return;
	cxm_unpack(p, cxm_packed_size(p), &r);
	cxm_ratings_add_weighted(&r, score, weight);
	cxm_pack(&r, p);
}

/* Every value the aggregates and rollups write passes validation and round-trips. */
static void
test_produced_values_read_back(void)
{
	int			failures_validate = 0,
				failures_text = 0,
				failures_binary = 0,
				failures_packed = 0,
				failures_fast_path = 0,
				failures_finite = 0;
	const double confidences[] = {0.95, 1.0 - 0x1p-53, 5e-324};

	for (int trial = 0; trial < 3000; trial++)
	{
		cxm_ratings whole,
					parts[4],
					merged;
		union
		{
			cxm_packed	header;
			char		bytes[CXM_PACKED_MAX];
			double		align;
		}			state;
		int			family = (int) (rng_next() % 6);
		int			rows = (int) (rng_next() % 300);
		cxm_ratings *checked[2] = {&whole, &merged};

		cxm_ratings_init(&whole, true);
		for (int i = 0; i < 4; i++)
			cxm_ratings_init(&parts[i], i != 3 || trial % 2 == 0);	/* one part unweighted */
		cxm_pack(&whole, &state.header);
		for (int i = 0; i < rows; i++)
		{
			int			score = (int) (rng_next() % CXM_SCORES);
			double		w = random_weight(trial % 7 == 0 ? (int) (rng_next() % 6) : family);
			int			part = (int) (rng_next() % 4);

			if (!parts[part].weighted)
				w = 1.0;
			cxm_ratings_add_weighted(&whole, score, w);
			packed_add(&state.header, score, w);
			if (parts[part].weighted)
				cxm_ratings_add_weighted(&parts[part], score, w);
			else
				cxm_ratings_add(&parts[part], score);
		}
		{
			cxm_ratings fast;

			cxm_unpack(&state.header, cxm_packed_size(&state.header), &fast);
			failures_fast_path += memcmp(&fast, &whole, sizeof(fast)) != 0;
		}
		merged = parts[(trial + 1) % 4];
		for (int i = 0; i < 4; i++)
			if (i != (trial + 1) % 4)
				cxm_ratings_merge(&merged, &parts[i]);

		for (int v = 0; v < 2; v++)
		{
			cxm_ratings copy = *checked[v],
						back;
			cxm_input_error err;
			char		text[CXM_RATINGS_TEXT_MAX];
			uint8_t		wire[CXM_RATINGS_WIRE_WEIGHTED];
			char		number[CXM_NUMBER_BUFLEN];
			cxm_interval iv;
			double		p;

			if (!cxm_ratings_validate(&copy, &err))
			{
				if (failures_validate++ < 3)
					printf("# trial %d family %d: %s\n", trial, family, err.message);
			}
			cxm_ratings_to_text(checked[v], text);
			failures_text += !cxm_ratings_from_text(text, &back, &err) ||
				memcmp(&back, checked[v], sizeof(back)) != 0;
			failures_binary += !cxm_ratings_decode(wire, cxm_ratings_encode(checked[v], wire), &back, &err) ||
				memcmp(&back, checked[v], sizeof(back)) != 0;
			cxm_pack(checked[v], &state.header);
			failures_packed += !cxm_unpack(&state.header, cxm_packed_size_for(checked[v]), &back) ||
				memcmp(&back, checked[v], sizeof(back)) != 0;

			/* every statistic of it is a finite number (or NULL) */
			if (cxm_nps_text(checked[v], number) && !isfinite(strtod(number, NULL)))
				failures_finite++;
			if (cxm_mean_text(checked[v], number) && !isfinite(strtod(number, NULL)))
				failures_finite++;
			if (!isfinite(cxm_ratings_effective_size(checked[v])))
				failures_finite++;
			for (int c = 0; c < 3; c++)
			{
				for (int m = 0; m < 3; m++)
					if (cxm_nps_interval(checked[v], confidences[c], (cxm_nps_method) m, &iv) &&
						!(isfinite(iv.lower) && isfinite(iv.upper) && isfinite(iv.margin)))
						failures_finite++;
				if (cxm_share_interval(checked[v], 4, 10, confidences[c], &iv) &&
					!(isfinite(iv.lower) && isfinite(iv.upper)))
					failures_finite++;
				if (cxm_mean_interval(checked[v], confidences[c], 0.0, 10.0, &iv) &&
					!(isfinite(iv.lower) && isfinite(iv.upper)))
					failures_finite++;
			}
			if (cxm_nps_pvalue(checked[v], &whole, &p) && !(p >= 0.0 && p <= 1.0))
				failures_finite++;
		}
	}
	TAP_OK(failures_validate == 0, "3,000 random aggregations and merges, weights of every magnitude: all pass validation");
	TAP_OK(failures_text == 0, "and read back exactly from text");
	TAP_OK(failures_binary == 0, "and from binary");
	TAP_OK(failures_packed == 0, "and from the stored form");
	TAP_OK(failures_fast_path == 0, "the in-place per-row path gives exactly what the logical one gives");
	TAP_OK(failures_finite == 0, "every statistic of them is finite, at confidence 0.95, 1 - 2^-53 and 5e-324");
}

/* The scale of the weights changes no statistic: weights times 2^k, bit for bit. */
static void
test_scale_invariance(void)
{
	const int	shifts[] = {600, -600, 1000, -900};
	cxm_ratings base;
	cxm_interval iv_base,
				iv;
	char		nps_base[CXM_NUMBER_BUFLEN],
				nps[CXM_NUMBER_BUFLEN];
	double		p_base,
				p;
	int			same = 0;

	cxm_ratings_init(&base, true);
	for (int i = 1; i <= 60; i++)
		cxm_ratings_add_weighted(&base, (i * 37) % 11, 0.5 + (i % 7) * 0.3);
	cxm_nps_text(&base, nps_base);
	cxm_nps_interval(&base, 0.95, CXM_NPS_WALD, &iv_base);
	cxm_nps_pvalue(&base, &base, &p_base);
	for (int s = 0; s < 4; s++)
	{
		cxm_ratings r;

		cxm_ratings_init(&r, true);
		for (int i = 1; i <= 60; i++)
			cxm_ratings_add_weighted(&r, (i * 37) % 11, ldexp(0.5 + (i % 7) * 0.3, shifts[s]));
		cxm_nps_text(&r, nps);
		cxm_nps_interval(&r, 0.95, CXM_NPS_WALD, &iv);
		cxm_nps_pvalue(&r, &base, &p);
		same += strcmp(nps, nps_base) == 0 && iv.lower == iv_base.lower && iv.upper == iv_base.upper &&
			cxm_ratings_effective_size(&r) == cxm_ratings_effective_size(&base) && p == p_base;
	}
	TAP_OK(same == 4, "weights times 2^600, 2^-600, 2^1000, 2^-900: NPS, n_eff, interval and p-value bit for bit");
}

/* Input that no weights produce is refused, naming the rule. */
static void
test_invariants(void)
{
	cxm_ratings r,
				back;
	cxm_input_error err;
	char		text[CXM_RATINGS_TEXT_MAX];

	REJECT_("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,1,1], \"weights\": [0,0,0,0,0,0,0,0,0,1,1], \"squared_weights\": [0,0,0,0,0,0,0,0,0,4,4]}",
		   CXM_ERR_INCONSISTENT, "sum(w^2) <= sum(w)^2", "sum w^2 above (sum w)^2");
	REJECT_("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,2,0], \"weights\": [0,0,0,0,0,0,0,0,0,2,0], \"squared_weights\": [0,0,0,0,0,0,0,0,0,1.9999999,0]}",
		   CXM_ERR_INCONSISTENT, "sum(w^2) >= sum(w)^2 / n", "sum w^2 below (sum w)^2 / n");
	TAP_OK(cxm_ratings_from_text("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,2,0], \"weights\": [0,0,0,0,0,0,0,0,0,2,0], \"squared_weights\": [0,0,0,0,0,0,0,0,0,2,0]}", &back, &err),
		   "two weights of 1: sum w^2 = (sum w)^2 / n exactly is fine");
	TAP_OK(cxm_ratings_from_text("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,2,0], \"weights\": [0,0,0,0,0,0,0,0,0,2,0], \"squared_weights\": [0,0,0,0,0,0,0,0,0,4,0]}", &back, &err),
		   "a weight of 2 and one of 0: sum w^2 = (sum w)^2 is fine");
	REJECT_("{\"version\": 1, \"counts\": [0,0,0,0,4611686018427387904,4611686018427387903,0,0,0,0,0], \"weights\": [0,0,0,0,1e308,1e308,0,0,0,0,0], \"squared_weights\": [0,0,0,0,1e308,1e308,0,0,0,0,0]}",
		   CXM_ERR_INCONSISTENT, "largest double", "weights whose total overflows");
	REJECT_("{\"version\": 2, \"counts\": [0,0,0,0,0,0,0,0,0,0,1], \"scale\": 1024, \"weights\": [0,0,0,0,0,0,0,0,0,0,4], \"squared_weights\": [0,0,0,0,0,0,0,0,0,0,16]}",
		   CXM_ERR_INCONSISTENT, "1 times the largest double", "a weight past the largest double");
	REJECT_("{\"version\": 2, \"counts\": [0,0,0,0,0,0,0,0,0,0,1], \"scale\": 100, \"weights\": [0,0,0,0,0,0,0,0,0,0,1], \"squared_weights\": [0,0,0,0,0,0,0,0,0,0,1]}",
		   CXM_ERR_SYNTAX, "-1024, -512, 0, 512 and 1024", "a scale that is not a multiple of 512");
	REJECT_("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,0,1], \"scale\": 512, \"weights\": [0,0,0,0,0,0,0,0,0,0,1], \"squared_weights\": [0,0,0,0,0,0,0,0,0,0,1]}",
		   CXM_ERR_SYNTAX, "version 2", "a scale in version 1");
	REJECT_("{\"version\": 2, \"counts\": [0,0,0,0,0,0,0,0,0,0,1], \"scale\": 512}",
		   CXM_ERR_SYNTAX, "weighted values", "a scale without weights");
	REJECT_("{\"version\": 2, \"counts\": [0,0,0,0,0,0,0,0,0,0,0]}",
		   CXM_ERR_SYNTAX, "weighted values", "version 2 without a scale");

	/* a value of cxm 0.2.0 with two weights of 1e154: its squares add up past the range */
	TAP_OK(cxm_ratings_from_text("{\"version\": 1, \"counts\": [0,0,0,0,0,0,0,0,0,1,1], \"weights\": [0,0,0,0,0,0,0,0,0,1e154,1e154], \"squared_weights\": [0,0,0,0,0,0,0,0,0,1e308,1e308]}", &r, &err) &&
		   r.scale == 512, "a 0.2.0 value whose squares add up past the range reads at scale 512");
	TAP_NEAR(cxm_ratings_effective_size(&r), 2.0, 1e-15, "and its n_eff is 2");
	cxm_ratings_to_text(&r, text);
	TAP_OK(strstr(text, "\"version\": 2") != NULL && strstr(text, "\"scale\": 512") != NULL, "and it is written as version 2");
	TAP_OK(cxm_ratings_from_text(text, &back, &err) && memcmp(&back, &r, sizeof(r)) == 0, "which reads back");
}

static void
test_extreme_confidence(void)
{
	int64_t		counts[CXM_SCORES] = {75, 0, 0, 0, 0, 0, 0, 675, 0, 250, 0};
	cxm_ratings r = histogram(counts);
	cxm_interval iv;
	/* mpmath: sqrt(2) erfinv(1 - 2^-53) */
	double		z = 8.292361075813595538;

	TAP_OK(cxm_nps_interval(&r, 1.0 - 0x1p-53, CXM_NPS_WALD, &iv), "Wald at confidence 1 - 2^-53");
	TAP_NEAR(iv.lower, 100.0 * (0.175 - z * sqrt((0.325 - 0.175 * 0.175) / 1000.0)), 1e-12, "its lower bound uses z = 8.2924");
	TAP_OK(cxm_nps_interval(&r, 5e-324, CXM_NPS_WALD, &iv) && iv.lower == iv.upper && iv.margin == 0.0,
		   "at confidence 5e-324 the interval is the point");
}

static void
test_binary(void)
{
	uint8_t		buf[CXM_RATINGS_WIRE_WEIGHTED];
	cxm_ratings r,
				back;
	cxm_input_error err;
	size_t		len;

	cxm_ratings_init(&r, true);
	cxm_ratings_add_weighted(&r, 3, 1.5);
	len = cxm_ratings_encode(&r, buf);
	TAP_OK(len == CXM_RATINGS_WIRE_WEIGHTED, "weighted wire length");
	TAP_OK(cxm_ratings_decode(buf, len, &back, &err) && memcmp(&back, &r, sizeof(r)) == 0,
		   "binary round trip");
	TAP_OK(buf[0] == 1 && buf[1] == 1 && buf[2] == 0 && buf[3] == 0, "header: version, flags, reserved");
	buf[1] = 1 | CXM_FLAG_WIDTH_2;
	TAP_OK(!cxm_ratings_decode(buf, len, &back, &err) && err.status == CXM_ERR_SYNTAX, "width bits never travel on the wire");
	buf[1] = 1;
	TAP_OK(!cxm_ratings_decode(buf, len - 1, &back, &err) && err.status == CXM_ERR_SYNTAX, "short value refused");
	TAP_OK(!cxm_ratings_decode(buf, 3, &back, &err), "truncated header refused");
	buf[0] = 9;
	TAP_OK(!cxm_ratings_decode(buf, len, &back, &err) && err.status == CXM_ERR_VERSION, "unknown version refused");
	buf[0] = 1;
	buf[3] = 1;
	TAP_OK(!cxm_ratings_decode(buf, len, &back, &err) && strstr(err.message, "Reserved") != NULL, "reserved bits refused");
	buf[3] = 0;
	buf[4] = 0x80;				/* count[0] negative */
	TAP_OK(!cxm_ratings_decode(buf, len, &back, &err) && err.status == CXM_ERR_RANGE, "negative count refused");
	buf[4] = 0;
	memset(buf + 4 + 88, 0xff, 8);	/* sum_w[0] = NaN */
	TAP_OK(!cxm_ratings_decode(buf, len, &back, &err) && err.status == CXM_ERR_RANGE, "NaN weight refused");
}

static void
test_packed(void)
{
	union
	{
		cxm_packed	header;
		char		bytes[CXM_PACKED_MAX];
		double		align;
	}			buf;
	cxm_ratings r,
				back;

	cxm_ratings_init(&r, false);
	TAP_OK(cxm_packed_size_for(&r) == 30, "empty: 2-byte counts, 30 bytes");
	r.count[3] = 65535;
	TAP_OK(cxm_packed_size_for(&r) == 30, "65535 still fits 2 bytes");
	r.count[3] = 65536;
	TAP_OK(cxm_packed_size_for(&r) == 52, "65536 needs 4-byte counts");
	r.count[3] = INT64_C(4294967296);
	TAP_OK(cxm_packed_size_for(&r) == 96, "2^32 needs 8-byte counts");
	cxm_pack(&r, &buf.header);
	TAP_OK(cxm_unpack(&buf.header, 96, &back) && memcmp(&back, &r, sizeof(r)) == 0, "8-byte round trip");
	TAP_OK(!cxm_unpack(&buf.header, 95, &back), "a size that does not fit the flags is refused");

	cxm_ratings_init(&r, true);
	cxm_ratings_add_weighted(&r, 10, 0.5);
	TAP_OK(cxm_packed_size_for(&r) == 32 + 176, "weighted, 2-byte counts: weights aligned at 32");
	cxm_pack(&r, &buf.header);
	TAP_OK(cxm_unpack(&buf.header, 208, &back) && memcmp(&back, &r, sizeof(r)) == 0, "weighted round trip");
	TAP_OK(cxm_packed_add_weighted(&buf.header, 10, 0.25) == CXM_ADD_OK, "weighted add in place");
	cxm_unpack(&buf.header, 208, &back);
	TAP_OK(back.count[10] == 2 && back.sum_w[10] == 0.75 && back.sum_w2[10] == 0.3125, "weighted add updates count and sums");
	TAP_OK(cxm_packed_add_weighted(&buf.header, 10, 1e200) == CXM_ADD_UNPACK, "a weight needing scale 512 is not added in place");
	cxm_unpack(&buf.header, 208, &back);
	TAP_OK(back.count[10] == 2, "and leaves the value unchanged");
	TAP_OK(cxm_packed_add_weighted(&buf.header, 10, 1e-50) == CXM_ADD_OK, "a small weight of scale 0 is added in place");
	TAP_OK(cxm_packed_add_weighted(&buf.header, 10, 1e-100) == CXM_ADD_UNPACK, "one of scale -512 may need the logical path");

	cxm_ratings_init(&r, false);
	r.count[9] = 65534;
	cxm_pack(&r, &buf.header);
	TAP_OK(cxm_packed_add(&buf.header, 9) == CXM_ADD_OK, "in place up to 65535");
	TAP_OK(cxm_packed_add(&buf.header, 9) == CXM_ADD_UNPACK, "65536 asks to widen");
	cxm_unpack(&buf.header, 30, &back);
	TAP_OK(back.count[9] == 65535, "a refused add leaves the count as it was");
	TAP_OK(cxm_ratings_add(&back, 9) == CXM_OK && cxm_packed_size_for(&back) == 52, "the logical add widens");

	buf.header.flags = CXM_FLAG_WIDTH_MASK;
	TAP_OK(!cxm_unpack(&buf.header, 30, &back), "width 3 is refused");
	buf.header.flags = 0x08;
	TAP_OK(!cxm_unpack(&buf.header, 96, &back), "unknown flag bits are refused");
	buf.header.flags = CXM_FLAG_WIDTH_2;
	buf.header.version = 3;
	TAP_OK(!cxm_unpack(&buf.header, 30, &back), "an unknown stored version is refused");
	buf.header.version = 2;
	TAP_OK(!cxm_unpack(&buf.header, 30, &back), "version 2 is for weighted values with a scale");
	buf.header.version = 1;
	buf.header.scale = 512;
	TAP_OK(!cxm_unpack(&buf.header, 30, &back), "version 1 has no scale");
	buf.header.scale = 0;
	TAP_OK(!cxm_unpack(&buf.header, 3, &back), "a size below the header is refused");

	cxm_ratings_init(&r, false);
	r.count[0] = INT64_MAX;
	TAP_OK(cxm_ratings_add(&r, 0) == CXM_ERR_COUNT_OVERFLOW, "a count at INT64_MAX refuses one more");
}

/*
 * Wilson's bounds at the ends of the scale, hand-derived: with p = 0,
 * centre = (z^2/2n) / (1 + z^2/n) and half = z sqrt(z^2/4n^2) / (1 + z^2/n)
 * are equal, so the lower bound is exactly 0; with p = 1 the upper bound is
 * (1 + z^2/2n + z^2/2n) / (1 + z^2/n) = 1, exactly 100 percent.  Written as
 * centre - half, the rounding of the two terms left 2.8e-15 (0 of 5 at 95%)
 * or 99.99999999999999 (3 of 3 at 50%).
 */
static void
test_share_interval_ends(void)
{
	const double confidences[] = {0.5, 0.8, 0.9, 0.95, 0.99, 0.999};
	int			not_zero = 0,
				not_hundred = 0;

	for (int n = 1; n <= 200; n++)
		for (int c = 0; c < 6; c++)
		{
			cxm_ratings r;
			cxm_interval iv;

			cxm_ratings_init(&r, false);
			r.count[1] = n;
			not_zero += !cxm_share_interval(&r, 4, 5, confidences[c], &iv) || iv.lower != 0.0 || !(iv.upper > 0.0);
			cxm_ratings_init(&r, true);
			for (int i = 0; i < n; i++)
				cxm_ratings_add_weighted(&r, 5, 0.5 + (i % 3));
			not_hundred += !cxm_share_interval(&r, 4, 5, confidences[c], &iv) || iv.upper != 100.0 || !(iv.lower < 100.0);
		}
	TAP_OK(not_zero == 0, "Wilson: 0 satisfied of n = 1..200, six confidences: the lower bound is exactly 0");
	TAP_OK(not_hundred == 0, "Wilson: all satisfied (weighted), n = 1..200: the upper bound is exactly 100");
}

/*
 * The format (ratings_core.h): only a weighted value has a scale.  The text
 * and binary readers refuse a scale without weights themselves, so this
 * checks the rule where it is written down, in cxm_ratings_validate.
 */
static void
test_validate_unweighted_scale(void)
{
	cxm_ratings r;
	cxm_input_error err;

	cxm_ratings_init(&r, false);
	r.count[9] = 3;
	TAP_OK(cxm_ratings_validate(&r, &err), "validate: an unweighted value with scale 0 passes");
	r.scale = 512;
	TAP_OK(!cxm_ratings_validate(&r, &err) && err.status == CXM_ERR_INCONSISTENT, "validate: an unweighted value with a scale is refused");
}

/*
 * At a confidence of 5e-324 (z near 0) both Wilson bounds are the share
 * itself: lower <= k/n <= upper must survive the rounding (the fuzzers found
 * 60 > 59.999999999999986 for 3 of 5).
 */
static void
test_share_interval_order(void)
{
	int			disordered = 0;

	for (int n = 1; n <= 60; n++)
		for (int k = 0; k <= n; k++)
		{
			cxm_ratings r;
			cxm_interval iv;
			double		share = 100.0 * ((double) k / n);

			cxm_ratings_init(&r, false);
			r.count[5] = k;
			r.count[1] = n - k;
			disordered += !cxm_share_interval(&r, 4, 5, 5e-324, &iv) ||
				!(0.0 <= iv.lower && iv.lower <= share && share <= iv.upper && iv.upper <= 100.0);
		}
	TAP_OK(disordered == 0, "Wilson at confidence 5e-324: 0 <= lower <= k/n <= upper <= 100 for every k of n <= 60");
}

/* Rounding of cxm_format_fraction2, against exact fractions written out by hand. */
static void
test_format_fraction2(void)
{
	char		buf[CXM_NUMBER_BUFLEN];

	/* (1 + 2/3) / 3 = 5/9 = 0.555...: the remainder after 16 digits is 5/9 of a unit, >= 1/2 */
	cxm_format_fraction2(buf, 1, 2, 3, 3);
	TAP_STR(buf, "0.5555555555555556", "(1 + 2/3) / 3 = 5/9 rounds up at the 16th decimal");
	/* (2 + 1/3) / 3 = 7/9 = 0.777...: remainder 7/9 */
	cxm_format_fraction2(buf, 2, 1, 3, 3);
	TAP_STR(buf, "0.7777777777777778", "(2 + 1/3) / 3 = 7/9 rounds up");
	/* (1 + 1/3) / 3 = 4/9 = 0.444...: remainder 4/9 < 1/2 */
	cxm_format_fraction2(buf, 1, 1, 3, 3);
	TAP_STR(buf, "0.4444444444444444", "(1 + 1/3) / 3 = 4/9 rounds down");
	/* 1 / (2 10^16) = 0.00000000000000005: exactly half a unit of the 16th decimal, up */
	cxm_format_fraction2(buf, 0, 1, 20000000000000000ULL, 1);
	TAP_STR(buf, "0.0000000000000001", "5e-17, exactly half, rounds half up");
	/* (1 + 1/(2 10^16)) / 3: 1/3 + 1/(6 10^16), remainder 1/3 + 1/6 = 1/2 of a unit, up */
	cxm_format_fraction2(buf, 1, 1, 20000000000000000ULL, 3);
	TAP_STR(buf, "0.3333333333333334", "1/3 + 1/(6 10^16): exactly half a unit left, rounds up");
	/* 1 / (2 10^16 + 2) is just below half a unit: down, to 0 */
	cxm_format_fraction2(buf, 0, 1, 20000000000000002ULL, 1);
	TAP_STR(buf, "0", "just below half a unit rounds down");
}

static void
test_parse_whole(void)
{
	int			v = -1;

	TAP_OK(cxm_parse_whole("7", 0, 10, &v) == CXM_WHOLE_OK && v == 7, "7 is whole");
	TAP_OK(cxm_parse_whole("7.000", 0, 10, &v) == CXM_WHOLE_OK && v == 7, "7.000 is whole");
	TAP_OK(cxm_parse_whole("7.5", 0, 10, &v) == CXM_WHOLE_NOT_WHOLE, "7.5 is not whole");
	TAP_OK(cxm_parse_whole("10.5", 0, 10, &v) == CXM_WHOLE_OUT_OF_RANGE, "10.5 is out of range");
	TAP_OK(cxm_parse_whole("-0.5", 0, 10, &v) == CXM_WHOLE_OUT_OF_RANGE, "-0.5 is out of range");
	TAP_OK(cxm_parse_whole("0.5", 1, 5, &v) == CXM_WHOLE_OUT_OF_RANGE, "0.5 is below 1");
	TAP_OK(cxm_parse_whole("NaN", 0, 10, &v) == CXM_WHOLE_OUT_OF_RANGE, "NaN is out of range");
	TAP_OK(cxm_parse_whole("Infinity", 0, 10, &v) == CXM_WHOLE_OUT_OF_RANGE, "Infinity is out of range");
	TAP_OK(cxm_parse_whole("99999999999999999999", 0, 10, &v) == CXM_WHOLE_OUT_OF_RANGE, "huge is out of range");
	TAP_OK(cxm_parse_whole("-0", 0, 10, &v) == CXM_WHOLE_OK && v == 0, "-0 is 0");
}

int
main(void)
{
	test_point_estimates();
	test_scaled_mean();
	test_weighted();
	test_merge();
	test_intervals();
	test_pvalue();
	test_text();
	test_binary();
	test_packed();
	test_invariants();
	test_scale_invariance();
	test_extreme_confidence();
	test_produced_values_read_back();
	test_parse_whole();
	test_share_interval_ends();
	test_format_fraction2();
	test_validate_unweighted_scale();
	test_share_interval_order();
	return tap_done();
}
