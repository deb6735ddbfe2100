/*
 * support.h - what several unit tests share: a seeded random generator, a
 * malloc-backed allocator for the journey cores and memory that ends at an
 * unmapped page.  Everything is static inline, so a test that uses only
 * part of it still builds with -Werror.
 */
#ifndef CXM_TEST_SUPPORT_H
#define CXM_TEST_SUPPORT_H

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sessions_core.h"

/*
 * xorshift64: each test file sets its own TEST_RANDOM_SEED before including
 * this header, so its random data is the same on every run.
 */
#ifndef TEST_RANDOM_SEED
#define TEST_RANDOM_SEED UINT64_C(88172645463325252)
#endif
static uint64_t rng __attribute__((unused)) = TEST_RANDOM_SEED;

static inline uint64_t
next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static inline void *
test_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return malloc(size);
}

static inline void *
test_grow(void *ctx, void *block, size_t old_size, size_t new_size)
{
	(void) ctx;
	(void) old_size;
	return realloc(block, new_size);
}

static inline void
test_release(void *ctx, void *block)
{
	(void) ctx;
	free(block);
}

/* the glue's allocator, as plain malloc */
static const cxm_sess_allocator mem = {test_alloc, test_grow, test_release, NULL};

/*
 * size bytes whose last one is the last byte before an unmapped page, so a
 * read past the end faults (the test dies instead of passing by chance);
 * NULL when the guard page cannot be set up.  Release with guarded_free.
 */
static inline void *
guarded_alloc(size_t size)
{
	size_t		page = (size_t) sysconf(_SC_PAGESIZE);
	size_t		span = (size + page - 1) / page * page + page;
	unsigned char *map = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (map == MAP_FAILED)
		return NULL;
	if (mprotect(map + span - page, page, PROT_NONE) != 0)
	{
		munmap(map, span);
		return NULL;
	}
	return map + span - page - size;
}

static inline void
guarded_free(void *block, size_t size)
{
	size_t		page = (size_t) sysconf(_SC_PAGESIZE);
	size_t		span = (size + page - 1) / page * page + page;

	munmap((unsigned char *) block + size + page - span, span);
}

/*
 * McIlroy's adversary ("A Killer Adversary for Quicksort", Software:
 * Practice and Experience 29(4), 1999), the comparison half: every item
 * starts as "gas" (adversary_value[item] == adversary_gas), worth more than
 * any frozen item; when two gas items meet, one is frozen at the next value
 * up, preferring the one not just seen as the likely pivot.  A test plays it
 * against its own copy of a sort's partitioning (events, sessions).
 */
static int64_t *adversary_value __attribute__((unused));
static int64_t adversary_gas __attribute__((unused)),
			adversary_frozen __attribute__((unused)),
			adversary_candidate __attribute__((unused));

static inline int
adversary_cmp(int64_t x, int64_t y)
{
	if (adversary_value[x] == adversary_gas && adversary_value[y] == adversary_gas)
		adversary_value[x == adversary_candidate ? x : y] = adversary_frozen++;
	if (adversary_value[x] == adversary_gas)
		adversary_candidate = x;
	else if (adversary_value[y] == adversary_gas)
		adversary_candidate = y;
	return (adversary_value[x] > adversary_value[y]) - (adversary_value[x] < adversary_value[y]);
}

static inline void
swap_positions(int64_t *p, size_t i, size_t j)
{
	int64_t		t = p[i];

	p[i] = p[j];
	p[j] = t;
}

#endif
