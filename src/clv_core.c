/*
 * clv_core.c - BG/NBD and Gamma-Gamma: likelihoods, fits, predictions, and
 * the wire forms of the aggregate states.
 *
 * Formulas: Fader, Hardie & Lee (2005), "Counting your customers the easy
 * way", Marketing Science 24(2); Hardie's notes 004 (BG/NBD likelihood), 021
 * (P(alive)) and 025 (Gamma-Gamma); definitions and optimisation setup as in
 * the lifetimes library (log parameters from 0.1, times scaled to a greatest
 * age of 1, mean negative log-likelihood plus an L2 penalizer).
 */
#include "clv_core.h"

#include "wire_core.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ==================== special functions ==================== */

double
cxm_digamma(double x)
{
	double		result = 0.0,
				f;

	if (!(x > 0.0) || isinf(x))
		return isinf(x) ? x : NAN;
	/* recurrence psi(x) = psi(x + 1) - 1/x up to where the expansion is exact to 1e-16 */
	while (x < 10.0)
	{
		result -= 1.0 / x;
		x += 1.0;
	}
	/* psi(x) ~ ln x - 1/2x - sum B_2k / (2k x^2k) */
	f = 1.0 / (x * x);
	result += log(x) - 0.5 / x
		- f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132 - f * (691.0 / 32760 - f / 12))))));
	return result;
}

/*
 * The series of 2F1(a, b; c; z) - 1, and the sum of its terms' absolute
 * values (how much they cancel).
 */
