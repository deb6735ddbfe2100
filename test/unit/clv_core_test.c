/*
 * Unit tests of src/clv_core.c.
 *
 * Reference values: the CDNOW customer summary (test/fixtures/cdnow_customers.csv,
 * Fader & Hardie's research data as shipped with the lifetimes library) and
 * the numbers published with the models (Fader, Hardie & Lee 2005; Hardie's
 * notes and spreadsheets; R BTYD; lifetimes' tests).  Values quoted to 17
 * digits were computed independently at the stated parameters with mpmath
 * (50-digit arithmetic, its own 2F1), or by scipy's BFGS with analytic
 * gradients for fitted parameters: test/tools/clv_reference.py prints them.
 */
#include <stdlib.h>

#include "clv_core.h"
#include "tap.h"

/* the published CDNOW BG/NBD and Gamma-Gamma parameters */
static const cxm_bgnbd published = {0.243, 4.414, 0.793, 2.426};
static const cxm_gg published_gg = {6.25, 3.74, 15.44};

static void
test_special_functions(void)
{
	double		s;

	TAP_NEAR(cxm_digamma(1.0), -0.57721566490153286, 1e-15, "psi(1) = -gamma");
	TAP_NEAR(cxm_digamma(0.5), -1.9635100260214235, 1e-15, "psi(1/2)");
	TAP_NEAR(cxm_digamma(10.0), 2.2517525890667211, 1e-15, "psi(10)");
	TAP_NEAR(cxm_digamma(0.001), -1000.5755719318103, 1e-15, "psi(0.001)");
	TAP_NEAR(cxm_digamma(123.456), 4.8118293238289854, 1e-15, "psi(123.456)");
	TAP_OK(fabs(cxm_digamma(1.4616321449683622)) < 1e-15, "psi vanishes at its root");

	TAP_OK(cxm_hyp2f1_minus_one(1.0, 1.0, 2.0, 0.5, 1000000, &s), "2F1(1,1;2;1/2) converges");
	TAP_NEAR(s, -log(0.5) / 0.5 - 1.0, 1e-15, "2F1(1,1;2;z) = -ln(1-z)/z");
	TAP_OK(cxm_hyp2f1_minus_one(0.7, 2.5, 2.5, 0.9, 1000000, &s), "2F1(a,b;b;0.9) converges");
	TAP_NEAR(s, pow(0.1, -0.7) - 1.0, 1e-14, "2F1(a,b;b;z) = (1-z)^-a");
	cxm_hyp2f1_minus_one(0.7, -0.2, 3.5, 0.93, 1000000, &s);
	TAP_NEAR(s, -0.044912789862706943, 1e-14, "2F1(0.7,-0.2;3.5;0.93) - 1 (mpmath)");
	cxm_hyp2f1_minus_one(2.5, 1.5, 0.8, 0.6, 1000000, &s);
	TAP_NEAR(s, 33.912620249943425, 1e-14, "2F1(2.5,1.5;0.8;0.6) - 1 (mpmath)");
	TAP_OK(cxm_hyp2f1_minus_one(1.0, 1.0, 2.0, 0.0, 10, &s) && s == 0.0, "z = 0");
	TAP_OK(!cxm_hyp2f1_minus_one(1.0, 1.0, -2.0, 0.5, 1000, &s), "c a negative integer: refused");
	TAP_OK(!cxm_hyp2f1_minus_one(1.0, 1.0, 2.0, 0.999999, 1000, &s), "too few terms: not converged");
}

static void
test_history(void)
{
	TAP_OK(cxm_check_history(2, 30.43, 38.86) == CXM_HISTORY_OK, "a valid history");
	TAP_OK(cxm_check_history(0, 0, 0) == CXM_HISTORY_OK, "a customer who bought on the last day");
	TAP_OK(cxm_check_history(1.5, 1, 2) == CXM_HISTORY_FREQUENCY_NOT_WHOLE, "fractional frequency");
	TAP_OK(cxm_check_history(-1, 0, 2) == CXM_HISTORY_FREQUENCY_NOT_WHOLE, "negative frequency");
	TAP_OK(cxm_check_history(1, -1, 2) == CXM_HISTORY_RECENCY_NEGATIVE, "negative recency");
	TAP_OK(cxm_check_history(1, 3, 2) == CXM_HISTORY_RECENCY_AFTER_AGE, "recency past age");
	TAP_OK(cxm_check_history(0, 1, 2) == CXM_HISTORY_RECENCY_WITHOUT_REPEAT, "recency without repeat");
	TAP_OK(cxm_check_history(1, NAN, 2) == CXM_HISTORY_NOT_FINITE, "NaN");
	TAP_OK(cxm_check_history(1, 1, INFINITY) == CXM_HISTORY_NOT_FINITE, "infinite age");
}

/* The CDNOW summary: one row per customer (x, t_x, T in weeks, mean repeat value). */
static size_t
load_cdnow(cxm_bgnbd_row **bg, cxm_gg_row **gg, size_t *n_gg)
{
	char		path[1024];
	const char *file = __FILE__;
	const char *slash = strrchr(file, '/');
	FILE	   *in;
	char		line[256];
	size_t		n = 0;

	snprintf(path, sizeof(path), "%.*s/../fixtures/cdnow_customers.csv", slash ? (int) (slash - file) : 1,
			 slash ? file : ".");
	in = fopen(path, "r");
	if (in == NULL || fgets(line, sizeof(line), in) == NULL)
	{
		printf("# cannot read %s\n", path);
		return 0;
	}
	*bg = malloc(3000 * sizeof(cxm_bgnbd_row));
	*gg = malloc(3000 * sizeof(cxm_gg_row));
	*n_gg = 0;
	for (;;)
	{
		int			id;
		double		x,
					t_x,
					T,
					m;

		if (fscanf(in, "%d,%lf,%lf,%lf,%lf", &id, &x, &t_x, &T, &m) != 5 || n == 3000)
			break;
		(*bg)[n] = (cxm_bgnbd_row) {x, t_x, T, 1.0};
		if (x > 0)
			(*gg)[(*n_gg)++] = (cxm_gg_row) {x, m, 1.0};
		n++;
	}
	fclose(in);
	return n;
}

