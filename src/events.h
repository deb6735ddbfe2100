/*
 * events.h - PostgreSQL side of the journey event buffer (events_core.h):
 * the aggregate state shared by the funnel and sequence rooms (the body of
 * their cxm_state, state.h), its growth in the aggregates' pool, combine,
 * and its stored form.
 */
#ifndef CXM_EVENTS_H
#define CXM_EVENTS_H

#include "cxm.h"
#include "state.h"

#include "events_core.h"

/*
 * 64 bytes, so that a group's state (with the cxm_state header it is
 * allocated with) is one small chunk of the aggregates' pool: with many
 * groups, what stays in the CPU cache decides the speed.
 */
typedef struct JourneyState
{
	cxm_event  *events;			/* in the pool, as the state */
	int64		count;
	int64		capacity;
	cxm_event	last;			/* the last event appended, kept here so that appending reads no event */
	union
	{
		struct
		{
			uint64		window; /* µs */
			uint32		modes;
		}			funnel;
		struct
		{
			char	   *text;	/* not NUL-terminated */
			int32		len;
		}			pattern;
	}			u;
	bool		sorted;			/* events were appended in the kind's order */
	uint8		kind;			/* CXM_KIND_FUNNEL or CXM_KIND_SEQUENCE */
	uint8		nconds;			/* 0 while every row came with a NULL array of conditions */
} JourneyState;

/*
 * A new empty state of state_kind (cxm_state_funnel or cxm_state_sequence,
 * holding events of kind CXM_KIND_FUNNEL or CXM_KIND_SEQUENCE) in the
 * aggregate's pool; fname names the caller in errors.
 */
JourneyState *journey_state_new(FunctionCallInfo fcinfo, const CxmStateKind *state_kind, uint8 kind, int nconds,
								const char *fname);
void		journey_grow(JourneyState *state);

/* Appends one row; the order flag follows the kind's sort order. */
static inline void
journey_append(JourneyState *state, int64 ts, uint64 mask)
{
	cxm_event	next = {ts, mask};

	if (unlikely(state->count == state->capacity))
		journey_grow(state);
	if (state->sorted && state->count > 0)
		state->sorted = state->kind == CXM_KIND_FUNNEL
			? state->last.ts <= ts
			: cxm_event_cmp_conds(&state->last, &next) <= 0;
	state->events[state->count++] = next;
	state->last = next;
}

/* CHECK_FOR_INTERRUPTS for the plain-C loops. */
void		journey_ticker_init(cxm_ticker *ticker);

/*
 * The combine function of both rooms; fname names the aggregate family in
 * errors.
 */
Datum		journey_combine(FunctionCallInfo fcinfo, const CxmStateKind *state_kind, const char *fname);

/*
 * The stored form of a state (the payload of its cxm_state) is the events
 * form of events_core.h.  Decoding checks the header, then the kind's own
 * fields with check (cxm_funnel_state_check or a wrapper of
 * cxm_seq_state_check), then every event; it returns what is wrong, or
 * NULL.
 */
typedef const char *(*journey_header_check) (const cxm_events_header *header, const char *pattern,
											 bool *allow_empty_mask);

size_t		journey_payload_size(const void *body);
void		journey_encode(const void *body, uint8 *out);
const char *journey_decode(JourneyState *state, const uint8 *payload, size_t len, MemoryContext memory,
						   uint8 kind, journey_header_check check);

#endif
