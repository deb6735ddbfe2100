/*
 * Fuzzes the ratings binary (send/recv) decoder and the stored form: any
 * bytes must decode or fail cleanly; a decoded value must survive encode,
 * pack and unpack unchanged, have finite statistics in their ranges and
 * merge into a value that is accepted too (ratings_fuzz_checks.h).  Also
 * feeds the bytes to cxm_unpack as a stored value, which must never read
 * past them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ratings_core.h"
#include "ratings_fuzz_checks.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cxm_ratings decoded,
				again;
	cxm_input_error err;

	if (cxm_ratings_decode(data, size, &decoded, &err))
	{
		uint8_t		wire[CXM_RATINGS_WIRE_WEIGHTED];
		size_t		len = cxm_ratings_encode(&decoded, wire);
		size_t		stored_size = cxm_packed_size_for(&decoded);
		cxm_packed *stored = malloc(stored_size);

		if (!cxm_ratings_decode(wire, len, &again, &err) || memcmp(&decoded, &again, sizeof(again)) != 0)
			abort();
		cxm_pack(&decoded, stored);
		if (cxm_packed_size(stored) != stored_size || !cxm_unpack(stored, stored_size, &again) ||
			memcmp(&decoded, &again, sizeof(again)) != 0)
			abort();
		free(stored);
		check_accepted_ratings(&decoded);
	}

	/* the same bytes as a stored value (an exact-size heap copy, so ASan sees overreads) */
	if (size >= sizeof(cxm_packed))
	{
		cxm_packed *stored = malloc(size);

		memcpy(stored, data, size);
		(void) cxm_unpack(stored, size, &again);
		free(stored);
	}
	return 0;
}