static void
test_bgnbd_fit(void)
{
	cxm_bgnbd_row *rows,
			   *shuffled;
	cxm_gg_row *gg_rows;
	size_t		n,
				n_gg,
				distinct,
				compact;
	cxm_bgnbd	m,
				again,
				pen1,
				pen2;
	cxm_fit_info info;

	n = load_cdnow(&rows, &gg_rows, &n_gg);
	TAP_OK(n == 2357 && n_gg == 946, "CDNOW: 2357 customers, 946 with repeat purchases");
	if (n != 2357)
		return;
	shuffled = malloc(n * sizeof(cxm_bgnbd_row));
	for (size_t i = 0; i < n; i++)
		shuffled[i] = rows[(i * 1031) % n];	/* 1031 is prime to 2357: a permutation */

	distinct = cxm_bgnbd_compact(rows, n, NULL);
	TAP_OK(distinct == 1016, "equal histories are merged: 1016 distinct");
	TAP_OK(cxm_bgnbd_fit(rows, distinct, 0.0, NULL, &m, &info) == CXM_FIT_OK, "BG/NBD fit converges on CDNOW");
	/* Fader, Hardie & Lee (2005): r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4 */
	TAP_OK(fabs(m.r - 0.243) < 0.0005 && fabs(m.alpha - 4.414) < 0.0005 && fabs(m.a - 0.793) < 0.0005 &&
		   fabs(m.b - 2.426) < 0.0005, "parameters equal the published ones to 3 decimals");
	TAP_NEAR(info.log_likelihood, -9582.4, 0.05 / 9582.4, "log-likelihood -9582.4 as published");
	TAP_NEAR(info.total_weight, 2357, 0, "all customers counted");
	/* the optimum to 7 digits (scipy BFGS, analytic gradient, gtol 1e-13) */
	TAP_NEAR(m.r, 0.24259291, 1e-7, "r at the optimum");
	TAP_NEAR(m.alpha, 4.4135316, 1e-7, "alpha at the optimum");
	TAP_NEAR(m.a, 0.79288615, 1e-6, "a at the optimum");
	TAP_NEAR(m.b, 2.4257534, 1e-6, "b at the optimum");

	compact = cxm_bgnbd_compact(shuffled, n, NULL);
	cxm_bgnbd_fit(shuffled, compact, 0.0, NULL, &again, &info);
	TAP_OK(memcmp(&m, &again, sizeof(m)) == 0, "the same customers in another order give bit-identical parameters");

	/* weights: one row per history with the count of customers gives the same fit */
	for (size_t i = 0; i < compact; i++)
		shuffled[i].w = shuffled[i].w * 2.0;
	cxm_bgnbd_fit(shuffled, compact, 0.0, NULL, &again, &info);
	TAP_NEAR(again.a, m.a, 1e-6, "doubling every weight leaves the fit unchanged");
	TAP_NEAR(info.total_weight, 4714, 0, "weights add up");

	/* lifetimes' penalizer (on the time-scaled parameters) shrinks them all */
	TAP_OK(cxm_bgnbd_fit(rows, distinct, 0.1, NULL, &pen1, &info) == CXM_FIT_OK &&
		   cxm_bgnbd_fit(rows, distinct, 10.0, NULL, &pen2, &info) == CXM_FIT_OK,
		   "penalized fits converge");
	TAP_OK(pen1.r < m.r && pen1.alpha < m.alpha && pen1.a < m.a && pen1.b < m.b &&
		   pen2.r < pen1.r && pen2.alpha < pen1.alpha && pen2.a < pen1.a && pen2.b < pen1.b,
		   "a larger penalizer shrinks every parameter (lifetimes' test)");
	TAP_NEAR(pen1.a, 0.12865468, 1e-6, "penalizer 0.1: a as scipy finds it");
	TAP_NEAR(pen1.alpha, 4.2192885, 1e-6, "penalizer 0.1: alpha as scipy finds it");

	/* no repeat purchase anywhere: not identified */
	for (size_t i = 0; i < 10; i++)
		shuffled[i] = (cxm_bgnbd_row) {0, 0, 10.0 + i, 1};
	TAP_OK(cxm_bgnbd_fit(shuffled, 10, 0.0, NULL, &again, &info) == CXM_FIT_NO_REPEAT, "no repeat purchase: refused");
	shuffled[0] = (cxm_bgnbd_row) {1, 0, 0, 1};
	for (size_t i = 1; i < 10; i++)
		shuffled[i] = (cxm_bgnbd_row) {0, 0, 0, 1};
	TAP_OK(cxm_bgnbd_fit(shuffled, 10, 0.0, NULL, &again, &info) == CXM_FIT_ZERO_AGE, "all ages 0: refused");
	/* everyone buys up to the end and nobody leaves: the dropout rate runs off to 0 */
	for (size_t i = 0; i < 10; i++)
		shuffled[i] = (cxm_bgnbd_row) {3 + i, 20, 20, 1};
	TAP_OK(cxm_bgnbd_fit(shuffled, 10, 0.0, NULL, &again, &info) == CXM_FIT_DIVERGED,
		   "a likelihood without a maximum inside: diverged");
	TAP_OK(info.diverged == 2 && info.diverged_value < 1e-6, "... a runs off toward 0");
	{
		/*
		 * Gamma-Gamma with every mean value the same (20): the spends have no
		 * spread at all, so the likelihood grows without bound as the
		 * within-customer gamma narrows (its coefficient of variation is
		 * 1/sqrt(p x)), with p running off toward infinity: no maximum
		 * inside, the fit has to say diverged, naming p (index 0) above the
		 * bound 1e6.
		 */
		cxm_gg_row	same[3] = {{1, 20, 1}, {2, 20, 1}, {3, 20, 1}};
		cxm_gg		g;

		TAP_OK(cxm_gg_fit(same, 3, 0.0, NULL, &g, &info) == CXM_FIT_DIVERGED,
			   "Gamma-Gamma with no spread in the mean values: diverged");
		TAP_OK(info.diverged == 0 && info.diverged_value > CXM_FIT_PARAMETER_BOUND, "... p runs off toward infinity");
	}


	/* Gamma-Gamma on the 946 returning customers */
	{
		cxm_gg		g;
		size_t		k = cxm_gg_compact(gg_rows, n_gg, NULL);

		TAP_OK(cxm_gg_fit(gg_rows, k, 0.0, NULL, &g, &info) == CXM_FIT_OK, "Gamma-Gamma fit converges");
		/* Hardie's note 025: p = 6.25, q = 3.74, v = 15.44 */
		TAP_OK(fabs(g.p - 6.25) < 0.005 && fabs(g.q - 3.74) < 0.005 && fabs(g.v - 15.44) < 0.01,
			   "Gamma-Gamma parameters as published (v to 15.447)");
		TAP_NEAR(g.p, 6.2488025, 1e-6, "p at the optimum");
		TAP_NEAR(g.q, 3.7445885, 1e-6, "q at the optimum");
		TAP_NEAR(g.v, 15.447748, 1e-6, "v at the optimum");
		TAP_NEAR(info.total_weight, 946, 0, "946 customers");
		{
			/*
			 * 35 customers drawn at random: the maximum is inside, p = 1.89,
			 * q = 10.18, v = 248.24 (clv_extremes_reference.py, GG_SAMPLE:
			 * where mpmath's gradient vanishes, a maximum by the Hessian),
			 * which a line search has to reach by doubling its steps.
			 */
			cxm_gg_row	sample[35] = {{5, 44.4, 1}, {1, 83.9, 1}, {7, 45.4, 1}, {2, 35.8, 1}, {4, 87.3, 1},
			{3, 69.7, 1}, {5, 45.7, 1}, {7, 27.4, 1}, {6, 54.9, 1}, {1, 84.6, 1}, {3, 14.1, 1}, {2, 72.8, 1},
			{7, 37.4, 1}, {7, 41.6, 1}, {1, 35.2, 1}, {1, 38.4, 1}, {4, 56.6, 1}, {4, 51.3, 1}, {8, 42.1, 1},
			{9, 97, 1}, {9, 49.2, 1}, {1, 16.7, 1}, {2, 13.8, 1}, {9, 97.7, 1}, {5, 26.6, 1}, {2, 26.3, 1},
			{4, 15.5, 1}, {4, 28.7, 1}, {3, 45.2, 1}, {1, 17.8, 1}, {1, 84.3, 1}, {4, 98.9, 1}, {2, 93.7, 1},
			{3, 39.6, 1}, {3, 44.4, 1}};
			cxm_gg		s;

			k = cxm_gg_compact(sample, 35, NULL);
			TAP_OK(cxm_gg_fit(sample, k, 0.0, NULL, &s, &info) == CXM_FIT_OK, "Gamma-Gamma on 35 customers converges");
			TAP_NEAR(s.p / 1.8937113880513777, 1.0, 1e-6, "... p at the optimum (mpmath)");
			TAP_NEAR(s.q / 10.179030635998244, 1.0, 1e-6, "... q at the optimum");
			TAP_NEAR(s.v / 248.23954401807732, 1.0, 1e-6, "... v at the optimum");
			TAP_NEAR(info.log_likelihood, -160.90499707627641, 1e-12, "... log-likelihood at the optimum");
		}
		{
			/*
			 * Six customers whose maximum lies at p = 2.70, q = 35.15, v = 7421.5
			 * (clv_extremes_reference.py, GG_SIX, where mpmath's gradient
			 * vanishes, a maximum by the Hessian): steps are taken at strong
			 * Wolfe points (|slope| at most 0.9 times the starting one), or
			 * BFGS wanders past its 1000 iterations.
			 */
			cxm_gg_row	six[6] = {{2, 360.6, 1}, {3, 322.7, 1}, {3, 740, 1}, {6, 900.4, 1}, {7, 470.6, 1}, {7, 562.3, 1}};
			cxm_gg		s;

			TAP_OK(cxm_gg_fit(six, 6, 0.0, NULL, &s, &info) == CXM_FIT_OK, "Gamma-Gamma on 6 customers converges");
			TAP_NEAR(s.p / 2.6956744398628588, 1.0, 1e-6, "... p at the optimum (mpmath)");
			TAP_NEAR(s.q / 35.145955556178415, 1.0, 1e-6, "... q at the optimum");
			TAP_NEAR(s.v / 7421.4824655854278, 1.0, 1e-6, "... v at the optimum");
			TAP_NEAR(info.log_likelihood, -39.816432405679291, 1e-12, "... log-likelihood at the optimum");
		}
		/* Hardie's spreadsheet: expected average values of the first CDNOW customers */
		TAP_OK(fabs(cxm_gg_expected_value(&g, 2, 22.35) - 24.65) < 0.01 &&
			   fabs(cxm_gg_expected_value(&g, 1, 11.77) - 18.91) < 0.01 &&
			   fabs(cxm_gg_expected_value(&g, 0, 0) - 35.17) < 0.01 &&
			   fabs(cxm_gg_expected_value(&g, 7, 73.74) - 71.46) < 0.01 &&
			   fabs(cxm_gg_expected_value(&g, 2, 25.55) - 27.28) < 0.01,
			   "expected average values as in Hardie's spreadsheet (24.65, 18.91, 35.17, 71.46, 27.28)");
	}
	free(rows);
	free(shuffled);
	free(gg_rows);
}

