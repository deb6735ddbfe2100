/*
 * stats_core.c - normal and Student t distribution functions.
 *
 * Intervals must use exact quantiles (not 1.96), so we carry our own:
 * Wichura's AS 241 for the normal quantile (about 1e-16 relative error), a
 * Lentz continued fraction for the incomplete beta function behind the t
 * distribution, and a bracketed Newton iteration to invert it.
 */
#include "stats_core.h"

#include <float.h>
#include <math.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Wichura, "The percentage points of the normal distribution", AS 241 (1988). */
double
cxm_qnorm(double p)
{
	double		q,
				r,
				val;

	if (!(p > 0.0 && p < 1.0))
		return p == 0.0 ? -INFINITY : (p == 1.0 ? INFINITY : NAN);

	q = p - 0.5;
	if (fabs(q) <= 0.425)
	{
		r = 0.180625 - q * q;
		return q * (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r
						 + 6.7265770927008700853e+4) * r + 4.5921953931549871457e+4) * r
					   + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r
					 + 1.3314166789178437745e+2) * r + 3.3871328727963666080e+0)
			/ (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r
					+ 3.9307895800092710610e+4) * r + 2.1213794301586595867e+4) * r
				  + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r
				+ 4.2313330701600911252e+1) * r + 1.0);
	}

	r = q < 0.0 ? p : 1.0 - p;
	r = sqrt(-log(r));
	if (r <= 5.0)
	{
		r -= 1.6;
		val = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
					+ 2.41780725177450611770e-1) * r + 1.27045825245236838258e+0) * r
				  + 3.64784832476320460504e+0) * r + 5.76949722146069140550e+0) * r
				+ 4.63033784615654529590e+0) * r + 1.42343711074968357734e+0)
			/ (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
					+ 1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r
				  + 6.89767334985100004550e-1) * r + 1.67638483018380384940e+0) * r
				+ 2.05319162663775882187e+0) * r + 1.0);
	}
	else
	{
		r -= 5.0;
		val = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
					+ 1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r
				  + 2.96560571828504891230e-1) * r + 1.78482653991729133580e+0) * r
				+ 5.46378491116411436990e+0) * r + 6.65790464350110377720e+0)
			/ (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
					+ 1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r
				  + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
				+ 5.99832206555887937690e-1) * r + 1.0);
	}
	return q < 0.0 ? -val : val;
}

double
cxm_qnorm_upper(double tail)
{
	/* AS 241 works from min(p, 1 - p): the small tail itself keeps its digits */
	return -cxm_qnorm(tail);
}

double
cxm_normal_two_sided_p(double z)
{
	return erfc(fabs(z) / sqrt(2.0));
}

/* Continued fraction for I_x(a, b), modified Lentz method; valid for x < (a+1)/(a+b+2). */
static double
incbeta_fraction(double a, double b, double x)
{
	const double tiny = 1e-300;
	double		c = 1.0,
				d,
				f;
	int			m;

	d = 1.0 - (a + b) * x / (a + 1.0);
	if (fabs(d) < tiny)
		d = tiny;
	d = 1.0 / d;
	f = d;
	for (m = 1; m <= 100000; m++)
	{
		double		m2 = 2.0 * m;
		double		num;
		double		delta;

		/* even step */
		num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
		d = 1.0 + num * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + num / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		f *= d * c;

		/* odd step */
		num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
		d = 1.0 + num * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + num / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		delta = d * c;
		f *= delta;
		if (fabs(delta - 1.0) < 1e-16)
			break;
	}
	return f;
}

/*
 * I_x(a, b) from x and log(x), log(1 - x): the logs stay exact where x
 * itself underflows (the far tail of Student's t for tiny df).
 */
static double
incbeta_logs(double a, double b, double x, double log_x, double log1m_x)
{
	double		log_front = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log_x + b * log1m_x;

	if (x < (a + 1.0) / (a + b + 2.0))
		return exp(log_front) * incbeta_fraction(a, b, x) / a;
	return 1.0 - exp(log_front) * incbeta_fraction(b, a, 1.0 - x) / b;
}

