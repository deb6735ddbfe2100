/* tap.h - a few TAP assertions for the plain-C unit tests. */
#ifndef CXM_TAP_H
#define CXM_TAP_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int	tap_count = 0;
static int	tap_failures = 0;

static void
tap_result(int ok, const char *name)
{
	tap_count++;
	if (!ok)
		tap_failures++;
	printf("%sok %d - %s\n", ok ? "" : "not ", tap_count, name);
}

#define TAP_OK(cond, name) tap_result((cond) != 0, name)

#define TAP_STR(got, want, name) do { \
	const char *got_ = (got), *want_ = (want); \
	int ok_ = strcmp(got_, want_) == 0; \
	tap_result(ok_, name); \
	if (!ok_) printf("#   got:  \"%s\"\n#   want: \"%s\"\n", got_, want_); \
} while (0)

/* |got - want| <= tol * max(1, |want|) */
#define TAP_NEAR(got, want, tol, name) do { \
	double got_ = (got), want_ = (want); \
	int ok_ = fabs(got_ - want_) <= (tol) * fmax(1.0, fabs(want_)); \
	tap_result(ok_, name); \
	if (!ok_) printf("#   got:  %.17g\n#   want: %.17g\n", got_, want_); \
} while (0)

static int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failures != 0;
}

#endif
