/*
 * sessions.c - PostgreSQL glue for sessions and event windows:
 * sessionize (window function), session_count (aggregate),
 * conditional_true_event and conditional_change_event (window functions),
 * and the helpers the other journey rooms share.
 */
#include "sessions.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "nodes/plannodes.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/typcache.h"
#include "windowapi.h"

/* ---------- helpers shared by the journey rooms ---------- */

static void *
context_alloc(void *ctx, size_t size)
{
	return MemoryContextAllocHuge((MemoryContext) ctx, size);
}

static void *
context_grow(void *ctx, void *block, size_t old_size, size_t new_size)
{
	(void) ctx;
	(void) old_size;
	return repalloc_huge(block, new_size);
}

static void
context_release(void *ctx, void *block)
{
	(void) ctx;
	pfree(block);
}

void
cxm_sess_allocator_in(MemoryContext context, cxm_sess_allocator *mem)
{
	mem->alloc = context_alloc;
	mem->grow = context_grow;
	mem->release = context_release;
	mem->ctx = context;
}

void
cxm_sess_check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

MemoryContext
cxm_sess_read_memory(FunctionCallInfo fcinfo, int argno, const void *body)
{
	/* cxm_state_read gives the body of an expanded state, else a copy in this call's memory */
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(PG_GETARG_DATUM(argno))))
		return cxm_state_memory(body);
	return CurrentMemoryContext;
}

void
cxm_sess_null_parameter(const char *fname, const char *argname)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s %s must not be NULL", fname, argname),
			 errhint("Pass a constant %s, the same on every row.", argname)));
}

void
cxm_sess_state_too_large(const char *fname)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("%s state is too large", fname),
			 errhint("Split the group, for example by month.")));
}

/* ---------- window functions: the window must be ordered ---------- */

/*
 * WindowObjectData is private to nodeWindowAgg.c, but its first two fields,
 * the node tag and the parent WindowAggState, have been the same since
 * PostgreSQL 8.4 (and still are in 18); the node tag of what is found there
 * is checked before use.  This is how a window function can tell that its
 * window has no ORDER BY at all: then every row of a partition is a peer of
 * every other, and an event count would depend on the arbitrary order the
 * rows happen to arrive in.
 */
typedef struct window_object_head
{
	NodeTag		type;
	WindowAggState *winstate;
} window_object_head;

static void
require_window_order(FunctionCallInfo fcinfo, const char *fname, const char *usage)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	WindowAggState *winstate;

	if (!WindowObjectIsValid(winobj))
		ereport(ERROR,
				(errcode(ERRCODE_WINDOWING_ERROR),
				 errmsg("%s is a window function", fname),
				 errhint("Call it with an OVER clause: %s.", usage)));
#if PG_VERSION_NUM < 190000		/* the layout is checked up to 18 */
	winstate = ((window_object_head *) winobj)->winstate;
	if (winstate != NULL && IsA(winstate, WindowAggState) &&
		((WindowAgg *) winstate->ss.ps.plan)->ordNumCols == 0)
		ereport(ERROR,
				(errcode(ERRCODE_WINDOWING_ERROR),
				 errmsg("%s needs an ORDER BY in its window", fname),
				 errdetail("Without one the rows of a partition have no order, so the result would be arbitrary."),
				 errhint("Write %s.", usage)));
#else
	(void) winstate;
#endif
}

/* fn_extra of sessionize and conditional_true_event once checked */
static const char window_checked = 0;

/*
 * These functions read only the current row, so rows before it may leave
 * the window's tuplestore.  Saying so every 256 rows rather than on each
 * keeps a huge partition's tuplestore small at a fraction of the cost.
 */
static inline void
release_earlier_rows(WindowObject winobj)
{
	int64		position = WinGetCurrentPosition(winobj);

	if ((position & 255) == 0)
		WinSetMarkPosition(winobj, position);
}

static char *
timestamp_text(Oid type, int64 ts)
{
	return DatumGetCString(DirectFunctionCall1(type == TIMESTAMPOID ? timestamp_out : timestamptz_out,
											   Int64GetDatum(ts)));
}

/* ---------- sessionize(ts, gap) OVER (PARTITION BY ... ORDER BY ts) ---------- */

#define SESSIONIZE_USAGE "sessionize(ts, gap) OVER (PARTITION BY customer ORDER BY ts)"

