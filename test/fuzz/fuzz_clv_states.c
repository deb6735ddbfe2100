/*
 * Fuzzes the serialized states of the lifetime-value aggregates (BG/NBD and
 * Gamma-Gamma fit rows, purchase lists, RFM): any bytes must decode or fail
 * cleanly, and a decoded state must encode back to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clv_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	bool		has_penalizer;
	double		penalizer;
	size_t		n;
	cxm_period	period;
	int32_t		end_day;
	cxm_rfm_wire rfm;

	if (cxm_bgnbd_rows_decode_header(data, size, &has_penalizer, &penalizer, &n, &why))
	{
		cxm_bgnbd_row *rows = malloc(n * sizeof(cxm_bgnbd_row) + 1);

		if (cxm_bgnbd_rows_size(n) != size)
			abort();
		if (cxm_bgnbd_rows_decode(data, n, rows, &why, NULL))
		{
			uint8_t    *again = malloc(size);

			cxm_bgnbd_rows_encode(has_penalizer, penalizer, rows, n, again, NULL);
			if (memcmp(again, data, size) != 0)
				abort();
			free(again);
		}
		free(rows);
	}
	if (cxm_gg_rows_decode_header(data, size, &has_penalizer, &penalizer, &n, &why))
	{
		cxm_gg_row *rows = malloc(n * sizeof(cxm_gg_row) + 1);

		if (cxm_gg_rows_size(n) != size)
			abort();
		if (cxm_gg_rows_decode(data, n, rows, &why, NULL))
		{
			uint8_t    *again = malloc(size);

			cxm_gg_rows_encode(has_penalizer, penalizer, rows, n, again, NULL);
			if (memcmp(again, data, size) != 0)
				abort();
			free(again);
		}
		free(rows);
	}
	if (cxm_purchases_decode_header(data, size, &period, &end_day, &n, &why))
	{
		cxm_purchase *purchases = malloc(n * sizeof(cxm_purchase) + 1);

		if (cxm_purchases_size(n) != size)
			abort();
		if (cxm_purchases_decode(data, n, period, end_day, purchases, &why, NULL))
		{
			uint8_t    *again = malloc(size);
			cxm_summary summary;

			cxm_purchases_encode(period, end_day, purchases, n, again, NULL);
			if (memcmp(again, data, size) != 0)
				abort();
			if (n > 0)
				cxm_summarise(purchases, n, cxm_period_of_day(end_day, period), NULL, &summary);
			free(again);
		}
		free(purchases);
	}
	if (cxm_rfm_decode(data, size, &rfm, &why))
	{
		uint8_t    *again = malloc(size);

		if (cxm_rfm_size(rfm.sum_len) != size)
			abort();
		cxm_rfm_encode(&rfm, again);
		if (memcmp(again, data, size) != 0)
			abort();
		free(again);
	}
	return 0;
}
