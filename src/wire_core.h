/*
 * wire_core.h - big-endian integers and doubles for the binary forms
 * (send/recv, serialized aggregate states), shared by every room's core.
 *
 * Plain C, no PostgreSQL headers.
 */
#ifndef CXM_WIRE_CORE_H
#define CXM_WIRE_CORE_H

#include <stdint.h>
#include <string.h>

/* Each writer returns the position after what it wrote. */
static inline uint8_t *
cxm_be_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t) (v >> 24);
	p[1] = (uint8_t) (v >> 16);
	p[2] = (uint8_t) (v >> 8);
	p[3] = (uint8_t) v;
	return p + 4;
}

static inline uint8_t *
cxm_be_put64(uint8_t *p, uint64_t v)
{
	p = cxm_be_put32(p, (uint32_t) (v >> 32));
	return cxm_be_put32(p, (uint32_t) v);
}

static inline uint8_t *
cxm_be_put_double(uint8_t *p, double d)
{
	uint64_t	bits;

	memcpy(&bits, &d, sizeof(bits));
	return cxm_be_put64(p, bits);
}

static inline uint32_t
cxm_be_get32(const uint8_t *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

static inline uint64_t
cxm_be_get64(const uint8_t *p)
{
	return ((uint64_t) cxm_be_get32(p) << 32) | cxm_be_get32(p + 4);
}

static inline double
cxm_be_get_double(const uint8_t *p)
{
	uint64_t	bits = cxm_be_get64(p);
	double		d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

#endif
