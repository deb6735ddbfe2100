/*
 * events.c - the journey aggregates' state: one 16-byte entry per row in a
 * growing array in the aggregates' pool, merged by appending, stored and
 * passed between processes in the validated binary form of events_core as
 * the payload of a cxm_state.
 */
#include "events.h"

#include "miscadmin.h"
#include "utils/memutils.h"

StaticAssertDecl(sizeof(JourneyState) == 64, "a journey state is 64 bytes");
StaticAssertDecl(CXM_TS_MIN == MIN_TIMESTAMP && CXM_TS_END == END_TIMESTAMP &&
				 CXM_TS_NOBEGIN == DT_NOBEGIN && CXM_TS_NOEND == DT_NOEND,
				 "timestamp_core.h describes PostgreSQL's timestamps");

#define FIRST_CAPACITY 8

JourneyState *
journey_state_new(FunctionCallInfo fcinfo, const CxmStateKind *state_kind, uint8 kind, int nconds,
				  const char *fname)
{
	JourneyState *state = cxm_state_new(fcinfo, state_kind, fname);

	state->kind = kind;
	state->nconds = (uint8) nconds;
	state->sorted = true;
	state->capacity = FIRST_CAPACITY;
	state->events = MemoryContextAlloc(cxm_state_memory(state), state->capacity * sizeof(cxm_event));
	return state;
}

static void
reserve(JourneyState *state, int64 capacity)
{
	if ((Size) capacity > MaxAllocHugeSize / sizeof(cxm_event))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many events in one group: " INT64_FORMAT, state->count),
				 errhint("Group by a finer key, e.g. customer and month.")));
	state->events = repalloc_huge(state->events, capacity * sizeof(cxm_event));
	state->capacity = capacity;
}

/*
 * Doubles while the array is small (the allocator rounds small chunks to
 * powers of two anyway), then grows by an eighth, and past 1 MB by 1 MB at a
 * time (the C library remaps such blocks rather than copying them), so a
 * huge group holds at most 1 MB beyond its 16 bytes per event.
 */
#define GROWTH_STEP 65536

void
journey_grow(JourneyState *state)
{
	int64		capacity = state->capacity;

	if (capacity < 512)
		capacity *= 2;
	else if (capacity < GROWTH_STEP)
		capacity += capacity / 8;
	else
		capacity += GROWTH_STEP;
	reserve(state, capacity);
}

static void
journey_check_interrupts(void *arg)
{
	(void) arg;
	CHECK_FOR_INTERRUPTS();
}

void
journey_ticker_init(cxm_ticker *ticker)
{
	ticker->check = journey_check_interrupts;
	ticker->arg = NULL;
	ticker->left = CXM_TICK_EVERY;
}

static void
append_all(JourneyState *into, const JourneyState *from)
{
	bool		sorted = into->sorted && from->sorted;

	if (from->count == 0)
		return;
	if (sorted && into->count > 0)
		sorted = into->kind == CXM_KIND_FUNNEL
			? into->events[into->count - 1].ts <= from->events[0].ts
			: cxm_event_cmp_conds(&into->events[into->count - 1], &from->events[0]) <= 0;
	if (into->capacity - into->count < from->count)
		reserve(into, into->count + from->count);
	memcpy(into->events + into->count, from->events, from->count * sizeof(cxm_event));
	into->count += from->count;
	into->sorted = sorted;
	into->last = from->last;
}

/* A state of ours holding what from holds. */
static JourneyState *
copy_state(FunctionCallInfo fcinfo, const CxmStateKind *state_kind, const JourneyState *from, const char *fname)
{
	JourneyState *state = journey_state_new(fcinfo, state_kind, from->kind, from->nconds, fname);

	state->u = from->u;
	if (from->kind == CXM_KIND_SEQUENCE)
	{
		state->u.pattern.text = MemoryContextAlloc(cxm_state_memory(state), from->u.pattern.len + 1);
		memcpy(state->u.pattern.text, from->u.pattern.text, from->u.pattern.len);
	}
	append_all(state, from);
	state->sorted = from->sorted;
	return state;
}

/* A state of NULL condition arrays alone (nconds 0) fits any number of conditions. */
static bool
same_parameters(const JourneyState *a, const JourneyState *b)
{
	if (a->kind != b->kind || (a->nconds != b->nconds && a->nconds != 0 && b->nconds != 0))
		return false;
	if (a->kind == CXM_KIND_FUNNEL)
		return a->u.funnel.window == b->u.funnel.window && a->u.funnel.modes == b->u.funnel.modes;
	return a->u.pattern.len == b->u.pattern.len &&
		memcmp(a->u.pattern.text, b->u.pattern.text, a->u.pattern.len) == 0;
}

