/*
 * ratings_core.c - the ratings histogram: arithmetic, statistics, text and
 * binary forms.  Formulas: shared/reference/cx-metrics.md sections 1-3.
 */
#include "ratings_core.h"

#include "decimal_core.h"
#include "wire_core.h"
#include "stats_core.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NPS_PROMOTER_MIN 9
#define NPS_PASSIVE_MIN 7

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
set_error(cxm_input_error *err, cxm_status status, int position, const char *fmt,...)
{
	va_list		args;

	err->status = status;
	err->position = position;
	va_start(args, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, args);
	va_end(args);
}

void
cxm_ratings_init(cxm_ratings *r, bool weighted)
{
	memset(r, 0, sizeof(*r));
	r->weighted = weighted;
}

cxm_status
cxm_ratings_add(cxm_ratings *r, int score)
{
	if (r->count[score] == INT64_MAX)
		return CXM_ERR_COUNT_OVERFLOW;
	if (r->weighted)
		return cxm_ratings_add_weighted(r, score, 1.0);
	r->count[score]++;
	return CXM_OK;
}

/* Weight of the answers with score k: the count when unweighted. */
static inline double
bin_weight(const cxm_ratings *r, int k)
{
	return r->weighted ? r->sum_w[k] : (double) r->count[k];
}

static bool
has_weight(const cxm_ratings *r)
{
	for (int k = 0; k < CXM_SCORES; k++)
		if (r->sum_w[k] != 0.0)
			return true;
	return false;
}

/* Expresses the weights of r in units of 2^scale (exact but for underflow). */
static void
set_scale(cxm_ratings *r, int scale)
{
	int			shift = r->scale - scale;

	if (shift == 0)
		return;
	for (int k = 0; k < CXM_SCORES; k++)
	{
		r->sum_w[k] = ldexp(r->sum_w[k], shift);
		r->sum_w2[k] = ldexp(r->sum_w2[k], 2 * shift);
	}
	r->scale = scale;
}

/* The scale for adding weights of scale weight_scale to r. */
static int
scale_for(const cxm_ratings *r, int weight_scale)
{
	/* a value without positive weights takes the scale of the first one */
	if (!has_weight(r) || weight_scale > r->scale)
		return weight_scale;
	return r->scale;
}

/* Both sums of every score finite, and their totals too. */
static bool
sums_finite(const cxm_ratings *r)
{
	double		w = 0.0,
				w2 = 0.0;

	for (int k = 0; k < CXM_SCORES; k++)
	{
		w += r->sum_w[k];
		w2 += r->sum_w2[k];
	}
	return isfinite(w) && isfinite(w2);
}

void
cxm_ratings_normalize(cxm_ratings *r)
{
	if (!r->weighted)
		return;
	while (!sums_finite(r) && r->scale < CXM_SCALE_MAX)
		set_scale(r, r->scale + CXM_SCALE_STEP);
	if (!has_weight(r))
		set_scale(r, 0);
}

cxm_status
cxm_ratings_add_weighted(cxm_ratings *r, int score, double weight)
{
	if (r->count[score] == INT64_MAX)
		return CXM_ERR_COUNT_OVERFLOW;
	if (weight == 0.0)
	{
		r->count[score]++;
		return CXM_OK;
	}
	for (int scale = scale_for(r, cxm_weight_scale(weight));; scale += CXM_SCALE_STEP)
	{
		cxm_ratings next = *r;
		double		v;

		set_scale(&next, scale);
		v = ldexp(weight, -scale);
		next.sum_w[score] += v;
		next.sum_w2[score] += v * v;
		if (sums_finite(&next))
		{
			next.count[score]++;
			*r = next;
			return CXM_OK;
		}
		/* only a value read from outside comes this close to the range */
		if (scale >= CXM_SCALE_MAX)
			return CXM_ERR_WEIGHT_OVERFLOW;
	}
}

void
cxm_ratings_make_weighted(cxm_ratings *r)
{
	if (r->weighted)
		return;
	for (int k = 0; k < CXM_SCORES; k++)
	{
		r->sum_w[k] = (double) r->count[k];
		r->sum_w2[k] = (double) r->count[k];
	}
	r->scale = 0;
	r->weighted = true;
}

cxm_status
cxm_ratings_merge(cxm_ratings *dst, const cxm_ratings *src)
{
	int64_t		total = cxm_ratings_responses(dst);
	cxm_ratings a,
				b;
	int			scale;

	for (int k = 0; k < CXM_SCORES; k++)
	{
		if (src->count[k] > INT64_MAX - total)
			return CXM_ERR_COUNT_OVERFLOW;
		total += src->count[k];
	}
	if (!dst->weighted && !src->weighted)
	{
		for (int k = 0; k < CXM_SCORES; k++)
			dst->count[k] += src->count[k];
		return CXM_OK;
	}
	a = *dst;
	b = *src;
	cxm_ratings_make_weighted(&a);
	cxm_ratings_make_weighted(&b);
	/* the larger scale: the other side's sums only shrink */
	if (!has_weight(&a))
		scale = b.scale;
	else if (!has_weight(&b))
		scale = a.scale;
	else
		scale = a.scale > b.scale ? a.scale : b.scale;
	for (;; scale += CXM_SCALE_STEP)
	{
		cxm_ratings sum = a,
					other = b;

		set_scale(&sum, scale);
		set_scale(&other, scale);
		for (int k = 0; k < CXM_SCORES; k++)
		{
			sum.count[k] += other.count[k];
			sum.sum_w[k] += other.sum_w[k];
			sum.sum_w2[k] += other.sum_w2[k];
		}
		if (sums_finite(&sum))
		{
			*dst = sum;
			return CXM_OK;
		}
		if (scale >= CXM_SCALE_MAX)
			return CXM_ERR_WEIGHT_OVERFLOW;
	}
}

