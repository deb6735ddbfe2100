/*
 * Fuzzes the ratings text parser: any bytes must parse or fail cleanly, and
 * whatever parses must print and parse back to the same value, have finite
 * statistics in their ranges and merge into a value that is accepted too
 * (ratings_fuzz_checks.h).
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
	char	   *text = malloc(size + 1);
	char		printed[CXM_RATINGS_TEXT_MAX];
	cxm_ratings parsed,
				again;
	cxm_input_error err;

	memcpy(text, data, size);
	text[size] = '\0';
	if (cxm_ratings_from_text(text, &parsed, &err))
	{
		size_t		len = cxm_ratings_to_text(&parsed, printed);

		if (len >= sizeof(printed) || !cxm_ratings_from_text(printed, &again, &err) ||
			memcmp(&parsed, &again, sizeof(parsed)) != 0)
			abort();
		check_accepted_ratings(&parsed);
	}
	else if (err.message[0] == '\0' || err.position > (int) size)
		abort();				/* every failure explains itself */
	free(text);
	return 0;
}
