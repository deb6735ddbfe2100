/* Unit tests of src/drivers_core.c: the summary, its forms and the statistics. */
#include "drivers_core.h"
#include "tap.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* test/fixtures/swiss.csv: fertility, then the five drivers */
static const double swiss[47][6] = {
	{80.2, 17, 15, 12, 9.96, 22.2}, {83.1, 45.1, 6, 9, 84.84, 22.2}, {92.5, 39.7, 5, 5, 93.4, 20.2},
	{85.8, 36.5, 12, 7, 33.77, 20.3}, {76.9, 43.5, 17, 15, 5.16, 20.6}, {76.1, 35.3, 9, 7, 90.57, 26.6},
	{83.8, 70.2, 16, 7, 92.85, 23.6}, {92.4, 67.8, 14, 8, 97.16, 24.9}, {82.4, 53.3, 12, 7, 97.67, 21},
	{82.9, 45.2, 16, 13, 91.38, 24.4}, {87.1, 64.5, 14, 6, 98.61, 24.5}, {64.1, 62, 21, 12, 8.52, 16.5},
	{66.9, 67.5, 14, 7, 2.27, 19.1}, {68.9, 60.7, 19, 12, 4.43, 22.7}, {61.7, 69.3, 22, 5, 2.82, 18.7},
	{68.3, 72.6, 18, 2, 24.2, 21.2}, {71.7, 34, 17, 8, 3.3, 20}, {55.7, 19.4, 26, 28, 12.11, 20.2},
	{54.3, 15.2, 31, 20, 2.15, 10.8}, {65.1, 73, 19, 9, 2.84, 20}, {65.5, 59.8, 22, 10, 5.23, 18},
	{65, 55.1, 14, 3, 4.52, 22.4}, {56.6, 50.9, 22, 12, 15.14, 16.7}, {57.4, 54.1, 20, 6, 4.2, 15.3},
	{72.5, 71.2, 12, 1, 2.4, 21}, {74.2, 58.1, 14, 8, 5.23, 23.8}, {72, 63.5, 6, 3, 2.56, 18},
	{60.5, 60.8, 16, 10, 7.72, 16.3}, {58.3, 26.8, 25, 19, 18.46, 20.9}, {65.4, 49.5, 15, 8, 6.1, 22.5},
	{75.5, 85.9, 3, 2, 99.71, 15.1}, {69.3, 84.9, 7, 6, 99.68, 19.8}, {77.3, 89.7, 5, 2, 100, 18.3},
	{70.5, 78.2, 12, 6, 98.96, 19.4}, {79.4, 64.9, 7, 3, 98.22, 20.2}, {65, 75.9, 9, 9, 99.06, 17.8},
	{92.2, 84.6, 3, 3, 99.46, 16.3}, {79.3, 63.1, 13, 13, 96.83, 18.1}, {70.4, 38.4, 26, 12, 5.62, 20.3},
	{65.7, 7.7, 29, 11, 13.79, 20.5}, {72.7, 16.7, 22, 13, 11.22, 18.9}, {64.4, 17.6, 35, 32, 16.92, 23},
	{77.6, 37.6, 15, 7, 4.97, 20}, {67.6, 18.7, 25, 7, 8.65, 19.5}, {35, 1.2, 37, 53, 42.34, 18},
	{44.7, 46.6, 16, 29, 50.43, 18.2}, {42.8, 27.7, 22, 29, 58.33, 19.3},
};

/*
 * test/tools/drivers_reference.py (NumPy least squares over the 120 orders
 * of entry; numpy.linalg.eigh for the relative weights).  R² 0.7067 is what
 * R's summary(lm(Fertility ~ ., data = swiss)) prints.
 */
static const double swiss_r2 = 0.7067350015927254;
static const double swiss_ref[5][4] = {	/* correlation, beta, relative weight, shapley */
	{0.35307918361997476, -0.31292128249991952, 0.048416895811900625, 0.057091220768091137},
	{-0.6458827064572874, -0.16477822253934726, 0.1547082498061601, 0.17117302890023406},
	{-0.66378885703506907, -0.67040078010607329, 0.27196410464599874, 0.26013467862438427},
	{0.46368470065179368, 0.34760002814421836, 0.1146800299475612, 0.10557015037349353},
	{0.41655603143498254, 0.2511359762987096, 0.11696572138110461, 0.11276592292652175},
};