static void
test_predictions(void)
{
	const cxm_bgnbd *p = &published;
	double		e;
	double		times[] = {0.1429, 1, 3, 31.8571, 32, 78, 1000};
	double		mp_uncond[] = {0.0078283475160721634, 0.053267891171658282, 0.15086523089304669,
		1.0419960608522109, 1.0452433283744438, 1.8605190579427686, 6.5803916137382321};
	bool		all = true;
	cxm_bgnbd	small_ab = {0.3, 20.0, 0.2, 0.5},
				big_a = {0.5, 10.0, 3.5, 6.0},
				one = {0.5, 10.0, 1.0, 2.0};

	/* Hardie's spreadsheet with the published parameters: E[Y(39) | 2, 30.43, 38.86] = 1.226 */
	TAP_OK(cxm_bgnbd_expected(p, 39, 2, 30.43, 38.86, &e) == CXM_PREDICT_OK, "conditional expectation");
	TAP_NEAR(e, 1.2260281747671445, 1e-13, "E[Y(39)|2,30.43,38.86] (mpmath), 1.226 as published");
	cxm_bgnbd_expected(p, 39, 0, 0, 38.86, &e);
	TAP_NEAR(e, 0.19509805201126264, 1e-13, "E[Y(39)|0,0,38.86]");
	cxm_bgnbd_expected(p, 10, 7, 29.43, 38.86, &e);
	TAP_NEAR(e, 1.0027225865863926, 1e-13, "E[Y(10)|7,29.43,38.86]");
	cxm_bgnbd_expected(p, 200, 150, 30, 38.86, &e);
	TAP_NEAR(e, 6.7504562457189705e-11, 1e-11, "150 purchases, long gone: a tiny expectation, exact");
	cxm_bgnbd_expected(p, 5000, 3, 30, 38.86, &e);
	TAP_NEAR(e, 25.747438914123765, 1e-12, "a long horizon (z = 0.99)");
	cxm_bgnbd_expected(p, 0.001, 5, 30, 38.86, &e);
	TAP_NEAR(e, 8.5916584620830498e-5, 1e-11, "a short horizon keeps its digits");
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++)
	{
		cxm_bgnbd_expected(p, times[i], 0, 0, 0, &e);
		if (fabs(e - mp_uncond[i]) > 1e-13 * fabs(mp_uncond[i]))
			all = false;
	}
	TAP_OK(all, "E[X(t)] for a new customer at 7 horizons (mpmath)");
	/* Hardie's spreadsheet: 0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576 (his own rounded fit) */
	cxm_bgnbd_expected(p, 0, 3, 20, 30, &e);
	TAP_OK(e == 0.0, "nothing expected in no time");

	cxm_bgnbd_expected(&small_ab, 30, 0, 0, 50, &e);
	TAP_NEAR(e, 0.12019115122500862, 1e-13, "a + b < 1, frequency 0");
	cxm_bgnbd_expected(&small_ab, 30, 4, 20, 50, &e);
	TAP_NEAR(e, 1.0816463582355572, 1e-13, "a + b < 1, frequency 4");
	cxm_bgnbd_expected(&big_a, 365, 12, 300, 360, &e);
	TAP_NEAR(e, 1.9533177648851088, 1e-13, "a > 1");
	{
		/*
		 * r small against a + b: the closed form's series cancels to about
		 * 12 digits there (clv_extremes_reference.py, 200-digit mpmath)
		 */
		cxm_bgnbd	small_r = {0.01, 1, 0.5, 50},
					small_r_big_a = {0.01, 10, 50, 60};

		cxm_bgnbd_expected(&small_r, 100, 0, 0, 5, &e);
		TAP_NEAR(e, 0.15576526532686633, 1e-13, "r = 0.01, a + b = 50.5: E[Y(100)|0,0,5] to 13 digits");
		cxm_bgnbd_expected(&small_r_big_a, 50, 0, 0, 1, &e);
		TAP_NEAR(e / 0.024564468908450665, 1.0, 1e-13, "r = 0.01, a = 50, b = 60: E[Y(50)|0,0,1] to 13 digits");
	}
	/* beyond the closed form: test/tools/clv_extremes_reference.py, 200-digit mpmath */
	TAP_OK(cxm_bgnbd_expected(&one, 30, 0, 0, 50, &e) == CXM_PREDICT_OK, "a = 1: the closed form divides 0 by 0, the mean does not");
	TAP_NEAR(e, 0.22393922689539591, 1e-13, "... and equals the limit of the closed form");
	{
		cxm_bgnbd	tiny_ab = {3, 2, 1e-6, 1e-6},
					tiny_ra = {1e-6, 1e-3, 1e-6, 1e6},
					big_r = {1e6, 1e3, 0.4, 7};

		TAP_OK(cxm_bgnbd_expected(&tiny_ab, 1e5, 0, 0, 0, &e) == CXM_PREDICT_OK, "a = b = 1e-6");
		TAP_NEAR(e, 74999.626027613996, 1e-13, "... computed to 13 digits");
		cxm_bgnbd_expected(&tiny_ra, 50, 3, 10, 40, &e);
		TAP_NEAR(e, 3.7499075020631278, 1e-13, "r = a = 1e-6, b = 1e6");
		TAP_NEAR(cxm_bgnbd_probability_of_purchases(&big_r, 1e-3, 0), 0.36787962511108626, 1e-14,
				 "r = 1e6: P(X = 0), nearly Poisson");
		TAP_NEAR(cxm_bgnbd_probability_of_purchases(&big_r, 1e-3, 1), 0.38216256088896875, 1e-14, "r = 1e6: P(X = 1)");
		TAP_OK(cxm_bgnbd_expected(p, 1e300, 0, 0, 0, &e) == CXM_PREDICT_HORIZON, "a horizon past 1e100 (alpha + T): refused");
		TAP_OK(cxm_bgnbd_clv(p, 1.0, 2, 30.43, 38.86, 1200, -0.99, 30, NULL, &e) == CXM_PREDICT_OUT_OF_RANGE,
			   "a CLV past double precision: out of range, not infinity");
	}

	TAP_NEAR(cxm_bgnbd_probability_alive(p, 2, 30.43, 38.86), 0.72657857008067291, 1e-14, "P(alive|2,30.43,38.86)");
	TAP_NEAR(cxm_bgnbd_probability_alive(p, 7, 29.43, 38.86), 0.64175634594610725, 1e-14, "P(alive|7,29.43,38.86)");
	TAP_NEAR(cxm_bgnbd_probability_alive(p, 1, 1.71, 38.86), 0.21210098537737908, 1e-14, "P(alive|1,1.71,38.86)");
	TAP_OK(cxm_bgnbd_probability_alive(p, 0, 0, 100) == 1.0, "no repeat purchase: alive (the model's assumption)");
	TAP_OK(cxm_bgnbd_probability_alive(p, 1000, 10, 100) == 0.0, "1000 purchases then silence: 0, no overflow");

	/* R BTYD, as in lifetimes' tests */
	TAP_NEAR(cxm_bgnbd_probability_of_purchases(p, 2, 10), 1.07869e-07, 1e-5, "P(X(2) = 10) = 1.07869e-07 (BTYD)");
	TAP_NEAR(cxm_bgnbd_probability_of_purchases(p, 2, 10), 1.0786896403691479e-7, 1e-12, "... to 12 digits (mpmath)");
	TAP_NEAR(cxm_bgnbd_probability_of_purchases(p, 39, 0), 0.5737864, 1e-7, "P(X(39) = 0) = 0.5737864 (BTYD)");
	TAP_NEAR(cxm_bgnbd_probability_of_purchases(p, 30, 11), 0.0019995214, 1e-8, "P(X(30) = 11) (BTYD)");
	TAP_NEAR(cxm_bgnbd_probability_of_purchases(p, 30, 20), 0.00022222604800663668, 1e-12, "P(X(30) = 20)");
	{
		double		total = 0.0;

		for (int k = 0; k < 400; k++)
			total += cxm_bgnbd_probability_of_purchases(p, 39, k);
		TAP_NEAR(total, 1.0, 1e-12, "the probabilities of 0..399 purchases add up to 1");
	}
	TAP_OK(cxm_bgnbd_probability_of_purchases(p, 0, 0) == 1.0 && cxm_bgnbd_probability_of_purchases(p, 0, 3) == 0.0,
		   "in no time: no purchase");
	{
		/*
		 * Past 1000 purchases B(a, b + n) / B(a, b) is Stirling's formula:
		 * test/tools/clv_extremes_reference.py, 200-digit mpmath.
		 */
		cxm_bgnbd	many = {2000, 1, 0.793, 2.426};

		TAP_NEAR(cxm_bgnbd_probability_of_purchases(p, 1e5, 1001) / 4.1239480503511688e-6, 1.0, 1e-13,
				 "P(X(1e5) = 1001) to 13 digits (mpmath)");
		TAP_NEAR(cxm_bgnbd_probability_of_purchases(p, 1e5, 1500) / 1.878636128679379e-6, 1.0, 1e-13,
				 "P(X(1e5) = 1500) to 13 digits (mpmath)");
		TAP_NEAR(cxm_bgnbd_probability_of_purchases(&many, 1, 2000) / 3.0643327063239016e-5, 1.0, 1e-13,
				 "r = 2000, alpha = 1: P(X(1) = 2000) to 13 digits (mpmath)");
	}

	TAP_NEAR(cxm_gg_expected_value(&published_gg, 2, 22.35), 24.663713910761157, 1e-14, "E[M|2,22.35]");
	TAP_NEAR(cxm_gg_expected_value(&published_gg, 0, 0), 35.21897810218978, 1e-14, "E[M] of a new customer: v p / (q - 1)");

	/* lifetimes' customer_lifetime_value, weeks (4.345 a month), 1% a month */
	TAP_OK(cxm_bgnbd_clv(p, cxm_gg_expected_value(&published_gg, 2, 22.35), 2, 30.43, 38.86, 12, 0.01, 4.345, NULL, &e)
		   == CXM_PREDICT_OK, "CLV");
	TAP_NEAR(e, 36.289211125599217, 1e-13, "12-month CLV of CDNOW customer 1 (mpmath)");
	cxm_bgnbd_clv(p, cxm_gg_expected_value(&published_gg, 7, 73.74), 7, 29.43, 38.86, 24, 0.02, 4.345, NULL, &e);
	TAP_NEAR(e, 407.03959498827729, 1e-13, "24 months at 2%");
	{
		double		one_month,
					undiscounted,
					discounted;

		cxm_bgnbd_clv(p, 1.0, 2, 30.43, 38.86, 1, 0.0, 30, NULL, &one_month);
		cxm_bgnbd_expected(p, 30, 2, 30.43, 38.86, &e);
		TAP_NEAR(one_month, e, 1e-15, "one month, no discount, value 1: the expected purchases (lifetimes' test)");
		cxm_bgnbd_clv(p, 1.0, 2, 30.43, 38.86, 1, 0.5, 30, NULL, &discounted);
		TAP_NEAR(discounted, e / 1.5, 1e-15, "discounting one month");
		cxm_bgnbd_clv(p, 1.0, 2, 30.43, 38.86, 0, 0.01, 30, NULL, &undiscounted);
		TAP_OK(undiscounted == 0.0, "no months: nothing");
	}
}

