/*
 * Fuzzes the attribution parsers of text that comes from users or from
 * numeric_out: model names, conversion values (rule-based and Markov), and
 * the exact apportioning of a value over weights, which must always add up.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attribution_core.h"
#include "attribution_markov_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = malloc(size + 1);
	cxm_attr_model model;
	cxm_attr_decimal value;
	cxm_markov_value mvalue;

	memcpy(text, data, size);
	text[size] = '\0';
	if (cxm_attr_model_parse(text, size, &model) && (int) model >= CXM_ATTR_MODELS)
		abort();
	(void) cxm_attr_value_parse(text, &value);
	if (cxm_markov_value_parse(text, size, &mvalue) == CXM_MARKOV_VALUE_OK)
	{
		char		buf[CXM_MARKOV_VALUE_BUFLEN];
		cxm_markov_value again;

		cxm_markov_value_format(mvalue, buf);
		if (cxm_markov_value_parse(buf, strlen(buf), &again) != CXM_MARKOV_VALUE_OK ||
			again.hi != mvalue.hi || again.lo != mvalue.lo)
			abort();
	}
	free(text);

	/* apportion a total over up to 16 weights taken from the bytes */
	if (size >= 9)
	{
		uint64_t	total;
		double		w[16];
		uint64_t	out[16];
		uint64_t	sum = 0;
		int			m = 0;
		bool		positive = false;

		memcpy(&total, data, 8);
		total >>= 1;			/* leave room: credits are summed below */
		for (size_t i = 8; i < size && m < 16; i++, m++)
		{
			w[m] = data[i] / 16.0;
			positive |= w[m] > 0;
		}
		if (positive)
		{
			cxm_attr_apportion(total, w, m, out);
			for (int k = 0; k < m; k++)
				sum += out[k];
			if (sum != total)
				abort();
		}
	}
	return 0;
}
