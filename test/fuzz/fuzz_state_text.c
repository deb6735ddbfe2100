/*
 * Fuzzes the text form and header of cxm_state: any string must read or
 * fail cleanly; what reads must write back as the same bytes (in lowercase)
 * and its header must classify without reading past the value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "state_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = malloc(size + 1);
	uint8_t    *bytes = malloc(size / 2 + 1);
	const char *why = NULL;
	size_t		len = 0;

	memcpy(text, data, size);
	text[size] = '\0';
	if (cxm_state_text_read(text, bytes, &len, &why))
	{
		char	   *again = malloc(cxm_state_text_length(len) + 1);
		uint8_t    *back = malloc(len + 1);
		size_t		len2 = 0;
		uint8_t		format,
					kind;

		if (len > strlen(text) / 2)
			abort();
		cxm_state_text_write(bytes, len, again);
		if (strlen(again) != cxm_state_text_length(len))
			abort();
		if (!cxm_state_text_read(again, back, &len2, &why) || len2 != len || memcmp(back, bytes, len) != 0)
			abort();
		(void) cxm_state_header_read(bytes, len, &format, &kind);
		free(again);
		free(back);
	}
	else if (why == NULL)
		abort();
	free(text);
	free(bytes);
	return 0;
}
