/*
 * events.h - PostgreSQL side of the journey event buffer (events_core.h):
 * the aggregate state shared by the funnel and sequence rooms, its growth
 * in the aggregate's memory context, combine, serialize and deserialize.
 */
#ifndef CXM_EVENTS_H
#define CXM_EVENTS_H

#include "cxm.h"

#include "events_core.h"

/*
 * 64 bytes, so that a group's state is one small chunk of the aggregate's
 * memory: with many groups, what stays in the CPU cache decides the speed.
 */
typedef struct JourneyState
{
	cxm_event  *events;			/* in the aggregate's memory context, as the state */
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
	uint8		nconds;
} JourneyState;

JourneyState *journey_state_new(MemoryContext context, uint8 kind, int nconds);
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

/* Aggregate support shared by both rooms; fname names the aggregate family in errors. */
Datum		journey_combine(FunctionCallInfo fcinfo, uint8 kind, const char *fname);
Datum		journey_serialize(FunctionCallInfo fcinfo);
/*
 * Checks the kind-specific header fields of a serialized state: NULL when
 * they are valid (and whether rows meeting no condition may be stored),
 * else what is wrong, for the error detail.
 */
typedef const char *(*journey_header_check) (const cxm_state_header *header, const char *pattern,
											 bool *allow_empty_mask);

JourneyState *journey_deserialize(FunctionCallInfo fcinfo, uint8 kind, const char *fname,
								  journey_header_check check);

#endif