static void
test_summary(void)
{
	/* lifetimes' test_summary_data_from_transaction_data_returns_correct_results, today 2015-02-07 */
	int32_t		d_2015_01_01 = 5479,	/* days since 2000-01-01 */
				today = d_2015_01_01 + 37;
	cxm_purchase one[] = {{d_2015_01_01 + 31, 1}, {d_2015_01_01 + 36, 1}};
	cxm_purchase three[] = {{d_2015_01_01 + 4, 1}, {d_2015_01_01, 1}, {d_2015_01_01 + 1, 1}};
	cxm_purchase same_day[] = {{d_2015_01_01, 5}, {d_2015_01_01, 7}, {d_2015_01_01 + 3, 2}, {d_2015_01_01 + 3, 1},
	{d_2015_01_01 + 9, 6}};
	cxm_summary s;
	int32_t		monday = cxm_period_of_day(5476, CXM_PERIOD_WEEK);	/* Monday 2014-12-29 */

	cxm_summarise(one, 2, today, NULL, &s);
	TAP_OK(s.frequency == 1 && s.recency == 5 && s.age == 6 && s.monetary_value == 1.0, "customer 1: 1, 5, 6");
	cxm_summarise(three, 3, today, NULL, &s);
	TAP_OK(s.frequency == 2 && s.recency == 4 && s.age == 37, "customer 3, purchases out of order: 2, 4, 37");
	cxm_summarise(same_day, 5, today, NULL, &s);
	TAP_OK(s.frequency == 2 && s.recency == 9 && s.monetary_value == 4.5,
		   "purchases on one day count once, their amounts add up; the first day's are left out of the mean");

	TAP_OK(cxm_period_of_day(0, CXM_PERIOD_WEEK) == cxm_period_of_day(-5, CXM_PERIOD_WEEK) &&
		   cxm_period_of_day(-5, CXM_PERIOD_WEEK) != cxm_period_of_day(-6, CXM_PERIOD_WEEK),
		   "Saturday 2000-01-01 is in the week of Monday 1999-12-27");
	TAP_OK(cxm_period_of_day(5476, CXM_PERIOD_WEEK) == cxm_period_of_day(5482, CXM_PERIOD_WEEK) &&
		   cxm_period_of_day(5475, CXM_PERIOD_WEEK) == monday - 1 &&
		   cxm_period_of_day(5483, CXM_PERIOD_WEEK) == monday + 1, "weeks run Monday to Sunday");
	TAP_OK(cxm_period_of_day(12, CXM_PERIOD_DAY) == 12, "days are their own periods");
}