static cxm_drv_packed *
new_stats(int k)
{
	cxm_drv_packed *s = malloc(cxm_drv_size(k));

	cxm_drv_init(s, k);
	return s;
}

static cxm_drv_fit_status
compute(const cxm_drv_packed *s, cxm_drv_fit *fit)
{
	int			want = CXM_DRV_WANT_WEIGHTS | CXM_DRV_WANT_SHAPLEY;
	void	   *ws = malloc(cxm_drv_workspace_size(s->drivers, want) + 8);
	cxm_drv_fit_status status = cxm_drv_compute(s, want, ws, NULL, NULL, fit);

	free(ws);
	return status;
}

static double
rel(double got, double want)
{
	return fabs(got - want) / fabs(want);
}

static void
test_swiss(void)
{
	cxm_drv_packed *s = new_stats(5);
	cxm_drv_packed *a = new_stats(5);
	cxm_drv_packed *b = new_stats(5);
	cxm_drv_fit fit;
	double		worst[4] = {0, 0, 0, 0};
	double		sum_rw = 0,
				sum_sh = 0;
	double		y_mean = 0,
				y_ss = 0;
	char		name[100];

	for (int i = 0; i < 47; i++)
	{
		cxm_drv_add(s, swiss[i][0], &swiss[i][1], 1.0);
		cxm_drv_add(i % 3 ? a : b, swiss[i][0], &swiss[i][1], 1.0);
		y_mean += swiss[i][0] / 47;
	}
	for (int i = 0; i < 47; i++)
		y_ss += (swiss[i][0] - y_mean) * (swiss[i][0] - y_mean);
	TAP_OK(s->rows == 47 && s->weight == 47.0, "swiss: 47 rows of weight 1");
	TAP_NEAR(cxm_drv_mean(s, 0), 70.142553191489357, 1e-14, "swiss: mean fertility (two-pass)");
	TAP_NEAR(cxm_drv_comoments(s)[0], y_ss, 1e-12, "swiss: outcome co-moment equals the two-pass sum of squares");
	TAP_OK(compute(s, &fit) == CXM_DRV_FIT_OK && fit.shapley_exact, "swiss: fitted, exact Shapley");
	TAP_NEAR(fit.r2, swiss_r2, 1e-12, "swiss: R² 0.7067 as R's lm() gives it");
	for (int j = 0; j < 5; j++)
	{
		double		got[4] = {fit.correlation[j], fit.beta[j], fit.relative_weight[j], fit.shapley[j]};

		for (int m = 0; m < 4; m++)
			worst[m] = fmax(worst[m], rel(got[m], swiss_ref[j][m]));
		sum_rw += fit.relative_weight[j];
		sum_sh += fit.shapley[j];
	}
	printf("# swiss, max relative error: correlation %.2g, beta %.2g, relative weight %.2g, shapley %.2g\n",
		   worst[0], worst[1], worst[2], worst[3]);
	TAP_OK(worst[0] < 1e-9, "swiss: correlations within 1e-9 of the reference");
	TAP_OK(worst[1] < 1e-9, "swiss: betas within 1e-9 of the reference");
	TAP_OK(worst[2] < 1e-9, "swiss: relative weights within 1e-9 of the reference (NumPy eigh)");
	TAP_OK(worst[3] < 1e-9, "swiss: LMG within 1e-9 of the reference (120 orders of least-squares fits)");
	TAP_NEAR(sum_rw, fit.r2, 1e-13, "swiss: relative weights add up to R²");
	TAP_NEAR(sum_sh, fit.r2, 1e-13, "swiss: Shapley values add up to R²");

	TAP_OK(cxm_drv_merge(a, b) == CXM_DRV_MERGE_OK, "swiss: two parts merge");
	TAP_OK(compute(a, &fit) == CXM_DRV_FIT_OK, "swiss: merged parts fit");
	snprintf(name, sizeof(name), "swiss: merged parts give the same R² (%.17g)", fit.r2);
	TAP_NEAR(fit.r2, swiss_r2, 1e-12, name);
	TAP_NEAR(fit.shapley[2], swiss_ref[2][3], 1e-12, "swiss: merged parts give the same LMG of education");
	for (int i = 0; i < 21; i++)
		if (rel(cxm_drv_comoments(a)[i], cxm_drv_comoments(s)[i]) > 1e-12)
			printf("# co-moment %d: %.17g vs %.17g\n", i, cxm_drv_comoments(a)[i], cxm_drv_comoments(s)[i]);
	free(s);
	free(a);
	free(b);
}

