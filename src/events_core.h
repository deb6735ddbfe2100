/*
 * events_core.h - the event buffer shared by the journey aggregates
 * (window_funnel, sequence_match, sequence_count): one 16-byte entry per
 * row, sorting, and a validated binary form for parallel and Citus plans.
 *
 * Plain C, no PostgreSQL headers: unit-tested and fuzzed alone.
 */
#ifndef CXM_EVENTS_CORE_H
#define CXM_EVENTS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "timestamp_core.h"

/* One row: its timestamp (microseconds) and the conditions it met (bit k-1 = condition k). */
typedef struct cxm_event
{
	int64_t		ts;
	uint64_t	mask;
} cxm_event;

/*
 * Long loops report their progress here so that the caller can honour a
 * cancel request: check(arg) is called every CXM_TICK_EVERY units of work
 * and may not return (PostgreSQL's CHECK_FOR_INTERRUPTS longjmps).
 */
#define CXM_TICK_EVERY 65536
typedef struct cxm_ticker
{
	void		(*check) (void *arg);
	void	   *arg;
	uint32_t	left;
} cxm_ticker;

static inline void
cxm_tick(cxm_ticker *ticker, uint32_t work)
{
	if (ticker == NULL || ticker->check == NULL)
		return;
	if (ticker->left > work)
	{
		ticker->left -= work;
		return;
	}
	ticker->left = CXM_TICK_EVERY;
	ticker->check(ticker->arg);
}

/*
 * Orders.  The funnel order is the timestamp alone (rows at one timestamp
 * are read as a group).  The sequence order breaks ties by the lowest
 * condition a row meets, then by its whole condition set as a number, so
 * the result does not depend on the order rows arrive in.
 */
static inline int
cxm_event_cmp_ts(const cxm_event *a, const cxm_event *b)
{
	return (a->ts > b->ts) - (a->ts < b->ts);
}

int			cxm_event_cmp_conds(const cxm_event *a, const cxm_event *b);

/* In-place sorts (not stable); a huge array sorts in O(n log n) worst case. */
void		cxm_events_sort_ts(cxm_event *events, size_t n, cxm_ticker *ticker);
void		cxm_events_sort_conds(cxm_event *events, size_t n, cxm_ticker *ticker);

/* A stable sort by timestamp; scratch holds at least n / 2 + 1 entries. */
void		cxm_events_sort_ts_stable(cxm_event *events, size_t n, cxm_event *scratch, cxm_ticker *ticker);

/* ---------- binary form of a journey state ----------
 *
 * version 1, little-endian:
 *   [0] version  [1] kind  [2] conditions  [3] sorted (0/1)
 *   [4..7] flags  [8..15] window (µs)  [16..19] pattern length  [20..27] events
 *   pattern bytes, then per event ts (8 bytes) and mask (8 bytes).
 * conditions is 0..64: 0 while every row came with a NULL array of them
 * (the array forms), so that no event may meet a condition.
 */
#define CXM_EVENTS_VERSION 1
#define CXM_EVENTS_HEADER_SIZE 28
#define CXM_KIND_FUNNEL 1
#define CXM_KIND_SEQUENCE 2
#define CXM_MAX_CONDITIONS 64

typedef struct cxm_events_header
{
	uint8_t		kind;
	uint8_t		nconds;
	bool		sorted;
	uint32_t	flags;
	uint64_t	window;
	uint32_t	pattern_len;
	uint64_t	count;
} cxm_events_header;

typedef enum cxm_decode_status
{
	CXM_DECODE_OK = 0,
	CXM_DECODE_SHORT,			/* shorter than its header says */
	CXM_DECODE_VERSION,			/* unknown format version */
	CXM_DECODE_KIND,			/* neither funnel nor sequence */
	CXM_DECODE_CONDITIONS,		/* condition count above 64 (0: not known yet, so no event may meet one) */
	CXM_DECODE_LENGTH,			/* total length differs from the header */
	CXM_DECODE_MASK,			/* an event names a condition the call lacks, or none when it must */
	CXM_DECODE_ORDER,			/* flagged sorted but not in order */
	CXM_DECODE_FIELD,			/* a header field outside its range */
	CXM_DECODE_TIMESTAMP		/* an event at a time PostgreSQL has no timestamp for */
} cxm_decode_status;

size_t		cxm_events_encoded_size(const cxm_events_header *header);

/* Writes header, pattern and events into out (cxm_events_encoded_size bytes). */
void		cxm_events_encode(const cxm_events_header *header, const char *pattern,
							 const cxm_event *events, uint8_t *out);

/*
 * Reads and checks the header of a binary state of size bytes; on success
 * *pattern points into data.  The events are checked and copied by
 * cxm_events_decode_events into room for header->count entries: conditions
 * the call has, timestamps PostgreSQL has, the order the flag claims.
 * allow_empty_mask: rows meeting no condition may be stored (strict_order).
 */
cxm_decode_status cxm_events_decode_header(const uint8_t *data, size_t size,
										  cxm_events_header *header, const char **pattern);
cxm_decode_status cxm_events_decode_events(const uint8_t *data, const cxm_events_header *header,
										  bool allow_empty_mask, cxm_event *events);

#endif