static void
test_wire(void)
{
	cxm_bgnbd_row rows[3] = {{0, 0, 10, 1}, {1, 1, 4, 0.5}, {2, 5, 10, 3}},	/* sorted, as the encoder is given them */
				back[3];
	cxm_gg_row	gg[2] = {{1, 5.5, 1}, {3, 20, 2}},
				gg_back[2];
	cxm_purchase purchases[2] = {{100, 9.5}, {-3, 1}},
				p_back[2];
	uint8_t		buf[256];
	bool		has_penalizer,
				all_safe = true;
	double		penalizer;
	size_t		n;
	cxm_period	period;
	int32_t		end_day;
	const char *why = NULL;
	cxm_rfm_wire rfm = {2, 9000, 8990, 3, "123.45", 6},
				rfm_back;

	cxm_bgnbd_rows_encode(true, 0.25, rows, 3, buf, NULL);
	TAP_OK(cxm_bgnbd_rows_decode_header(buf, cxm_bgnbd_rows_size(3), &has_penalizer, &penalizer, &n, &why) &&
		   has_penalizer && penalizer == 0.25 && n == 3 && cxm_bgnbd_rows_decode(buf, 3, back, &why, NULL) &&
		   memcmp(rows, back, sizeof(rows)) == 0, "BG/NBD rows round-trip");
	TAP_OK(!cxm_bgnbd_rows_decode_header(buf, cxm_bgnbd_rows_size(3) - 1, &has_penalizer, &penalizer, &n, &why),
		   "BG/NBD rows: wrong length refused");
	buf[2] = 2;
	TAP_OK(!cxm_bgnbd_rows_decode_header(buf, cxm_bgnbd_rows_size(3), &has_penalizer, &penalizer, &n, &why),
		   "BG/NBD rows: another state's kind refused");
	/* every bit flip: refused, or rows that pass the input checks */
	for (size_t pos = 0; pos < cxm_bgnbd_rows_size(3); pos++)
		for (int bit = 0; bit < 8; bit++)
		{
			cxm_bgnbd_rows_encode(true, 0.25, rows, 3, buf, NULL);
			buf[pos] ^= (uint8_t) (1 << bit);
			if (cxm_bgnbd_rows_decode_header(buf, cxm_bgnbd_rows_size(3), &has_penalizer, &penalizer, &n, &why) &&
				cxm_bgnbd_rows_decode(buf, n, back, &why, NULL))
				for (size_t i = 0; i < n; i++)
					if (cxm_check_history(back[i].x, back[i].t_x, back[i].T) != CXM_HISTORY_OK ||
						!(back[i].w > 0 && isfinite(back[i].w)) || !(penalizer >= 0 && isfinite(penalizer)))
						all_safe = false;
		}
	TAP_OK(all_safe, "BG/NBD rows: every bit flip is refused or decodes to valid rows");

	cxm_gg_rows_encode(false, 0, gg, 2, buf, NULL);
	TAP_OK(cxm_gg_rows_decode_header(buf, cxm_gg_rows_size(2), &has_penalizer, &penalizer, &n, &why) &&
		   !has_penalizer && n == 2 && cxm_gg_rows_decode(buf, 2, gg_back, &why, NULL) && memcmp(gg, gg_back, sizeof(gg)) == 0,
		   "Gamma-Gamma rows round-trip");
	gg[0].m = 0;
	cxm_gg_rows_encode(false, 0, gg, 2, buf, NULL);
	TAP_OK(!cxm_gg_rows_decode(buf, 2, gg_back, &why, NULL), "Gamma-Gamma rows: a zero mean value refused");

	/* one cxm_state kind serves both fits: the header says which model the rows are for */
	{
		cxm_fit_model model = 0;
		bool		bgnbd_read,
					gg_read;

		cxm_bgnbd_rows_encode(false, 0, rows, 3, buf, NULL);
		bgnbd_read = cxm_fit_rows_decode_header(buf, cxm_bgnbd_rows_size(3), &model, &has_penalizer, &penalizer, &n, &why) &&
			model == CXM_FIT_MODEL_BGNBD && !has_penalizer && n == 3;
		gg[0].m = 2.5;
		cxm_gg_rows_encode(true, 0.5, gg, 2, buf, NULL);
		gg_read = cxm_fit_rows_decode_header(buf, cxm_gg_rows_size(2), &model, &has_penalizer, &penalizer, &n, &why) &&
			model == CXM_FIT_MODEL_GG && has_penalizer && penalizer == 0.5 && n == 2;
		TAP_OK(bgnbd_read && gg_read, "fit rows: the header tells BG/NBD rows from Gamma-Gamma rows");
		TAP_OK(!cxm_fit_rows_decode_header(buf, cxm_gg_rows_size(2) - 1, &model, &has_penalizer, &penalizer, &n, &why),
			   "fit rows: a Gamma-Gamma header with the wrong length refused");
		cxm_purchases_encode(CXM_PERIOD_DAY, 800, purchases, 2, buf, NULL);
		TAP_OK(!cxm_fit_rows_decode_header(buf, cxm_purchases_size(2), &model, &has_penalizer, &penalizer, &n, &why),
			   "fit rows: a clv_summary state's purchases refused");
	}

	cxm_purchases_encode(CXM_PERIOD_WEEK, 800, purchases, 2, buf, NULL);
	TAP_OK(cxm_purchases_decode_header(buf, cxm_purchases_size(2), &period, &end_day, &n, &why) &&
		   period == CXM_PERIOD_WEEK && end_day == 800 && n == 2 &&
		   cxm_purchases_decode(buf, 2, period, end_day, p_back, &why, NULL) &&
		   p_back[0].period == 100 && p_back[1].period == -3 && p_back[0].amount == 9.5, "purchases round-trip");
	TAP_OK(!cxm_purchases_decode(buf, 2, CXM_PERIOD_DAY, 50, p_back, &why, NULL), "purchases after the end refused");

	cxm_rfm_encode(&rfm, buf);
	TAP_OK(cxm_rfm_decode(buf, cxm_rfm_size(6), &rfm_back, &why) && rfm_back.kind == 2 && rfm_back.as_of == 9000 &&
		   rfm_back.last == 8990 && rfm_back.orders == 3 && rfm_back.sum_len == 6 &&
		   memcmp(rfm_back.sum_text, "123.45", 6) == 0, "rfm state round-trips");
	buf[CXM_RFM_WIRE_FIXED + 2] = 'x';
	TAP_OK(!cxm_rfm_decode(buf, cxm_rfm_size(6), &rfm_back, &why), "rfm: malformed sum refused");
	rfm.last = 9001;
	cxm_rfm_encode(&rfm, buf);
	TAP_OK(!cxm_rfm_decode(buf, cxm_rfm_size(6), &rfm_back, &why), "rfm: last order after as_of refused");

	/* states the aggregates cannot produce, each accepted by 0.2.0 */
	{
		cxm_bgnbd_row unsorted[2] = {{2, 5, 10, 3}, {1, 1, 4, 0.5}},
					twice[2] = {{1, 1, 4, 0.5}, {1, 1, 4, 2}};
		cxm_gg_row	gg_unsorted[2] = {{3, 20, 2}, {1, 5.5, 1}};
		const char *sums[] = {"007", "-0", "-0.00", "1-2", "1.", ".5", "--1", "1.2.3", "0.-1"};
		bool		all_refused = true;

		cxm_bgnbd_rows_encode(false, 0, unsorted, 2, buf, NULL);
		TAP_OK(!cxm_bgnbd_rows_decode(buf, 2, back, &why, NULL), "BG/NBD rows out of order refused (serial writes them sorted)");
		cxm_bgnbd_rows_encode(false, 0, twice, 2, buf, NULL);
		TAP_OK(!cxm_bgnbd_rows_decode(buf, 2, back, &why, NULL), "BG/NBD rows: one history twice refused (serial merges them)");
		cxm_gg_rows_encode(false, 0, gg_unsorted, 2, buf, NULL);
		TAP_OK(!cxm_gg_rows_decode(buf, 2, gg_back, &why, NULL), "Gamma-Gamma rows out of order refused");

		for (size_t i = 0; i < sizeof(sums) / sizeof(sums[0]); i++)
		{
			cxm_rfm_wire bad = {0, 9000, 8990, 3, sums[i], strlen(sums[i])};

			cxm_rfm_encode(&bad, buf);
			if (cxm_rfm_decode(buf, cxm_rfm_size(bad.sum_len), &rfm_back, &why))
				all_refused = false;
		}
		TAP_OK(all_refused, "rfm: sums numeric output never writes are refused (leading zeros, -0, misplaced signs and points)");
		{
			/*
			 * A leading zero whose next digit is the sum's last byte: "05" and
			 * "-07" are not numeric output (it writes 5 and -7); "0" alone is.
			 */
			const char *short_sums[] = {"05", "-07", "00"};
			bool		short_refused = true;
			cxm_rfm_wire zero = {0, 9000, 8990, 3, "0", 1};

			for (size_t i = 0; i < sizeof(short_sums) / sizeof(short_sums[0]); i++)
			{
				cxm_rfm_wire bad = {0, 9000, 8990, 3, short_sums[i], strlen(short_sums[i])};

				cxm_rfm_encode(&bad, buf);
				if (cxm_rfm_decode(buf, cxm_rfm_size(bad.sum_len), &rfm_back, &why))
					short_refused = false;
			}
			TAP_OK(short_refused, "rfm: a leading zero before the last digit refused (05, -07, 00)");
			cxm_rfm_encode(&zero, buf);
			TAP_OK(cxm_rfm_decode(buf, cxm_rfm_size(1), &rfm_back, &why) && rfm_back.sum_len == 1 &&
				   rfm_back.sum_text[0] == '0', "rfm: a sum of 0 is numeric output");
		}
		{
			/* the sum's length is 4 bytes big-endian at bytes 28..31: 300 = 0x0000012c */
			char		digits[301];
			static uint8_t long_buf[CXM_RFM_WIRE_FIXED + 300];
			cxm_rfm_wire long_sum = {0, 9000, 8990, 3, digits, 300};

			memset(digits, '9', 300);
			digits[300] = '\0';
			cxm_rfm_encode(&long_sum, long_buf);
			TAP_OK(long_buf[28] == 0 && long_buf[29] == 0 && long_buf[30] == 1 && long_buf[31] == 0x2c &&
				   cxm_rfm_decode(long_buf, cxm_rfm_size(300), &rfm_back, &why) && rfm_back.sum_len == 300 &&
				   memcmp(rfm_back.sum_text, digits, 300) == 0, "rfm: a sum of 300 digits round-trips (its length takes two bytes)");
		}
		{
			cxm_rfm_wire good = {0, 9000, 8990, 3, "-0.50", 5};

			cxm_rfm_encode(&good, buf);
			TAP_OK(cxm_rfm_decode(buf, cxm_rfm_size(5), &rfm_back, &why), "rfm: -0.50 is numeric output");
		}
		{
			cxm_rfm_wire bad = {0, INT64_MAX, 8990, 3, "1", 1};

			cxm_rfm_encode(&bad, buf);
			TAP_OK(!cxm_rfm_decode(buf, cxm_rfm_size(1), &rfm_back, &why), "rfm: an infinite as_of refused");
			bad.as_of = CXM_END_USEC;
			cxm_rfm_encode(&bad, buf);
			TAP_OK(!cxm_rfm_decode(buf, cxm_rfm_size(1), &rfm_back, &why), "rfm: as_of past the last timestamp refused");
			bad.as_of = CXM_END_USEC - 1;
			bad.last = CXM_FIRST_USEC - 1;
			cxm_rfm_encode(&bad, buf);
			TAP_OK(!cxm_rfm_decode(buf, cxm_rfm_size(1), &rfm_back, &why), "rfm: a last order before the first timestamp refused");
			bad.last = CXM_FIRST_USEC;
			cxm_rfm_encode(&bad, buf);
			TAP_OK(cxm_rfm_decode(buf, cxm_rfm_size(1), &rfm_back, &why), "rfm: the first and last timestamps pass");
			bad.kind = 2;
			bad.as_of = CXM_LAST_DAY + 1;
			bad.last = 0;
			cxm_rfm_encode(&bad, buf);
			TAP_OK(!cxm_rfm_decode(buf, cxm_rfm_size(1), &rfm_back, &why), "rfm: a day past the last date refused");
			bad.as_of = 10;
			bad.orders = 0;
			cxm_rfm_encode(&bad, buf);
			TAP_OK(cxm_rfm_decode(buf, cxm_rfm_size(1), &rfm_back, &why) == false, "rfm: without orders the sum is 0, not 1");
		}
		{
			/*
			 * numeric holds up to 131072 digits before the point (PostgreSQL's
			 * documented limit, NUMERIC_MAX_DISPLAY_SCALE aside): a sum that long
			 * is numeric output, one digit more is not.
			 */
			size_t		digits = 131072;
			char	   *sum = malloc(digits + 1);
			uint8_t    *big = malloc(cxm_rfm_size(digits + 1));
			cxm_rfm_wire longest = {0, 9000, 8990, 3, sum, digits};

			memset(sum, '9', digits + 1);
			cxm_rfm_encode(&longest, big);
			TAP_OK(cxm_rfm_decode(big, cxm_rfm_size(digits), &rfm_back, &why) && rfm_back.sum_len == digits,
				   "rfm: a sum of 131072 integer digits (numeric's limit) is accepted");
			longest.sum_len = digits + 1;
			cxm_rfm_encode(&longest, big);
			TAP_OK(!cxm_rfm_decode(big, cxm_rfm_size(digits + 1), &rfm_back, &why),
				   "rfm: 131073 integer digits refused");
			free(sum);
			free(big);
		}
		{
			/*
			 * The state is a slice of a larger buffer (a bytea's data, a COPY
			 * line): the byte after the sum is not the sum's.  "12" followed in
			 * memory by ".5" is the integer 12.
			 */
			cxm_rfm_wire twelve = {0, 9000, 8990, 3, "12", 2};

			cxm_rfm_encode(&twelve, buf);
			buf[cxm_rfm_size(2)] = '.';
			buf[cxm_rfm_size(2) + 1] = '5';
			TAP_OK(cxm_rfm_decode(buf, cxm_rfm_size(2), &rfm_back, &why) && rfm_back.sum_len == 2 &&
				   memcmp(rfm_back.sum_text, "12", 2) == 0,
				   "rfm: the bytes after the state are not read (\"12\" then \".5\" in memory is 12)");
		}
	}
}