/*
 * Whether the sums w > 0 and w2 of count weights, as aggregation computes
 * them, can be those of real weights: (sum w)^2 / n <= sum w^2 <= (sum w)^2
 * (Cauchy-Schwarz, and weights not negative).  Returns 0 when they can,
 * 1 when w2 is too large, -1 when too small.  Allows for rounding: each sum
 * carries at most about count roundings of half a unit in the last place,
 * and squares too small for a double were lost or rounded (at most
 * count * 2^-1074 in all).  Compared as w = m 2^e, with everything divided
 * by 2^2e: nothing overflows but a w2 far too large for w.
 */
static int
squares_fit(double w, double w2, int64_t count)
{
	int			e;
	double		m = frexp(w, &e);
	double		tol = 2.0 * ((double) count + 1.0) * DBL_EPSILON;
	double		lost = ldexp((double) count, -1074);

	if (ldexp(w2 - lost, -2 * e) > m * m * (1.0 + tol))
		return 1;
	if (ldexp(w2 + lost, -2 * e) < m * m / (double) count * (1.0 - tol))
		return -1;
	return 0;
}

/* Checks the logical content of a value that arrived from outside. */
bool
cxm_ratings_validate(cxm_ratings *r, cxm_input_error *err)
{
	int64_t		total = 0;
	double		total_w = 0.0;

	for (int k = 0; k < CXM_SCORES; k++)
	{
		if (r->count[k] < 0)
		{
			set_error(err, CXM_ERR_RANGE, -1, "The count for score %d is negative.", k);
			return false;
		}
		if (r->count[k] > INT64_MAX - total)
		{
			set_error(err, CXM_ERR_RANGE, -1, "The counts add up to more than %" PRId64 ".",
					  INT64_MAX);
			return false;
		}
		total += r->count[k];
	}
	if (!r->weighted)
	{
		if (r->scale != 0)
		{
			set_error(err, CXM_ERR_INCONSISTENT, -1, "An unweighted value has no scale.");
			return false;
		}
		return true;
	}
	if (r->scale < CXM_SCALE_MIN || r->scale > CXM_SCALE_MAX || r->scale % CXM_SCALE_STEP != 0)
	{
		set_error(err, CXM_ERR_SYNTAX, -1,
				  "The scale %d is not one of -1024, -512, 0, 512 and 1024.", r->scale);
		return false;
	}
	for (int k = 0; k < CXM_SCORES; k++)
	{
		double		w = r->sum_w[k],
					w2 = r->sum_w2[k];

		if (!(isfinite(w) && isfinite(w2) && w >= 0.0 && w2 >= 0.0))
		{
			set_error(err, CXM_ERR_RANGE, -1,
					  "The weights for score %d must be finite and not negative.", k);
			return false;
		}
		if ((r->count[k] == 0 && (w != 0.0 || w2 != 0.0)) || (w == 0.0 && w2 != 0.0))
		{
			set_error(err, CXM_ERR_RANGE, -1,
					  "The weights for score %d do not fit its count of %" PRId64 ".",
					  k, r->count[k]);
			return false;
		}
	}
	for (int k = 0; k < CXM_SCORES; k++)
	{
		int64_t		c = r->count[k];
		double		w = r->sum_w[k];

		if (w == 0.0)
			continue;
		switch (squares_fit(w, r->sum_w2[k], c))
		{
			case 1:
				set_error(err, CXM_ERR_INCONSISTENT, -1,
						  "The squared weights of score %d add up to more than the square of its weights: "
						  "sum(w^2) <= sum(w)^2 fails.", k);
				return false;
			case -1:
				set_error(err, CXM_ERR_INCONSISTENT, -1,
						  "The squared weights of score %d add up to less than the square of its weights over its count of %" PRId64 ": "
						  "sum(w^2) >= sum(w)^2 / n fails.", k, c);
				return false;
		}
		/* no weight is past the largest double: w <= c 2^(1024 - scale) */
		if (r->scale > 0 &&
			w > ldexp((double) c, 1024 - r->scale) * (1.0 + 2.0 * ((double) c + 1.0) * DBL_EPSILON))
		{
			set_error(err, CXM_ERR_INCONSISTENT, -1,
					  "The weights of score %d add up to more than %" PRId64 " times the largest double precision number.",
					  k, c);
			return false;
		}
		total_w += w;
	}
	if (!isfinite(total_w))
	{
		set_error(err, CXM_ERR_INCONSISTENT, -1,
				  "The weights add up to more than the largest double precision number.");
		return false;
	}
	cxm_ratings_normalize(r);
	return true;
}

bool
cxm_ratings_within(const cxm_ratings *r, int lo, int hi)
{
	int			k;

	for (k = 0; k < CXM_SCORES; k++)
		if ((k < lo || k > hi) && r->count[k] != 0)
			return false;
	return true;
}

int64_t
cxm_ratings_count_range(const cxm_ratings *r, int lo, int hi)
{
	int64_t		n = 0;
	int			k;

	for (k = lo; k <= hi; k++)
		n += r->count[k];
	return n;
}

int64_t
cxm_ratings_responses(const cxm_ratings *r)
{
	return cxm_ratings_count_range(r, 0, CXM_SCORE_MAX);
}

double
cxm_ratings_weight_range(const cxm_ratings *r, int lo, int hi)
{
	double		w = 0.0;
	int			k;

	for (k = lo; k <= hi; k++)
		w += bin_weight(r, k);
	return w;
}

double
cxm_ratings_total_weight(const cxm_ratings *r)
{
	return cxm_ratings_weight_range(r, 0, CXM_SCORE_MAX);
}

/*
 * Kish: n_eff = (sum w)^2 / sum w^2, between 1 and the number of answers.
 * Both sums are in the units of the scale, which cancel.
 */