static uint64_t rng_state = 88172645463325252ULL;

static double
uniform(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (double) (rng_state >> 11) / 9007199254740992.0;
}

/*
 * R² of y on the drivers in mask, solved independently of the core: normal
 * equations on centred data, Gauss-Jordan elimination with partial pivoting.
 */
static double
subset_r2(double (*x)[8], const double *y, int n, int k, unsigned mask)
{
	double		a[8][9];
	int			cols[8],
				m = 0;
	double		ym = 0,
				syy = 0,
				xm[8] = {0},
				fitted = 0;

	for (int j = 0; j < k; j++)
		if (mask & (1u << j))
			cols[m++] = j;
	if (m == 0)
		return 0.0;
	for (int i = 0; i < n; i++)
	{
		ym += y[i] / n;
		for (int j = 0; j < k; j++)
			xm[j] += x[i][j] / n;
	}
	for (int r = 0; r < m; r++)
		for (int c = 0; c <= m; c++)
		{
			double		v = 0;

			for (int i = 0; i < n; i++)
				v += (x[i][cols[r]] - xm[cols[r]]) * (c < m ? x[i][cols[c]] - xm[cols[c]] : y[i] - ym);
			a[r][c] = v;
		}
	for (int c = 0; c < m; c++)
	{
		int			best = c;

		for (int r = c + 1; r < m; r++)
			if (fabs(a[r][c]) > fabs(a[best][c]))
				best = r;
		for (int q = 0; q <= m; q++)
		{
			double		t = a[c][q];

			a[c][q] = a[best][q];
			a[best][q] = t;
		}
		for (int r = 0; r < m; r++)
			if (r != c)
			{
				double		f = a[r][c] / a[c][c];

				for (int q = 0; q <= m; q++)
					a[r][q] -= f * a[c][q];
			}
	}
	for (int i = 0; i < n; i++)
		syy += (y[i] - ym) * (y[i] - ym);
	for (int r = 0; r < m; r++)
	{
		double		sxy = 0;

		for (int i = 0; i < n; i++)
			sxy += (x[i][cols[r]] - xm[cols[r]]) * (y[i] - ym);
		fitted += a[r][m] / a[r][r] * sxy;
	}
	return fitted / syy;
}

/* Shapley values by the definition: every one of the k! orders of entry. */
static void
shapley_by_orders(double (*x)[8], const double *y, int n, int k, double *out)
{
	int			order[8];
	long		orders = 0;

	for (int j = 0; j < k; j++)
	{
		out[j] = 0;
		order[j] = j;
	}
	for (;;)
	{
		unsigned	mask = 0;

		orders++;
		for (int i = 0; i < k; i++)
		{
			double		before = subset_r2(x, y, n, k, mask);

			mask |= 1u << order[i];
			out[order[i]] += subset_r2(x, y, n, k, mask) - before;
		}
		/* next permutation */
		{
			int			i = k - 2,
						j = k - 1;

			while (i >= 0 && order[i] > order[i + 1])
				i--;
			if (i < 0)
				break;
			while (order[j] < order[i])
				j--;
			{
				int			t = order[i];

				order[i] = order[j];
				order[j] = t;
			}
			for (int lo = i + 1, hi = k - 1; lo < hi; lo++, hi--)
			{
				int			t = order[lo];

				order[lo] = order[hi];
				order[hi] = t;
			}
		}
	}
	for (int j = 0; j < k; j++)
		out[j] /= orders;
}

