/*
 * Fuzzes the serialized states of the operational aggregates (churn and
 * retention flows, shares, resolution-time sums and lists): any bytes must
 * decode or fail cleanly, and a decoded state must encode back to the same
 * bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "operations_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	uint8_t		out[64];
	cxm_flow	flow;
	cxm_share	share;
	cxm_durations durations;
	bool		has_fraction;
	double		fraction;
	size_t		n;

	if (cxm_flow_decode(data, size, &flow, &why))
	{
		cxm_flow_encode(&flow, out);
		if (size != CXM_FLOW_WIRE_SIZE || memcmp(out, data, size) != 0)
			abort();
	}
	if (cxm_share_decode(data, size, &share, &why))
	{
		cxm_share_encode(&share, out);
		if (size != CXM_SHARE_WIRE_SIZE || memcmp(out, data, size) != 0)
			abort();
	}
	if (cxm_durations_decode(data, size, &durations, &why))
	{
		cxm_durations_encode(&durations, out);
		if (size != CXM_DURATIONS_WIRE_SIZE || memcmp(out, data, size) != 0)
			abort();
	}
	if (cxm_duration_list_decode_header(data, size, &has_fraction, &fraction, &n, &why))
	{
		int64_t    *values;
		uint8_t    *again;

		if (cxm_duration_list_size(n) != size)
			abort();			/* the header vouched for the length */
		values = malloc(n * sizeof(int64_t) + 1);
		if (cxm_duration_list_decode_values(data, n, values, &why, NULL))
		{
			again = malloc(size);
			cxm_duration_list_encode(has_fraction, fraction, values, n, again, NULL);
			if (memcmp(again, data, size) != 0)
				abort();
			if (n > 0)
				(void) cxm_percentile_cont(values, n, has_fraction ? fraction : 0.5, NULL);
			free(again);
		}
		free(values);
	}
	return 0;
}