double
cxm_incbeta(double a, double b, double x)
{
	if (!(a > 0.0 && b > 0.0) || isnan(x))
		return NAN;
	if (x <= 0.0)
		return 0.0;
	if (x >= 1.0)
		return 1.0;
	return incbeta_logs(a, b, x, log(x), log1p(-x));
}

double
cxm_pt(double t, double df)
{
	double		tail;

	if (isnan(t) || !(df > 0.0))
		return NAN;
	if (isinf(t))
		return t > 0 ? 1.0 : 0.0;
	/* P(T > |t|) = I_{df/(df+t^2)}(df/2, 1/2) / 2 */
	tail = 0.5 * cxm_incbeta(df / 2.0, 0.5, df / (df + t * t));
	return t > 0 ? 1.0 - tail : tail;
}

/* log of the t density, for Newton steps; t^2 is never formed for large t */
static double
log_t_density(double t, double df)
{
	double		log_term = fabs(t) < 1e100 ? log1p(t * t / df)
		: 2.0 * log(fabs(t)) - log(df) + log1p(df / t / t);

	return lgamma((df + 1.0) / 2.0) - lgamma(df / 2.0) - 0.5 * log(df * M_PI)
		- (df + 1.0) / 2.0 * log_term;
}

/* Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5); error O(df^-5). */
static double
qt_large_df(double z, double df)
{
	double		z2 = z * z;
	double		g1 = (z2 + 1.0) * z / 4.0;
	double		g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
	double		g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
	double		g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;

	return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/*
 * P(T > t) for t >= 0: I_x(df/2, 1/2) / 2 with x = df / (df + t^2).  For
 * large t, x and 1 - x come from their logs, so that neither t^2 nor x
 * leaves the range of double.
 */
static double
t_upper_tail(double t, double df)
{
	double		x,
				log_x;

	if (t < 1e100)
	{
		x = df / (df + t * t);
		return 0.5 * cxm_incbeta(df / 2.0, 0.5, x);
	}
	log_x = log(df) - 2.0 * log(t) - log1p(df / t / t);
	x = exp(log_x);
	return 0.5 * incbeta_logs(df / 2.0, 0.5, x, log_x, log1p(-x));
}

double
cxm_qt_upper(double tail, double df)
{
	double		lo,
				hi,
				t;
	int			i;

	if (isnan(tail) || isnan(df) || !(df > 0.0))
		return NAN;
	if (tail <= 0.0)
		return tail == 0.0 ? INFINITY : NAN;
	if (tail >= 1.0)
		return tail == 1.0 ? -INFINITY : NAN;
	if (tail > 0.5)
		return -cxm_qt_upper(1.0 - tail, df);
	if (tail == 0.5)
		return 0.0;
	if (df >= 1e5)
		return qt_large_df(cxm_qnorm_upper(tail), df);

	/* bracket the root: tail(lo) > target >= tail(hi) */
	lo = 0.0;
	hi = 2.0;
	while (t_upper_tail(hi, df) > tail)
	{
		lo = hi;
		hi *= 2.0;
		if (hi > 1e300)
			return INFINITY;
	}

	t = fmin(fmax(cxm_qnorm_upper(tail), lo), hi);
	for (i = 0; i < 200; i++)
	{
		double		f = t_upper_tail(t, df) - tail;
		double		next;

		if (f == 0.0)
			return t;
		if (f > 0.0)
			lo = t;
		else
			hi = t;
		/* Newton: the tail falls at the rate of the density */
		next = t + f / exp(log_t_density(t, df));
		if (!(next > lo && next < hi))
			next = 0.5 * (lo + hi);	/* Newton left the bracket: bisect */
		if (fabs(next - t) <= 4.0 * DBL_EPSILON * fabs(next) || hi - lo <= 4.0 * DBL_EPSILON * hi)
			return next;
		t = next;
	}
	return t;
}

double
cxm_qt(double p, double df)
{
	if (isnan(p) || isnan(df) || !(df > 0.0))
		return NAN;
	if (p <= 0.0)
		return p == 0.0 ? -INFINITY : NAN;
	if (p >= 1.0)
		return p == 1.0 ? INFINITY : NAN;
	/* 1 - p is exact for p >= 1/2 */
	return p >= 0.5 ? cxm_qt_upper(1.0 - p, df) : -cxm_qt_upper(p, df);
}
