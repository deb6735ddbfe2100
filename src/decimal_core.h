/*
 * decimal_core.h - exact decimal text for fractions and doubles.
 *
 * Metric results reach SQL as numeric text: an unweighted NPS is an exact
 * fraction of counts and is written digit by digit, never through a double;
 * weighted results are doubles and are written with the fewest digits that
 * read back to the same double.
 */
#ifndef CXM_DECIMAL_CORE_H
#define CXM_DECIMAL_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fractional digits kept when a fraction does not terminate (rounded half up). */
#define CXM_FRACTION_DIGITS 16

/* Longest text either formatter writes, with the terminating zero. */
#define CXM_NUMBER_BUFLEN 64

/*
 * m*a = q*b + r with 0 <= r < b, for a <= b, 0 < b <= INT64_MAX and small m,
 * without overflow or 128-bit arithmetic.
 */
void		cxm_mul_div(uint64_t a, unsigned m, uint64_t b, uint64_t *q, uint64_t *r);

/*
 * Writes (negative ? -1 : 1) * (whole + rem/den) in plain decimal, at most
 * CXM_FRACTION_DIGITS fractional digits, trailing zeros dropped.
 * Requires rem < den, 0 < den <= INT64_MAX.
 */
void		cxm_format_fraction(char *buf, bool negative, uint64_t whole, uint64_t rem, uint64_t den);

/*
 * cxm_format_fraction2 writes (high + low / den) / divisor exactly, where
 * high and divisor are small (high < 2^32, 0 < divisor <= 1000) and
 * 0 <= low < den <= INT64_MAX: a fraction whose denominator divisor * den
 * may not fit in 64 bits.  Same rounding and digits as cxm_format_fraction.
 */
void		cxm_format_fraction2(char *buf, uint64_t high, uint64_t low, uint64_t den, unsigned divisor);

/* Writes a finite double with the fewest significant digits that round-trip. */
void		cxm_format_double(char *buf, double value);

typedef enum cxm_whole_status
{
	CXM_WHOLE_OK,
	CXM_WHOLE_OUT_OF_RANGE,
	CXM_WHOLE_NOT_WHOLE
} cxm_whole_status;

/*
 * Reads a decimal numeral as written by numeric_out ("-12", "7.000", "NaN",
 * "Infinity") and checks that it is a whole number in lo..hi.  A fraction
 * outside the range reports CXM_WHOLE_OUT_OF_RANGE.
 */
cxm_whole_status cxm_parse_whole(const char *text, int lo, int hi, int *out);

#endif