double
cxm_ratings_effective_size(const cxm_ratings *r)
{
	double		n = (double) cxm_ratings_responses(r);
	double		w,
				w2,
				n_eff;

	if (!r->weighted)
		return n;
	w = cxm_ratings_total_weight(r);
	w2 = 0.0;
	for (int k = 0; k < CXM_SCORES; k++)
		w2 += r->sum_w2[k];
	if (w == 0.0)
		return 0.0;
	if (w2 == 0.0)
		return n;				/* squares lost to underflow: only in a value stored by
								 * cxm 0.2.0 (no scale) with weights below 1e-162 */
	n_eff = w * (w / w2);
	if (!isfinite(n_eff) || n_eff > n)
		n_eff = n;
	/* sum w^2 <= (sum w)^2: less than 1 is rounding of subnormal squares */
	return n_eff < 1.0 ? 1.0 : n_eff;
}

/* ---------- point estimates ---------- */

/* Writes scale * part / total for counts 0 <= part <= total, total > 0. */
static void
format_share(char *buf, bool negative, uint64_t part, uint64_t total, unsigned scale)
{
	uint64_t	whole,
				rem;

	cxm_mul_div(part, scale, total, &whole, &rem);
	cxm_format_fraction(buf, negative, whole, rem, total);
}

bool
cxm_nps_text(const cxm_ratings *r, char *buf)
{
	if (r->weighted)
	{
		double		w = cxm_ratings_total_weight(r);
		double		promoters = cxm_ratings_weight_range(r, NPS_PROMOTER_MIN, CXM_SCORE_MAX);
		double		detractors = cxm_ratings_weight_range(r, 0, NPS_PASSIVE_MIN - 1);

		if (!(w > 0.0))
			return false;
		cxm_format_double(buf, 100.0 * (promoters / w - detractors / w));
	}
	else
	{
		int64_t		n = cxm_ratings_responses(r);
		int64_t		promoters = cxm_ratings_count_range(r, NPS_PROMOTER_MIN, CXM_SCORE_MAX);
		int64_t		detractors = cxm_ratings_count_range(r, 0, NPS_PASSIVE_MIN - 1);

		if (n == 0)
			return false;
		if (promoters >= detractors)
			format_share(buf, false, (uint64_t) (promoters - detractors), (uint64_t) n, 100);
		else
			format_share(buf, true, (uint64_t) (detractors - promoters), (uint64_t) n, 100);
	}
	return true;
}

bool
cxm_share_text(const cxm_ratings *r, int lo, int hi, char *buf)
{
	if (r->weighted)
	{
		double		w = cxm_ratings_total_weight(r);

		if (!(w > 0.0))
			return false;
		cxm_format_double(buf, 100.0 * (cxm_ratings_weight_range(r, lo, hi) / w));
	}
	else
	{
		int64_t		n = cxm_ratings_responses(r);

		if (n == 0)
			return false;
		format_share(buf, false, (uint64_t) cxm_ratings_count_range(r, lo, hi), (uint64_t) n, 100);
	}
	return true;
}

bool
cxm_mean_text(const cxm_ratings *r, char *buf)
{
	if (r->weighted)
	{
		double		w = cxm_ratings_total_weight(r);
		double		sum = 0.0;

		if (!(w > 0.0))
			return false;
		for (int k = 1; k < CXM_SCORES; k++)
			sum += k * r->sum_w[k];
		if (!isfinite(sum))
		{
			/* k * w overflowed, so w is near the top of the range: scale both down */
			sum = 0.0;
			for (int k = 1; k < CXM_SCORES; k++)
				sum += k * (r->sum_w[k] / CXM_SCORE_MAX);
			w /= CXM_SCORE_MAX;
		}
		cxm_format_double(buf, sum / w);
	}
	else
	{
		uint64_t	n = (uint64_t) cxm_ratings_responses(r);
		uint64_t	whole = 0,
					rem = 0;

		if (n == 0)
			return false;
		/* mean = sum_k k*count[k] / n, accumulated as whole + rem/n */
		for (int k = 1; k < CXM_SCORES; k++)
		{
			uint64_t	q,
						part;

			cxm_mul_div((uint64_t) r->count[k], (unsigned) k, n, &q, &part);
			whole += q;
			rem += part;		/* both below n <= 2^63: no wrap */
			if (rem >= n)
			{
				rem -= n;
				whole++;
			}
		}
		cxm_format_fraction(buf, false, whole, rem, n);
	}
	return true;
}

bool
cxm_scaled_mean_text(const cxm_ratings *r, int lo, int hi, char *buf)
{
	unsigned	range = (unsigned) (hi - lo);

	if (r->weighted)
	{
		double		w = cxm_ratings_total_weight(r);
		double		sum = 0.0;

		if (!(w > 0.0))
			return false;
		for (int k = lo; k <= hi; k++)
			sum += (k - lo) * (r->sum_w[k] / w);
		cxm_format_double(buf, 100.0 * sum / range);
	}
	else
	{
		uint64_t	n = (uint64_t) cxm_ratings_responses(r);
		uint64_t	whole = 0,
					rem = 0,
					hundredths,
					low;

		if (n == 0)
			return false;
		/* mean - lo = whole + rem/n, as in cxm_mean_text */
		for (int k = lo + 1; k <= hi; k++)
		{
			uint64_t	q,
						part;

			cxm_mul_div((uint64_t) r->count[k], (unsigned) (k - lo), n, &q, &part);
			whole += q;
			rem += part;
			if (rem >= n)
			{
				rem -= n;
				whole++;
			}
		}
		/* 100 * (whole + rem/n) / range, with 100*rem/n = hundredths + low/n */
		cxm_mul_div(rem, 100, n, &hundredths, &low);
		cxm_format_fraction2(buf, 100 * whole + hundredths, low, n, range);
	}
	return true;
}

/* ---------- intervals ---------- */

static double
clip(double x, double lo, double hi)
{
	return x < lo ? lo : (x > hi ? hi : x);
}

