/*
 * Fuzzes the markov_chain binary and text decoders: any bytes must decode
 * or fail cleanly; a decoded chain must print and read back, and encode to
 * the same bytes (the binary form is canonical).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attribution_markov_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void *
fuzz_alloc(void *ctx, size_t size)
{
	void	   *p = malloc(size ? size : 1);

	(void) ctx;
	if (p == NULL)
		abort();
	return p;
}

static void
fuzz_release(void *ctx, void *ptr)
{
	(void) ctx;
	free(ptr);
}

static void
round_trip(const cxm_markov_alloc *mem, cxm_markov *m)
{
	cxm_markov_error err;
	size_t		len = cxm_markov_encoded_size(m);
	uint8_t    *bytes = malloc(len ? len : 1);
	char	   *text = malloc(cxm_markov_text_size(m));
	cxm_markov *again;

	cxm_markov_encode(m, bytes);
	cxm_markov_to_text(m, text);
	again = cxm_markov_from_text(mem, text, &err);
	if (again == NULL || cxm_markov_encoded_size(again) != len)
		abort();
	{
		uint8_t    *bytes2 = malloc(len ? len : 1);

		cxm_markov_encode(again, bytes2);
		if (memcmp(bytes, bytes2, len) != 0)
			abort();
		free(bytes2);
	}
	cxm_markov_free(again);
	free(text);
	free(bytes);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cxm_markov_alloc mem = {fuzz_alloc, fuzz_release, NULL};
	cxm_markov_error err;
	cxm_markov *m;
	char	   *text;

	m = cxm_markov_decode(&mem, data, size, &err);
	if (m != NULL)
	{
		uint8_t    *bytes = malloc(size ? size : 1);

		if (cxm_markov_encoded_size(m) != size)
			abort();
		cxm_markov_encode(m, bytes);
		if (memcmp(bytes, data, size) != 0)
			abort();
		free(bytes);
		round_trip(&mem, m);
		cxm_markov_free(m);
	}

	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	m = cxm_markov_from_text(&mem, text, &err);
	if (m != NULL)
	{
		round_trip(&mem, m);
		cxm_markov_free(m);
	}
	free(text);
	return 0;
}
