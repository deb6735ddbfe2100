/*
 * sessions_core.h - sessions over timestamps, and the pieces the journey
 * rooms (sessions, retention, paths) share: a memory interface, an in-place
 * sort that can be interrupted, big-endian byte helpers and overflow-safe
 * time arithmetic.
 *
 * Timestamps are int64 microseconds, as PostgreSQL stores timestamp and
 * timestamptz; the infinities are INT64_MIN and INT64_MAX, order like any
 * other value and are infinitely far from every other timestamp
 * (timestamp_core.h), so each starts a session of its own.
 *
 * A session is a maximal run of events in which each event follows the
 * previous one by at most `gap` (a new session starts when the time since
 * the previous event strictly exceeds it, the GA / Segment convention).  The
 * sessions of any set of events are therefore fixed by the set alone, not by
 * the order the events arrive in; session_count keeps each session as its
 * [first, last] interval, so merging two partial states is exact.
 *
 * Plain C, no PostgreSQL headers: unit-tested on its own.
 */
#ifndef CXM_SESSIONS_CORE_H
#define CXM_SESSIONS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "timestamp_core.h"

/* ---------- shared by the journey rooms ---------- */

/*
 * Memory for growing states.  The glue allocates in the aggregate's memory
 * context (and raises an error itself when it cannot); unit tests use malloc.
 * grow returns NULL only when the allocator reports failure that way.
 */
typedef struct cxm_sess_allocator
{
	void	   *(*alloc) (void *ctx, size_t size);
	void	   *(*grow) (void *ctx, void *block, size_t old_size, size_t new_size);
	void		(*release) (void *ctx, void *block);
	void	   *ctx;
} cxm_sess_allocator;

/*
 * Called every so often by long loops (sorts, merges); the glue checks for
 * query cancel there.  May be NULL.
 */
typedef void (*cxm_sess_tick) (void);

/* Elements between two ticks of a long loop. */
#define CXM_SESS_TICK_EVERY 65536

/* In-place introsort of int64 values, ascending. */
void		cxm_sess_sort_i64(int64_t *values, size_t n, cxm_sess_tick tick);

/*
 * In-place introsort of records under a caller's order.  cmp returns <0, 0,
 * >0; arg is passed through.  size must be a multiple of 8 and at most 32.
 */
void		cxm_sess_sort_records(void *records, size_t n, size_t size,
								  int (*cmp) (const void *a, const void *b, void *arg),
								  void *arg, cxm_sess_tick tick);

/* Big-endian integers in serialized states. */
static inline void
cxm_sess_put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--)
	{
		p[i] = (unsigned char) (v & 0xff);
		v >>= 8;
	}
}

static inline uint64_t
cxm_sess_get_u64(const unsigned char *p)
{
	uint64_t	v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

static inline void
cxm_sess_put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char) (v >> 24);
	p[1] = (unsigned char) (v >> 16);
	p[2] = (unsigned char) (v >> 8);
	p[3] = (unsigned char) v;
}