/* Per partition (zeroed at its start): the numbering and the partition's gap. */
typedef struct sessionize_partition
{
	cxm_sess_numbering numbering;
	bool		have_gap;
	int64		gap;
} sessionize_partition;

/*
 * The gap of this row, which must be the gap of the partition's first row:
 * a gap that changed between rows would split one run of events by two
 * rules, and session_count (the aggregate) refuses it too.
 */
static int64
sessionize_gap(sessionize_partition *part, const Interval *gap)
{
	int64		usecs = cxm_interval_usecs(gap, "sessionize gap");

	if (!part->have_gap)
	{
		part->gap = usecs;
		part->have_gap = true;
	}
	else if (usecs != part->gap)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sessionize gap must be the same on every row of a partition"),
				 errdetail("The partition has rows with gaps of " INT64_FORMAT " and " INT64_FORMAT " microseconds.",
						   part->gap, usecs),
				 errhint("Pass a constant gap, or put the rows of each gap in their own partition.")));
	return usecs;
}

PG_FUNCTION_INFO_V1(pgcxm_sessionize);
Datum
pgcxm_sessionize(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	sessionize_partition *part;
	Datum		ts,
				gap;
	bool		ts_null,
				gap_null;
	int64		previous,
				session,
				gap_usecs;

	if (fcinfo->flinfo->fn_extra == NULL)
	{
		require_window_order(fcinfo, "sessionize", SESSIONIZE_USAGE);
		fcinfo->flinfo->fn_extra = (void *) &window_checked;
	}
	part = WinGetPartitionLocalMemory(winobj, sizeof(sessionize_partition));
	release_earlier_rows(winobj);

	gap = WinGetFuncArgCurrent(winobj, 1, &gap_null);
	if (gap_null)
		cxm_sess_null_parameter("sessionize", "gap");
	gap_usecs = sessionize_gap(part, DatumGetIntervalP(gap));
	ts = WinGetFuncArgCurrent(winobj, 0, &ts_null);
	if (ts_null)
		PG_RETURN_NULL();

	previous = part->numbering.previous;
	session = cxm_sess_number_next(&part->numbering, DatumGetInt64(ts), gap_usecs);
	if (session == 0)
	{
		Oid			type = get_fn_expr_argtype(fcinfo->flinfo, 0);

		ereport(ERROR,
				(errcode(ERRCODE_WINDOWING_ERROR),
				 errmsg("sessionize needs the rows of each partition in timestamp order"),
				 errdetail("A row at %s follows a row at %s.",
						   timestamp_text(type, DatumGetInt64(ts)), timestamp_text(type, previous)),
				 errhint("Order the window by the timestamp: %s.", SESSIONIZE_USAGE)));
	}
	PG_RETURN_INT64(session);
}

/* ---------- conditional_true_event(cond) OVER (... ORDER BY ...) ---------- */

PG_FUNCTION_INFO_V1(pgcxm_conditional_true_event);
Datum
pgcxm_conditional_true_event(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	int64	   *events;
	Datum		cond;
	bool		isnull;

	if (fcinfo->flinfo->fn_extra == NULL)
	{
		require_window_order(fcinfo, "conditional_true_event",
							 "conditional_true_event(cond) OVER (PARTITION BY customer ORDER BY ts)");
		fcinfo->flinfo->fn_extra = (void *) &window_checked;
	}
	events = WinGetPartitionLocalMemory(winobj, sizeof(int64));
	release_earlier_rows(winobj);

	cond = WinGetFuncArgCurrent(winobj, 0, &isnull);
	if (!isnull && DatumGetBool(cond))
		(*events)++;
	PG_RETURN_INT64(*events);
}

/* ---------- conditional_change_event(expr) OVER (... ORDER BY ...) ---------- */

/* Per call site: how to compare values, and the copy of the previous one. */
typedef struct change_event_info
{
	FmgrInfo	equal;
	int16		typlen;
	bool		typbyval;
	void	   *copy;			/* palloc'd copy of a by-reference previous value */
} change_event_info;

/* Per partition (zeroed at its start). */
typedef struct change_event_partition
{
	bool		started;
	bool		previous_null;
	Datum		previous;
	int64		events;
} change_event_partition;

