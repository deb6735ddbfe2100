/*
 * events.c - the journey aggregates' state: one 16-byte entry per row in a
 * growing array in the aggregate's memory context, merged by appending,
 * passed between processes in the validated binary form of events_core.
 */
#include "events.h"

#include "miscadmin.h"
#include "utils/memutils.h"

StaticAssertDecl(sizeof(JourneyState) == 64, "a journey state is one 64-byte chunk");
StaticAssertDecl(CXM_TS_MIN == MIN_TIMESTAMP && CXM_TS_END == END_TIMESTAMP &&
				 CXM_TS_NOBEGIN == DT_NOBEGIN && CXM_TS_NOEND == DT_NOEND,
				 "timestamp_core.h describes PostgreSQL's timestamps");

JourneyState *
journey_state_new(MemoryContext context, uint8 kind, int nconds)
{
	JourneyState *state = MemoryContextAllocZero(context, sizeof(JourneyState));

	state->kind = kind;
	state->nconds = (uint8) nconds;
	state->sorted = true;
	state->capacity = 8;
	state->events = MemoryContextAlloc(context, state->capacity * sizeof(cxm_event));
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

static JourneyState *
copy_state(MemoryContext context, const JourneyState *from)
{
	JourneyState *state = journey_state_new(context, from->kind, from->nconds);

	state->u = from->u;
	if (from->kind == CXM_KIND_SEQUENCE)
	{
		state->u.pattern.text = MemoryContextAlloc(context, from->u.pattern.len + 1);
		memcpy(state->u.pattern.text, from->u.pattern.text, from->u.pattern.len);
	}
	append_all(state, from);
	state->sorted = from->sorted;
	return state;
}

static bool
same_parameters(const JourneyState *a, const JourneyState *b)
{
	if (a->kind != b->kind || a->nconds != b->nconds)
		return false;
	if (a->kind == CXM_KIND_FUNNEL)
		return a->u.funnel.window == b->u.funnel.window && a->u.funnel.modes == b->u.funnel.modes;
	return a->u.pattern.len == b->u.pattern.len &&
		memcmp(a->u.pattern.text, b->u.pattern.text, a->u.pattern.len) == 0;
}

Datum
journey_combine(FunctionCallInfo fcinfo, uint8 kind, const char *fname)
{
	MemoryContext context = cxm_agg_context(fcinfo);
	JourneyState *a = PG_ARGISNULL(0) ? NULL : (JourneyState *) PG_GETARG_POINTER(0);
	JourneyState *b = PG_ARGISNULL(1) ? NULL : (JourneyState *) PG_GETARG_POINTER(1);

	if (context == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s combine function called in non-aggregate context", fname)));
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		PG_RETURN_POINTER(copy_state(context, b));
	if (a->kind != kind || !same_parameters(a, b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s partial states have different parameters", fname),
				 errdetail("The window, mode, pattern and number of conditions must be the same in every row of a group.")));
	append_all(a, b);
	PG_RETURN_POINTER(a);
}

Datum
journey_serialize(FunctionCallInfo fcinfo)
{
	JourneyState *state = (JourneyState *) PG_GETARG_POINTER(0);
	cxm_state_header header;
	Size		size;
	bytea	   *out;

	bool		funnel = state->kind == CXM_KIND_FUNNEL;

	header.kind = state->kind;
	header.nconds = state->nconds;
	header.sorted = state->sorted;
	header.flags = funnel ? state->u.funnel.modes : 0;
	header.window = funnel ? state->u.funnel.window : 0;
	header.pattern_len = funnel ? 0 : (uint32) state->u.pattern.len;
	header.count = (uint64) state->count;
	size = cxm_state_encoded_size(&header);
	if (size > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a group of " INT64_FORMAT " events is too large to pass between processes", state->count),
				 errhint("Turn parallel query off for this query (max_parallel_workers_per_gather = 0), or group by a finer key.")));
	out = palloc(VARHDRSZ + size);
	SET_VARSIZE(out, VARHDRSZ + size);
	cxm_state_encode(&header, funnel ? NULL : state->u.pattern.text, state->events, (uint8_t *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

static const char *
decode_problem(cxm_decode_status status)
{
	switch (status)
	{
		case CXM_DECODE_SHORT:
			return "It is shorter than its header.";
		case CXM_DECODE_VERSION:
			return "Its format version is unknown.";
		case CXM_DECODE_KIND:
			return "It is of an unknown kind.";
		case CXM_DECODE_CONDITIONS:
			return "Its number of conditions is not between 1 and 64.";
		case CXM_DECODE_LENGTH:
			return "Its length does not match its event count.";
		case CXM_DECODE_MASK:
			return "An event names a condition the call does not have.";
		case CXM_DECODE_ORDER:
			return "It is flagged sorted but its events are out of order.";
		case CXM_DECODE_FIELD:
			return "A header field is out of range.";
		case CXM_DECODE_TIMESTAMP:
			return "An event's time is outside the range of timestamps.";
		case CXM_DECODE_OK:
			break;
	}
	return "It is malformed.";
}

static void
invalid_state(const char *fname, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid %s partial state", fname),
			 errdetail("%s", detail)));
}

/*
 * Reads a serialized state into the aggregate's memory; the kind-specific
 * fields (modes, pattern) are checked by the caller.
 */
JourneyState *
journey_deserialize(FunctionCallInfo fcinfo, uint8 kind, const char *fname, journey_header_check check)
{
	MemoryContext context = cxm_agg_context(fcinfo);
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	const uint8_t *bytes = (const uint8_t *) VARDATA_ANY(data);
	cxm_state_header header;
	const char *pattern;
	cxm_decode_status status;
	JourneyState *state;
	const char *problem;
	bool		allow_empty_mask = false;

	if (context == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s deserialize function called in non-aggregate context", fname)));
	status = cxm_state_decode_header(bytes, VARSIZE_ANY_EXHDR(data), &header, &pattern);
	if (status != CXM_DECODE_OK)
		invalid_state(fname, decode_problem(status));
	if (header.kind != kind)
		invalid_state(fname, "It belongs to another aggregate.");
	if ((problem = check(&header, pattern, &allow_empty_mask)) != NULL)
		invalid_state(fname, problem);
	state = journey_state_new(context, kind, header.nconds);
	if (kind == CXM_KIND_FUNNEL)
	{
		state->u.funnel.modes = header.flags;
		state->u.funnel.window = header.window;
	}
	else
	{
		state->u.pattern.len = (int32) header.pattern_len;
		state->u.pattern.text = MemoryContextAlloc(context, header.pattern_len + 1);
		memcpy(state->u.pattern.text, pattern, header.pattern_len);
	}
	if (state->capacity < (int64) header.count)
		reserve(state, (int64) header.count);
	status = cxm_state_decode_events(bytes, &header, allow_empty_mask, state->events);
	if (status != CXM_DECODE_OK)
		invalid_state(fname, decode_problem(status));
	state->count = (int64) header.count;
	state->sorted = header.sorted;
	if (state->count > 0)
		state->last = state->events[state->count - 1];
	return state;
}