static inline uint32_t
cxm_sess_get_u32(const unsigned char *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

/*
 * later - earlier exceeds span (span >= 0)?  Exact for every pair of
 * timestamps, without overflow; an infinity is farther from any other
 * timestamp than every span.
 */
static inline bool
cxm_sess_exceeds(int64_t earlier, int64_t later, int64_t span)
{
	if (later <= earlier)
		return false;
	return cxm_ts_distance(earlier, later) > (uint64_t) span;
}

/* ---------- numbering rows (the sessionize window function) ---------- */

/*
 * Running state of sessionize over one partition, rows in timestamp order.
 * cxm_sess_number_next returns the session number (from 1) of the next row,
 * or 0 when its timestamp is earlier than the previous row's (the rows are
 * not in timestamp order).
 */
typedef struct cxm_sess_numbering
{
	bool		started;
	int64_t		previous;
	int64_t		session;
} cxm_sess_numbering;

static inline int64_t
cxm_sess_number_next(cxm_sess_numbering *s, int64_t ts, int64_t gap)
{
	if (!s->started)
	{
		s->started = true;
		s->session = 1;
	}
	else if (ts < s->previous)
		return 0;
	else if (cxm_sess_exceeds(s->previous, ts, gap))
		s->session++;
	s->previous = ts;
	return s->session;
}

/* ---------- counting sessions in any order (session_count) ---------- */

typedef struct cxm_sess_interval
{
	int64_t		first;
	int64_t		last;
} cxm_sess_interval;

/*
 * The sessions seen so far, in time order, and the events that arrived out
 * of order and are not merged in yet.  A session is kept as its first and
 * last timestamps, or as one timestamp when both are the same (a bit marks
 * where each session starts); sessions more than gap apart.  In timestamp
 * order every event either extends the last session or opens a new one, so
 * the state costs at most 8 bytes and a bit per event (16 bytes per session
 * of two or more events, 8 for a single event), plus growth room; events out
 * of order wait at 8 bytes each until they outnumber an eighth of the
 * sessions, and are then sorted and merged in.
 */
typedef struct cxm_sess_set
{
	int64_t		gap;
	int64_t    *points;			/* session bounds, ascending */
	uint8_t    *starts;			/* bit k set: points[k] starts a session */
	int64_t		n_points;
	int64_t		cap_points;
	int64_t		sessions;		/* start bits set */
	int64_t    *pending;
	int64_t		n_pending;
	int64_t		cap_pending;
} cxm_sess_set;

typedef enum cxm_sess_status
{
	CXM_SESS_OK = 0,
	CXM_SESS_NO_MEMORY,
	CXM_SESS_BAD_STATE			/* a serialized state that no cxm writes */
} cxm_sess_status;

void		cxm_sess_set_init(cxm_sess_set *s, int64_t gap);
void		cxm_sess_set_free(cxm_sess_set *s, const cxm_sess_allocator *mem);

/* Adds one event. */
cxm_sess_status cxm_sess_set_add(cxm_sess_set *s, int64_t ts, const cxm_sess_allocator *mem,
								 cxm_sess_tick tick);

/* Merges the pending events into the intervals. */
cxm_sess_status cxm_sess_set_compact(cxm_sess_set *s, const cxm_sess_allocator *mem,
									 cxm_sess_tick tick);

/* Adds every event of other (same gap) to s; other is not changed. */
cxm_sess_status cxm_sess_set_merge(cxm_sess_set *s, const cxm_sess_set *other,
								   const cxm_sess_allocator *mem, cxm_sess_tick tick);

/* The number of sessions; compacts first. */
cxm_sess_status cxm_sess_set_count(cxm_sess_set *s, const cxm_sess_allocator *mem,
								   cxm_sess_tick tick, int64_t *count);

/*
 * Reads the sessions in order: *at starts at 0; returns false after the
 * last one.  The state must be compacted first.
 */
bool		cxm_sess_set_next(const cxm_sess_set *s, int64_t *at, cxm_sess_interval *session);

/*
 * Serialized form, version 1, big-endian:
 *   1 byte   version (1)
 *   3 bytes  reserved, zero
 *   8 bytes  gap in microseconds (>= 0)
 *   8 bytes  number of sessions n
 *   n x 16   first, last (signed), sorted, disjoint and more than gap apart,
 *            valid timestamps, an infinity alone in its session
 * The state must be compacted first.
 */
#define CXM_SESS_SET_VERSION 1
#define CXM_SESS_SET_HEADER 20

size_t		cxm_sess_set_serialized_size(const cxm_sess_set *s);
void		cxm_sess_set_serialize(const cxm_sess_set *s, unsigned char *out);

/* Reads and validates every byte; on error *s is left empty. */
cxm_sess_status cxm_sess_set_deserialize(const unsigned char *in, size_t len, cxm_sess_set *s,
										 const cxm_sess_allocator *mem);

#endif
