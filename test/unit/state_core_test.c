/* Unit tests of src/state_core.c: the header and text form of cxm_state. */
#include "state_core.h"
#include "tap.h"

static int
read_text(const char *text, uint8_t *out, size_t *len, const char **why)
{
	*why = NULL;
	return cxm_state_text_read(text, out, len, why);
}

int
main(void)
{
	uint8_t		bytes[16];
	uint8_t		format = 0,
				kind = 0;
	size_t		len = 0;
	const char *why = NULL;
	char		text[64];

	/* header */
	TAP_OK(cxm_state_header_read((const uint8_t *) "\x01\x01", 2, &format, &kind) == CXM_STATE_HEADER_OK
		   && format == 1 && kind == CXM_STATE_CUSTOMER_FLOW, "format 1, kind 1 is read");
	TAP_OK(cxm_state_header_read((const uint8_t *) "\x01", 1, &format, &kind) == CXM_STATE_HEADER_SHORT,
		   "one byte is too short");
	TAP_OK(cxm_state_header_read((const uint8_t *) "", 0, &format, &kind) == CXM_STATE_HEADER_SHORT,
		   "no byte is too short");
	TAP_OK(cxm_state_header_read((const uint8_t *) "\x00\x01", 2, &format, &kind) == CXM_STATE_HEADER_BAD_FORMAT,
		   "format 0 is never written");
	TAP_OK(cxm_state_header_read((const uint8_t *) "\x02\x01", 2, &format, &kind) == CXM_STATE_HEADER_NEWER,
		   "format 2 comes from a newer cxm");
	TAP_OK(cxm_state_header_read((const uint8_t *) "\x01\x00", 2, &format, &kind) == CXM_STATE_HEADER_BAD_KIND,
		   "kind 0 is never written");
	bytes[0] = CXM_STATE_FORMAT;
	bytes[1] = CXM_STATE_KIND_MAX;
	TAP_OK(cxm_state_header_read(bytes, 2, &format, &kind) == CXM_STATE_HEADER_OK, "the last known kind is read");
	bytes[1] = CXM_STATE_KIND_MAX + 1;
	TAP_OK(cxm_state_header_read(bytes, 2, &format, &kind) == CXM_STATE_HEADER_NEWER,
		   "a kind past the last known one comes from a newer cxm");

	/* text form */
	bytes[0] = 0x01;
	bytes[1] = 0xab;
	bytes[2] = 0x00;
	bytes[3] = 0xf0;
	TAP_OK(cxm_state_text_length(4) == 10, "four bytes take \\x and eight digits");
	cxm_state_text_write(bytes, 4, text);
	TAP_STR(text, "\\x01ab00f0", "bytes are written as \\x and lowercase hexadecimal");
	cxm_state_text_write(bytes, 0, text);
	TAP_STR(text, "\\x", "no bytes are written as \\x");

	TAP_OK(read_text("\\x01AB00f0", bytes, &len, &why) && len == 4 && bytes[0] == 0x01 && bytes[1] == 0xab
		   && bytes[2] == 0x00 && bytes[3] == 0xf0, "upper and lower case digits are read");
	TAP_OK(read_text("\\x", bytes, &len, &why) && len == 0, "\\x alone is no bytes");
	TAP_OK(!read_text("01ab", bytes, &len, &why) && why != NULL, "a value without \\x is refused");
	TAP_OK(!read_text("\\x0", bytes, &len, &why) && strstr(why, "odd") != NULL, "an odd number of digits is refused");
	TAP_OK(!read_text("\\x0g", bytes, &len, &why) && strstr(why, "not a hexadecimal") != NULL, "a non-digit is refused");
	TAP_OK(!read_text("\\x 01", bytes, &len, &why), "a space is refused");
	TAP_OK(!read_text("\\x01 ", bytes, &len, &why), "a trailing space is refused");
	TAP_OK(!read_text("\\X01", bytes, &len, &why), "\\X is not \\x");
	TAP_OK(!read_text("", bytes, &len, &why), "an empty string is refused");
	TAP_OK(!read_text("\\", bytes, &len, &why), "a lone backslash is refused");
	return tap_done();
}