static change_event_info *
change_event_setup(FunctionCallInfo fcinfo)
{
	Oid			type = get_fn_expr_argtype(fcinfo->flinfo, 0);
	TypeCacheEntry *entry = lookup_type_cache(type, TYPECACHE_EQ_OPR_FINFO);
	change_event_info *info;

	require_window_order(fcinfo, "conditional_change_event",
						 "conditional_change_event(expr) OVER (PARTITION BY customer ORDER BY ts)");
	if (!OidIsValid(entry->eq_opr_finfo.fn_oid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("conditional_change_event cannot compare values of type %s", format_type_be(type)),
				 errhint("The type needs an equality operator; cast the expression to one that has it, e.g. to text.")));
	info = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(change_event_info));
	fmgr_info_cxt(entry->eq_opr_finfo.fn_oid, &info->equal, fcinfo->flinfo->fn_mcxt);
	info->typlen = entry->typlen;
	info->typbyval = entry->typbyval;
	return info;
}

/* Remembers value as the previous one; by-reference values are copied. */
static void
change_event_remember(FunctionCallInfo fcinfo, change_event_info *info, change_event_partition *part,
					  Datum value, bool isnull)
{
	if (info->copy != NULL)
	{
		pfree(info->copy);
		info->copy = NULL;
	}
	part->previous_null = isnull;
	part->previous = value;
	if (!isnull && !info->typbyval)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		part->previous = datumCopy(value, false, info->typlen);
		info->copy = DatumGetPointer(part->previous);
		MemoryContextSwitchTo(old);
	}
}

PG_FUNCTION_INFO_V1(pgcxm_conditional_change_event);
Datum
pgcxm_conditional_change_event(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	change_event_info *info = fcinfo->flinfo->fn_extra;
	change_event_partition *part;
	Datum		value;
	bool		isnull;

	if (info == NULL)
		fcinfo->flinfo->fn_extra = info = change_event_setup(fcinfo);
	part = WinGetPartitionLocalMemory(winobj, sizeof(change_event_partition));
	release_earlier_rows(winobj);

	value = WinGetFuncArgCurrent(winobj, 0, &isnull);
	if (!part->started)
	{
		part->started = true;
		change_event_remember(fcinfo, info, part, value, isnull);
	}
	else if (isnull || part->previous_null)
	{
		/* a change to or from NULL is not an event (expr <> lag(expr) is NULL) */
		change_event_remember(fcinfo, info, part, value, isnull);
	}
	else if (!DatumGetBool(FunctionCall2Coll(&info->equal, PG_GET_COLLATION(), part->previous, value)))
	{
		part->events++;
		change_event_remember(fcinfo, info, part, value, isnull);
	}
	/* an equal value needs no new copy: the one kept compares the same */
	PG_RETURN_INT64(part->events);
}

/* ---------- session_count(ts, gap): sessions in any row order ---------- */

#define SESSION_COUNT_NAME "session_count"

/* The state: a cxm_state of kind CXM_STATE_SESSIONS (state.h). */
typedef struct session_count_state
{
	cxm_sess_set set;
} session_count_state;

static void
session_count_check(cxm_sess_status status)
{
	if (status == CXM_SESS_NO_MEMORY)
		cxm_sess_state_too_large(SESSION_COUNT_NAME);
	Assert(status == CXM_SESS_OK);	/* only reading a stored state finds a bad one */
}

static void
session_count_same_gap(int64 a, int64 b)
{
	if (a != b)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("session_count gap must be the same for every row of a group"),
				 errdetail("The group has rows with gaps of " INT64_FORMAT " and " INT64_FORMAT " microseconds.", a, b)));
}

PG_FUNCTION_INFO_V1(pgcxm_session_count_trans);
Datum
pgcxm_session_count_trans(PG_FUNCTION_ARGS)
{
	session_count_state *state = cxm_state_arg(fcinfo, 0, &cxm_state_sessions, "session_count_trans");
	cxm_sess_allocator mem;
	int64		gap;

	if (PG_ARGISNULL(2))
		cxm_sess_null_parameter(SESSION_COUNT_NAME, "gap");
	/* the gap is checked on every row, with a timestamp or not, as sessionize does */
	gap = cxm_interval_usecs(PG_GETARG_INTERVAL_P(2), "session_count gap");
	if (state == NULL)
	{
		state = cxm_state_new(fcinfo, &cxm_state_sessions, "session_count_trans");
		cxm_sess_set_init(&state->set, gap);
	}
	else
		session_count_same_gap(state->set.gap, gap);
	if (!PG_ARGISNULL(1))
	{
		cxm_sess_allocator_in(cxm_state_memory(state), &mem);
		session_count_check(cxm_sess_set_add(&state->set, PG_GETARG_INT64(1), &mem, cxm_sess_check_interrupts));
	}
	PG_RETURN_DATUM(cxm_state_datum(state));
}