Datum
journey_combine(FunctionCallInfo fcinfo, const CxmStateKind *state_kind, const char *fname)
{
	JourneyState *a = cxm_state_arg(fcinfo, 0, state_kind, fname);
	const JourneyState *b;

	if (PG_ARGISNULL(1))
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(a));
	}
	if (a == NULL)
	{
		/*
		 * A stored b is decoded straight into a new state of ours; an
		 * expanded one belongs to its caller, so it is copied.
		 */
		if (!VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(1))))
			PG_RETURN_DATUM(cxm_state_datum(cxm_state_arg(fcinfo, 1, state_kind, fname)));
		b = cxm_state_read(fcinfo, 1, state_kind);
		PG_RETURN_DATUM(cxm_state_datum(copy_state(fcinfo, state_kind, b, fname)));
	}
	b = cxm_state_read(fcinfo, 1, state_kind);
	if (!same_parameters(a, b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s partial states have different parameters", fname),
				 errdetail("The window, mode, pattern and number of conditions must be the same in every row of a group.")));
	append_all(a, b);
	if (a->nconds == 0)
		a->nconds = b->nconds;
	PG_RETURN_DATUM(cxm_state_datum(a));
}

/* ---------- the stored form ---------- */

static void
state_header(const JourneyState *state, cxm_events_header *header)
{
	bool		funnel = state->kind == CXM_KIND_FUNNEL;

	header->kind = state->kind;
	header->nconds = state->nconds;
	header->sorted = state->sorted;
	header->flags = funnel ? state->u.funnel.modes : 0;
	header->window = funnel ? state->u.funnel.window : 0;
	header->pattern_len = funnel ? 0 : (uint32) state->u.pattern.len;
	header->count = (uint64) state->count;
}

size_t
journey_payload_size(const void *body)
{
	cxm_events_header header;

	state_header(body, &header);
	return cxm_events_encoded_size(&header);
}

void
journey_encode(const void *body, uint8 *out)
{
	const JourneyState *state = body;
	cxm_events_header header;

	state_header(state, &header);
	cxm_events_encode(&header, state->kind == CXM_KIND_FUNNEL ? NULL : state->u.pattern.text, state->events, out);
}

static const char *
decode_problem(cxm_decode_status status)
{
	switch (status)
	{
		case CXM_DECODE_SHORT:
			return "it is shorter than its header";
		case CXM_DECODE_VERSION:
			return "its format version is unknown";
		case CXM_DECODE_KIND:
			return "it is of an unknown kind";
		case CXM_DECODE_CONDITIONS:
			return "its number of conditions is more than 64";
		case CXM_DECODE_LENGTH:
			return "its length does not match its event count";
		case CXM_DECODE_MASK:
			return "an event names a condition the call does not have";
		case CXM_DECODE_ORDER:
			return "it is flagged sorted but its events are out of order";
		case CXM_DECODE_FIELD:
			return "a header field is out of range";
		case CXM_DECODE_TIMESTAMP:
			return "an event's time is outside the range of timestamps";
		case CXM_DECODE_OK:
			break;
	}
	return "it is malformed";
}

const char *
journey_decode(JourneyState *state, const uint8 *payload, size_t len, MemoryContext memory,
			   uint8 kind, journey_header_check check)
{
	cxm_events_header header;
	const char *pattern;
	cxm_decode_status status;
	const char *problem;
	bool		allow_empty_mask = false;

	status = cxm_events_decode_header(payload, len, &header, &pattern);
	if (status != CXM_DECODE_OK)
		return decode_problem(status);
	if (header.kind != kind)
		return "it belongs to another aggregate";
	if ((problem = check(&header, pattern, &allow_empty_mask)) != NULL)
		return problem;
	state->kind = kind;
	state->nconds = header.nconds;
	if (kind == CXM_KIND_FUNNEL)
	{
		state->u.funnel.modes = header.flags;
		state->u.funnel.window = header.window;
	}
	else
	{
		state->u.pattern.len = (int32) header.pattern_len;
		state->u.pattern.text = MemoryContextAlloc(memory, header.pattern_len + 1);
		memcpy(state->u.pattern.text, pattern, header.pattern_len);
	}
	/* the length was checked against the count: the array fits in the bytes read */
	state->capacity = Max((int64) header.count, FIRST_CAPACITY);
	state->events = MemoryContextAllocHuge(memory, state->capacity * sizeof(cxm_event));
	status = cxm_events_decode_events(payload, &header, allow_empty_mask, state->events);
	if (status != CXM_DECODE_OK)
		return decode_problem(status);
	state->count = (int64) header.count;
	state->sorted = header.sorted;
	if (state->count > 0)
		state->last = state->events[state->count - 1];
	return NULL;
}
