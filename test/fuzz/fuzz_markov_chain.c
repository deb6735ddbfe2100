/*
 * Fuzzes the markov_chain binary and text decoders: any bytes must decode
 * or fail cleanly; a decoded chain must print and read back, and encode to
 * the same bytes (the binary form is canonical).  A decoded chain must also
 * be one that journeys can make, checked here independently of the
 * decoder: as many journeys leave every state as enter it, no journey
 * takes more than CXM_MARKOV_MAX_TOUCHES touches, no state repeats more
 * than CXM_MARKOV_MAX_TOUCHES - 1 times per entry; and it must solve: the
 * conversion probability is conversions / journeys and every removal
 * effect lies in [0, 1].
 *
 * The binary decoder is also how markov_model's partial states are read
 * (a cxm_state of kind CXM_STATE_MARKOV: two header bytes, then this
 * form), so an input with that header is also read as state.c reads it:
 * the header checked by cxm_state_header_read, the rest decoded.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attribution_markov_core.h"
#include "state_core.h"

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
check_invariants(const cxm_markov *m)
{
	unsigned __int128 touches = 0;
	uint64_t	started = 0,
				converted = 0;
	unsigned __int128 *in = calloc((size_t) m->n_states, sizeof(*in));
	unsigned __int128 *out = calloc((size_t) m->n_states, sizeof(*out));
	uint64_t   *self = calloc((size_t) m->n_states, sizeof(*self));
	double		p = -1,
			   *effects = malloc(sizeof(double) * (size_t) (m->n_channels + 1));

	for (int k = 0; k < m->n_transitions; k++)
	{
		const cxm_markov_transition *t = &m->transitions[k];

		out[t->from] += t->count;
		if (t->from == 0)
			started += t->count;
		if (t->column == CXM_MARKOV_COL_CONVERSION)
			converted += t->count;
		if (t->to >= 0)
		{
			in[t->to] += t->count;
			touches += t->count;
			if (t->to == t->from)
				self[t->to] = t->count;
		}
	}
	if (started != m->journeys || converted != m->conversions || m->journeys == 0)
		abort();
	if (touches > (unsigned __int128) m->journeys * CXM_MARKOV_MAX_TOUCHES)
		abort();
	for (int s = 1; s < m->n_states; s++)
		if (in[s] != out[s] || (unsigned __int128) self[s] > (in[s] - self[s]) * (CXM_MARKOV_MAX_TOUCHES - 1))
			abort();
	if (cxm_markov_removal_effects(m, &p, effects, NULL, NULL))
	{
		double		rate = (double) m->conversions / (double) m->journeys;

		if (!(fabs(p - rate) <= 1e-9 * (rate > 1e-300 ? rate : 1) + 1e-300))
			abort();
		for (int c = 0; c < m->n_channels; c++)
			if (!(effects[c] >= 0.0 && effects[c] <= 1.0))
				abort();
	}
	free(in);
	free(out);
	free(self);
	free(effects);
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
		check_invariants(m);
		round_trip(&mem, m);
		cxm_markov_free(m);
	}

	/* as a cxm_state: only a valid header reaches the chain's decoder */
	{
		uint8_t		format,
					kind;

		if (cxm_state_header_read(data, size, &format, &kind) == CXM_STATE_HEADER_OK &&
			kind == CXM_STATE_MARKOV)
		{
			m = cxm_markov_decode(&mem, data + CXM_STATE_HEADER_SIZE, size - CXM_STATE_HEADER_SIZE, &err);
			if (m != NULL)
			{
				check_invariants(m);
				cxm_markov_free(m);
			}
		}
	}

	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	m = cxm_markov_from_text(&mem, text, &err);
	if (m != NULL)
	{
		check_invariants(m);
		round_trip(&mem, m);
		cxm_markov_free(m);
	}
	free(text);
	return 0;
}