/* ---------- progress: long sorts and loops let a cancel in ---------- */

static long interrupt_calls = 0;

static void
count_interrupt(void)
{
	interrupt_calls++;
}

static uint64_t
next_random(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return *seed >> 20;
}

static void
test_progress(void)
{
	size_t		n = 1000000;
	uint64_t	seed = 42;
	cxm_bgnbd_row *rows = malloc(n * sizeof(cxm_bgnbd_row));
	cxm_gg_row *gg = malloc(n * sizeof(cxm_gg_row));
	cxm_purchase *purchases = malloc(n * sizeof(cxm_purchase));
	uint8_t    *wire = malloc(cxm_bgnbd_rows_size(n));
	cxm_summary summary;
	cxm_bgnbd	m;
	cxm_fit_info info;
	size_t		distinct;
	bool		sorted = true;
	const char *why = NULL;

	/*
	 * A million rows: a check at least every 65,536 units of work means more
	 * than n / 65,536 = 15 checks for one pass, and n log2 n / 65,536 = 300 for
	 * a sort.  qsort made none.
	 */
	for (size_t i = 0; i < n; i++)
	{
		double		age = 100 + (double) (next_random(&seed) % 100000) / 100;
		double		x = (double) (next_random(&seed) % 20);

		rows[i] = (cxm_bgnbd_row) {x, x > 0 ? age * (double) (next_random(&seed) % 1000) / 1000 : 0, age, 1};
		gg[i] = (cxm_gg_row) {1 + x, 1 + (double) (next_random(&seed) % 100000) / 100, 1};
		purchases[i] = (cxm_purchase) {(int32_t) (next_random(&seed) % 5000), (double) (next_random(&seed) % 1000)};
	}
	interrupt_calls = 0;
	distinct = cxm_bgnbd_compact(rows, n, count_interrupt);
	TAP_OK(interrupt_calls >= 150, "sorting a million BG/NBD rows checks for a cancel (n log n / 65536 times)");
	for (size_t i = 1; i < distinct; i++)
		if (!(rows[i - 1].x < rows[i].x || (rows[i - 1].x == rows[i].x && (rows[i - 1].t_x < rows[i].t_x ||
			  (rows[i - 1].t_x == rows[i].t_x && rows[i - 1].T < rows[i].T)))))
			sorted = false;
	TAP_OK(sorted && distinct > n / 2, "... and leaves them sorted, equal histories merged");
	interrupt_calls = 0;
	cxm_bgnbd_rows_encode(false, 0, rows, distinct, wire, count_interrupt);
	TAP_OK(interrupt_calls >= (long) (distinct / 65536), "encoding them checks");
	interrupt_calls = 0;
	TAP_OK(cxm_bgnbd_rows_decode(wire, distinct, rows, &why, count_interrupt) &&
		   interrupt_calls >= (long) (distinct / 65536), "decoding them checks");
	interrupt_calls = 0;
	cxm_bgnbd_fit(rows, distinct, 0.001, count_interrupt, &m, &info);
	TAP_OK(interrupt_calls >= (long) (distinct / 65536) * 10, "a fit checks within each pass over the rows");

	interrupt_calls = 0;
	distinct = cxm_gg_compact(gg, n, count_interrupt);
	TAP_OK(interrupt_calls >= 150, "sorting a million Gamma-Gamma rows checks");
	sorted = true;
	for (size_t i = 1; i < distinct; i++)
		if (!(gg[i - 1].x < gg[i].x || (gg[i - 1].x == gg[i].x && gg[i - 1].m < gg[i].m)))
			sorted = false;
	TAP_OK(sorted, "... and leaves them sorted");
	interrupt_calls = 0;
	cxm_gg_fit(gg, distinct, 0.001, count_interrupt, (cxm_gg *) &m, &info);
	TAP_OK(interrupt_calls >= (long) (distinct / 65536) * 10, "a Gamma-Gamma fit checks within each pass");

	interrupt_calls = 0;
	cxm_summarise(purchases, n, 6000, count_interrupt, &summary);
	TAP_OK(interrupt_calls >= 150, "summarising a million purchases checks");
	sorted = true;
	for (size_t i = 1; i < n; i++)
		if (purchases[i - 1].period > purchases[i].period ||
			(purchases[i - 1].period == purchases[i].period && purchases[i - 1].amount > purchases[i].amount))
			sorted = false;
	TAP_OK(sorted && summary.frequency == 4999, "... and sorts them by period and amount");
	free(rows);
	free(gg);
	free(purchases);
	free(wire);
}

/*
 * Each loop over the rows lets a cancel in: a check at least every 65,536
 * rows of that loop (CXM_CLV_TICK_EVERY).  The check records where the loop
 * is, read from what the loop has written so far, so a loop that stopped
 * checking shows as a long stride even when the sort before it checked.
 */
static const cxm_bgnbd_row *watched_bgnbd;
static const cxm_gg_row *watched_gg;
static const cxm_purchase *watched_purchases;
static const uint8_t *watched_wire;
static size_t watched_n;
static size_t (*watched_position) (void);
static size_t positions[4096];
static size_t n_positions;

static void
record_position(void)
{
	if (n_positions < sizeof(positions) / sizeof(positions[0]))
		positions[n_positions++] = watched_position();
}

/* the longest run of rows between two checks, the loop running from row `from` to row `to` */
static size_t
longest_stride(size_t from, size_t to)
{
	size_t		longest = 0,
				last = from;

	for (size_t i = 0; i < n_positions; i++)
	{
		if (positions[i] > last)
			longest = positions[i] - last > longest ? positions[i] - last : longest;
		last = positions[i] > last ? positions[i] : last;
	}
	return to - last > longest ? to - last : longest;
}