static void
test_random_against_definition(void)
{
	enum
	{
		N = 200, K = 6
	};
	static double x[N][8];
	static double y[N];
	double		expected[8];
	cxm_drv_packed *s = new_stats(K);
	cxm_drv_fit fit;
	double		worst = 0;

	for (int i = 0; i < N; i++)
	{
		double		common = uniform();

		y[i] = 0;
		for (int j = 0; j < K; j++)
		{
			x[i][j] = common * (j % 3) + uniform() * (1 + j);
			y[i] += (j + 1) * 0.3 * x[i][j];
		}
		y[i] += 4 * uniform();
		cxm_drv_add(s, y[i], x[i], 1.0);
	}
	shapley_by_orders(x, y, N, K, expected);
	TAP_OK(compute(s, &fit) == CXM_DRV_FIT_OK, "random 6 drivers: fitted");
	TAP_NEAR(fit.r2, subset_r2(x, y, N, K, (1u << K) - 1), 1e-11, "random 6 drivers: R² equals the normal equations'");
	for (int j = 0; j < K; j++)
		worst = fmax(worst, rel(fit.shapley[j], expected[j]));
	printf("# random 6 drivers: Shapley vs the 720 orders, max relative error %.2g\n", worst);
	TAP_OK(worst < 1e-9, "random 6 drivers: Shapley values equal the average over all 720 orders of entry");
	free(s);
}

static void
test_weights_and_merge(void)
{
	cxm_drv_packed *twice = new_stats(2);
	cxm_drv_packed *weighted = new_stats(2);
	cxm_drv_packed *parts[4];
	cxm_drv_packed *whole = new_stats(2);
	cxm_drv_fit f1,
				f2;

	for (int p = 0; p < 4; p++)
		parts[p] = new_stats(2);
	for (int i = 0; i < 60; i++)
	{
		double		x[2] = {uniform() * 10, uniform() * 3 + i * 0.01};
		double		y = x[0] - 2 * x[1] + uniform();
		int			copies = 1 + i % 2;

		for (int c = 0; c < copies; c++)
			cxm_drv_add(twice, y, x, 1.0);
		cxm_drv_add(weighted, y, x, (double) copies);
		cxm_drv_add(whole, y, x, 1.0);
		cxm_drv_add(parts[i % 4], y, x, 1.0);
	}
	TAP_OK(compute(twice, &f1) == CXM_DRV_FIT_OK && compute(weighted, &f2) == CXM_DRV_FIT_OK, "weights: both fit");
	TAP_NEAR(f2.r2, f1.r2, 1e-12, "weights: a weight of 2 equals duplicating the row (R²)");
	TAP_NEAR(f2.shapley[1], f1.shapley[1], 1e-12, "weights: a weight of 2 equals duplicating the row (Shapley)");
	TAP_NEAR(cxm_drv_mean(weighted, 1), cxm_drv_mean(twice, 1), 1e-13, "weights: weighted means");
	TAP_OK(weighted->rows == 60 && twice->rows == 90, "weights: rows count rows, not weight");

	TAP_OK(cxm_drv_merge(parts[0], parts[1]) == CXM_DRV_MERGE_OK && cxm_drv_merge(parts[2], parts[3]) == CXM_DRV_MERGE_OK
		   && cxm_drv_merge(parts[0], parts[2]) == CXM_DRV_MERGE_OK, "merge: four parts");
	TAP_NEAR(cxm_drv_comoments(parts[0])[4], cxm_drv_comoments(whole)[4], 1e-12, "merge: co-moments equal one pass");
	TAP_NEAR(cxm_drv_mean(parts[0], 2), cxm_drv_mean(whole, 2), 1e-14, "merge: means equal one pass");
	TAP_OK(parts[0]->rows == 60, "merge: rows add up");
	{
		cxm_drv_packed *other = new_stats(3);

		cxm_drv_add(other, 1, (double[]) {1, 2, 3}, 1);
		TAP_OK(cxm_drv_merge(parts[0], other) == CXM_DRV_MERGE_DRIVERS, "merge: different numbers of drivers refused");
		free(other);
	}
	for (int p = 0; p < 4; p++)
		free(parts[p]);
	free(twice);
	free(weighted);
	free(whole);
}