static bool
hyp2f1_series(double a, double b, double c, double z, long max_terms, double *out, double *magnitude)
{
	double		term = 1.0,
				sum = 0.0;

	*magnitude = 0.0;
	if (z == 0.0)
	{
		*out = 0.0;
		return true;
	}
	for (long k = 0; k < max_terms; k++)
	{
		double		ratio;

		if (c + k == 0.0)
			return false;
		ratio = (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
		term *= ratio;
		sum += term;
		*magnitude += fabs(term);
		/* stop once the terms are negligible and shrinking */
		if (term == 0.0 || (fabs(term) <= 1e-17 * fabs(sum) && fabs(ratio) < 1.0))
		{
			*out = sum;
			return true;
		}
	}
	return false;
}

bool
cxm_hyp2f1_minus_one(double a, double b, double c, double z, long max_terms, double *out)
{
	double		magnitude;

	return hyp2f1_series(a, b, c, z, max_terms, out, &magnitude);
}

/* ==================== accurate building blocks ==================== */

#define LN_SQRT_2PI 0.918938533204672741780329736406

/*
 * Stirling's error delta(y) = lnGamma(y) - ((y - 1/2) ln y - y + ln sqrt(2 pi)),
 * y > 0: its asymptotic series from y = 15 (the terms through y^-13 leave an
 * error below 1e-19), lgamma below.
 */
static double
stirling_error(double y)
{
	double		f;

	if (y < 15.0)
		return lgamma(y) - (y - 0.5) * log(y) + y - LN_SQRT_2PI;
	f = 1.0 / (y * y);
	return (1.0 / 12 - f * (1.0 / 360 - f * (1.0 / 1260 - f * (1.0 / 1680 - f * (1.0 / 1188 -
																				   f * (691.0 / 360360 - f / 156)))))) / y;
}

/*
 * lnGamma(y) - lnGamma(y + d), y > 0, d >= 0, without the cancellation of
 * two large lgamma values: from y = 15 on, Stirling's formula with the
 * difference of the logarithms as log1p, so the error grows with d ln y, not
 * with y ln y.
 */
static double
log_gamma_shift(double y, double d)
{
	if (d == 0.0)
		return 0.0;
	if (y < 15.0)
		return lgamma(y) - lgamma(y + d);
	return -(y - 0.5) * log1p(d / y) - d * log(y + d) + d + stirling_error(y) - stirling_error(y + d);
}

/* ln B(a, b) = lnGamma(min) - (lnGamma(max + min) - lnGamma(max)) */
static double
log_beta(double a, double b)
{
	double		small = fmin(a, b),
				large = fmax(a, b);

	return lgamma(small) + log_gamma_shift(large, small);
}

/*
 * x ln(x / np) + np - x for x >= 0, np > 0 (Loader 2000), by its series in
 * v = (x - np) / (x + np) when x is near np, where the direct form cancels.
 */
static double
deviance_term(double x, double np)
{
	if (fabs(x - np) < 0.1 * (x + np))
	{
		double		v = (x - np) / (x + np),
					v2 = v * v,
					sum = (x - np) * v,
					power = 2.0 * x * v;

		for (int j = 1; j < 1000; j++)
		{
			double		next;

			power *= v2;
			next = sum + power / (2 * j + 1);
			if (next == sum)
				break;
			sum = next;
		}
		return sum;
	}
	return x * log(x / np) + np - x;
}

/*
 * The binomial density Gamma(n+1)/(Gamma(k+1) Gamma(n-k+1)) p^k q^(n-k) for
 * real 0 <= k <= n, q = 1 - p given separately (each accurate when small), by
 * Loader's saddle-point form: relative precision near the last bit however
 * large n is.
 */
static double
binomial_density(double k, double n, double p, double q)
{
	double		log_density;

	if (k == 0.0)
		return exp(n * (p < 0.5 ? log1p(-p) : log(q)));
	if (k == n)
		return exp(n * (q < 0.5 ? log1p(-q) : log(p)));
	if (p == 0.0 || q == 0.0)
		return 0.0;
	/* Loader's stirlerr(y), defined from lnGamma(y + 1), equals stirling_error(y) */
	log_density = stirling_error(n) - stirling_error(k) - stirling_error(n - k)
		- deviance_term(k, n * p) - deviance_term(n - k, n * q);
	return exp(log_density) * sqrt(n / (2.0 * M_PI * k * (n - k)));
}

/*
 * The regularized incomplete beta function I_x(a, b), y = 1 - x given
 * separately: the continued fraction of DLMF 8.17.22 (modified Lentz) on the
 * side where it converges fast, its prefactor x^a y^b / (a B(a, b)) as
 * b / (a + b) times a binomial density, so it keeps its precision for
 * parameters in the millions.  The other side is 1 - I_y(b, a).
 */
static double
incomplete_beta(double a, double b, double x, double y)
{
	const double tiny = 1e-300;
	double		front,
				f,
				c,
				d;

	if (x <= 0.0)
		return 0.0;
	if (y <= 0.0)
		return 1.0;
	if (x > (a + 1.0) / (a + b + 2.0))
		return 1.0 - incomplete_beta(b, a, y, x);
	front = b / (a + b) * binomial_density(a, a + b, x, y);
	if (front == 0.0)
		return 0.0;
	/* 1 / (1 + d1 / (1 + d2 / (1 + ...))) */
	f = 1.0;
	c = 1.0;
	d = 0.0;
	for (long j = 1; j < 10000000; j++)
	{
		long		m = j / 2;
		double		dj = j % 2 == 1 ? -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
			: m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		double		delta;

		d = 1.0 + dj * d;
		d = 1.0 / (fabs(d) < tiny ? tiny : d);
		c = 1.0 + dj / c;
		if (fabs(c) < tiny)
			c = tiny;
		delta = c * d;
		f *= delta;
		if (fabs(delta - 1.0) < 1e-16)
			break;
	}
	return front / f;
}

/*
 * B(a, b + n) / B(a, b) = prod_{j < n} (b + j) / (a + b + j), n whole: the
 * product while it is short, then Stirling's formula for the rest written
 * as differences of logarithms (log1p), whose error grows with a, not with
 * a ln(b + n).
 */
static double
beta_ratio(double a, double b, double n)
{
	double		ratio = 1.0,
				log_rest;
	int			j = 0;

	for (; j < (int) n && (j < 1000 || b + j < 15.0); j++)
		ratio *= (b + j) / (a + b + j);
	if (j == (int) n)
		return ratio;
	b += j;
	n -= j;
	/* ln[Gamma(b+n) Gamma(a+b) / (Gamma(a+b+n) Gamma(b))], b >= 15 */
	log_rest = -a * log1p(n / (a + b)) - (b + n - 0.5) * log1p(a / (b + n)) + (b - 0.5) * log1p(a / b)
		+ stirling_error(b + n) - stirling_error(a + b + n) - stirling_error(b) + stirling_error(a + b);
	return ratio * exp(log_rest);
}

/* ln(u + v) for u, v >= 0, without overflow */
static double
log_sum(double u, double v)
{
	double		large = fmax(u, v),
				small = fmin(u, v);

	return log(large) + log1p(small / large);
}


/* ==================== input rows ==================== */

cxm_history_status
cxm_check_history(double frequency, double recency, double age)
{
	if (!isfinite(frequency) || !isfinite(recency) || !isfinite(age))
		return CXM_HISTORY_NOT_FINITE;
	if (frequency < 0.0 || frequency != floor(frequency))
		return CXM_HISTORY_FREQUENCY_NOT_WHOLE;
	if (recency < 0.0)
		return CXM_HISTORY_RECENCY_NEGATIVE;
	if (recency > age)
		return CXM_HISTORY_RECENCY_AFTER_AGE;
	if (frequency == 0.0 && recency != 0.0)
		return CXM_HISTORY_RECENCY_WITHOUT_REPEAT;
	return CXM_HISTORY_OK;
}

static int
compare_double(double a, double b)
{
	return (a > b) - (a < b);
}

/* ==================== progress and interruptible sorts ==================== */

/* Counts work down to the next call of the caller's interrupt check. */
typedef struct ticker
{
	cxm_interrupt_fn check;
	size_t		left;
} ticker;

static ticker
ticker_of(cxm_interrupt_fn check)
{
	ticker		t = {check, CXM_CLV_TICK_EVERY};

	return t;
}

static inline void
tick(ticker *t, size_t work)
{
	if (t->check == NULL)
		return;
	if (t->left > work)
	{
		t->left -= work;
		return;
	}
	t->left = CXM_CLV_TICK_EVERY;
	t->check();
}

/*
 * Introsort (median-of-three quicksort, heapsort when the recursion gets
 * deep, insertion sort for short ranges) that ticks as it partitions, so a
 * cancel reaches a sort of millions of rows within milliseconds; qsort
 * cannot be interrupted.  Instantiated per row type so that the comparison
 * inlines.
 */
#define DEFINE_SORT(NAME, TYPE, LESS)											\
static void																		\
NAME##_insertion(TYPE *a, size_t n)												\
{																				\
	for (size_t i = 1; i < n; i++)												\
	{																			\
		TYPE		v = a[i];													\
		size_t		j = i;														\
																				\
		while (j > 0 && LESS(&v, &a[j - 1]))									\
		{																		\
			a[j] = a[j - 1];													\
			j--;																\
		}																		\
		a[j] = v;																\
	}																			\
}																				\
																				\
static void																		\
NAME##_sift(TYPE *a, size_t root, size_t n)										\
{																				\
	TYPE		v = a[root];													\
																				\
	for (;;)																	\
	{																			\
		size_t		child = 2 * root + 1;										\
																				\
		if (child >= n)															\
			break;																\
		if (child + 1 < n && LESS(&a[child], &a[child + 1]))					\
			child++;															\
		if (!LESS(&v, &a[child]))												\
			break;																\
		a[root] = a[child];														\
		root = child;															\
	}																			\
	a[root] = v;																\
}																				\
																				\
static void																		\
NAME##_heap(TYPE *a, size_t n, ticker *t)										\
{																				\
	for (size_t i = n / 2; i-- > 0;)											\
	{																			\
		NAME##_sift(a, i, n);													\
		tick(t, 32);															\
	}																			\
	for (size_t end = n; end-- > 1;)											\
	{																			\
		TYPE		swap = a[0];												\
																				\
		a[0] = a[end];															\
		a[end] = swap;															\
		NAME##_sift(a, 0, end);													\
		tick(t, 32);															\
	}																			\
}																				\
																				\
static void																		\
NAME##_intro(TYPE *a, size_t n, int depth, ticker *t)							\
{																				\
	while (n > 16)																\
	{																			\
		TYPE		pivot,														\
					swap;														\
		size_t		i,															\
					j,															\
					mid = n / 2;												\
																				\
		if (depth-- == 0)														\
		{																		\
			NAME##_heap(a, n, t);												\
			return;																\
		}																		\
		/* median of three into a[mid] */										\
		if (LESS(&a[mid], &a[0]))												\
		{ swap = a[mid]; a[mid] = a[0]; a[0] = swap; }							\
		if (LESS(&a[n - 1], &a[mid]))											\
		{																		\
			swap = a[mid]; a[mid] = a[n - 1]; a[n - 1] = swap;					\
			if (LESS(&a[mid], &a[0]))											\
			{ swap = a[mid]; a[mid] = a[0]; a[0] = swap; }						\
		}																		\
		pivot = a[mid];															\
		/* Hoare partition: runs of equal rows split evenly */					\
		i = 0;																	\
		j = n - 1;																\
		for (;;)																\
		{																		\
			size_t		from_i = i,												\
						from_j = j;												\
																				\
			while (LESS(&a[i], &pivot))											\
				i++;															\
			while (LESS(&pivot, &a[j]))											\
				j--;															\
			/* the rows just scanned; ticks come between scans */				\
			tick(t, (i - from_i) + (from_j - j) + 1);							\
			if (i >= j)															\
				break;															\
			swap = a[i]; a[i] = a[j]; a[j] = swap;								\
			i++;																\
			j--;																\
		}																		\
		/* recurse into the smaller side, loop on the larger */					\
		if (j + 1 < n - j - 1)													\
		{																		\
			NAME##_intro(a, j + 1, depth, t);									\
			a += j + 1;															\
			n -= j + 1;															\
		}																		\
		else																	\
		{																		\
			NAME##_intro(a + j + 1, n - j - 1, depth, t);						\
			n = j + 1;															\
		}																		\
	}																			\
	NAME##_insertion(a, n);														\
}																				\
																				\
static void																		\
NAME(TYPE *a, size_t n, ticker *t)												\
{																				\
	int			depth = 0;														\
																				\
	for (size_t m = n; m > 1; m >>= 1)											\
		depth += 2;																\
	NAME##_intro(a, n, depth, t);												\
}

static inline int
compare_bgnbd_rows(const cxm_bgnbd_row *a, const cxm_bgnbd_row *b)
{
	int			c;

	if ((c = compare_double(a->x, b->x)) != 0 || (c = compare_double(a->t_x, b->t_x)) != 0 ||
		(c = compare_double(a->T, b->T)) != 0)
		return c;
	return compare_double(a->w, b->w);
}

static inline int
compare_gg_rows(const cxm_gg_row *a, const cxm_gg_row *b)
{
	int			c;

	if ((c = compare_double(a->x, b->x)) != 0 || (c = compare_double(a->m, b->m)) != 0)
		return c;
	return compare_double(a->w, b->w);
}

static inline int
compare_purchases(const cxm_purchase *a, const cxm_purchase *b)
{
	if (a->period != b->period)
		return (a->period > b->period) - (a->period < b->period);
	return compare_double(a->amount, b->amount);
}

#define LESS_BGNBD(x, y) (compare_bgnbd_rows((x), (y)) < 0)
#define LESS_GG(x, y) (compare_gg_rows((x), (y)) < 0)
#define LESS_PURCHASE(x, y) (compare_purchases((x), (y)) < 0)

DEFINE_SORT(sort_bgnbd_rows, cxm_bgnbd_row, LESS_BGNBD)
DEFINE_SORT(sort_gg_rows, cxm_gg_row, LESS_GG)
DEFINE_SORT(sort_purchases, cxm_purchase, LESS_PURCHASE)

size_t
cxm_bgnbd_compact(cxm_bgnbd_row *rows, size_t n, cxm_interrupt_fn interrupt)
{
	ticker		t = ticker_of(interrupt);
	size_t		out = 0;

	if (n == 0)
		return 0;
	sort_bgnbd_rows(rows, n, &t);
	for (size_t i = 1; i < n; i++)
	{
		tick(&t, 1);
		if (rows[i].x == rows[out].x && rows[i].t_x == rows[out].t_x && rows[i].T == rows[out].T)
			rows[out].w += rows[i].w;
		else
			rows[++out] = rows[i];
	}
	return out + 1;
}

size_t
cxm_gg_compact(cxm_gg_row *rows, size_t n, cxm_interrupt_fn interrupt)
{
	ticker		t = ticker_of(interrupt);
	size_t		out = 0;

	if (n == 0)
		return 0;
	sort_gg_rows(rows, n, &t);
	for (size_t i = 1; i < n; i++)
	{
		tick(&t, 1);
		if (rows[i].x == rows[out].x && rows[i].m == rows[out].m)
			rows[out].w += rows[i].w;
		else
			rows[++out] = rows[i];
	}
	return out + 1;
}

/* ==================== BFGS on log parameters ==================== */

#define MAX_PARAMS 4

/* f(phi) and its gradient; returns +inf (or NaN) where the model is not defined */
typedef double (*objective_fn) (const double *phi, double *grad, const void *ctx);

typedef struct problem
{
	objective_fn f;
	const void *ctx;
	int			dim;
	cxm_interrupt_fn interrupt;
	int			evaluations;
} problem;

static double
evaluate(problem *pr, const double *phi, double *grad)
{
	double		value;

	if (pr->interrupt)
		pr->interrupt();
	pr->evaluations++;
	for (int i = 0; i < pr->dim; i++)
		if (!(fabs(phi[i]) < 300.0))	/* exp(phi) under- or overflows: out of the model */
			return INFINITY;
	value = pr->f(phi, grad, pr->ctx);
	for (int i = 0; i < pr->dim; i++)
		if (!isfinite(grad[i]))
			return INFINITY;
	return isfinite(value) ? value : INFINITY;
}

static double
dot(const double *a, const double *b, int n)
{
	double		s = 0.0;

	for (int i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

static double
max_abs(const double *a, int n)
{
	double		m = 0.0;

	for (int i = 0; i < n; i++)
		m = fmax(m, fabs(a[i]));
	return m;
}

/* A trial point x + step d: its value, gradient and slope along d. */
typedef struct trial
{
	double		step;
	double		f;
	double		slope;
	double		x[MAX_PARAMS];
	double		g[MAX_PARAMS];
} trial;

static void
try_step(problem *pr, const double *x, const double *d, double step, trial *t)
{
	t->step = step;
	for (int i = 0; i < pr->dim; i++)
		t->x[i] = x[i] + step * d[i];
	t->f = evaluate(pr, t->x, t->g);
	t->slope = isfinite(t->f) ? dot(t->g, d, pr->dim) : 0.0;
}

/*
 * Narrows [lo, hi] to a strong Wolfe point (Nocedal & Wright, algorithm
 * 3.6): lo always has sufficient decrease and the lowest value seen.  The
 * trial is the minimum of the quadratic through lo's value and slope and
 * hi's value, kept away from the ends; a bisection when hi is not finite.
 * When the bracket collapses first, lo itself is taken if it improved.
 */
static bool
zoom(problem *pr, const double *x, double fx, double slope0, const double *d, trial *lo, trial *hi, trial *out)
{
	const double c1 = 1e-4,
				c2 = 0.9;

	for (int iter = 0; iter < 60; iter++)
	{
		double		width = hi->step - lo->step;
		double		curvature = hi->f - lo->f - lo->slope * width;
		double		next = lo->step + 0.5 * width;
		trial		t;

		if (fabs(width) <= 1e-16 * fmax(fabs(lo->step), fabs(hi->step)))
			break;
		if (isfinite(hi->f) && curvature > 0.0)
		{
			double		q = lo->step - lo->slope * width * width / (2.0 * curvature);

			if (fabs(q - lo->step) >= 0.1 * fabs(width) && fabs(hi->step - q) >= 0.1 * fabs(width))
				next = q;
		}
		try_step(pr, x, d, next, &t);
		if (!isfinite(t.f) || t.f > fx + c1 * t.step * slope0 || t.f >= lo->f)
			*hi = t;
		else
		{
			if (fabs(t.slope) <= -c2 * slope0)
			{
				*out = t;
				return true;
			}
			if (t.slope * (hi->step - lo->step) >= 0.0)
				*hi = *lo;
			*lo = t;
		}
	}
	if (lo->step > 0.0 && lo->f < fx)
	{
		*out = *lo;
		return true;
	}
	return false;
}

/*
 * A step along the descent direction d satisfying the strong Wolfe
 * conditions (Nocedal & Wright, algorithm 3.5), starting at 1 and doubling
 * until the minimum is bracketed; steps are capped so that no log parameter
 * moves by more than 20 at once.
 */
static bool
line_search(problem *pr, const double *x, double fx, const double *g, const double *d, trial *out)
{
	const double c1 = 1e-4,
				c2 = 0.9;
	double		slope0 = dot(g, d, pr->dim);
	double		step_max = 20.0 / fmax(max_abs(d, pr->dim), 1e-300);
	trial		previous,
				current;

	previous.step = 0.0;
	previous.f = fx;
	previous.slope = slope0;
	memcpy(previous.x, x, sizeof(double) * pr->dim);
	memcpy(previous.g, g, sizeof(double) * pr->dim);
	try_step(pr, x, d, fmin(1.0, step_max), &current);
	for (int iter = 0; iter < 60; iter++)
	{
		if (!isfinite(current.f) || current.f > fx + c1 * current.step * slope0 ||
			(iter > 0 && current.f >= previous.f))
			return zoom(pr, x, fx, slope0, d, &previous, &current, out);
		if (fabs(current.slope) <= -c2 * slope0)
		{
			*out = current;
			return true;
		}
		if (current.slope >= 0.0)
			return zoom(pr, x, fx, slope0, d, &current, &previous, out);
		if (current.step >= step_max)
			break;
		previous = current;
		try_step(pr, x, d, fmin(2.0 * current.step, step_max), &current);
	}
	/* still descending at the longest step allowed: take it */
	*out = current;
	return current.f < fx;
}

/*
 * Minimises from phi (updated in place).  Iterates to a gradient of 1e-10 or
 * until no step improves; converged when the gradient is within
 * CXM_FIT_GRADIENT_TOLERANCE (scipy's BFGS test, which lifetimes uses).
 */
static bool
bfgs(problem *pr, double *phi, int *iterations, double *gradient_norm)
{
	int			n = pr->dim;
	double		H[MAX_PARAMS][MAX_PARAMS];
	double		g[MAX_PARAMS],
				d[MAX_PARAMS],
				s[MAX_PARAMS],
				y[MAX_PARAMS];
	double		fx;
	trial		next;
	int			k;
	bool		fresh = true;

	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			H[i][j] = i == j;
	fx = evaluate(pr, phi, g);
	if (!isfinite(fx))
	{
		*iterations = 0;
		*gradient_norm = INFINITY;
		return false;
	}
	for (k = 0; k < CXM_FIT_MAX_ITERATIONS; k++)
	{
		double		sy,
					yHy;

		if (max_abs(g, n) <= 1e-10)
			break;
		for (int i = 0; i < n; i++)
		{
			d[i] = 0.0;
			for (int j = 0; j < n; j++)
				d[i] -= H[i][j] * g[j];
		}
		if (dot(d, g, n) >= 0.0)
		{
			/* not a descent direction: restart from steepest descent */
			for (int i = 0; i < n; i++)
			{
				for (int j = 0; j < n; j++)
					H[i][j] = i == j;
				d[i] = -g[i];
			}
			fresh = true;
		}
		if (!line_search(pr, phi, fx, g, d, &next))
		{
			if (fresh)
				break;
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++)
					H[i][j] = i == j;
			fresh = true;
			continue;
		}
		for (int i = 0; i < n; i++)
		{
			s[i] = next.x[i] - phi[i];
			y[i] = next.g[i] - g[i];
		}
		sy = dot(s, y, n);
		if (sy > 1e-300)
		{
			double		Hy[MAX_PARAMS];

			for (int i = 0; i < n; i++)
			{
				Hy[i] = 0.0;
				for (int j = 0; j < n; j++)
					Hy[i] += H[i][j] * y[j];
			}
			yHy = dot(y, Hy, n);
			/* H += (sy + yHy) ss'/sy^2 - (Hy s' + s Hy')/sy */
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++)
					H[i][j] += (sy + yHy) * s[i] * s[j] / (sy * sy) - (Hy[i] * s[j] + s[i] * Hy[j]) / sy;
			fresh = false;
		}
		memcpy(phi, next.x, sizeof(double) * n);
		memcpy(g, next.g, sizeof(double) * n);
		fx = next.f;
	}
	*iterations = k;
	*gradient_norm = max_abs(g, n);
	return *gradient_norm <= CXM_FIT_GRADIENT_TOLERANCE;
}

/* CXM_FIT_DIVERGED when a log parameter left [-ln bound, ln bound] */
static bool
diverged(const double *phi, int n, const double *values, cxm_fit_info *info)
{
	for (int i = 0; i < n; i++)
		if (fabs(phi[i]) > log(CXM_FIT_PARAMETER_BOUND))
		{
			info->diverged = i;
			info->diverged_value = values[i];
			return true;
		}
	return false;
}

/* ==================== BG/NBD ==================== */

typedef struct bgnbd_data
{
	const cxm_bgnbd_row *rows;
	size_t		n;
	ticker	   *progress;		/* one tick per row read */
	double		scale;			/* times are multiplied by this: the greatest age becomes 1 */
	double		total_weight;
	double		penalizer;
} bgnbd_data;

/*
 * Mean negative log-likelihood plus penalty, and its gradient in the log
 * parameters.  Per customer (A_1..A_4 as in Hardie's note 004):
 *   ll = A1 + A2 + log(exp(A3) + [x > 0] exp(A4))
 * Rows are sorted by x, so the gamma-function terms, which depend on x
 * alone, are computed once per distinct x.
 */
static double
bgnbd_objective(const double *phi, double *grad, const void *ctx)
{
	const bgnbd_data *data = ctx;
	double		r = exp(phi[0]),
				alpha = exp(phi[1]),
				a = exp(phi[2]),
				b = exp(phi[3]);
	double		ll = 0.0,
				g_r = 0.0,
				g_alpha = 0.0,
				g_a = 0.0,
				g_b = 0.0;
	double		log_alpha = log(alpha),
				lg_r = lgamma(r),
				lg_b = lgamma(b),
				lg_ab = lgamma(a + b),
				psi_r = cxm_digamma(r),
				psi_b = cxm_digamma(b),
				psi_ab = cxm_digamma(a + b);
	double		s = data->scale;
	size_t		i = 0;

	while (i < data->n)
	{
		double		x = data->rows[i].x;
		double		rx = r + x;
		double		c1 = lgamma(rx) - lg_r + r * log_alpha + lg_ab + lgamma(b + x) - lg_b - lgamma(a + b + x);
		double		dr = cxm_digamma(rx) - psi_r + log_alpha;
		double		da = psi_ab - cxm_digamma(a + b + x);
		double		db = da + cxm_digamma(b + x) - psi_b;
		double		log_a_term = x > 0.0 ? log(a) - log(b + x - 1.0) : 0.0;
		double		inv_bx = x > 0.0 ? 1.0 / (b + x - 1.0) : 0.0;
		double		sum_w = 0.0,
					sum_ws = 0.0,
					sum_p4 = 0.0,
					sum_log = 0.0,
					sum_inv = 0.0;

		for (; i < data->n && data->rows[i].x == x; i++)
		{
			const cxm_bgnbd_row *row = &data->rows[i];
			double		w = row->w;
			double		at = alpha + row->T * s;
			double		l3 = log(at);
			double		a3 = -rx * l3;

			tick(data->progress, 1);
			sum_w += w;
			if (x == 0.0)
			{
				sum_ws += w * a3;
				sum_log += w * l3;
				sum_inv += w / at;
			}
			else
			{
				double		atx = alpha + row->t_x * s;
				double		l4 = log(atx);
				double		a4 = log_a_term - rx * l4;
				double		e,
							p3,
							p4,
							lse;

				/* log(exp(a3) + exp(a4)) without overflow */
				if (a3 >= a4)
				{
					e = exp(a4 - a3);
					lse = a3 + log1p(e);
					p3 = 1.0 / (1.0 + e);
					p4 = e * p3;
				}
				else
				{
					e = exp(a3 - a4);
					lse = a4 + log1p(e);
					p4 = 1.0 / (1.0 + e);
					p3 = e * p4;
				}
				sum_ws += w * lse;
				sum_p4 += w * p4;
				sum_log += w * (p3 * l3 + p4 * l4);
				sum_inv += w * (p3 / at + p4 / atx);
			}
		}
		ll += sum_w * c1 + sum_ws;
		g_r += sum_w * dr - sum_log;
		g_alpha += sum_w * r / alpha - rx * sum_inv;
		g_a += sum_w * da + sum_p4 / a;
		g_b += sum_w * db - sum_p4 * inv_bx;
	}
	grad[0] = -r * g_r / data->total_weight + 2.0 * data->penalizer * r * r;
	grad[1] = -alpha * g_alpha / data->total_weight + 2.0 * data->penalizer * alpha * alpha;
	grad[2] = -a * g_a / data->total_weight + 2.0 * data->penalizer * a * a;
	grad[3] = -b * g_b / data->total_weight + 2.0 * data->penalizer * b * b;
	return -ll / data->total_weight + data->penalizer * (r * r + alpha * alpha + a * a + b * b);
}

double
cxm_bgnbd_log_likelihood(const cxm_bgnbd *m, double x, double t_x, double T)
{
	double		rx = m->r + x;
	double		a1 = lgamma(rx) - lgamma(m->r) + m->r * log(m->alpha);
	double		a2 = lgamma(m->a + m->b) + lgamma(m->b + x) - lgamma(m->b) - lgamma(m->a + m->b + x);
	double		a3 = -rx * log(m->alpha + T);
	double		a4,
				hi,
				lo;

	if (x == 0.0)
		return a1 + a2 + a3;
	a4 = log(m->a) - log(m->b + x - 1.0) - rx * log(m->alpha + t_x);
	hi = fmax(a3, a4);
	lo = fmin(a3, a4);
	return a1 + a2 + hi + log1p(exp(lo - hi));
}

cxm_fit_status
cxm_bgnbd_fit(const cxm_bgnbd_row *rows, size_t n, double penalizer, cxm_interrupt_fn interrupt,
			  cxm_bgnbd *model, cxm_fit_info *info)
{
	ticker		progress = ticker_of(interrupt);
	bgnbd_data	data = {rows, n, &progress, 0.0, 0.0, penalizer};
	problem		pr = {bgnbd_objective, &data, 4, interrupt, 0};
	double		phi[4] = {0.1, 0.1, 0.1, 0.1};
	double		max_age = 0.0,
				ll = 0.0;
	bool		repeat = false,
				converged;

	memset(info, 0, sizeof(*info));
	for (size_t i = 0; i < n; i++)
	{
		tick(&progress, 1);
		max_age = fmax(max_age, rows[i].T);
		data.total_weight += rows[i].w;
		repeat |= rows[i].x > 0.0;
	}
	info->total_weight = data.total_weight;
	if (!isfinite(data.total_weight))
		return CXM_FIT_OUT_OF_RANGE;
	if (!repeat)
		return CXM_FIT_NO_REPEAT;
	if (!(max_age > 0.0))
		return CXM_FIT_ZERO_AGE;
	data.scale = 1.0 / max_age;

	converged = bfgs(&pr, phi, &info->iterations, &info->gradient_norm);
	if (info->iterations == 0 && isinf(info->gradient_norm))
		return CXM_FIT_OUT_OF_RANGE;	/* the likelihood at the start is not finite */
	model->r = exp(phi[0]);
	model->alpha = exp(phi[1]) / data.scale;
	model->a = exp(phi[2]);
	model->b = exp(phi[3]);
	{
		double		values[4] = {model->r, model->alpha, model->a, model->b};

		if (diverged(phi, 4, values, info))
			return CXM_FIT_DIVERGED;
	}
	if (!converged || !cxm_bgnbd_valid(model))
		return CXM_FIT_NOT_CONVERGED;
	for (size_t i = 0; i < n; i++)
	{
		tick(&progress, 8);		/* a few lgamma calls a row */
		ll += rows[i].w * cxm_bgnbd_log_likelihood(model, rows[i].x, rows[i].t_x, rows[i].T);
	}
	info->log_likelihood = ll;
	if (!isfinite(ll))
		return CXM_FIT_OUT_OF_RANGE;
	return CXM_FIT_OK;
}

bool
cxm_bgnbd_valid(const cxm_bgnbd *m)
{
	return m->r > 0.0 && m->alpha > 0.0 && m->a > 0.0 && m->b > 0.0 &&
		isfinite(m->r) && isfinite(m->alpha) && isfinite(m->a) && isfinite(m->b);
}

int
cxm_bgnbd_outside_range(const cxm_bgnbd *m)
{
	const double shapes[4] = {m->r, 1.0, m->a, m->b};
	/* a fit stops at exp(+-ln 1e6), which may round a last bit past the bound */
	const double slack = 1e-12;

	if (!cxm_bgnbd_valid(m))
		return !(m->r > 0.0 && isfinite(m->r)) ? 0 : !(m->alpha > 0.0 && isfinite(m->alpha)) ? 1
			: !(m->a > 0.0 && isfinite(m->a)) ? 2 : 3;
	for (int i = 0; i < 4; i++)
		if (!(shapes[i] >= CXM_BGNBD_SHAPE_MIN * (1.0 - slack) && shapes[i] <= CXM_BGNBD_SHAPE_MAX * (1.0 + slack)))
			return i;
	return -1;
}

double
cxm_bgnbd_probability_alive(const cxm_bgnbd *m, double x, double t_x, double T)
{
	double		log_odds;

	if (x == 0.0)
		return 1.0;

	/*
	 * 1 / (1 + a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x)), as a logistic of
	 * log odds whose time term is log1p((T - t_x)/(alpha + t_x)): exact when
	 * alpha dwarfs the times (halved so that no sum overflows).
	 */
	log_odds = log(m->a) - log(m->b + (x - 1.0));
	if (T > t_x)
		log_odds += (m->r + x) * log1p((0.5 * T - 0.5 * t_x) / (0.5 * m->alpha + 0.5 * t_x));
	if (log_odds > 0.0)
	{
		double		e = exp(-log_odds);

		return e / (1.0 + e);
	}
	return 1.0 / (1.0 + exp(log_odds));
}

/*
 * Given alive, with lambda ~ Gamma(r + x, alpha + T) and p ~ Beta(a, b + x)
 * (the posterior), a customer makes E[(1 - (1 + p tau)^-(r+x)) / p] purchases
 * in the next t, tau = t / (alpha + T).  Fader, Hardie & Lee's closed form
 * of that mean, (a+b+x-1)/(a-1) [1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z)]
 * with z = t/(alpha+T+t) after Euler's transformation (lifetimes' fallback
 * form), is fast but only safe for moderate parameters: it divides by a - 1,
 * its series grows like (1-z)^-a, and it cancels when r is small against
 * a + b.  There it is used; elsewhere the mean is integrated over p.
 */

/* The closed form, or false where it is not safe. */
static bool
expected_by_series(const cxm_bgnbd *m, double x, double z, double *out)
{
	double		A = m->a + m->b - 1.0 - m->r,
				B = m->a - 1.0,
				C = m->a + m->b + x - 1.0;
	double		sum,
				magnitude,
				bracket;

	if (!(m->r >= 0.01 && m->r <= 100.0 && m->a >= 0.01 && m->a <= 100.0 && m->b >= 0.01 && m->b <= 100.0 &&
		  fabs(B) >= 0.01 && x <= 10000.0 && z <= 0.999 && (m->a + m->b + x) / (m->r + x) <= 1000.0))
		return false;
	if (!hyp2f1_series(A, B, C, z, 5000, &sum, &magnitude))
		return false;
	/* the terms cancel to fewer digits than the result needs: not safe */
	if (!(magnitude <= 100.0 * fabs(1.0 + sum)) || !(sum > -1.0))
		return false;
	bracket = -expm1(B * log1p(-z) + log1p(sum));
	*out = C / B * bracket;
	return true;
}

/* The integrand of E[g(p)], p ~ Beta(a, beta), in one of four variables. */
typedef struct beta_mean
{
	double		a,
				beta,
				s,				/* r + x */
				tau,			/* t / (alpha + T), may be infinite ... */
				log_tau;		/* ... its logarithm is not */
	double		split,			/* the mean a / (a + beta) */
				split_complement;	/* 1 - split */
	double		log_beta_fn;	/* ln B(a, beta) */
	double		end_power;		/* split^a or split_complement^beta, the end of a substituted variable */
} beta_mean;

/* (1 - (1 + p tau)^-s) / p */
static double
purchases_given_p(const beta_mean *bm, double p)
{
	double		ptau = p * bm->tau,
				log_growth;

	/* the limit s tau, also where p tau is too small (or subnormal) to divide by p */
	if (!(ptau > 1e-100))
		return bm->s * bm->tau;
	log_growth = isfinite(ptau) ? log1p(ptau) : log(p) + bm->log_tau;
	return -expm1(-bm->s * log_growth) / p;
}

/* The Beta density at p, q = 1 - p, each given accurately. */
static double
beta_density(const beta_mean *bm, double p, double q)
{
	double		a = bm->a,
				b = bm->beta;

	if (a > 2.0 && b > 2.0)		/* Loader's form: no cancellation for large parameters */
		return (a + b - 1.0) * binomial_density(a - 1.0, a + b - 2.0, p, q);
	return exp((a - 1.0) * (q < 0.5 ? log1p(-q) : log(p)) + (b - 1.0) * (p < 0.5 ? log1p(-p) : log(q)) - bm->log_beta_fn);
}

typedef double (*segment_fn) (const beta_mean *bm, double from_left, double from_right);

/* [0, split] in p: a >= 1 */
static double
left_plain(const beta_mean *bm, double p, double to_split)
{
	return purchases_given_p(bm, p) * beta_density(bm, p, bm->split_complement + to_split);
}

/* [0, split^a] in v = p^a, which absorbs p^(a-1) for a < 1 */
static double
left_power(const beta_mean *bm, double v, double to_end)
{
	/* p = split (1 - to_end / end)^(1/a) near the end, v^(1/a) near 0; q = 1 - split + (split - p) */
	double		shrink = log1p(-to_end / bm->end_power) / bm->a,
				p = to_end < v ? bm->split * exp(shrink) : exp(log(v) / bm->a),
				q = bm->split_complement - bm->split * expm1(shrink);

	return purchases_given_p(bm, p) * exp((bm->beta - 1.0) * (p < 0.5 ? log1p(-p) : log(q)) - log(bm->a) - bm->log_beta_fn);
}

/* [0, 1 - split] in q = 1 - p: beta >= 1 */
static double
right_plain(const beta_mean *bm, double q, double to_split)
{
	return purchases_given_p(bm, bm->split + to_split) * beta_density(bm, bm->split + to_split, q);
}

/* [0, (1 - split)^beta] in w = q^beta for beta < 1 */
static double
right_power(const beta_mean *bm, double w, double to_end)
{
	/* q = w^(1/beta) near 0, (1 - split) (1 - to_end / end)^(1/beta) near the end; p = split + (1 - split - q) */
	double		shrink = log1p(-to_end / bm->end_power) / bm->beta,
				q = to_end < w ? bm->split_complement * exp(shrink) : exp(log(w) / bm->beta),
				p = bm->split - bm->split_complement * expm1(shrink);

	return purchases_given_p(bm, p) * exp((bm->a - 1.0) * (q < 0.5 ? log1p(-q) : log(p)) - log(bm->beta) - bm->log_beta_fn);
}

/*
 * The integral over [0, length] by the tanh-sinh rule (Takahasi & Mori):
 * v = length / (1 + exp(-pi sinh u)), halving the step until two levels
 * agree to 1e-14.  Each node passes its distances to both ends, computed
 * without cancellation, so integrands steep at an end keep their digits.
 */
static bool
tanh_sinh(const beta_mean *bm, segment_fn f, double length, double *out)
{
	const double u_max = 6.5;	/* beyond, nodes are closer to the ends than 1e-300 */
	double		step = 0.5,
				sum = 0.0,
				previous = 0.0;

	if (length <= 0.0)
	{
		*out = 0.0;
		return true;
	}
	for (int level = 0; level <= 12; level++)
	{
		/* level 0 takes every node of its step, later levels the new odd ones */
		int			stride = level == 0 ? 1 : 2;
		long		count = (long) (u_max / step);

		long		first = level == 0 || count % 2 == 1 ? -count : 1 - count;

		for (long j = first; j <= count; j += stride)
		{
			double		u = j * step,
						y = M_PI * sinh(u),
						left = length / (1.0 + exp(-y)),
						right = length / (1.0 + exp(y)),
						weight = length * M_PI * cosh(u) / ((1.0 + exp(-y)) * (1.0 + exp(y))),
						value;

			if (left <= 0.0 || right <= 0.0 || weight == 0.0)
				continue;
			value = f(bm, left, right);
			if (isfinite(value))
				sum += weight * value;
		}
		if (level > 0)
		{
			double		estimate = sum * step;

			if (level >= 3 && fabs(estimate - previous) <= 1e-14 * fabs(estimate))
			{
				*out = estimate;
				return true;
			}
			previous = estimate;
		}
		else
			previous = sum * step;
		step /= 2.0;
	}
	*out = previous;
	return fabs(previous) < INFINITY;
}

/* E[(1 - (1 + p tau)^-s) / p], p ~ Beta(a, beta), integrated on each side of the mean. */
static bool
expected_by_integral(double a, double beta, double s, double tau, double log_tau, double *out)
{
	beta_mean	bm;
	double		left,
				right;

	bm.a = a;
	bm.beta = beta;
	bm.s = s;
	bm.tau = tau;
	bm.log_tau = log_tau;
	bm.split = a / (a + beta);
	bm.split_complement = beta / (a + beta);
	bm.log_beta_fn = log_beta(a, beta);
	if (a >= 1.0)
	{
		if (!tanh_sinh(&bm, left_plain, bm.split, &left))
			return false;
	}
	else
	{
		bm.end_power = exp(a * log(bm.split));
		if (!tanh_sinh(&bm, left_power, bm.end_power, &left))
			return false;
	}
	if (beta >= 1.0)
	{
		if (!tanh_sinh(&bm, right_plain, bm.split_complement, &right))
			return false;
	}
	else
	{
		bm.end_power = exp(beta * log(bm.split_complement));
		if (!tanh_sinh(&bm, right_power, bm.end_power, &right))
			return false;
	}
	*out = left + right;
	return true;
}

cxm_predict_status
cxm_bgnbd_expected(const cxm_bgnbd *m, double t, double x, double t_x, double T, double *out)
{
	double		log_span,
				log_tau,
				tau,
				z,
				given_alive;

	if (t == 0.0)
	{
		*out = 0.0;
		return CXM_PREDICT_OK;
	}
	tau = t / (m->alpha + T);
	if (isfinite(m->alpha + T + t) && isfinite(tau) && tau > 0.0)
	{
		log_tau = log(tau);
		z = t / (m->alpha + T + t);
	}
	else
	{
		/* through logarithms: no sum overflows, no ratio underflows */
		log_span = log_sum(m->alpha, T);
		log_tau = log(t) - log_span;
		tau = exp(log_tau);
		z = exp(log_tau - log_sum(1.0, tau));
	}
	if (log_tau > CXM_LOG_MAX_HORIZON)
		return CXM_PREDICT_HORIZON;
	if (!expected_by_series(m, x, z, &given_alive) &&
		!expected_by_integral(m->a, m->b + x, m->r + x, tau, log_tau, &given_alive))
		return CXM_PREDICT_NOT_CONVERGED;
	*out = given_alive * cxm_bgnbd_probability_alive(m, x, t_x, T);
	return isfinite(*out) ? CXM_PREDICT_OK : CXM_PREDICT_OUT_OF_RANGE;
}

/*
 * P(X(t) = n) (Fader, Hardie & Lee 2005, eq. 8):
 *   B(a,b+n)/B(a,b) * [NB(n; r, alpha/(alpha+t)) + [n > 0] a/(b+n-1) P(NB >= n)]
 * (B(a+1,b+n-1) = a/(b+n-1) B(a,b+n)), the negative binomial density by
 * Loader's form and its tail as an incomplete beta function: no difference of
 * large log-gamma values, so the terms keep their precision for parameters
 * in the millions and add up to 1.
 */
double
cxm_bgnbd_probability_of_purchases(const cxm_bgnbd *m, double t, double n)
{
	double		log_span,
				p0,
				q0,
				density,
				result;

	if (t == 0.0)
		return n == 0.0 ? 1.0 : 0.0;
	log_span = log_sum(m->alpha, t);
	p0 = exp(log(m->alpha) - log_span);
	q0 = exp(log(t) - log_span);
	/* NB(n; r, p0) = r / (r + n) * Binomial(r; r + n, p0) */
	density = m->r / (m->r + n) * binomial_density(m->r, m->r + n, p0, q0);
	result = density;
	if (n > 0.0)
	{
		double		tail;

		if (m->r < 1e-3 && q0 <= 0.999 && q0 > (n + 1.0) / (n + m->r + 2.0))
		{
			/*
			 * P(NB >= n) is O(r): as 1 - I_p0(r, n) it would lose the digits
			 * of r, so the tail is summed, NB(j+1) = NB(j) q0 (r+j)/(j+1).
			 */
			double		term = density;

			tail = 0.0;
			for (double j = n; term > 1e-17 * tail; j += 1.0)
			{
				tail += term;
				term *= q0 * (m->r + j) / (j + 1.0);
			}
		}
		else
			tail = incomplete_beta(n, m->r, q0, p0);
		result += m->a / (m->b + (n - 1.0)) * tail;
	}
	return result * beta_ratio(m->a, m->b, n);
}

cxm_predict_status
cxm_bgnbd_clv(const cxm_bgnbd *m, double value, double x, double t_x, double T, int months,
			  double monthly_discount, double units_per_month, cxm_interrupt_fn interrupt, double *out)
{
	double		previous = 0.0,
				total = 0.0,
				log_growth = log1p(monthly_discount);

	for (int k = 1; k <= months; k++)
	{
		double		current,
					increase,
					discount = pow(1.0 + monthly_discount, k),
					term;
		cxm_predict_status status;

		/* a long horizon against a short alpha + T needs long series: let a cancel in */
		if (interrupt)
			interrupt();
		status = cxm_bgnbd_expected(m, k * units_per_month, x, t_x, T, &current);
		if (status != CXM_PREDICT_OK)
			return status;
		increase = current - previous;
		if (discount > 1e-300 && isfinite(discount))
			term = value * increase / discount;
		else					/* a discount near -1 or a long horizon: through logarithms */
			term = increase > 0.0 ? exp(log(value) + log(increase) - k * log_growth) : 0.0;
		total += term;
		if (!isfinite(total))
			return CXM_PREDICT_OUT_OF_RANGE;
		previous = current;
	}
	*out = total;
	return CXM_PREDICT_OK;
}

/* ==================== Gamma-Gamma ==================== */

typedef struct gg_data
{
	const cxm_gg_row *rows;
	size_t		n;
	ticker	   *progress;
	double		total_weight;
	double		penalizer;
	double		scale;			/* mean values are multiplied by this (a power of 2) */
	double		log_scale;
} gg_data;

/*
 * Per customer with x repeat purchases of mean value m (Hardie's note 025):
 *   ll = lnG(px+q) - lnG(px) - lnG(q) + q ln v + (px-1) ln m + px ln x - (px+q) ln(xm+v)
 */
static double
gg_objective(const double *phi, double *grad, const void *ctx)
{
	const gg_data *data = ctx;
	double		p = exp(phi[0]),
				q = exp(phi[1]),
				v = exp(phi[2]);
	double		ll = 0.0,
				g_p = 0.0,
				g_q = 0.0,
				g_v = 0.0;
	double		log_v = log(v),
				lg_q = lgamma(q),
				psi_q = cxm_digamma(q);
	size_t		i = 0;

	while (i < data->n)
	{
		double		x = data->rows[i].x;
		double		px = p * x;
		double		log_x = log(x);
		double		psi_pxq = cxm_digamma(px + q);
		double		c1 = lgamma(px + q) - lgamma(px) - lg_q + q * log_v + px * log_x;
		double		dp = psi_pxq - cxm_digamma(px) + log_x;
		double		dq = psi_pxq - psi_q + log_v;
		double		sum_w = 0.0,
					sum_logm = 0.0,
					sum_logxm = 0.0,
					sum_inv = 0.0;

		for (; i < data->n && data->rows[i].x == x; i++)
		{
			const cxm_gg_row *row = &data->rows[i];
			double		w = row->w;
			double		xmv = x * (row->m * data->scale) + v;

			tick(data->progress, 1);
			sum_w += w;
			sum_logm += w * (log(row->m) + data->log_scale);
			sum_logxm += w * log(xmv);
			sum_inv += w / xmv;
		}
		ll += sum_w * c1 + (px - 1.0) * sum_logm - (px + q) * sum_logxm;
		g_p += x * (sum_w * dp + sum_logm - sum_logxm);
		g_q += sum_w * dq - sum_logxm;
		g_v += sum_w * q / v - (px + q) * sum_inv;
	}
	grad[0] = -p * g_p / data->total_weight + 2.0 * data->penalizer * p * p;
	grad[1] = -q * g_q / data->total_weight + 2.0 * data->penalizer * q * q;
	grad[2] = -v * g_v / data->total_weight + 2.0 * data->penalizer * v * v;
	return -ll / data->total_weight + data->penalizer * (p * p + q * q + v * v);
}

double
cxm_gg_log_likelihood(const cxm_gg *m, double x, double mean_value)
{
	double		px = m->p * x;

	return lgamma(px + m->q) - lgamma(px) - lgamma(m->q) + m->q * log(m->v) + (px - 1.0) * log(mean_value)
		+ px * log(x) - (px + m->q) * log(x * mean_value + m->v);
}

cxm_fit_status
cxm_gg_fit(const cxm_gg_row *rows, size_t n, double penalizer, cxm_interrupt_fn interrupt,
		   cxm_gg *model, cxm_fit_info *info)
{
	ticker		progress = ticker_of(interrupt);
	gg_data		data = {rows, n, &progress, 0.0, penalizer, 1.0, 0.0};
	problem		pr = {gg_objective, &data, 3, interrupt, 0};
	double		phi[3] = {0.1, 0.1, 0.1};
	double		ll = 0.0,
				max_value = 0.0;
	bool		converged;

	memset(info, 0, sizeof(*info));
	for (size_t i = 0; i < n; i++)
	{
		tick(&progress, 1);
		data.total_weight += rows[i].w;
		max_value = fmax(max_value, rows[i].m);
	}

	/*
	 * v is a scale of money: with mean values in the millions (or
	 * thousandths) its optimum lies past the bound that reports a diverged
	 * fit.  The likelihood's maximum moves with the scale (m -> c m gives
	 * v -> c v, p and q unchanged), so an unpenalized fit outside 2^-10..2^10
	 * runs on values scaled by a power of 2, exactly.  A penalized one keeps
	 * lifetimes' scale, which the penalty depends on.
	 */
	if (penalizer == 0.0 && max_value > 0.0 && (max_value > 0x1p10 || max_value < 0x1p-10))
	{
		data.scale = ldexp(1.0, -ilogb(max_value));
		data.log_scale = log(data.scale);
	}
	info->total_weight = data.total_weight;
	if (n == 0)
		return CXM_FIT_NO_REPEAT;
	if (!isfinite(data.total_weight))
		return CXM_FIT_OUT_OF_RANGE;
	converged = bfgs(&pr, phi, &info->iterations, &info->gradient_norm);
	if (info->iterations == 0 && isinf(info->gradient_norm))
		return CXM_FIT_OUT_OF_RANGE;
	model->p = exp(phi[0]);
	model->q = exp(phi[1]);
	model->v = exp(phi[2]) / data.scale;
	{
		double		values[3] = {model->p, model->q, model->v};

		if (diverged(phi, 3, values, info))
			return CXM_FIT_DIVERGED;
	}
	if (!converged || !cxm_gg_valid(model))
		return CXM_FIT_NOT_CONVERGED;
	for (size_t i = 0; i < n; i++)
	{
		tick(&progress, 8);
		ll += rows[i].w * cxm_gg_log_likelihood(model, rows[i].x, rows[i].m);
	}
	info->log_likelihood = ll;
	if (!isfinite(ll))
		return CXM_FIT_OUT_OF_RANGE;
	return CXM_FIT_OK;
}

bool
cxm_gg_valid(const cxm_gg *m)
{
	return m->p > 0.0 && m->q > 0.0 && m->v > 0.0 && isfinite(m->p) && isfinite(m->q) && isfinite(m->v);
}

/*
 * (1 - w) * population mean + w * the customer's mean, w = px / (px + q - 1),
 * population mean v p / (q - 1): that is p (v + x m) / (p x + q - 1), written
 * so that no intermediate overflows where the result does not.
 */
double
cxm_gg_expected_value(const cxm_gg *m, double x, double mean_value)
{
	if (x == 0.0)
		return m->v * (m->p / (m->q - 1.0));
	return (m->v / x + mean_value) / (1.0 + (m->q - 1.0) / (m->p * x));
}

/* ==================== purchase summary ==================== */

/* PostgreSQL day 0 is Saturday 2000-01-01; day 2 is a Monday */
int32_t
cxm_period_of_day(int32_t day, cxm_period period)
{
	int64_t		shifted;

	if (period == CXM_PERIOD_DAY)
		return day;
	shifted = (int64_t) day - 2;
	return (int32_t) (shifted >= 0 ? shifted / 7 : -((-shifted + 6) / 7));
}

/*
 * The sum of the amounts from purchases[from] on, times scale (a power of 2,
 * so exact), and the number of periods they fall in.
 */
static double
repeat_total(const cxm_purchase *purchases, size_t from, size_t n, double scale, ticker *t, int64_t *periods)
{
	double		total = 0.0;
	size_t		i = from;

	*periods = 0;
	while (i < n)
	{
		int32_t		period = purchases[i].period;
		double		period_total = 0.0;

		for (; i < n && purchases[i].period == period; i++)
		{
			tick(t, 1);
			period_total += purchases[i].amount * scale;
		}
		total += period_total;
		(*periods)++;
	}
	return total;
}

void
cxm_summarise(cxm_purchase *purchases, size_t n, int32_t end, cxm_interrupt_fn interrupt, cxm_summary *out)
{
	ticker		t = ticker_of(interrupt);
	int32_t		first,
				last;
	double		total;
	size_t		i = 0;

	sort_purchases(purchases, n, &t);
	first = purchases[0].period;
	last = purchases[n - 1].period;
	/* purchases in one period count once; their amounts add up */
	while (i < n && purchases[i].period == first)
	{
		tick(&t, 1);
		i++;
	}
	total = repeat_total(purchases, i, n, 1.0, &t, &out->frequency);
	out->recency = last - first;
	out->age = end - first;
	if (out->frequency == 0)
		out->monetary_value = 0.0;
	else if (isfinite(total))
		out->monetary_value = total / (double) out->frequency;
	else
	{
		/* amounts near 1.8e308 passed the range on the way: the same sum scaled by 2^-64 */
		total = repeat_total(purchases, i, n, 0x1p-64, &t, &out->frequency);
		out->monetary_value = total / (double) out->frequency * 0x1p64;
	}
}

/* ==================== wire forms ==================== */

#define WIRE_VERSION 1
#define WIRE_BGNBD CXM_FIT_MODEL_BGNBD
#define WIRE_GG CXM_FIT_MODEL_GG
#define WIRE_PURCHASES 3

static void
put_header(uint8_t *out, uint8_t kind, bool flag, uint64_t option, size_t n)
{
	out[0] = WIRE_VERSION;
	out[1] = flag ? 1 : 0;
	out[2] = kind;
	out[3] = 0;
	cxm_be_put64(out + 4, option);
	cxm_be_put64(out + 12, (uint64_t) n);
}

/* Checks the header and that the length holds exactly count items of item_size. */
static bool
get_header(const uint8_t *in, size_t len, uint8_t kind, size_t item_size, bool *flag, uint64_t *option,
		   size_t *n, const char **why)
{
	uint64_t	count;

	if (len < CXM_WIRE_HEADER)
	{
		*why = "too short";
		return false;
	}
	if (in[0] != WIRE_VERSION || in[1] > 1 || in[2] != kind || in[3] != 0)
	{
		*why = "unknown version, kind or flags";
		return false;
	}
	count = cxm_be_get64(in + 12);
	if ((len - CXM_WIRE_HEADER) % item_size != 0 || count != (len - CXM_WIRE_HEADER) / item_size)
	{
		*why = "length does not match the count";
		return false;
	}
	*flag = in[1] == 1;
	*option = cxm_be_get64(in + 4);
	*n = (size_t) count;
	return true;
}

static bool
valid_penalizer(bool has_penalizer, uint64_t bits, double *penalizer, const char **why)
{
	memcpy(penalizer, &bits, sizeof(bits));
	if (has_penalizer ? !(*penalizer >= 0.0 && isfinite(*penalizer)) : bits != 0)
	{
		*why = "invalid penalizer";
		return false;
	}
	return true;
}

static bool
valid_weight(double w)
{
	return w > 0.0 && isfinite(w);
}

size_t
cxm_bgnbd_rows_size(size_t n)
{
	return CXM_WIRE_HEADER + 32 * n;
}

void
cxm_bgnbd_rows_encode(bool has_penalizer, double penalizer, const cxm_bgnbd_row *rows, size_t n, uint8_t *out,
					  cxm_interrupt_fn interrupt)
{
	ticker		t = ticker_of(interrupt);
	uint64_t	bits = 0;

	if (has_penalizer)
		memcpy(&bits, &penalizer, sizeof(bits));
	put_header(out, WIRE_BGNBD, has_penalizer, bits, n);
	for (size_t i = 0; i < n; i++)
	{
		uint8_t    *p = out + CXM_WIRE_HEADER + 32 * i;

		tick(&t, 1);
		cxm_be_put_double(p, rows[i].x);
		cxm_be_put_double(p + 8, rows[i].t_x);
		cxm_be_put_double(p + 16, rows[i].T);
		cxm_be_put_double(p + 24, rows[i].w);
	}
}

bool
cxm_bgnbd_rows_decode_header(const uint8_t *in, size_t len, bool *has_penalizer, double *penalizer, size_t *n,
							 const char **why)
{
	uint64_t	bits;

	return get_header(in, len, WIRE_BGNBD, 32, has_penalizer, &bits, n, why) &&
		valid_penalizer(*has_penalizer, bits, penalizer, why);
}

bool
cxm_bgnbd_rows_decode(const uint8_t *in, size_t n, cxm_bgnbd_row *rows, const char **why, cxm_interrupt_fn interrupt)
{
	ticker		t = ticker_of(interrupt);

	for (size_t i = 0; i < n; i++)
	{
		const uint8_t *p = in + CXM_WIRE_HEADER + 32 * i;

		tick(&t, 1);
		rows[i].x = cxm_be_get_double(p);
		rows[i].t_x = cxm_be_get_double(p + 8);
		rows[i].T = cxm_be_get_double(p + 16);
		rows[i].w = cxm_be_get_double(p + 24);
		if (cxm_check_history(rows[i].x, rows[i].t_x, rows[i].T) != CXM_HISTORY_OK || !valid_weight(rows[i].w))
		{
			*why = "invalid purchase history";
			return false;
		}
		/* the encoder is given compacted rows: sorted, each history once */
		if (i > 0 && (compare_double(rows[i - 1].x, rows[i].x) * 4 + compare_double(rows[i - 1].t_x, rows[i].t_x) * 2 +
					  compare_double(rows[i - 1].T, rows[i].T)) >= 0)
		{
			*why = "histories not in strictly increasing order";
			return false;
		}
	}
	return true;
}

size_t
cxm_gg_rows_size(size_t n)
{
	return CXM_WIRE_HEADER + 24 * n;
}

void
cxm_gg_rows_encode(bool has_penalizer, double penalizer, const cxm_gg_row *rows, size_t n, uint8_t *out,
				   cxm_interrupt_fn interrupt)
{
	ticker		t = ticker_of(interrupt);
	uint64_t	bits = 0;

	if (has_penalizer)
		memcpy(&bits, &penalizer, sizeof(bits));
	put_header(out, WIRE_GG, has_penalizer, bits, n);
	for (size_t i = 0; i < n; i++)
	{
		uint8_t    *p = out + CXM_WIRE_HEADER + 24 * i;

		tick(&t, 1);
		cxm_be_put_double(p, rows[i].x);
		cxm_be_put_double(p + 8, rows[i].m);
		cxm_be_put_double(p + 16, rows[i].w);
	}
}

bool
cxm_gg_rows_decode_header(const uint8_t *in, size_t len, bool *has_penalizer, double *penalizer, size_t *n,
						  const char **why)
{
	uint64_t	bits;

	return get_header(in, len, WIRE_GG, 24, has_penalizer, &bits, n, why) &&
		valid_penalizer(*has_penalizer, bits, penalizer, why);
}

bool
cxm_gg_rows_decode(const uint8_t *in, size_t n, cxm_gg_row *rows, const char **why, cxm_interrupt_fn interrupt)
{
	ticker		t = ticker_of(interrupt);

	for (size_t i = 0; i < n; i++)
	{
		const uint8_t *p = in + CXM_WIRE_HEADER + 24 * i;

		tick(&t, 1);
		rows[i].x = cxm_be_get_double(p);
		rows[i].m = cxm_be_get_double(p + 8);
		rows[i].w = cxm_be_get_double(p + 16);
		if (!(rows[i].x >= 1.0 && rows[i].x == floor(rows[i].x) && isfinite(rows[i].x)) ||
			!(rows[i].m > 0.0 && isfinite(rows[i].m)) || !valid_weight(rows[i].w))
		{
			*why = "invalid repeat purchases";
			return false;
		}
		if (i > 0 && !(rows[i - 1].x < rows[i].x || (rows[i - 1].x == rows[i].x && rows[i - 1].m < rows[i].m)))
		{
			*why = "customers not in strictly increasing order";
			return false;
		}
	}
	return true;
}

bool
cxm_fit_rows_decode_header(const uint8_t *in, size_t len, cxm_fit_model *model, bool *has_penalizer,
						   double *penalizer, size_t *n, const char **why)
{
	if (len >= CXM_WIRE_HEADER && in[2] == WIRE_GG)
	{
		*model = CXM_FIT_MODEL_GG;
		return cxm_gg_rows_decode_header(in, len, has_penalizer, penalizer, n, why);
	}
	/* BG/NBD rows, or what the BG/NBD header check refuses */
	*model = CXM_FIT_MODEL_BGNBD;
	return cxm_bgnbd_rows_decode_header(in, len, has_penalizer, penalizer, n, why);
}

size_t
cxm_purchases_size(size_t n)
{
	return CXM_WIRE_HEADER + 12 * n;
}

void
cxm_purchases_encode(cxm_period period, int32_t end_day, const cxm_purchase *purchases, size_t n, uint8_t *out,
					 cxm_interrupt_fn interrupt)
{
	ticker		t = ticker_of(interrupt);

	/* the option holds the period kind in its high half and the end day in its low half */
	put_header(out, WIRE_PURCHASES, true, ((uint64_t) period << 32) | (uint32_t) end_day, n);
	for (size_t i = 0; i < n; i++)
	{
		uint8_t    *p = out + CXM_WIRE_HEADER + 12 * i;
		uint32_t	u = (uint32_t) purchases[i].period;

		tick(&t, 1);
		p[0] = (uint8_t) (u >> 24);
		p[1] = (uint8_t) (u >> 16);
		p[2] = (uint8_t) (u >> 8);
		p[3] = (uint8_t) u;
		cxm_be_put_double(p + 4, purchases[i].amount);
	}
}

bool
cxm_purchases_decode_header(const uint8_t *in, size_t len, cxm_period *period, int32_t *end_day, size_t *n,
							const char **why)
{
	bool		flag;
	uint64_t	option;

	if (!get_header(in, len, WIRE_PURCHASES, 12, &flag, &option, n, why))
		return false;
	if (!flag || (option >> 32) > CXM_PERIOD_WEEK)
	{
		*why = "unknown period";
		return false;
	}
	*period = (cxm_period) (option >> 32);
	*end_day = (int32_t) (uint32_t) (option & 0xffffffffu);
	if (*end_day < CXM_FIRST_DAY || *end_day > CXM_LAST_DAY)
	{
		*why = "observation end outside the range of dates";
		return false;
	}
	return true;
}

bool
cxm_purchases_decode(const uint8_t *in, size_t n, cxm_period period, int32_t end_day, cxm_purchase *purchases,
					 const char **why, cxm_interrupt_fn interrupt)
{
	ticker		t = ticker_of(interrupt);
	int32_t		end = cxm_period_of_day(end_day, period);
	int32_t		first = cxm_period_of_day(CXM_FIRST_DAY, period);

	for (size_t i = 0; i < n; i++)
	{
		const uint8_t *p = in + CXM_WIRE_HEADER + 12 * i;

		tick(&t, 1);
		purchases[i].period = (int32_t) cxm_be_get32(p);
		purchases[i].amount = cxm_be_get_double(p + 4);
		if (purchases[i].period > end || purchases[i].period < first || !isfinite(purchases[i].amount))
		{
			*why = "invalid purchase";
			return false;
		}
	}
	return true;
}

size_t
cxm_rfm_size(size_t sum_len)
{
	return CXM_RFM_WIRE_FIXED + sum_len;
}

void
cxm_rfm_encode(const cxm_rfm_wire *state, uint8_t *out)
{
	out[0] = WIRE_VERSION;
	out[1] = state->kind;
	out[2] = out[3] = 0;
	cxm_be_put64(out + 4, (uint64_t) state->as_of);
	cxm_be_put64(out + 12, (uint64_t) state->last);
	cxm_be_put64(out + 20, (uint64_t) state->orders);
	out[28] = (uint8_t) (state->sum_len >> 24);
	out[29] = (uint8_t) (state->sum_len >> 16);
	out[30] = (uint8_t) (state->sum_len >> 8);
	out[31] = (uint8_t) state->sum_len;
	memcpy(out + CXM_RFM_WIRE_FIXED, state->sum_text, state->sum_len);
}

/* A finite time of the given kind (0, 1: timestamps in microseconds; 2: dates in days). */
static bool
valid_time(uint8_t kind, int64_t value)
{
	if (kind == 2)
		return value >= CXM_FIRST_DAY && value <= CXM_LAST_DAY;
	return value >= CXM_FIRST_USEC && value < CXM_END_USEC;
}

/* Decimal text as numeric output writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?, not -0 */
static bool
canonical_decimal(const char *text, size_t len)
{
	size_t		i = 0,
				integer_digits = 0,
				fraction_digits = 0;
	bool		nonzero = false;

	if (i < len && text[i] == '-')
		i++;
	for (; i < len && text[i] >= '0' && text[i] <= '9'; i++)
	{
		if (text[i] != '0')
			nonzero = true;
		else if (integer_digits == 0 && i + 1 < len && text[i + 1] >= '0' && text[i + 1] <= '9')
			return false;		/* a leading zero */
		integer_digits++;
	}
	if (integer_digits == 0 || integer_digits > 131072)
		return false;
	if (i < len && text[i] == '.')
	{
		for (i++; i < len && text[i] >= '0' && text[i] <= '9'; i++)
		{
			nonzero |= text[i] != '0';
			fraction_digits++;
		}
		if (fraction_digits == 0 || fraction_digits > 16383)
			return false;
	}
	return i == len && (text[0] != '-' || nonzero);
}

bool
cxm_rfm_decode(const uint8_t *in, size_t len, cxm_rfm_wire *state, const char **why)
{
	size_t		sum_len;

	if (len < CXM_RFM_WIRE_FIXED)
	{
		*why = "too short";
		return false;
	}
	if (in[0] != WIRE_VERSION || in[1] > CXM_RFM_KIND_MAX || in[2] != 0 || in[3] != 0)
	{
		*why = "unknown version or kind";
		return false;
	}
	state->kind = in[1];
	state->as_of = (int64_t) cxm_be_get64(in + 4);
	state->last = (int64_t) cxm_be_get64(in + 12);
	state->orders = (int64_t) cxm_be_get64(in + 20);
	sum_len = ((size_t) in[28] << 24) | ((size_t) in[29] << 16) | ((size_t) in[30] << 8) | in[31];
	if (sum_len != len - CXM_RFM_WIRE_FIXED || sum_len == 0)
	{
		*why = "length does not match";
		return false;
	}
	if (!valid_time(state->kind, state->as_of))
	{
		*why = "as_of outside the range of its type";
		return false;
	}
	if (state->orders < 0 || (state->orders == 0 ? state->last != 0
							  : state->last > state->as_of || !valid_time(state->kind, state->last)))
	{
		*why = "inconsistent orders";
		return false;
	}
	state->sum_text = (const char *) in + CXM_RFM_WIRE_FIXED;
	state->sum_len = sum_len;
	if (!canonical_decimal(state->sum_text, sum_len) ||
		(state->orders == 0 && (sum_len != 1 || state->sum_text[0] != '0')))
	{
		*why = "malformed sum";
		return false;
	}
	return true;
}
