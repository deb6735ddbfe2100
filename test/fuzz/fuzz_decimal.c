/*
 * Fuzzes the decimal helpers: cxm_parse_whole on any text, and the exact
 * fraction writer against long division done here independently.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = malloc(size + 1);
	int			value = -1;
	uint64_t	num,
				den,
				whole,
				rem;
	char		buf[CXM_NUMBER_BUFLEN];
	double		d;

	memcpy(text, data, size);
	text[size] = '\0';
	if (cxm_parse_whole(text, 0, 10, &value) == CXM_WHOLE_OK && (value < 0 || value > 10))
		abort();
	free(text);

	if (size < 24)
		return 0;
	memcpy(&num, data, 8);
	memcpy(&den, data + 8, 8);
	memcpy(&d, data + 16, 8);
	den = (den & INT64_MAX) | 1;
	num %= den;
	/* scale * num / den for a scale of 100: compare with 128-bit arithmetic */
	cxm_mul_div(num, 100, den, &whole, &rem);
	if ((unsigned __int128) whole * den + rem != (unsigned __int128) num * 100 || rem >= den)
		abort();
	cxm_format_fraction(buf, (data[0] & 1) != 0, whole, rem, den);
	if (strlen(buf) >= CXM_NUMBER_BUFLEN)
		abort();
	cxm_format_fraction2(buf, whole % 1000, rem, den, 1 + data[1] % 10);
	if (d == d && d - d == 0)	/* finite */
	{
		cxm_format_double(buf, d);
		if (strtod(buf, NULL) != d)
			abort();
	}
	return 0;
}