static void
test_problems(void)
{
	cxm_drv_packed *s = new_stats(4);
	cxm_drv_fit fit;

	for (int i = 0; i < 3; i++)
		cxm_drv_add(s, i, (double[]) {i, i * i, 3, i + 1}, 1.0);
	TAP_OK(compute(s, &fit) == CXM_DRV_FIT_TOO_FEW, "3 rows for 4 drivers: too few, no error");
	free(s);

	s = new_stats(4);
	for (int i = 0; i < 20; i++)
		cxm_drv_add(s, uniform(), (double[]) {uniform(), 7.25, uniform(), 1e9}, 0.5 + uniform());
	TAP_OK(compute(s, &fit) == CXM_DRV_FIT_ZERO_VARIANCE && fit.concerned == 0xA, "drivers 2 and 4 never vary");
	free(s);

	s = new_stats(4);
	for (int i = 0; i < 20; i++)
	{
		double		a = uniform(),
					b = uniform(),
					c = uniform();

		cxm_drv_add(s, uniform(), (double[]) {a, c, b, 2 * a - 3 * b}, 1.0);
	}
	TAP_OK(compute(s, &fit) == CXM_DRV_FIT_COLLINEAR, "driver 4 = 2 driver 1 - 3 driver 3: collinear");
	TAP_OK(fit.concerned == 0xD, "collinear: drivers 1, 3 and 4 named, not 2");
	free(s);

	s = new_stats(2);
	for (int i = 0; i < 10; i++)
		cxm_drv_add(s, 4.0, (double[]) {uniform(), uniform()}, 1.0);
	TAP_OK(compute(s, &fit) == CXM_DRV_FIT_CONSTANT_OUTCOME, "an outcome that never varies: NULL statistics");
	free(s);

	s = new_stats(1);
	TAP_OK(cxm_drv_add(s, 1e200, (double[]) {1}, 1.0) == CXM_DRV_ADD_OK, "a huge value alone");
	TAP_OK(cxm_drv_add(s, -1e200, (double[]) {1}, 1.0) == CXM_DRV_ADD_OVERFLOW, "squares past double precision: overflow");
	free(s);
}

static void
test_forms(void)
{
	cxm_drv_packed *s = new_stats(3);
	cxm_drv_packed *back = malloc(CXM_DRV_SIZE_MAX);
	cxm_drv_input_error err;
	char	   *text = malloc(cxm_drv_text_size(3));
	uint8_t		wire[CXM_DRV_SIZE_MAX];
	size_t		len;

	for (int i = 0; i < 9; i++)
		cxm_drv_add(s, uniform() * 10, (double[]) {uniform(), -uniform() * 1e-7, uniform() * 1e12}, 0.1 + i);
	cxm_drv_to_text(s, text);
	TAP_OK(cxm_drv_from_text(text, back, &err), "text form reads back");
	TAP_OK(memcmp(s->values, back->values, 8 * cxm_drv_numbers(3)) == 0 && back->rows == 9 &&
		   back->weight == s->weight, "text form reads back exactly");
	{
		/*
		 * A user can pass '-0'::float8: the first row sets the origin, so
		 * the stored origin holds -0, and pg_dump's text form must bring
		 * back the very same bits (found by fuzz_driver_stats).
		 */
		cxm_drv_packed *z = new_stats(1);
		char	   *ztext = malloc(cxm_drv_text_size(1));

		cxm_drv_add(z, -0.0, (double[]) {-0.0}, 1.0);
		cxm_drv_add(z, 2.0, (double[]) {1.0}, 1.0);
		cxm_drv_to_text(z, ztext);
		TAP_OK(cxm_drv_from_text(ztext, back, &err) &&
			   memcmp(z->values, back->values, 8 * cxm_drv_numbers(1)) == 0,
			   "a '-0' row: the text form reads back exactly");
		z->values[2] = -0.0;
		TAP_OK(!cxm_drv_validate(z, cxm_drv_size(1), &err) && err.status == CXM_DRV_INPUT_RANGE,
			   "a stored negative zero refused");
		/* numbers count from 1 in the text form's order: origin (2), then means: values[2] is number 3 */
		TAP_OK(strcmp(err.message, "Number 3 is a negative zero, which no summary holds.") == 0,
			   "... the message counts the numbers from 1, as the text form lists them");
		free(ztext);
		free(z);
	}
	len = cxm_drv_encode(s, wire);
	TAP_OK(len == cxm_drv_wire_size(3), "binary form has its size");
	TAP_OK(cxm_drv_decode(wire, len, back, &err) &&
		   memcmp(s->values, back->values, 8 * cxm_drv_numbers(3)) == 0, "binary form reads back exactly");
	wire[0] = 2;
	TAP_OK(!cxm_drv_decode(wire, len, back, &err) && err.status == CXM_DRV_INPUT_VERSION, "binary: a newer version refused");
	wire[0] = 1;
	TAP_OK(!cxm_drv_decode(wire, len - 1, back, &err) && err.status == CXM_DRV_INPUT_SYNTAX, "binary: a short value refused");
	TAP_OK(cxm_drv_from_text("{\"version\": 1, \"drivers\": 0, \"rows\": 0, \"weight\": 0, \"origin\": [], \"means\": [], \"comoments\": []}", back, &err),
		   "text: the empty summary");
	TAP_OK(!cxm_drv_from_text("{\"version\": 2, \"drivers\": 0, \"rows\": 0, \"weight\": 0, \"origin\": [], \"means\": [], \"comoments\": []}", back, &err)
		   && err.status == CXM_DRV_INPUT_VERSION, "text: a newer version refused");
	TAP_OK(!cxm_drv_from_text("{\"version\": 1, \"drivers\": 1, \"rows\": -3, \"weight\": 3, \"origin\": [0, 0], \"means\": [1, 2], \"comoments\": [1, 0, 1]}", back, &err)
		   && err.status == CXM_DRV_INPUT_RANGE, "text: a negative row count refused");
	TAP_OK(!cxm_drv_from_text("{\"version\": 1, \"drivers\": 1, \"rows\": 3, \"weight\": 0, \"origin\": [0, 0], \"means\": [1, 2], \"comoments\": [1, 0, 1]}", back, &err)
		   && err.status == CXM_DRV_INPUT_RANGE, "text: rows without weight refused");
	TAP_OK(!cxm_drv_from_text("{\"version\": 1, \"drivers\": 1, \"rows\": 3, \"weight\": 3, \"origin\": [0, 0], \"means\": [1, 2], \"comoments\": [1, 0, -1]}", back, &err)
		   && err.status == CXM_DRV_INPUT_RANGE, "text: a negative variance refused");
	TAP_OK(!cxm_drv_from_text("{\"version\": 1, \"drivers\": 1, \"rows\": 3, \"weight\": 3, \"origin\": [0, 0], \"means\": [1, 2], \"comoments\": [1, 0]}", back, &err)
		   && err.status == CXM_DRV_INPUT_SYNTAX, "text: a missing co-moment refused");
	TAP_OK(!cxm_drv_from_text("{\"version\": 1, \"drivers\": 1, \"rows\": 1, \"weight\": 3, \"origin\": [0, 0], \"means\": [1, 2], \"comoments\": [1, 0, 1]}", back, &err)
		   && err.status == CXM_DRV_INPUT_RANGE, "text: spread in a one-row summary refused");
	TAP_OK(!cxm_drv_from_text("{\"version\": 1, \"drivers\": 0, \"rows\": 0, \"weight\": 0, \"origin\": [], \"means\": [], \"comoments\": []} x", back, &err),
		   "text: trailing text refused");
	free(s);
	free(back);
	free(text);
}

