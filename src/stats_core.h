/*
 * stats_core.h - distribution functions used by the interval estimators.
 *
 * Plain C, no PostgreSQL headers: unit-tested and fuzzed on its own.
 */
#ifndef CXM_STATS_CORE_H
#define CXM_STATS_CORE_H

/* Quantile of the standard normal distribution, 0 < p < 1 (Wichura, AS 241). */
double		cxm_qnorm(double p);

/*
 * The z with P(Z > z) = tail, 0 < tail <= 1/2, accurate for the tiny tails
 * of confidence levels close to 1 (where 1 - tail rounds to 1).
 */
double		cxm_qnorm_upper(double tail);

/* Two-sided tail probability P(|Z| >= |z|) of the standard normal. */
double		cxm_normal_two_sided_p(double z);

/* Regularized incomplete beta function I_x(a, b), a, b > 0, 0 <= x <= 1. */
double		cxm_incbeta(double a, double b, double x);

/* Cumulative distribution function of Student's t with df > 0 degrees of freedom. */
double		cxm_pt(double t, double df);

/* Quantile of Student's t, 0 < p < 1, df > 0 (df need not be an integer). */
double		cxm_qt(double p, double df);

/*
 * The t with P(T > t) = tail for Student's t with df > 0 degrees of freedom,
 * 0 < tail < 1; INFINITY when it passes every double (tiny df and tail).
 */
double		cxm_qt_upper(double tail, double df);

#endif
