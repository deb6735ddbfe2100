/*
 * paths_core.h - journey_path: a customer's steps in time order with
 * consecutive repeats collapsed (web, web, app -> web, app), optionally
 * capped to the first or the last N steps of the collapsed path.
 *
 * Order: by timestamp, then by step text (bytewise), so the path does not
 * depend on the order rows arrive in.  Identical events (same timestamp,
 * same step) are one event.
 *
 * Each distinct step text is stored once; an event costs 16 bytes (its
 * timestamp and the step's number).  Input in timestamp order is noted as it
 * arrives and needs no sort at the end; the last N steps are then found by
 * reading backwards from the end, so journey_path also serves as a running
 * window aggregate.
 *
 * Plain C, no PostgreSQL headers: unit-tested on its own.
 */
#ifndef CXM_PATHS_CORE_H
#define CXM_PATHS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sessions_core.h"

typedef enum cxm_path_status
{
	CXM_PATH_OK = 0,
	CXM_PATH_NO_MEMORY,
	CXM_PATH_BAD_STATE			/* a serialized state that no cxm writes */
} cxm_path_status;

typedef struct cxm_path_event
{
	int64_t		ts;
	uint32_t	step;			/* number of the step text */
	uint32_t	reserved;		/* zero; keeps the record 16 bytes */
} cxm_path_event;

/*
 * A step text: up to CXM_PATH_INLINE bytes held in the entry itself, zero
 * padded (channel names, mostly: a lookup then reads no other memory), a
 * longer one at offset in the steps' bytes.
 */
#define CXM_PATH_INLINE 8
typedef struct cxm_path_step
{
	union
	{
		uint64_t	offset;
		char		text[CXM_PATH_INLINE];
	}			at;
	uint32_t	length;
	uint32_t	reserved;		/* zero; keeps the entry 16 bytes */
} cxm_path_step;

/*
 * The distinct step texts, numbered from 0 in order of first appearance.
 * The entries and the hash table that finds them are one allocation (cap
 * entries, then 2 * cap slots: 0 empty, else step number + 1), so a lookup
 * meets one block, not three, and the struct stays small (see cxm_path).
 */
typedef struct cxm_path_steps
{
	uint32_t	n;
	uint32_t	cap;			/* 0, or a power of two, at least n */
	cxm_path_step *table;
	char	   *bytes;			/* texts longer than CXM_PATH_INLINE */
	uint64_t	used;
	uint64_t	bytes_cap;
} cxm_path_steps;

/*
 * 80 bytes: with the 48-byte header of an aggregate's expanded state
 * (state.h) two cache lines, which a row touches, cold, in each group.
 */
typedef struct cxm_path
{
	int32_t		max_steps;		/* 0: the whole path */
	bool		keep_first;		/* capped paths keep the first steps, else the last */
	bool		sorted;			/* events in (timestamp, step text) order */
	uint32_t	last_step;		/* step of the last added row (n > 0) */
	cxm_path_steps steps;
	cxm_path_event *events;
	int64_t		n;
	int64_t		cap;
} cxm_path;

void		cxm_path_init(cxm_path *p, int32_t max_steps, bool keep_first);
void		cxm_path_free(cxm_path *p, const cxm_sess_allocator *mem);

/* Adds the event (ts, step); step is len bytes without a zero byte. */
cxm_path_status cxm_path_add(cxm_path *p, int64_t ts, const char *step, uint32_t len,
							 const cxm_sess_allocator *mem);

/* Adds the events of other (same cap); other is not changed. */
cxm_path_status cxm_path_merge(cxm_path *p, const cxm_path *other, const cxm_sess_allocator *mem);

/* Room the result needs: min(n, max_steps). */
int64_t		cxm_path_result_size(const cxm_path *p);

/*
 * Sorts the events if needed (the state keeps its meaning) and writes the
 * step numbers of the collapsed, capped path to out; returns how many.
 */
int64_t		cxm_path_result(cxm_path *p, uint32_t *out, cxm_sess_tick tick);

/* The text of step number id (< steps.n). */
const char *cxm_path_step_text(const cxm_path *p, uint32_t id, uint32_t *len);

/*
 * Serialized form, version 1, big-endian:
 *   1 version, 1 flags (bit 0 keep_first), 2 reserved zero, 4 max_steps,
 *   4 number of steps s, 8 number of events n,
 *   s x (4 length, bytes), n x (8 timestamp, 4 step)
 * Step texts must be distinct, hold no zero byte and each be the step of
 * some event; steps of events must exist; timestamps must be PostgreSQL's.
 * The caller checks the texts' encoding.
 */
#define CXM_PATH_HEADER 20
size_t		cxm_path_serialized_size(const cxm_path *p);
void		cxm_path_serialize(const cxm_path *p, unsigned char *out);
cxm_path_status cxm_path_deserialize(const unsigned char *in, size_t len, cxm_path *p,
									 const cxm_sess_allocator *mem);

#endif