/* What the errors say: the counts they name are those of the format (drivers_core.h). */
static void
test_error_messages(void)
{
	cxm_drv_packed *s = new_stats(1);
	cxm_drv_packed *back = malloc(CXM_DRV_SIZE_MAX);
	cxm_drv_input_error err;

	/* one driver: p = 2 variables, p(p+1)/2 = 3 co-moments */
	TAP_OK(!cxm_drv_from_text("{\"version\": 1, \"drivers\": 1, \"rows\": 3, \"weight\": 3, \"origin\": [0, 0], \"means\": [1, 2], \"comoments\": [1, 0]}", back, &err)
		   && strstr(err.message, "It has 2 co-moments; a summary of 1 drivers has 3.") != NULL,
		   "text: 2 co-moments for 1 driver, the message names the 3 it needs");
	TAP_OK(!cxm_drv_from_text("{\"version\": 1, \"drivers\": 0, \"rows\": 0, \"weight\": 0, \"origin\": [], \"means\": [], \"comoments\": [1]}", back, &err)
		   && strstr(err.message, "It has 1 co-moments; a summary of 0 drivers has 0.") != NULL,
		   "text: a co-moment in the empty summary, which has none");

	/* co-moments are numbered from 1 in the order of the text form: (y,y), (y,x), (x,x) */
	cxm_drv_add(s, 1.0, (double[]) {2.0}, 1.0);
	cxm_drv_add(s, 2.0, (double[]) {5.0}, 1.0);
	cxm_drv_comoments(s)[2] = INFINITY;
	TAP_OK(!cxm_drv_validate(s, cxm_drv_size(1), &err) && err.status == CXM_DRV_INPUT_RANGE &&
		   strstr(err.message, "Co-moment 3 is not a finite number.") != NULL, "an infinite third co-moment is named as the third");
	free(s);
	free(back);
}