/* Proportions of promoters and detractors, and the effective sample size. */
static bool
nps_proportions(const cxm_ratings *r, double *p, double *d, double *n)
{
	double		w = cxm_ratings_total_weight(r);

	if (!(w > 0.0))
		return false;
	*p = cxm_ratings_weight_range(r, NPS_PROMOTER_MIN, CXM_SCORE_MAX) / w;
	*d = cxm_ratings_weight_range(r, 0, NPS_PASSIVE_MIN - 1) / w;
	*n = cxm_ratings_effective_size(r);
	return *n > 0.0;
}

/*
 * Tango's score statistic for the difference of two trinomial proportions,
 * Z(delta) = (nP - nD - n*delta) / sqrt(n * (2q + delta(1 - delta))), where q
 * is the detractor share that maximises the likelihood under that delta.
 * Decreasing in delta.
 */
static double
tango_z(double n, double np, double nd, double delta)
{
	double		a = 2.0 * n;
	double		b = -np - nd + (2.0 * n - np + nd) * delta;
	double		c = -nd * delta * (1.0 - delta);
	double		disc = b * b - 4.0 * a * c;
	double		q = (sqrt(disc > 0.0 ? disc : 0.0) - b) / (2.0 * a);
	double		num = np - nd - n * delta;
	double		var = n * (2.0 * q + delta * (1.0 - delta));

	if (!(var > 0.0))
		return num > 0.0 ? INFINITY : (num < 0.0 ? -INFINITY : 0.0);
	return num / sqrt(var);
}

