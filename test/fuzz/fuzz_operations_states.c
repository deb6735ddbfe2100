/*
 * Fuzzes the serialized states of the operational aggregates (churn and
 * retention flows, shares, resolution-time sums and lists): any bytes must
 * decode or fail cleanly; a decoded state must hold only what the aggregates
 * can produce and encode back to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "operations_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* a value of the time type: finite, or -infinity/infinity */
static int
valid_time(uint8_t kind, int64_t t)
{
	if (kind == CXM_TIME_KIND_DATE)
		return t == INT32_MIN || t == INT32_MAX || (t >= CXM_OPS_FIRST_DAY && t <= CXM_OPS_LAST_DAY);
	return t == INT64_MIN || t == INT64_MAX || (t >= CXM_OPS_FIRST_USEC && t < CXM_OPS_END_USEC);
}

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
		/* what the aggregate can produce: a forward period of valid times, consistent counts */
		if (!flow.has_period || flow.period_start >= flow.period_end ||
			!valid_time(flow.time_kind, flow.period_start) || !valid_time(flow.time_kind, flow.period_end) ||
			flow.lost > flow.at_start || flow.acquired_and_lost > flow.acquired ||
			flow.at_start + flow.acquired > (uint64_t) INT64_MAX || cxm_flow_at_end(&flow) > (uint64_t) INT64_MAX)
			abort();
		cxm_flow_encode(&flow, out);
		if (size != CXM_FLOW_WIRE_SIZE || memcmp(out, data, size) != 0)
			abort();
	}
	if (cxm_share_decode(data, size, &share, &why))
	{
		if (share.yes > share.total || share.total > (uint64_t) INT64_MAX)
			abort();
		cxm_share_encode(&share, out);
		if (size != CXM_SHARE_WIRE_SIZE || memcmp(out, data, size) != 0)
			abort();
	}
	if (cxm_durations_decode(data, size, &durations, &why))
	{
		int64_t		mean;

		/* the mean of durations of at most 2^63 - 1 microseconds each is one too */
		if (durations.resolved > 0 && (!cxm_durations_mean(&durations, &mean) || mean < 0))
			abort();
		cxm_durations_encode(&durations, out);
		if (size != CXM_DURATIONS_WIRE_SIZE || memcmp(out, data, size) != 0)
			abort();
	}
	if (cxm_duration_list_decode_header(data, size, &has_fraction, &fraction, &n, &why))
	{
		int64_t    *values;
		uint8_t    *again;

		if (cxm_duration_list_size(n) != size || (has_fraction && !(fraction >= 0 && fraction <= 1)))
			abort();			/* the header vouched for the length and the fraction */
		values = malloc(n * sizeof(int64_t) + 1);
		if (cxm_duration_list_decode_values(data, n, values, &why, NULL))
		{
			again = malloc(size);
			cxm_duration_list_encode(has_fraction, fraction, values, n, again, NULL);
			if (memcmp(again, data, size) != 0)
				abort();
			for (size_t i = 0; i < n; i++)
				if (values[i] < 0)
					abort();
			if (n > 0 && cxm_percentile_cont(values, n, has_fraction ? fraction : 0.5, NULL) < 0)
				abort();
			free(again);
		}
		free(values);
	}
	return 0;
}
