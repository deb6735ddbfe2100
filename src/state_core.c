/*
 * state_core.c - header and text form of cxm_state (see state_core.h).
 */
#include "state_core.h"

cxm_state_header_status
cxm_state_header_read(const uint8_t *bytes, size_t len, uint8_t *format, uint8_t *kind)
{
	if (len < CXM_STATE_HEADER_SIZE)
		return CXM_STATE_HEADER_SHORT;
	*format = bytes[0];
	*kind = bytes[1];
	if (*format == 0)
		return CXM_STATE_HEADER_BAD_FORMAT;
	if (*format > CXM_STATE_FORMAT)
		return CXM_STATE_HEADER_NEWER;
	if (*kind == 0)
		return CXM_STATE_HEADER_BAD_KIND;
	if (*kind > CXM_STATE_KIND_MAX)
		return CXM_STATE_HEADER_NEWER;
	return CXM_STATE_HEADER_OK;
}

size_t
cxm_state_text_length(size_t len)
{
	return 2 + 2 * len;
}

void
cxm_state_text_write(const uint8_t *bytes, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	*out++ = '\\';
	*out++ = 'x';
	for (size_t i = 0; i < len; i++)
	{
		*out++ = digits[bytes[i] >> 4];
		*out++ = digits[bytes[i] & 15];
	}
	*out = '\0';
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
cxm_state_text_read(const char *text, uint8_t *out, size_t *len, const char **why)
{
	size_t		n = 0;

	if (text[0] != '\\' || text[1] != 'x')
	{
		*why = "it does not start with \\x";
		return false;
	}
	text += 2;
	while (text[0] != '\0')
	{
		int			high = hex_value(text[0]);
		int			low;

		if (high < 0)
		{
			*why = "it has a character that is not a hexadecimal digit";
			return false;
		}
		low = hex_value(text[1]);
		if (low < 0)
		{
			*why = text[1] == '\0' ? "it has an odd number of hexadecimal digits"
				: "it has a character that is not a hexadecimal digit";
			return false;
		}
		out[n++] = (uint8_t) (high << 4 | low);
		text += 2;
	}
	*len = n;
	return true;
}