/* The delta in [lo, hi] where tango_z crosses target (bisection to full precision). */
static double
tango_root(double n, double np, double nd, double target, double lo, double hi)
{
	for (int i = 0; i < 200 && hi - lo > 1e-15; i++)
	{
		double		mid = 0.5 * (lo + hi);

		if (tango_z(n, np, nd, mid) > target)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

/* The upper quantile of the standard normal for a two-sided confidence level. */
static double
z_for(double confidence)
{
	double		tail = (1.0 - confidence) / 2.0;	/* exact near 1: no rounding to 0 */

	return tail >= 0.5 ? 0.0 : cxm_qnorm_upper(tail);
}

bool
cxm_nps_interval(const cxm_ratings *r, double confidence, cxm_nps_method method,
				 cxm_interval *out)
{
	double		p,
				d,
				n,
				z = z_for(confidence);
	double		centre,
				se;

	if (!nps_proportions(r, &p, &d, &n))
		return false;

	switch (method)
	{
		case CXM_NPS_WALD:
			centre = p - d;
			se = sqrt(fmax(0.0, p + d - centre * centre) / n);	/* rounding can dip below 0 */
			break;
		case CXM_NPS_ADJUSTED_WALD:
			{
				/* add 3/4 promoter, 3/2 passive and 3/4 detractor (MeasuringU) */
				double		pa = (p * n + 0.75) / (n + 3.0);
				double		da = (d * n + 0.75) / (n + 3.0);

				centre = pa - da;
				se = sqrt(fmax(0.0, pa + da - centre * centre) / (n + 3.0));
				break;
			}
		case CXM_NPS_SCORE:
			{
				double		np = p * n,
							nd = d * n,
							estimate = p - d;

				out->upper = p >= 1.0 ? 1.0 : tango_root(n, np, nd, -z, estimate, 1.0);
				out->lower = d >= 1.0 ? -1.0 : tango_root(n, np, nd, z, -1.0, estimate);
				out->margin = 100.0 * (out->upper - out->lower) / 2.0;
				out->lower = clip(100.0 * out->lower, -100.0, 100.0);
				out->upper = clip(100.0 * out->upper, -100.0, 100.0);
				return true;
			}
		default:
			return false;
	}
	out->margin = 100.0 * z * se;
	out->lower = clip(100.0 * centre - out->margin, -100.0, 100.0);
	out->upper = clip(100.0 * centre + out->margin, -100.0, 100.0);
	return true;
}

bool
cxm_share_interval(const cxm_ratings *r, int lo, int hi, double confidence, cxm_interval *out)
{
	double		w = cxm_ratings_total_weight(r);
	double		n = cxm_ratings_effective_size(r);
	double		z = z_for(confidence);
	double		p,
				q,
				z2n,
				root,
				share;

	if (!(w > 0.0 && n > 0.0))
		return false;
	p = cxm_ratings_weight_range(r, lo, hi) / w;
	q = 1.0 - p;
	/*
	 * Wilson (1927): (p + z²/2n -/+ root) / (1 + z²/n), root = z √(pq/n + z²/4n²).
	 * The lower bound is written p² / (p + z²/2n + root), the upper one
	 * 1 - q² / (q + z²/2n + root) (multiply by the conjugate): the
	 * difference of two nearly equal terms left 3e-15 for 0 of 5, or
	 * 99.99999999999999 for 3 of 3, where the bounds are exactly 0 and 100.
	 * Both stay within 0..1; lower <= p <= upper holds exactly, and is kept
	 * where z is near 0 and the rounding of the two forms would break it.
	 */
	z2n = z * z / n;
	root = z * sqrt(p * q / n + z2n / (4.0 * n));
	share = 100.0 * clip(p, 0.0, 1.0);
	out->margin = 100.0 * root / (1.0 + z2n);
	out->lower = p > 0.0 ? fmin(100.0 * (p * p / (p + z2n / 2.0 + root)), share) : 0.0;
	out->upper = q > 0.0 ? fmax(100.0 * (1.0 - q * q / (q + z2n / 2.0 + root)), share) : 100.0;
	return true;
}

bool
cxm_mean_interval(const cxm_ratings *r, double confidence, double clip_lo, double clip_hi,
				  cxm_interval *out)
{
	double		w = cxm_ratings_total_weight(r);
	double		n = cxm_ratings_effective_size(r);
	double		mean = 0.0,
				ss = 0.0,
				var,
				t;

	if (!(w > 0.0 && n > 1.0))
		return false;
	for (int k = 0; k < CXM_SCORES; k++)
		mean += k * (bin_weight(r, k) / w);	/* each term scaled: no overflow */
	for (int k = 0; k < CXM_SCORES; k++)
		ss += (bin_weight(r, k) / w) * (k - mean) * (k - mean);
	var = ss * n / (n - 1.0);	/* sample variance, n - 1 in the denominator */
	t = confidence <= 0.0 ? 0.0 : cxm_qt_upper((1.0 - confidence) / 2.0, n - 1.0);
	/*
	 * Below one degree of freedom t can pass every double (infinite here):
	 * then the interval is the whole scale, or the mean when every answer
	 * agrees (var = 0, where t * 0 would be NaN).
	 */
	out->margin = var > 0.0 ? t * sqrt(var / n) : 0.0;
	out->lower = clip(mean - out->margin, clip_lo, clip_hi);
	out->upper = clip(mean + out->margin, clip_lo, clip_hi);
	return true;
}

/* MeasuringU: adjust both samples, then a z test on the difference. */
bool
cxm_nps_pvalue(const cxm_ratings *a, const cxm_ratings *b, double *pvalue)
{
	double		pa,
				da,
				na,
				pb,
				db,
				nb;
	double		diff,
				var;

	if (!nps_proportions(a, &pa, &da, &na) || !nps_proportions(b, &pb, &db, &nb))
		return false;
	pa = (pa * na + 0.75) / (na + 3.0);
	da = (da * na + 0.75) / (na + 3.0);
	pb = (pb * nb + 0.75) / (nb + 3.0);
	db = (db * nb + 0.75) / (nb + 3.0);
	na += 3.0;
	nb += 3.0;
	diff = (pa - da) - (pb - db);
	var = fmax(0.0, pa + da - (pa - da) * (pa - da)) / na + fmax(0.0, pb + db - (pb - db) * (pb - db)) / nb;
	*pvalue = var > 0.0 ? cxm_normal_two_sided_p(diff / sqrt(var)) : (diff == 0.0 ? 1.0 : 0.0);
	return true;
}

bool
cxm_nps_method_parse(const char *name, cxm_nps_method *out)
{
	if (strcmp(name, "adjusted_wald") == 0)
		*out = CXM_NPS_ADJUSTED_WALD;
	else if (strcmp(name, "wald") == 0)
		*out = CXM_NPS_WALD;
	else if (strcmp(name, "score") == 0)
		*out = CXM_NPS_SCORE;
	else
		return false;
	return true;
}

/* ---------- text form ---------- */

static char *
write_int_array(char *p, const int64_t *v)
{
	*p++ = '[';
	for (int k = 0; k < CXM_SCORES; k++)
		p += sprintf(p, k ? ", %" PRId64 : "%" PRId64, v[k]);
	*p++ = ']';
	return p;
}

static char *
write_double_array(char *p, const double *v)
{
	*p++ = '[';
	for (int k = 0; k < CXM_SCORES; k++)
	{
		if (k)
		{
			*p++ = ',';
			*p++ = ' ';
		}
		cxm_format_double(p, v[k]);
		p += strlen(p);
	}
	*p++ = ']';
	return p;
}

size_t
cxm_ratings_to_text(const cxm_ratings *r, char *buf)
{
	char	   *p = buf;

	p += sprintf(p, "{\"version\": %d, \"counts\": ",
				 r->scale != 0 ? CXM_RATINGS_VERSION_SCALED : CXM_RATINGS_VERSION);
	p = write_int_array(p, r->count);
	if (r->scale != 0)
		p += sprintf(p, ", \"scale\": %d", r->scale);
	if (r->weighted)
	{
		p += sprintf(p, ", \"weights\": ");
		p = write_double_array(p, r->sum_w);
		p += sprintf(p, ", \"squared_weights\": ");
		p = write_double_array(p, r->sum_w2);
	}
	*p++ = '}';
	*p = '\0';
	return (size_t) (p - buf);
}

typedef struct parser
{
	const char *start;
	const char *p;
	cxm_input_error *err;
} parser;

static bool
fail(parser *ps, cxm_status status, const char *what)
{
	set_error(ps->err, status, (int) (ps->p - ps->start), "%s at character %d.", what,
			  (int) (ps->p - ps->start) + 1);
	return false;
}

static void
skip_space(parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

static bool
expect(parser *ps, char c, const char *what)
{
	skip_space(ps);
	if (*ps->p != c)
		return fail(ps, CXM_ERR_SYNTAX, what);
	ps->p++;
	return true;
}

/* The span of a JSON number at ps->p, or 0 if there is none. */
static size_t
number_span(const char *s, bool *integral)
{
	const char *p = s;

	*integral = true;
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	if (*p == '.')
	{
		*integral = false;
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E')
	{
		*integral = false;
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return (size_t) (p - s);
}

static bool
parse_count(parser *ps, int64_t *out)
{
	bool		integral;
	size_t		len;
	uint64_t	v = 0;

	skip_space(ps);
	len = number_span(ps->p, &integral);
	if (len == 0)
		return fail(ps, CXM_ERR_SYNTAX, "Expected a whole number");
	if (!integral)
		return fail(ps, CXM_ERR_RANGE, "A count must be a whole number");
	if (*ps->p == '-')
		return fail(ps, CXM_ERR_RANGE, "A count must not be negative");
	for (size_t i = 0; i < len; i++)
	{
		unsigned	digit = (unsigned) (ps->p[i] - '0');

		if (v > ((uint64_t) INT64_MAX - digit) / 10)
			return fail(ps, CXM_ERR_RANGE, "A count is larger than 9223372036854775807");
		v = v * 10 + digit;
	}
	ps->p += len;
	*out = (int64_t) v;
	return true;
}

/* A scale: a whole number, possibly negative; the range is checked later. */
static bool
parse_scale(parser *ps, int *out)
{
	bool		integral;
	size_t		len;
	bool		negative;
	int			v = 0;

	skip_space(ps);
	len = number_span(ps->p, &integral);
	if (len == 0 || !integral)
		return fail(ps, CXM_ERR_SYNTAX, "Expected a whole number");
	negative = *ps->p == '-';
	for (size_t i = negative ? 1 : 0; i < len; i++)
	{
		if (v > 100000)
			return fail(ps, CXM_ERR_SYNTAX, "The scale must be one of -1024, -512, 0, 512 and 1024");
		v = v * 10 + (ps->p[i] - '0');
	}
	ps->p += len;
	*out = negative ? -v : v;
	return true;
}

static bool
parse_weight(parser *ps, double *out)
{
	bool		integral;
	size_t		len;
	char		tmp[400];
	double		v;

	skip_space(ps);
	len = number_span(ps->p, &integral);
	if (len == 0)
		return fail(ps, CXM_ERR_SYNTAX, "Expected a number");
	if (len >= sizeof(tmp))
		return fail(ps, CXM_ERR_RANGE, "A weight has too many digits");
	memcpy(tmp, ps->p, len);
	tmp[len] = '\0';
	v = strtod(tmp, NULL);
	if (!isfinite(v))
		return fail(ps, CXM_ERR_RANGE, "A weight is out of range");
	if (v < 0.0)
		return fail(ps, CXM_ERR_RANGE, "A weight must not be negative");
	ps->p += len;
	*out = v == 0.0 ? 0.0 : v;	/* no negative zero */
	return true;
}

static bool
parse_int_array(parser *ps, int64_t *out)
{
	if (!expect(ps, '[', "Expected \"[\""))
		return false;
	for (int k = 0; k < CXM_SCORES; k++)
	{
		if (k > 0 && !expect(ps, ',', "Expected \",\": there must be 11 counts, one for each score 0..10"))
			return false;
		if (!parse_count(ps, &out[k]))
			return false;
	}
	return expect(ps, ']', "Expected \"]\": there must be 11 counts, one for each score 0..10");
}

static bool
parse_double_array(parser *ps, double *out)
{
	if (!expect(ps, '[', "Expected \"[\""))
		return false;
	for (int k = 0; k < CXM_SCORES; k++)
	{
		if (k > 0 && !expect(ps, ',', "Expected \",\": there must be 11 weights, one for each score 0..10"))
			return false;
		if (!parse_weight(ps, &out[k]))
			return false;
	}
	return expect(ps, ']', "Expected \"]\": there must be 11 weights, one for each score 0..10");
}

enum
{
	KEY_VERSION = 1,
	KEY_COUNTS = 2,
	KEY_WEIGHTS = 4,
	KEY_SQUARED = 8,
	KEY_SCALE = 16
};

static bool
parse_key(parser *ps, int *key)
{
	static const struct
	{
		const char *name;
		int			key;
	}			keys[] = {
		{"\"version\"", KEY_VERSION},
		{"\"counts\"", KEY_COUNTS},
		{"\"weights\"", KEY_WEIGHTS},
		{"\"squared_weights\"", KEY_SQUARED},
		{"\"scale\"", KEY_SCALE},
	};

	skip_space(ps);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
	{
		size_t		len = strlen(keys[i].name);

		if (strncmp(ps->p, keys[i].name, len) == 0)
		{
			*key = keys[i].key;
			ps->p += len;
			return true;
		}
	}
	return fail(ps, CXM_ERR_SYNTAX,
				"Expected one of the keys \"version\", \"counts\", \"scale\", \"weights\", \"squared_weights\"");
}

bool
cxm_ratings_from_text(const char *text, cxm_ratings *out, cxm_input_error *err)
{
	parser		ps = {text, text, err};
	int			seen = 0;
	int64_t		version = 0;
	const char *version_at = text;

	memset(out, 0, sizeof(*out));
	if (!expect(&ps, '{', "Expected \"{\""))
		return false;
	for (;;)
	{
		int			key = 0;
		const char *key_at;

		skip_space(&ps);
		key_at = ps.p;
		if (!parse_key(&ps, &key))
			return false;
		if (seen & key)
		{
			ps.p = key_at;
			return fail(&ps, CXM_ERR_SYNTAX, "Duplicate key");
		}
		seen |= key;
		if (!expect(&ps, ':', "Expected \":\""))
			return false;
		switch (key)
		{
			case KEY_VERSION:
				skip_space(&ps);
				version_at = ps.p;
				if (!parse_count(&ps, &version))
					return false;
				break;
			case KEY_COUNTS:
				if (!parse_int_array(&ps, out->count))
					return false;
				break;
			case KEY_WEIGHTS:
				if (!parse_double_array(&ps, out->sum_w))
					return false;
				break;
			case KEY_SQUARED:
				if (!parse_double_array(&ps, out->sum_w2))
					return false;
				break;
			case KEY_SCALE:
				if (!parse_scale(&ps, &out->scale))
					return false;
				break;
		}
		skip_space(&ps);
		if (*ps.p == ',')
		{
			ps.p++;
			continue;
		}
		if (!expect(&ps, '}', "Expected \",\" or \"}\""))
			return false;
		break;
	}
	skip_space(&ps);
	if (*ps.p != '\0')
		return fail(&ps, CXM_ERR_SYNTAX, "Unexpected text after the closing \"}\"");
	if (!(seen & KEY_VERSION) || !(seen & KEY_COUNTS))
		return fail(&ps, CXM_ERR_SYNTAX, "The keys \"version\" and \"counts\" are required");
	if (((seen & KEY_WEIGHTS) != 0) != ((seen & KEY_SQUARED) != 0))
		return fail(&ps, CXM_ERR_SYNTAX,
					"The keys \"weights\" and \"squared_weights\" go together");
	if (version != CXM_RATINGS_VERSION && version != CXM_RATINGS_VERSION_SCALED)
	{
		ps.p = version_at;
		set_error(err, CXM_ERR_VERSION, (int) (version_at - text),
				  "Format version %" PRId64 " is not known to this cxm, which reads versions 1 and 2.",
				  version);
		return false;
	}
	if ((seen & KEY_SCALE) && version == CXM_RATINGS_VERSION)
		return fail(&ps, CXM_ERR_SYNTAX, "The key \"scale\" needs format version 2");
	if (version == CXM_RATINGS_VERSION_SCALED && (!(seen & KEY_SCALE) || !(seen & KEY_WEIGHTS) || out->scale == 0))
		return fail(&ps, CXM_ERR_SYNTAX,
					"Format version 2 is for weighted values with a \"scale\" other than 0");
	out->weighted = (seen & KEY_WEIGHTS) != 0;
	return cxm_ratings_validate(out, err);
}

/* ---------- binary form ---------- */

size_t
cxm_ratings_encode(const cxm_ratings *r, uint8_t *buf)
{
	uint8_t    *p = buf;

	*p++ = r->scale != 0 ? CXM_RATINGS_VERSION_SCALED : CXM_RATINGS_VERSION;
	*p++ = r->weighted ? CXM_FLAG_WEIGHTED : 0;
	*p++ = (uint8_t) ((uint16_t) r->scale >> 8);	/* version 1: reserved, zero */
	*p++ = (uint8_t) ((uint16_t) r->scale & 0xff);
	for (int k = 0; k < CXM_SCORES; k++)
		p = cxm_be_put64(p, (uint64_t) r->count[k]);
	if (r->weighted)
	{
		for (int k = 0; k < CXM_SCORES; k++)
		{
			uint64_t	bits;

			memcpy(&bits, &r->sum_w[k], sizeof(bits));
			p = cxm_be_put64(p, bits);
		}
		for (int k = 0; k < CXM_SCORES; k++)
		{
			uint64_t	bits;

			memcpy(&bits, &r->sum_w2[k], sizeof(bits));
			p = cxm_be_put64(p, bits);
		}
	}
	return (size_t) (p - buf);
}

bool
cxm_ratings_decode(const uint8_t *buf, size_t len, cxm_ratings *out, cxm_input_error *err)
{
	const uint8_t *p = buf + 4;
	size_t		expected;
	unsigned	version,
				flags,
				reserved;

	cxm_ratings_init(out, false);
	if (len < 4)
	{
		set_error(err, CXM_ERR_SYNTAX, -1, "The value is %zu bytes long; at least 4 are needed.", len);
		return false;
	}
	version = buf[0];
	flags = buf[1];
	reserved = (unsigned) ((buf[2] << 8) | buf[3]);
	if (version != CXM_RATINGS_VERSION && version != CXM_RATINGS_VERSION_SCALED)
	{
		set_error(err, CXM_ERR_VERSION, -1,
				  "Format version %u is not known to this cxm, which reads versions 1 and 2.",
				  version);
		return false;
	}
	/* the wire form always carries 8-byte counts: only the weighted flag */
	if ((flags & ~CXM_FLAG_WEIGHTED) != 0 || (version == CXM_RATINGS_VERSION && reserved != 0))
	{
		set_error(err, CXM_ERR_SYNTAX, -1, "Reserved bits are set (flags %u, reserved %u).",
				  flags, version == CXM_RATINGS_VERSION ? reserved : 0u);
		return false;
	}
	out->weighted = (flags & CXM_FLAG_WEIGHTED) != 0;
	if (version == CXM_RATINGS_VERSION_SCALED)
	{
		out->scale = (int16_t) reserved;
		if (!out->weighted || out->scale == 0)
		{
			set_error(err, CXM_ERR_SYNTAX, -1,
					  "Format version 2 is for weighted values with a scale other than 0.");
			return false;
		}
	}
	expected = out->weighted ? CXM_RATINGS_WIRE_WEIGHTED : CXM_RATINGS_WIRE_PLAIN;
	if (len != expected)
	{
		set_error(err, CXM_ERR_SYNTAX, -1, "The value is %zu bytes long; %s value has %zu.",
				  len, out->weighted ? "a weighted" : "an unweighted", expected);
		return false;
	}
	for (int k = 0; k < CXM_SCORES; k++, p += 8)
		out->count[k] = (int64_t) cxm_be_get64(p);
	if (out->weighted)
	{
		for (int k = 0; k < CXM_SCORES; k++, p += 8)
		{
			uint64_t	bits = cxm_be_get64(p);

			memcpy(&out->sum_w[k], &bits, sizeof(bits));
		}
		for (int k = 0; k < CXM_SCORES; k++, p += 8)
		{
			uint64_t	bits = cxm_be_get64(p);

			memcpy(&out->sum_w2[k], &bits, sizeof(bits));
		}
	}
	if (!cxm_ratings_validate(out, err))
		return false;
	/* one spelling of zero, so equal values store equal bytes */
	for (int k = 0; k < CXM_SCORES; k++)
	{
		if (out->sum_w[k] == 0.0)
			out->sum_w[k] = 0.0;
		if (out->sum_w2[k] == 0.0)
			out->sum_w2[k] = 0.0;
	}
	return true;
}

/* ---------- stored form ---------- */

static size_t
width_bytes(unsigned width_flag)
{
	return width_flag == CXM_FLAG_WIDTH_2 ? 2 : (width_flag == CXM_FLAG_WIDTH_4 ? 4 : 8);
}

/* Offset of the weights: after the counts, rounded up to 8 bytes. */
static size_t
weights_offset(size_t width)
{
	return (sizeof(cxm_packed) + width * CXM_SCORES + 7) & ~(size_t) 7;
}

static size_t
size_of(unsigned flags)
{
	size_t		width = width_bytes(flags & CXM_FLAG_WIDTH_MASK);

	if (flags & CXM_FLAG_WEIGHTED)
		return weights_offset(width) + 16 * CXM_SCORES;
	return sizeof(cxm_packed) + width * CXM_SCORES;
}

static unsigned
narrowest_width(const cxm_ratings *r)
{
	int64_t		max = 0;

	for (int k = 0; k < CXM_SCORES; k++)
		if (r->count[k] > max)
			max = r->count[k];
	if (max <= UINT16_MAX)
		return CXM_FLAG_WIDTH_2;
	if (max <= (int64_t) UINT32_MAX)
		return CXM_FLAG_WIDTH_4;
	return CXM_FLAG_WIDTH_8;
}

size_t
cxm_packed_size_for(const cxm_ratings *r)
{
	return size_of(narrowest_width(r) | (r->weighted ? CXM_FLAG_WEIGHTED : 0));
}

size_t
cxm_packed_size(const cxm_packed *p)
{
	if ((p->flags & ~CXM_PACKED_KNOWN_FLAGS) != 0 ||
		(p->flags & CXM_FLAG_WIDTH_MASK) == CXM_FLAG_WIDTH_MASK)
		return 0;
	return size_of(p->flags);
}

void
cxm_pack(const cxm_ratings *r, cxm_packed *dst)
{
	unsigned	width_flag = narrowest_width(r);
	size_t		width = width_bytes(width_flag);
	char	   *counts = (char *) (dst + 1);

	dst->version = r->scale != 0 ? CXM_RATINGS_VERSION_SCALED : CXM_RATINGS_VERSION;
	dst->flags = (uint8_t) (width_flag | (r->weighted ? CXM_FLAG_WEIGHTED : 0));
	dst->scale = (int16_t) r->scale;
	for (int k = 0; k < CXM_SCORES; k++)
	{
		if (width == 2)
			((uint16_t *) counts)[k] = (uint16_t) r->count[k];
		else if (width == 4)
			((uint32_t *) counts)[k] = (uint32_t) r->count[k];
		else
			((int64_t *) counts)[k] = r->count[k];
	}
	if (r->weighted)
	{
		double	   *w = (double *) ((char *) dst + weights_offset(width));

		memset(counts + width * CXM_SCORES, 0,
			   weights_offset(width) - sizeof(cxm_packed) - width * CXM_SCORES);
		memcpy(w, r->sum_w, sizeof(r->sum_w));
		memcpy(w + CXM_SCORES, r->sum_w2, sizeof(r->sum_w2));
	}
}

bool
cxm_unpack(const cxm_packed *src, size_t size, cxm_ratings *out)
{
	size_t		width;
	const char *counts = (const char *) (src + 1);

	if (size < sizeof(cxm_packed) || cxm_packed_size(src) == 0 || cxm_packed_size(src) != size)
		return false;
	/* version 1 has a zero scale; version 2 a weighted one that is not 0 */
	if (src->version == CXM_RATINGS_VERSION ? src->scale != 0
		: (src->version != CXM_RATINGS_VERSION_SCALED || !(src->flags & CXM_FLAG_WEIGHTED) ||
		   src->scale == 0 || src->scale < CXM_SCALE_MIN || src->scale > CXM_SCALE_MAX ||
		   src->scale % CXM_SCALE_STEP != 0))
		return false;
	width = width_bytes(src->flags & CXM_FLAG_WIDTH_MASK);
	cxm_ratings_init(out, (src->flags & CXM_FLAG_WEIGHTED) != 0);
	for (int k = 0; k < CXM_SCORES; k++)
	{
		if (width == 2)
			out->count[k] = ((const uint16_t *) counts)[k];
		else if (width == 4)
			out->count[k] = ((const uint32_t *) counts)[k];
		else
			out->count[k] = ((const int64_t *) counts)[k];
	}
	if (out->weighted)
	{
		const double *w = (const double *) ((const char *) src + weights_offset(width));

		memcpy(out->sum_w, w, sizeof(out->sum_w));
		memcpy(out->sum_w2, w + CXM_SCORES, sizeof(out->sum_w2));
		out->scale = src->scale;
		cxm_ratings_normalize(out);
	}
	return true;
}

/* Adds v, a weight already in the value's units, to score's sums in place. */
static inline cxm_add_result
packed_add_value(cxm_packed *p, int score, double v)
{
	size_t		width = width_bytes(p->flags & CXM_FLAG_WIDTH_MASK);
	char	   *counts = (char *) (p + 1);
	double	   *w = (double *) ((char *) p + weights_offset(width));
	double		sum = w[score] + v;
	double		sum2 = w[CXM_SCORES + score] + v * v;

	if (isinf(sum) || isinf(sum2))
		return CXM_ADD_UNPACK;
	if (width == 2)
	{
		uint16_t   *c = (uint16_t *) counts + score;

		if (*c == UINT16_MAX)
			return CXM_ADD_UNPACK;
		(*c)++;
	}
	else if (width == 4)
	{
		uint32_t   *c = (uint32_t *) counts + score;

		if (*c == UINT32_MAX)
			return CXM_ADD_UNPACK;
		(*c)++;
	}
	else
	{
		int64_t    *c = (int64_t *) counts + score;

		if (*c == INT64_MAX)
			return CXM_ADD_UNPACK;
		(*c)++;
	}
	w[score] = sum;
	w[CXM_SCORES + score] = sum2;
	return CXM_ADD_OK;
}

/*
 * A value with a scale, or a weight outside 2^-256..2^256: out of line, so
 * that the common path stays a leaf function without a call.
 */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static cxm_add_result
packed_add_scaled(cxm_packed *p, int score, double weight)
{
	if (weight != 0.0)
	{
		int			scale = cxm_weight_scale(weight);

		/*
		 * A larger scale, or a smaller one for a value without positive
		 * weights (they have scale 0), is the logical path's business.
		 */
		if (scale > p->scale || (scale < p->scale && p->scale == 0))
			return CXM_ADD_UNPACK;
	}
	return packed_add_value(p, score, ldexp(weight, -p->scale));
}

cxm_add_result
cxm_packed_add_weighted(cxm_packed *p, int score, double weight)
{
	/* almost always: scale 0 and a weight of scale 0, added as it is */
	if (p->scale == 0 && weight < 0x1p256 && (weight >= 0x1p-256 || weight == 0.0))
		return packed_add_value(p, score, weight);
	return packed_add_scaled(p, score, weight);
}