/*
 * Two halves of weight 1e308 each: their total passes the largest double, so
 * the merge is refused and leaves dst as it was.
 */
static void
test_merge_weight_overflow(void)
{
	cxm_drv_packed *a = new_stats(1);
	cxm_drv_packed *b = new_stats(1);

	cxm_drv_add(a, 1.0, (double[]) {2.0}, 1e308);
	cxm_drv_add(b, 3.0, (double[]) {4.0}, 1e308);
	TAP_OK(cxm_drv_merge(a, b) == CXM_DRV_MERGE_OVERFLOW, "merge: weights 1e308 + 1e308 overflow");
	TAP_OK(a->weight == 1e308 && a->rows == 1 && cxm_drv_mean(a, 0) == 1.0, "merge: dst unchanged after the overflow");
	free(a);
	free(b);
}

/*
 * The workspace holds only what is asked for (drivers_core.c, workspace):
 * R² and betas need the p x p correlations and the k x k Cholesky factor;
 * relative weights add three k x k matrices (eigen, vectors, root); Shapley
 * values add k + 1 p x p levels, 2^k R² and 2^k one-byte sizes.
 */
static void
test_workspace_size(void)
{
	int			k = 5,
				p = 6;

	TAP_OK(cxm_drv_workspace_size(k, 0) == 8 * (size_t) (p * p + k * k), "workspace: R² only, 36 + 25 doubles");
	TAP_OK(cxm_drv_workspace_size(k, CXM_DRV_WANT_WEIGHTS) == 8 * (size_t) (p * p + 4 * k * k),
		   "workspace: relative weights, 36 + 4 x 25 doubles");
	TAP_OK(cxm_drv_workspace_size(k, CXM_DRV_WANT_SHAPLEY) == 8 * (size_t) (p * p + k * k + (k + 1) * p * p + 32 + 32 / 8 + 1),
		   "workspace: Shapley values, 36 + 25 + 6 x 36 + 32 doubles and 32 bytes (5 doubles)");
}

static void
test_jacobi(void)
{
	enum
	{
		N = 64
	};
	static double a[N * N],
				copy[N * N],
				vectors[N * N];
	double		values[N];
	double		worst = 0;
	int			sweeps;

	for (int i = 0; i < N; i++)
		for (int j = 0; j <= i; j++)
			a[i * N + j] = a[j * N + i] = i == j ? 2 + uniform() : uniform() - 0.5;
	memcpy(copy, a, sizeof(a));
	sweeps = cxm_drv_jacobi(a, N, values, vectors, NULL, NULL);
	/* A v = lambda v for every eigenvector */
	for (int m = 0; m < N; m++)
		for (int i = 0; i < N; i++)
		{
			double		av = 0;

			for (int j = 0; j < N; j++)
				av += copy[i * N + j] * vectors[m * N + j];
			worst = fmax(worst, fabs(av - values[m] * vectors[m * N + i]));
		}
	printf("# Jacobi 64 x 64: %d sweeps, max |Av - lambda v| %.2g\n", sweeps, worst);
	TAP_OK(worst < 1e-12, "Jacobi: every eigenpair of a random 64 x 64 matrix satisfies A v = lambda v");
	{
		double		m2[4] = {2, 1, 1, 2},
					v2[4],
					l2[2];

		cxm_drv_jacobi(m2, 2, l2, v2, NULL, NULL);
		TAP_NEAR(fmin(l2[0], l2[1]), 1.0, 1e-15, "Jacobi: [[2, 1], [1, 2]] has eigenvalue 1");
		TAP_NEAR(fmax(l2[0], l2[1]), 3.0, 1e-15, "Jacobi: and 3");
	}
}

