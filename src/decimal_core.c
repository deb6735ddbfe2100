/*
 * decimal_core.c - exact decimal text for fractions and doubles.
 */
#include "decimal_core.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
cxm_mul_div(uint64_t a, unsigned m, uint64_t b, uint64_t *q, uint64_t *r)
{
	uint64_t	acc = 0,
				quot = 0;
	unsigned	i;

	/* acc < b and a <= b <= 2^63, so acc + a never wraps */
	for (i = 0; i < m; i++)
	{
		acc += a;
		while (acc >= b)
		{
			acc -= b;
			quot++;
		}
	}
	*q = quot;
	*r = acc;
}

/*
 * Writes sign, whole part and fractional digits, first adding one unit in
 * the last digit when round_up, then dropping trailing zeros.
 */
static void
write_digits(char *buf, bool negative, uint64_t whole, char *digits, int ndigits, bool round_up)
{
	char	   *p = buf;
	int			i;

	if (round_up)
	{
		for (i = ndigits - 1; i >= 0; i--)
		{
			if (digits[i] != '9')
			{
				digits[i]++;
				break;
			}
			digits[i] = '0';
		}
		if (i < 0)
			whole++;
	}
	while (ndigits > 0 && digits[ndigits - 1] == '0')
		ndigits--;

	if (negative && (whole != 0 || ndigits > 0))
		*p++ = '-';
	p += sprintf(p, "%" PRIu64, whole);
	if (ndigits > 0)
	{
		*p++ = '.';
		memcpy(p, digits, ndigits);
		p += ndigits;
	}
	*p = '\0';
}

void
cxm_format_fraction(char *buf, bool negative, uint64_t whole, uint64_t rem, uint64_t den)
{
	char		digits[CXM_FRACTION_DIGITS];
	int			ndigits = 0;

	for (int i = 0; i < CXM_FRACTION_DIGITS && rem != 0; i++)
	{
		uint64_t	d;

		cxm_mul_div(rem, 10, den, &d, &rem);
		digits[ndigits++] = (char) ('0' + d);
	}

	/* round half up on what is left: rem/den >= 1/2 */
	write_digits(buf, negative, whole, digits, ndigits, rem != 0 && rem >= den - rem);
}

void
cxm_format_fraction2(char *buf, uint64_t high, uint64_t low, uint64_t den, unsigned divisor)
{
	char		digits[CXM_FRACTION_DIGITS];
	int			ndigits = 0;
	uint64_t	whole = high / divisor;
	uint64_t	rem_small = high % divisor; /* value left: (rem_small + low/den) / divisor */

	for (int i = 0; i < CXM_FRACTION_DIGITS && (rem_small != 0 || low != 0); i++)
	{
		uint64_t	carry,
					t;

		/* 10 * (rem_small + low/den) = 10*rem_small + carry + low'/den */
		cxm_mul_div(low, 10, den, &carry, &low);
		t = 10 * rem_small + carry;
		digits[ndigits++] = (char) ('0' + t / divisor);
		rem_small = t % divisor;
	}

	/* round half up: (rem_small + low/den) / divisor >= 1/2 */
	write_digits(buf, false, whole, digits, ndigits,
				 2 * rem_small >= divisor || (2 * rem_small + 1 == divisor && low >= den - low));
}

void
cxm_format_double(char *buf, double value)
{
	int			precision;

	if (value == 0.0)
		value = 0.0;			/* no "-0" */
	for (precision = 15; precision < 17; precision++)
	{
		snprintf(buf, CXM_NUMBER_BUFLEN, "%.*g", precision, value);
		if (strtod(buf, NULL) == value)
			return;
	}
	snprintf(buf, CXM_NUMBER_BUFLEN, "%.17g", value);
}

cxm_whole_status
cxm_parse_whole(const char *text, int lo, int hi, int *out)
{
	const char *p = text;
	bool		negative = false;
	bool		fraction = false;
	long		value = 0;
	bool		any_digit = false;

	if (*p == '-')
	{
		negative = true;
		p++;
	}
	else if (*p == '+')
		p++;
	while (*p >= '0' && *p <= '9')
	{
		any_digit = true;
		if (value < 1000000)	/* enough to know it is out of any score range */
			value = value * 10 + (*p - '0');
		p++;
	}
	if (*p == '.')
	{
		p++;
		while (*p >= '0' && *p <= '9')
		{
			any_digit = true;
			if (*p != '0')
				fraction = true;
			p++;
		}
	}
	if (!any_digit || *p != '\0')
		return CXM_WHOLE_OUT_OF_RANGE;	/* NaN, Infinity, or not a numeral */
	if (negative)
		value = -value;
	/* a fraction lies past its whole part: -0.5 < 0 and 10.5 > 10 */
	if (value < lo || value > hi || (fraction && (negative ? value <= lo : value >= hi)))
		return CXM_WHOLE_OUT_OF_RANGE;
	if (fraction)
		return CXM_WHOLE_NOT_WHOLE;
	*out = (int) value;
	return CXM_WHOLE_OK;
}
