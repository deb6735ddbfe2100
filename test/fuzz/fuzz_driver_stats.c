/*
 * Fuzzes the driver_stats decoders: the binary (send/recv) form, the text
 * form and the stored form.  Any bytes must decode or fail cleanly; a
 * decoded value must survive encode/decode and text out/in unchanged, and
 * its statistics must compute without a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
round_trip(const cxm_drv_packed *s)
{
	size_t		size = cxm_drv_size(s->drivers);
	size_t		n = size - CXM_DRV_HEADER_SIZE;
	cxm_drv_packed *again = malloc(CXM_DRV_SIZE_MAX);
	uint8_t    *wire = malloc(cxm_drv_wire_size(s->drivers));
	char	   *text = malloc(cxm_drv_text_size(s->drivers));
	cxm_drv_input_error err;
	int			want = CXM_DRV_WANT_WEIGHTS | (s->drivers <= 12 ? CXM_DRV_WANT_SHAPLEY : 0);
	void	   *ws;
	cxm_drv_fit fit;

	if (cxm_drv_encode(s, wire) != cxm_drv_wire_size(s->drivers) ||
		!cxm_drv_decode(wire, cxm_drv_wire_size(s->drivers), again, &err) ||
		memcmp(again->values, s->values, n) != 0 || again->rows != s->rows)
		abort();
	cxm_drv_to_text(s, text);
	if (strlen(text) >= cxm_drv_text_size(s->drivers) || !cxm_drv_from_text(text, again, &err) ||
		memcmp(again->values, s->values, n) != 0 || again->weight != s->weight)
		abort();
	again->length_word = 0;
	if (!cxm_drv_validate(again, size, &err))
		abort();
	if (s->drivers > 0)
	{
		ws = malloc(cxm_drv_workspace_size(s->drivers, want) + 8);
		(void) cxm_drv_compute(s, want, ws, NULL, NULL, &fit);
		free(ws);
	}
	free(again);
	free(wire);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cxm_drv_packed *decoded = malloc(CXM_DRV_SIZE_MAX);
	cxm_drv_input_error err;
	char	   *text;

	if (cxm_drv_decode(data, size, decoded, &err))
		round_trip(decoded);

	/* the same bytes as text */
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (cxm_drv_from_text(text, decoded, &err))
		round_trip(decoded);
	free(text);

	/* and as a stored value (an exact-size heap copy, so ASan sees overreads) */
	if (size >= 8)
	{
		cxm_drv_packed *stored = malloc(size < CXM_DRV_HEADER_SIZE ? CXM_DRV_HEADER_SIZE : size);

		memset(stored, 0, size < CXM_DRV_HEADER_SIZE ? CXM_DRV_HEADER_SIZE : size);
		memcpy(stored, data, size);
		if (size >= CXM_DRV_HEADER_SIZE && cxm_drv_validate(stored, size, &err))
			round_trip(stored);
		free(stored);
	}
	free(decoded);
	return 0;
}