PG_FUNCTION_INFO_V1(pgcxm_session_count_combine);
Datum
pgcxm_session_count_combine(PG_FUNCTION_ARGS)
{
	session_count_state *state = cxm_state_arg(fcinfo, 0, &cxm_state_sessions, "session_count_combine");
	const session_count_state *other;
	cxm_sess_allocator mem;

	if (PG_ARGISNULL(1))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(state));
	}
	if (state == NULL && !VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(1))))
	{
		/* a stored state is decoded straight into a new one of ours */
		PG_RETURN_DATUM(cxm_state_datum(cxm_state_arg(fcinfo, 1, &cxm_state_sessions, "session_count_combine")));
	}
	other = cxm_state_read(fcinfo, 1, &cxm_state_sessions);
	if (state == NULL)
	{
		state = cxm_state_new(fcinfo, &cxm_state_sessions, "session_count_combine");
		cxm_sess_set_init(&state->set, other->set.gap);
	}
	else
		session_count_same_gap(state->set.gap, other->set.gap);
	cxm_sess_allocator_in(cxm_state_memory(state), &mem);
	session_count_check(cxm_sess_set_merge(&state->set, &other->set, &mem, cxm_sess_check_interrupts));
	PG_RETURN_DATUM(cxm_state_datum(state));
}

/*
 * The stored form is the core's serialized form, which holds the sessions
 * merged: the pending events are merged in first (that changes how the
 * state is kept, not what it holds), so sizing the payload does it.
 */
static size_t
session_count_payload_size(const void *body)
{
	session_count_state *state = unconstify(session_count_state *, (const session_count_state *) body);
	cxm_sess_allocator mem;

	cxm_sess_allocator_in(cxm_state_memory(state), &mem);
	session_count_check(cxm_sess_set_compact(&state->set, &mem, cxm_sess_check_interrupts));
	return cxm_sess_set_serialized_size(&state->set);
}

static void
session_count_encode(const void *body, uint8 *out)
{
	const session_count_state *state = body;

	Assert(state->set.n_pending == 0);	/* merged by session_count_payload_size */
	cxm_sess_set_serialize(&state->set, out);
}

static const char *
session_count_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory)
{
	session_count_state *state = body;
	cxm_sess_allocator mem;

	cxm_sess_allocator_in(memory, &mem);
	switch (cxm_sess_set_deserialize(payload, len, &state->set, &mem))
	{
		case CXM_SESS_OK:
			return NULL;
		case CXM_SESS_NO_MEMORY:
			cxm_sess_state_too_large(SESSION_COUNT_NAME);
			break;
		case CXM_SESS_BAD_STATE:
			break;
	}
	return "its sessions are not sorted, apart by more than the gap and within the range of timestamps, or its header is wrong";
}

const CxmStateKind cxm_state_sessions = {
	CXM_STATE_SESSIONS, SESSION_COUNT_NAME, sizeof(session_count_state),
	session_count_payload_size, session_count_encode, session_count_decode
};

PG_FUNCTION_INFO_V1(pgcxm_session_count_final);
Datum
pgcxm_session_count_final(PG_FUNCTION_ARGS)
{
	session_count_state *state;
	cxm_sess_allocator mem;
	int64		count;

	if (PG_ARGISNULL(0))
		PG_RETURN_INT64(0);
	/* merging the pending events changes how the state is kept, not what it holds */
	state = unconstify(session_count_state *, (const session_count_state *) cxm_state_read(fcinfo, 0, &cxm_state_sessions));
	cxm_sess_allocator_in(cxm_sess_read_memory(fcinfo, 0, state), &mem);
	session_count_check(cxm_sess_set_count(&state->set, &mem, cxm_sess_check_interrupts, &count));
	PG_RETURN_INT64(count);
}