static void
test_shapley_20(void)
{
	enum
	{
		K = 20
	};
	cxm_drv_packed *s = new_stats(K);
	cxm_drv_fit fit;
	double		x[K],
				sum = 0,
				rw = 0;

	for (int i = 0; i < 500; i++)
	{
		double		y = 0,
					common = uniform();

		for (int j = 0; j < K; j++)
		{
			x[j] = uniform() + 0.5 * common;
			y += x[j] * (j % 4);
		}
		cxm_drv_add(s, y + 3 * uniform(), x, 1.0);
	}
	TAP_OK(compute(s, &fit) == CXM_DRV_FIT_OK && fit.shapley_exact, "20 drivers: exact Shapley values");
	for (int j = 0; j < K; j++)
	{
		sum += fit.shapley[j];
		rw += fit.relative_weight[j];
	}
	TAP_NEAR(sum, fit.r2, 1e-12, "20 drivers: Shapley values add up to R²");
	TAP_NEAR(rw, fit.r2, 1e-12, "20 drivers: relative weights add up to R²");
	TAP_OK(fit.shapley[0] < fit.shapley[1] && fit.shapley[1] < fit.shapley[2], "20 drivers: importance follows the true weights");
	free(s);

	s = new_stats(21);
	for (int i = 0; i < 100; i++)
	{
		double		x21[21];

		for (int j = 0; j < 21; j++)
			x21[j] = uniform();
		cxm_drv_add(s, uniform(), x21, 1.0);
	}
	TAP_OK(compute(s, &fit) == CXM_DRV_FIT_OK && !fit.shapley_exact, "21 drivers: no exact Shapley values");
	free(s);
}

/*
 * Drivers far from zero (1e6 + 0.001 u, as epoch times or large amounts
 * are): the summary must keep the digits of their spread, so R² matches a
 * two-pass computation on the same numbers.
 */
static void
test_large_offset(void)
{
	enum
	{
		N = 60
	};
	double		y[N],
				x[N][2],
				my = 0,
				m0 = 0,
				m1 = 0;
	double		syy = 0,
				s00 = 0,
				s11 = 0,
				s01 = 0,
				sy0 = 0,
				sy1 = 0;
	double		r0,
				r1,
				r01,
				r2;
	cxm_drv_packed *s = new_stats(2);
	cxm_drv_packed *a = new_stats(2);
	cxm_drv_packed *b = new_stats(2);
	cxm_drv_fit fit;

	for (int i = 0; i < N; i++)
	{
		double		u = uniform(),
					v = uniform();

		x[i][0] = 1e6 + 0.001 * u;
		x[i][1] = 5e8 + 10 * v;
		y[i] = 3 * u + v + uniform();
		cxm_drv_add(s, y[i], x[i], 1.0);
		cxm_drv_add(i < 25 ? a : b, y[i], x[i], 1.0);
		my += y[i] / N;
		m0 += x[i][0] / N;
		m1 += x[i][1] / N;
	}
	for (int i = 0; i < N; i++)
	{
		syy += (y[i] - my) * (y[i] - my);
		s00 += (x[i][0] - m0) * (x[i][0] - m0);
		s11 += (x[i][1] - m1) * (x[i][1] - m1);
		s01 += (x[i][0] - m0) * (x[i][1] - m1);
		sy0 += (y[i] - my) * (x[i][0] - m0);
		sy1 += (y[i] - my) * (x[i][1] - m1);
	}
	r0 = sy0 / sqrt(syy * s00);
	r1 = sy1 / sqrt(syy * s11);
	r01 = s01 / sqrt(s00 * s11);
	r2 = (r0 * r0 + r1 * r1 - 2 * r0 * r1 * r01) / (1 - r01 * r01);
	TAP_OK(compute(s, &fit) == CXM_DRV_FIT_OK, "large offsets: fitted");
	TAP_NEAR(fit.correlation[0], r0, 1e-11, "large offsets: correlation as two-pass");
	TAP_NEAR(fit.r2, r2, 1e-11, "large offsets: R² as two-pass");
	TAP_OK(cxm_drv_merge(a, b) == CXM_DRV_MERGE_OK && compute(a, &fit) == CXM_DRV_FIT_OK, "large offsets: two parts merge and fit");
	TAP_NEAR(fit.r2, r2, 1e-11, "large offsets: merged R² as two-pass");
	free(s);
	free(a);
	free(b);
}

int
main(void)
{
	test_large_offset();
	test_swiss();
	test_random_against_definition();
	test_weights_and_merge();
	test_problems();
	test_forms();
	test_error_messages();
	test_merge_weight_overflow();
	test_workspace_size();
	test_jacobi();
	test_shapley_20();
	return tap_done();
}
