/*
 * ratings_fuzz_checks.h - what every accepted ratings value must satisfy,
 * shared by the text and binary harnesses: the input checks let through only
 * sums that real weights give, so every statistic of an accepted value is a
 * finite number in its range (or NULL), at any valid confidence level, and
 * merging it keeps it acceptable.  Aborts otherwise.
 */
#ifndef CXM_RATINGS_FUZZ_CHECKS_H
#define CXM_RATINGS_FUZZ_CHECKS_H

#include <math.h>
#include <stdlib.h>

#include "decimal_core.h"
#include "ratings_core.h"

static void
check_number(bool defined, const char *text, double lo, double hi)
{
	double		v;

	if (!defined)
		return;
	v = strtod(text, NULL);
	if (!(v >= lo - 1e-9 && v <= hi + 1e-9))	/* a point estimate may round past its range by an ulp */
		abort();
}

static void
check_interval(bool defined, const cxm_interval *iv, double lo, double hi)
{
	if (defined && !(iv->lower >= lo && iv->lower <= iv->upper && iv->upper <= hi && !isnan(iv->margin)))
		abort();
}

static void
check_accepted_ratings(const cxm_ratings *r)
{
	static const double confidences[] = {0.95, 0.5, 1.0 - 0x1p-53, 5e-324};
	char		number[CXM_NUMBER_BUFLEN];
	cxm_interval iv;
	double		n = (double) cxm_ratings_responses(r);
	double		n_eff = cxm_ratings_effective_size(r);
	double		p;
	cxm_ratings twice = *r,
				again;
	cxm_input_error err;

	if (!(isfinite(cxm_ratings_total_weight(r)) && n_eff >= 0.0 && n_eff <= n))
		abort();
	check_number(cxm_nps_text(r, number), number, -100.0, 100.0);
	check_number(cxm_share_text(r, 4, 10, number), number, 0.0, 100.0);
	check_number(cxm_mean_text(r, number), number, 0.0, 10.0);
	check_number(cxm_scaled_mean_text(r, 0, 10, number), number, 0.0, 100.0);
	for (int c = 0; c < 4; c++)
	{
		for (int m = 0; m < 3; m++)
			check_interval(cxm_nps_interval(r, confidences[c], (cxm_nps_method) m, &iv), &iv, -100.0, 100.0);
		check_interval(cxm_share_interval(r, 4, 10, confidences[c], &iv), &iv, 0.0, 100.0);
		check_interval(cxm_mean_interval(r, confidences[c], 0.0, 10.0, &iv), &iv, 0.0, 10.0);
	}
	if (cxm_nps_pvalue(r, r, &p) && !(p >= 0.0 && p <= 1.0))
		abort();

	/* a rollup of accepted values is accepted too */
	if (cxm_ratings_merge(&twice, r) == CXM_OK)
	{
		again = twice;
		if (!cxm_ratings_validate(&again, &err))
			abort();
	}
}

#endif
