/* Unit tests of src/stats_core.c against published quantiles. */
#include "stats_core.h"
#include "tap.h"

int
main(void)
{
	TAP_NEAR(cxm_qnorm(0.975), 1.9599639845400536, 1e-15, "qnorm(0.975)");
	TAP_NEAR(cxm_qnorm(0.025), -1.9599639845400536, 1e-15, "qnorm(0.025) is symmetric");
	TAP_NEAR(cxm_qnorm(0.9), 1.2815515655446008, 1e-15, "qnorm(0.9)");
	TAP_NEAR(cxm_qnorm(1e-10), -6.361340902404056, 1e-14, "qnorm(1e-10), far tail");
	TAP_NEAR(cxm_qnorm(0.5), 0.0, 1e-17, "qnorm(0.5) = 0");
	TAP_OK(isnan(cxm_qnorm(1.5)), "qnorm outside (0,1) is NaN");

	TAP_NEAR(cxm_normal_two_sided_p(1.9599639845400536), 0.05, 1e-14, "two-sided p at z = 1.96");
	TAP_NEAR(cxm_normal_two_sided_p(0.0), 1.0, 1e-15, "two-sided p at z = 0");

	TAP_NEAR(cxm_incbeta(2.0, 3.0, 0.4), 0.5248, 1e-12, "I_0.4(2,3) = 0.5248");
	TAP_NEAR(cxm_incbeta(0.5, 0.5, 0.5), 0.5, 1e-12, "I_0.5(1/2,1/2) = 1/2");

	TAP_NEAR(cxm_qt(0.975, 1), 12.706204736174707, 1e-12, "qt(0.975, 1)");
	TAP_NEAR(cxm_qt(0.975, 4), 2.7764451051977987, 1e-12, "qt(0.975, 4)");
	TAP_NEAR(cxm_qt(0.975, 9), 2.2621571627982053, 1e-12, "qt(0.975, 9)");
	TAP_NEAR(cxm_qt(0.975, 30), 2.0422724563012373, 1e-12, "qt(0.975, 30)");
	TAP_NEAR(cxm_qt(0.995, 10), 3.1692726726169518, 1e-12, "qt(0.995, 10)");
	TAP_NEAR(cxm_qt(0.025, 9), -2.2621571627982053, 1e-12, "qt(0.025, 9) is symmetric");
	TAP_NEAR(cxm_qt(0.975, 1e7), 1.9599641, 1e-7, "qt for huge df approaches qnorm");
	TAP_NEAR(cxm_pt(cxm_qt(0.9, 2.5), 2.5), 0.9, 1e-13, "pt inverts qt for fractional df");

	/* tails of confidence 1 - 2^-53; references from mpmath (40 digits) */
	TAP_NEAR(cxm_qnorm_upper(0x1p-54), 8.292361075813595538, 1e-14, "qnorm_upper(2^-54), where 1 - tail rounds to 1");
	TAP_NEAR(cxm_qt_upper(0x1p-54, 999), 8.439296383073587665, 1e-13, "qt_upper(2^-54, 999)");
	TAP_NEAR(cxm_qt_upper(0x1p-54, 4), 15247.02990221789340, 1e-12, "qt_upper(2^-54, 4)");
	TAP_NEAR(cxm_qt_upper(0.025, 9), 2.2621571627982053, 1e-12, "qt_upper(0.025, 9) = qt(0.975, 9)");
	TAP_OK(isinf(cxm_qt_upper(0.025, 2e-10)), "2e-10 degrees of freedom: the quantile passes every double");
	TAP_OK(cxm_qt_upper(0.5, 3) == 0.0, "qt_upper(1/2) = 0");
	TAP_NEAR(cxm_qt_upper(0.975, 9), -2.2621571627982053, 1e-12, "qt_upper of a tail past 1/2 is negative");
	TAP_NEAR(cxm_pt(1e160, 0.5), 1.0, 1e-15, "pt at 1e160 does not overflow t^2");

	/* closed forms: df = 1 is Cauchy, F(t) = 1/2 + atan(t)/pi; df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2)) */
	TAP_NEAR(cxm_pt(1.0, 1.0), 0.75, 1e-15, "pt(1, 1) = 1/2 + atan(1)/pi = 3/4");
	TAP_NEAR(cxm_pt(0.5, 2.0), 2.0 / 3.0, 1e-15, "pt(1/2, 2) = 1/2 + (1/2) / (2 * 3/2) = 2/3");
	TAP_NEAR(cxm_pt(-1.0, 1.0), 0.25, 1e-15, "pt(-1, 1) = 1/4");
	TAP_OK(cxm_qnorm(0.0) == -INFINITY && cxm_qnorm(1.0) == INFINITY, "qnorm(0) = -infinity, qnorm(1) = +infinity");
	/*
	 * df >= 1e5 takes the Cornish-Fisher series; its df^-2 term is 3e-10 of
	 * the quantile, so compare to 1e-14.  References: mpmath (60 digits),
	 * root of betainc(df/2, 1/2, 0, df/(df + t^2)) / 2 = tail at the exact
	 * doubles given.
	 */
	TAP_NEAR(cxm_qt_upper(0.025, 1e5), 1.959987707534609615, 1e-14, "qt_upper(0.025, 1e5) to 1e-14 (mpmath)");
	TAP_NEAR(cxm_qt_upper(1e-10, 1e5), 6.362000419843691201, 1e-14, "qt_upper(1e-10, 1e5) to 1e-14 (mpmath)");
	/* a quantile past 1e100, where the density is taken from logs (mpmath as above) */
	TAP_NEAR(cxm_qt_upper(1e-10, 0.05), 1.087604467600167705e193, 1e-12, "qt_upper(1e-10, 0.05) = 1.0876e193 (mpmath)");
	TAP_NEAR(cxm_qt_upper(1e-30, 0.1), 1.604425705666506782e296, 1e-12, "qt_upper(1e-30, 0.1) = 1.6044e296 (mpmath)");
	return tap_done();
}