/* merging equal histories adds their weights into the first: its weight counts the rows merged */
static size_t
merged_bgnbd(void)
{
	return (size_t) watched_bgnbd[0].w;
}

static size_t
merged_gg(void)
{
	return (size_t) watched_gg[0].w;
}

/* decoding fills rows in order over a sentinel: the rows written so far */
static size_t
decoded_gg(void)
{
	size_t		lo = 0,
				hi = watched_n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (isnan(watched_gg[mid].x))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static size_t
decoded_purchases(void)
{
	size_t		lo = 0,
				hi = watched_n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (watched_purchases[mid].period == INT32_MIN)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* encoding fills items of `item` bytes in order over 0xff bytes (no item written here starts with 0xff) */
static size_t watched_item;

static size_t
encoded_items(void)
{
	size_t		lo = 0,
				hi = watched_n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (watched_wire[CXM_WIRE_HEADER + watched_item * mid] == 0xff)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* summarising sorts first, then walks the sorted purchases: calls that find them sorted come from the walk */
static size_t sorted_calls;

static void
count_sorted_calls(void)
{
	for (size_t i = 1; i < watched_n; i++)
		if (watched_purchases[i - 1].period > watched_purchases[i].period ||
			(watched_purchases[i - 1].period == watched_purchases[i].period &&
			 watched_purchases[i - 1].amount > watched_purchases[i].amount))
			return;
	sorted_calls++;
}

/* periods 1..n: the purchases at the end already in their sorted place */
static size_t
placed_at_end(void)
{
	size_t		placed = 0;

	while (placed < watched_n && watched_purchases[watched_n - 1 - placed].period == (int32_t) (watched_n - placed))
		placed++;
	return placed;
}

/*
 * While heapsort builds its heap over the rows after those already placed
 * at the start: how many of its inner nodes, from the last one back, are
 * heap-ordered (a row that landed in place by chance may hide the heap's
 * first row, so its start is tried up to two rows earlier).
 */
static size_t heap_nodes_seen,
			heap_nodes;

static size_t
heap_ordered(void)
{
	size_t		placed = 0;

	while (placed < watched_n && watched_purchases[placed].period == (int32_t) (placed + 1))
		placed++;
	for (size_t back = 0; back <= 2 && back <= placed; back++)
	{
		const cxm_purchase *heap = watched_purchases + placed - back;
		size_t		rows = watched_n - placed + back,
					ordered = 0;

		for (size_t j = rows / 2; j-- > 0; ordered++)
			if (heap[2 * j + 1].period > heap[j].period || (2 * j + 2 < rows && heap[2 * j + 2].period > heap[j].period))
				break;
		if (ordered > heap_nodes_seen)
		{
			heap_nodes_seen = ordered;
			heap_nodes = rows / 2;
		}
	}
	return placed_at_end();
}

static void
test_progress_every_loop(void)
{
	size_t		n = 1 << 20;
	uint64_t	seed = 7;
	cxm_bgnbd_row *rows = malloc(n * sizeof(cxm_bgnbd_row));
	cxm_gg_row *gg = malloc(n * sizeof(cxm_gg_row));
	cxm_purchase *purchases = malloc(n * sizeof(cxm_purchase));
	uint8_t    *wire = malloc(cxm_gg_rows_size(n) > cxm_purchases_size(n) ? cxm_gg_rows_size(n) : cxm_purchases_size(n));
	cxm_summary summary;
	const char *why = NULL;
	size_t		distinct;

	/* a million copies of one history: the merge loop runs over all of them */
	for (size_t i = 0; i < n; i++)
		rows[i] = (cxm_bgnbd_row) {2, 5, 9, 1};
	watched_bgnbd = rows;
	watched_position = merged_bgnbd;
	n_positions = 0;
	distinct = cxm_bgnbd_compact(rows, n, record_position);
	TAP_OK(distinct == 1 && rows[0].w == (double) n, "a million equal BG/NBD histories merge into one of weight n");
	TAP_OK(longest_stride(1, n) <= CXM_CLV_TICK_EVERY, "... with a cancel check at least every 65,536 rows merged");

	for (size_t i = 0; i < n; i++)
		gg[i] = (cxm_gg_row) {3, 12.5, 1};
	watched_gg = gg;
	watched_position = merged_gg;
	n_positions = 0;
	distinct = cxm_gg_compact(gg, n, record_position);
	TAP_OK(distinct == 1 && gg[0].w == (double) n, "a million equal Gamma-Gamma rows merge into one of weight n");
	TAP_OK(longest_stride(1, n) <= CXM_CLV_TICK_EVERY, "... with a cancel check at least every 65,536 rows merged");

	/* Gamma-Gamma rows and purchases through their wire forms */
	for (size_t i = 0; i < n; i++)
		gg[i] = (cxm_gg_row) {1 + (double) (i >> 10), 1 + (double) (i & 1023), 1};
	memset(wire, 0xff, cxm_gg_rows_size(n));
	watched_wire = wire;
	watched_item = 24;
	watched_n = n;
	watched_position = encoded_items;
	n_positions = 0;
	cxm_gg_rows_encode(false, 0, gg, n, wire, record_position);
	TAP_OK(longest_stride(0, n) <= CXM_CLV_TICK_EVERY, "encoding a million Gamma-Gamma rows checks every 65,536 rows");
	for (size_t i = 0; i < n; i++)
		gg[i].x = NAN;
	watched_position = decoded_gg;
	n_positions = 0;
	TAP_OK(cxm_gg_rows_decode(wire, n, gg, &why, record_position) && gg[n - 1].x == 1024 && gg[n - 1].m == 1024,
		   "... they decode");
	TAP_OK(longest_stride(0, n) <= CXM_CLV_TICK_EVERY, "... checking every 65,536 rows");

	for (size_t i = 0; i < n; i++)
		purchases[i] = (cxm_purchase) {(int32_t) (i / 3), (double) (i % 3)};
	memset(wire, 0xff, cxm_purchases_size(n));
	watched_item = 12;
	watched_position = encoded_items;
	n_positions = 0;
	cxm_purchases_encode(CXM_PERIOD_DAY, 1000000, purchases, n, wire, record_position);
	TAP_OK(longest_stride(0, n) <= CXM_CLV_TICK_EVERY, "encoding a million purchases checks every 65,536");
	for (size_t i = 0; i < n; i++)
		purchases[i].period = INT32_MIN;
	watched_purchases = purchases;
	watched_position = decoded_purchases;
	n_positions = 0;
	TAP_OK(cxm_purchases_decode(wire, n, CXM_PERIOD_DAY, 1000000, purchases, &why, record_position) &&
		   purchases[n - 1].period == (int32_t) ((n - 1) / 3), "... they decode");
	TAP_OK(longest_stride(0, n) <= CXM_CLV_TICK_EVERY, "... checking every 65,536");

	/*
	 * Summaries: purchases in the first period count once, the others add
	 * up.  Half a million, shuffled, so the sort leaves them unsorted until
	 * it ends; the walk after it takes n rows, so at least n / 65,536 checks
	 * find them sorted.
	 */
	n = 1 << 19;
	watched_n = n;
	for (size_t i = 0; i < n; i++)
		purchases[i] = (cxm_purchase) {40, (double) (next_random(&seed) % 100000)};
	sorted_calls = 0;
	cxm_summarise(purchases, n, 50, count_sorted_calls, &summary);
	TAP_OK(summary.frequency == 0 && summary.recency == 0 && summary.age == 10 && summary.monetary_value == 0.0,
		   "half a million purchases in one period: no repeat, age 10");
	TAP_OK(sorted_calls >= n / CXM_CLV_TICK_EVERY, "... the walk over the first period checks every 65,536 purchases");
	for (size_t i = 0; i < n; i++)
		purchases[i] = (cxm_purchase) {(int32_t) i, 2.0};
	for (size_t i = n - 1; i > 0; i--)
	{
		size_t		j = next_random(&seed) % (i + 1);
		cxm_purchase swap = purchases[i];

		purchases[i] = purchases[j];
		purchases[j] = swap;
	}
	sorted_calls = 0;
	cxm_summarise(purchases, n, (int32_t) n, count_sorted_calls, &summary);
	TAP_OK(summary.frequency == (int64_t) n - 1 && summary.recency == (int32_t) n - 1 && summary.age == (int32_t) n &&
		   summary.monetary_value == 2.0, "one purchase a period for half a million periods: n - 1 repeats of 2");
	TAP_OK(sorted_calls >= (n - 1) / CXM_CLV_TICK_EVERY, "... the walk over the repeat purchases checks every 65,536");


	/*
	 * Musser's median-of-3 killer (Introspective Sorting and Selection
	 * Algorithms, 1997), periods 1..n: quicksort with a median-of-three
	 * pivot splits off two rows a partition, so the introsort falls back to
	 * heapsort for nearly all of them (the sequence is built against this
	 * pivot rule: a sort that picks its pivot otherwise needs another).  Heapsort places the largest row at
	 * the end, one row a sift of 32 units of work, so a check comes at least
	 * every 65,536 / 32 = 2,048 rows placed (4,096 allows for rows that land
	 * in place by chance).
	 */
	n = 1 << 16;
	watched_n = n;
	for (size_t i = 1; i <= n / 2; i++)
	{
		if (i % 2 == 1)
		{
			purchases[i - 1].period = (int32_t) i;
			purchases[i].period = (int32_t) (n / 2 + i);
		}
		purchases[n / 2 + i - 1].period = (int32_t) (2 * i);
	}
	for (size_t i = 0; i < n; i++)
		purchases[i].amount = 1.0;
	watched_position = heap_ordered;
	n_positions = 0;
	heap_nodes_seen = heap_nodes = 0;
	cxm_summarise(purchases, n, (int32_t) n, record_position, &summary);
	TAP_OK(placed_at_end() == n && summary.frequency == (int64_t) n - 1 && summary.monetary_value == 1.0,
		   "a median-of-3 killer of 65,536 periods is sorted: n - 1 repeats");
	TAP_OK(longest_stride(0, n) <= CXM_CLV_TICK_EVERY / 16,
		   "... and its heapsort fallback checks for a cancel every 2,048 rows it places");
	/* building the heap sifts each inner node once, 32 units a sift: a check within its last 2,048 */
	TAP_OK(heap_nodes > 16000 && heap_nodes_seen + CXM_CLV_TICK_EVERY / 32 >= heap_nodes,
		   "... and while it builds the heap, every 2,048 nodes");

	free(rows);
	free(gg);
	free(purchases);
	free(wire);
}

/*
 * The fits: a check before every evaluation of the likelihood (however few
 * the rows), and in each pass over the rows: the one that totals the
 * weights, one per evaluation, and the final log-likelihood (8 units a row,
 * a few lgamma calls).  The ticker calls at most every 65,536 + 7 units.
 */
static void
test_progress_fit_passes(void)
{
	cxm_bgnbd_row *cdnow,
			   *bg_rows;
	cxm_gg_row *cdnow_gg,
			   *gg_rows;
	size_t		n_gg,
				n;
	cxm_bgnbd	m;
	cxm_gg		g;
	cxm_fit_info info;
	cxm_fit_status status;
	double		e;

	/* CDNOW: 1016 histories, so no pass reaches 65,536 rows; the checks come from the evaluations */
	n = cxm_bgnbd_compact(cdnow, load_cdnow(&cdnow, &cdnow_gg, &n_gg), NULL);
	interrupt_calls = 0;
	status = cxm_bgnbd_fit(cdnow, n, 0.0, count_interrupt, &m, &info);
	TAP_OK(status == CXM_FIT_OK && fabs(m.r - 0.24259291) < 1e-7 && info.iterations > 10 &&
		   interrupt_calls >= info.iterations + 1,
		   "BG/NBD on CDNOW: a cancel check at each evaluation (at least iterations + 1)");
	n_gg = cxm_gg_compact(cdnow_gg, n_gg, NULL);
	interrupt_calls = 0;
	status = cxm_gg_fit(cdnow_gg, n_gg, 0.0, count_interrupt, &g, &info);
	TAP_OK(status == CXM_FIT_OK && fabs(g.p - 6.2488025) < 1e-6 && info.iterations > 10 &&
		   interrupt_calls >= info.iterations + 1,
		   "Gamma-Gamma on CDNOW: a cancel check at each evaluation");
	free(cdnow);
	free(cdnow_gg);

	/* a CLV over 12 months: one check a month */
	interrupt_calls = 0;
	TAP_OK(cxm_bgnbd_clv(&published, cxm_gg_expected_value(&published_gg, 2, 22.35), 2, 30.43, 38.86, 12, 0.01, 4.345,
						 count_interrupt, &e) == CXM_PREDICT_OK && interrupt_calls >= 12,
		   "a 12-month CLV checks for a cancel every month");
	TAP_NEAR(e, 36.289211125599217, 1e-13, "... and is the same 36.289211125599217 (mpmath)");

	/*
	 * A million customers whose likelihood peaks exactly where the optimiser
	 * starts (every log parameter 0.1): four histories whose weights solve
	 * gradient = 0 there (mpmath, test/tools/clv_reference.py
	 * start_point_weights), and 2^20 more of weight 1e-300, which change no
	 * sum but are read in every pass.  The fit stops after one evaluation, so
	 * the passes are known: reading, one evaluation, the log-likelihood.
	 * Their mean values reach exactly 2^10, which the fit runs unscaled (only
	 * values outside 2^-10..2^10 are rescaled): its start is the optimum.
	 */
	{
		static const cxm_gg_row peak[4] = {
			{1, 4, 0.22117907386281704981}, {3, 1, 0.20298227203694282964},
			{5, 0.25, 0.20178580796911372397}, {5, 4, 0.37405284613112639659}};
		size_t		filler = (size_t) 1 << 20;

		n = filler + 4;
		gg_rows = malloc(n * sizeof(cxm_gg_row));
		gg_rows[0] = peak[0];
		for (size_t j = 0; j < filler; j++)
			gg_rows[1 + j] = (cxm_gg_row) {2, (double) (j + 1) / 1024, 1e-300};
		for (size_t k = 1; k < 4; k++)
			gg_rows[filler + k] = peak[k];
		interrupt_calls = 0;
		status = cxm_gg_fit(gg_rows, n, 0.0, count_interrupt, &g, &info);
		TAP_OK(status == CXM_FIT_OK && info.iterations == 0, "Gamma-Gamma at its optimum: stops where it starts");
		TAP_OK(fabs(g.p - exp(0.1)) < 1e-12 && fabs(g.q - exp(0.1)) < 1e-12 && fabs(g.v - exp(0.1)) < 1e-12,
			   "... p = q = v = e^0.1 (the values the weights were solved for), max value 2^10 unscaled");
		TAP_OK(interrupt_calls >= 1 + (long) ((n + n + 8 * n) / (CXM_CLV_TICK_EVERY + 7)),
			   "... checking for a cancel in each pass over a million rows (10 n / 65,543 + 1)");
		free(gg_rows);
	}
	/* the same for BG/NBD: five histories (ages 1, so times run unscaled), fillers of age below 1 */
	{
		static const cxm_bgnbd_row peak[5] = {
			{0, 0, 1, 0.48155583148333421511}, {1, 0.25, 1, 0.18741491141204976881},
			{1, 0.75, 1, 0.21872115003502315601}, {2, 0.25, 1, 0.067978351104531859223},
			{4, 0.75, 1, 0.044329755965061000841}};
		size_t		filler = (size_t) 1 << 20;

		n = filler + 5;
		bg_rows = malloc(n * sizeof(cxm_bgnbd_row));
		for (size_t j = 0; j < filler; j++)
			bg_rows[j] = (cxm_bgnbd_row) {0, 0, (double) (2 * j + 1) / (double) (filler * 2), 1e-300};
		for (size_t k = 0; k < 5; k++)
			bg_rows[filler + k] = peak[k];
		interrupt_calls = 0;
		status = cxm_bgnbd_fit(bg_rows, n, 0.0, count_interrupt, &m, &info);
		TAP_OK(status == CXM_FIT_OK && info.iterations == 0, "BG/NBD at its optimum: stops where it starts");
		TAP_OK(fabs(m.r - exp(0.1)) < 1e-12 && fabs(m.alpha - exp(0.1)) < 1e-12 && fabs(m.a - exp(0.1)) < 1e-12 &&
			   fabs(m.b - exp(0.1)) < 1e-12, "... r = alpha = a = b = e^0.1 (the values the weights were solved for)");
		TAP_OK(interrupt_calls >= 1 + (long) ((n + n + 8 * n) / (CXM_CLV_TICK_EVERY + 7)),
			   "... checking for a cancel in each pass over a million rows (10 n / 65,543 + 1)");
		free(bg_rows);
	}
}

int
main(void)
{
	test_special_functions();
	test_history();
	test_bgnbd_fit();
	test_predictions();
	test_summary();
	test_wire();
	test_progress();
	test_progress_every_loop();
	test_progress_fit_passes();
	return tap_done();
}
