/*
 * Fuzzes the stored states of the lifetime-value aggregates (the payloads of
 * their cxm_state kinds: BG/NBD and Gamma-Gamma fit rows, purchase lists,
 * RFM): any bytes must decode or fail cleanly; a decoded state must hold only
 * what the aggregates can produce (the invariants below, checked here
 * independently of the decoder) and encode back to the same bytes.  The fit
 * rows' kind reads its header with cxm_fit_rows_decode_header, then the
 * model's rows decoder: both steps are exercised here.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clv_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* -?(0|[1-9][0-9]*)(.[0-9]+)? and not a negative zero: what numeric output writes */
static int
numeric_output_form(const char *s, size_t len)
{
	size_t		i = 0,
				start;
	int			nonzero = 0;

	if (i < len && s[i] == '-')
		i++;
	start = i;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		nonzero |= s[i++] != '0';
	if (i == start || (s[start] == '0' && i - start > 1))
		return 0;
	if (i < len && s[i] == '.')
	{
		start = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			nonzero |= s[i++] != '0';
		if (i == start)
			return 0;
	}
	return i == len && (s[0] != '-' || nonzero);
}

static int
finite_time(uint8_t kind, int64_t t)
{
	return kind == 2 ? t >= CXM_FIRST_DAY && t <= CXM_LAST_DAY : t >= CXM_FIRST_USEC && t < CXM_END_USEC;
}

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
	cxm_fit_model model;

	/* the fit rows' kind: the header names the model, and reads as that model's own header decoder does */
	if (cxm_fit_rows_decode_header(data, size, &model, &has_penalizer, &penalizer, &n, &why))
	{
		bool		model_penalized;
		double		model_penalizer;
		size_t		model_n;

		if (model == CXM_FIT_MODEL_BGNBD
			? !cxm_bgnbd_rows_decode_header(data, size, &model_penalized, &model_penalizer, &model_n, &why)
			: model != CXM_FIT_MODEL_GG || !cxm_gg_rows_decode_header(data, size, &model_penalized, &model_penalizer,
																		&model_n, &why))
			abort();
		if (model_penalized != has_penalizer || memcmp(&model_penalizer, &penalizer, sizeof(double)) != 0 ||
			model_n != n)
			abort();
	}
	else if (cxm_bgnbd_rows_decode_header(data, size, &has_penalizer, &penalizer, &n, &why) ||
			 cxm_gg_rows_decode_header(data, size, &has_penalizer, &penalizer, &n, &why))
		abort();			/* a header either model reads is a fit state's */

	if (cxm_bgnbd_rows_decode_header(data, size, &has_penalizer, &penalizer, &n, &why))
	{
		cxm_bgnbd_row *rows = malloc(n * sizeof(cxm_bgnbd_row) + 1);

		if (cxm_bgnbd_rows_size(n) != size || !(penalizer >= 0 && isfinite(penalizer)))
			abort();
		if (cxm_bgnbd_rows_decode(data, n, rows, &why, NULL))
		{
			uint8_t    *again = malloc(size);

			for (size_t i = 0; i < n; i++)
			{
				if (cxm_check_history(rows[i].x, rows[i].t_x, rows[i].T) != CXM_HISTORY_OK ||
					!(rows[i].w > 0 && isfinite(rows[i].w)))
					abort();
				/* compacted: each history once, in increasing order */
				if (i > 0 && !(rows[i - 1].x < rows[i].x ||
							   (rows[i - 1].x == rows[i].x && (rows[i - 1].t_x < rows[i].t_x ||
															   (rows[i - 1].t_x == rows[i].t_x && rows[i - 1].T < rows[i].T)))))
					abort();
			}
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

			for (size_t i = 0; i < n; i++)
			{
				if (!(rows[i].x >= 1 && rows[i].x == floor(rows[i].x) && isfinite(rows[i].x)) ||
					!(rows[i].m > 0 && isfinite(rows[i].m)) || !(rows[i].w > 0 && isfinite(rows[i].w)))
					abort();
				if (i > 0 && !(rows[i - 1].x < rows[i].x || (rows[i - 1].x == rows[i].x && rows[i - 1].m < rows[i].m)))
					abort();
			}
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

		if (cxm_purchases_size(n) != size || end_day < CXM_FIRST_DAY || end_day > CXM_LAST_DAY)
			abort();
		if (cxm_purchases_decode(data, n, period, end_day, purchases, &why, NULL))
		{
			uint8_t    *again = malloc(size);
			cxm_summary summary;

			cxm_purchases_encode(period, end_day, purchases, n, again, NULL);
			if (memcmp(again, data, size) != 0)
				abort();
			if (n > 0)
			{
				cxm_summarise(purchases, n, cxm_period_of_day(end_day, period), NULL, &summary);
				if (summary.recency < 0 || summary.recency > summary.age || summary.frequency < 0 ||
					(size_t) summary.frequency >= n)
					abort();
			}
			free(again);
		}
		free(purchases);
	}
	if (cxm_rfm_decode(data, size, &rfm, &why))
	{
		uint8_t    *again = malloc(size);

		if (cxm_rfm_size(rfm.sum_len) != size || !finite_time(rfm.kind, rfm.as_of) || rfm.orders < 0 ||
			!numeric_output_form(rfm.sum_text, rfm.sum_len) ||
			(rfm.orders > 0 ? !finite_time(rfm.kind, rfm.last) || rfm.last > rfm.as_of
			 : rfm.last != 0 || rfm.sum_len != 1 || rfm.sum_text[0] != '0'))
			abort();
		cxm_rfm_encode(&rfm, again);
		if (memcmp(again, data, size) != 0)
			abort();
		free(again);
	}
	return 0;
}
