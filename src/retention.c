/*
 * retention.c - PostgreSQL glue for retention (ClickHouse-compatible),
 * retention_periods (per-customer activity by period, right-censored) and
 * cohort_retention (shares per period over customers).  Their states are
 * cxm_states (state.h) of kinds CXM_STATE_RETENTION, CXM_STATE_ACTIVITY and
 * CXM_STATE_COHORT, stored in the serialized forms of retention_core.
 */
#include "sessions.h"

#include "access/htup_details.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_type.h"
#include "nodes/nodeFuncs.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/syscache.h"

#include "decimal_core.h"
#include "retention_core.h"

static void
retention_check(cxm_ret_status status, const char *fname)
{
	switch (status)
	{
		case CXM_RET_OK:
			return;
		case CXM_RET_NO_MEMORY:
			cxm_sess_state_too_large(fname);
			break;
		case CXM_RET_COUNT_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s count out of range", fname),
					 errdetail("The merged counts would pass 9223372036854775807 customers.")));
			break;
		default:
			/* adding and merging give no other status: a state that does is damaged */
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("%s state is inconsistent", fname),
					 errdetail("Adding to it gave status %d.", (int) status)));
	}
}

/*
 * What a stored state's decoder reports: NULL when it is valid; a state
 * too large for memory is an error of its own.
 */
static const char *
decoded(cxm_ret_status status, const char *fname, const char *malformed)
{
	if (status == CXM_RET_OK)
		return NULL;
	if (status == CXM_RET_NO_MEMORY)
		cxm_sess_state_too_large(fname);
	return malformed;
}

/*
 * For a combine function whose first state is NULL: whether the second is a
 * stored state, which is decoded straight into a new state of ours (an
 * expanded one belongs to its caller and is copied).
 */
static inline bool
adoptable(FunctionCallInfo fcinfo)
{
	return !VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(1)));
}

static Datum
int4_array(const int32 *values, const bool *nulls, int n)
{
	Datum	   *datums = palloc(sizeof(Datum) * n);
	int			dims[1] = {n};
	int			lbs[1] = {1};

	for (int k = 0; k < n; k++)
		datums[k] = Int32GetDatum(values[k]);
	return PointerGetDatum(construct_md_array(datums, (bool *) nulls, 1, dims, lbs,
											  INT4OID, sizeof(int32), true, TYPALIGN_INT));
}

/* ---------- retention(VARIADIC conds "any") and retention(conds boolean[]) ---------- */

/*
 * retention's state is not expanded while it runs: it is the stored form
 * itself (format, kind, the 12-byte payload of cxm_ret_flags_serialize)
 * behind a one-byte varlena header, 15 bytes, ORed in place the way
 * PostgreSQL's own avg(int8) accumulates into its array.  An expanded
 * object would put a 48-byte header before a 16-byte body: with many groups
 * the states then take a cache line each, twice what the internal state
 * took, and the rows that meet them miss the cache more (make
 * bench-compare).  The executor copies the value a transition or combine
 * returns into the aggregate's memory (nodeAgg, nodeWindowAgg and Citus
 * alike) and hands that copy back as the state: only such a value, of our
 * one-byte-header form, inside an aggregate, is changed in place; any other
 * (a stored or shipped state, read through the checked decoder) is read and
 * a new value returned.  The stored bytes are the same, so text and binary
 * forms, parallel workers and Citus see the state they always saw.
 */
#define FLAGS_FLAT_SIZE (1 + CXM_STATE_HEADER_SIZE + CXM_RET_FLAGS_SIZE)
StaticAssertDecl(FLAGS_FLAT_SIZE <= 127, "a retention state fits a one-byte varlena header");

/*
 * The payload of argument argno when it is a state this aggregate owns in
 * our in-place form, else NULL.
 */
static inline uint8 *
flags_in_place(FunctionCallInfo fcinfo, int argno)
{
	uint8	   *bytes;

	if (PG_ARGISNULL(argno))
		return NULL;
	bytes = (uint8 *) DatumGetPointer(PG_GETARG_DATUM(argno));
	if (!VARATT_IS_SHORT(bytes) || VARSIZE_SHORT(bytes) != FLAGS_FLAT_SIZE ||
		bytes[1] != CXM_STATE_FORMAT || bytes[2] != CXM_STATE_RETENTION ||
		fcinfo->context == NULL ||
		!(IsA(fcinfo->context, AggState) || IsA(fcinfo->context, WindowAggState)))
		return NULL;
	return bytes + 1 + CXM_STATE_HEADER_SIZE;
}

/*
 * Reads an in-place payload: only flags_value writes one and the transition
 * and combine change only its bits, so the checks of the decoder are not
 * repeated on every row, only the version and count.
 */
static inline void
flags_load(const uint8 *payload, cxm_ret_flags *flags)
{
	flags->conditions = payload[CXM_RET_FLAGS_CONDITIONS_AT];
	flags->met = cxm_sess_get_u64(payload + CXM_RET_FLAGS_MET_AT);
	if (unlikely(payload[0] != 1 || flags->conditions < 1 || flags->conditions > CXM_RET_MAX_CONDITIONS))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid cxm_state value"),
				 errdetail("The retention state is malformed: its length, version, number of conditions or bits are wrong.")));
}

/* A new state holding flags, in the current memory (the executor copies it into the aggregate's). */
static Datum
flags_value(const cxm_ret_flags *flags)
{
	uint8	   *bytes = palloc(FLAGS_FLAT_SIZE);

	SET_VARSIZE_SHORT(bytes, FLAGS_FLAT_SIZE);
	bytes[1] = CXM_STATE_FORMAT;
	bytes[2] = CXM_STATE_RETENTION;
	cxm_ret_flags_serialize(flags, bytes + 1 + CXM_STATE_HEADER_SIZE);
	return PointerGetDatum(bytes);
}

static void
flags_same_conditions(int a, int b)
{
	if (a != b)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("retention takes the same number of conditions on every row, not %d and %d", a, b),
				 errhint("List the conditions in the call, or pass arrays of one length.")));
}

/*
 * The state of argument argno that is not in place (NULL: none yet), read
 * into flags; a new state can only be made inside an aggregate.
 */
static bool
flags_read(FunctionCallInfo fcinfo, int argno, cxm_ret_flags *flags, const char *fname)
{
	if (cxm_agg_context(fcinfo) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s can only be called as part of an aggregate", fname),
				 errhint("It is a support function of cxm's aggregates.")));
	if (PG_ARGISNULL(argno))
		return false;
	*flags = *(const cxm_ret_flags *) cxm_state_read(fcinfo, argno, &cxm_state_retention);
	return true;
}

/*
 * The conditions come as separate arguments, or as one array (array_form:
 * the aggregate declared boolean[]; or an old call writing VARIADIC
 * ARRAY[...]); the form is found on the first row of the query.  A NULL
 * array is a row meeting no condition, which changes nothing: the row is
 * skipped (its number of conditions is unknown).
 */
static Datum
retention_trans(FunctionCallInfo fcinfo, bool array_form)
{
	CxmConditionArgs *where = fcinfo->flinfo->fn_extra;
	cxm_ret_flags flags;
	uint8	   *payload;
	int			n;
	uint64		met;

	if (where == NULL)
	{
		where = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(CxmConditionArgs));
		*where = array_form ? cxm_conditions_array(1)
			: cxm_conditions_locate(fcinfo, 1, CXM_RET_MAX_CONDITIONS, "retention");
		fcinfo->flinfo->fn_extra = where;
	}
	if (!cxm_conditions_read(fcinfo, where, CXM_RET_MAX_CONDITIONS, "retention", &met, &n))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	payload = flags_in_place(fcinfo, 0);
	if (likely(payload != NULL))
	{
		flags_load(payload, &flags);
		flags_same_conditions(flags.conditions, n);
		if ((flags.met | met) != flags.met)
			cxm_sess_put_u64(payload + CXM_RET_FLAGS_MET_AT, flags.met | met);
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (flags_read(fcinfo, 0, &flags, "retention_trans"))
		flags_same_conditions(flags.conditions, n);
	else
	{
		flags.conditions = n;
		flags.met = 0;
	}
	flags.met |= met;
	PG_RETURN_DATUM(flags_value(&flags));
}

PG_FUNCTION_INFO_V1(pgcxm_retention_trans);
Datum
pgcxm_retention_trans(PG_FUNCTION_ARGS)
{
	return retention_trans(fcinfo, false);
}

PG_FUNCTION_INFO_V1(pgcxm_retention_trans_array);
Datum
pgcxm_retention_trans_array(PG_FUNCTION_ARGS)
{
	return retention_trans(fcinfo, true);
}

PG_FUNCTION_INFO_V1(pgcxm_retention_combine);
Datum
pgcxm_retention_combine(PG_FUNCTION_ARGS)
{
	const cxm_ret_flags *other;
	cxm_ret_flags flags;
	uint8	   *payload;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	other = cxm_state_read(fcinfo, 1, &cxm_state_retention);
	payload = flags_in_place(fcinfo, 0);
	if (payload != NULL)
	{
		flags_load(payload, &flags);
		flags_same_conditions(flags.conditions, other->conditions);
		cxm_sess_put_u64(payload + CXM_RET_FLAGS_MET_AT, flags.met | other->met);
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (flags_read(fcinfo, 0, &flags, "retention_combine"))
	{
		flags_same_conditions(flags.conditions, other->conditions);
		flags.met |= other->met;
	}
	else
		flags = *other;
	PG_RETURN_DATUM(flags_value(&flags));
}

static size_t
retention_payload_size(const void *body pg_attribute_unused())
{
	return CXM_RET_FLAGS_SIZE;
}

static void
retention_encode(const void *body, uint8 *out)
{
	cxm_ret_flags_serialize(body, out);
}

static const char *
retention_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory pg_attribute_unused())
{
	return decoded(cxm_ret_flags_deserialize(payload, len, body), "retention",
				   "its length, version, number of conditions or bits are wrong");
}

const CxmStateKind cxm_state_retention = {
	CXM_STATE_RETENTION, "retention", sizeof(cxm_ret_flags),
	retention_payload_size, retention_encode, retention_decode
};

/*
 * The number of conditions a call lists, from its argument expressions and
 * their types: one per argument when they are separate (a bare NULL is one
 * too); or, when one boolean[] holds them, the elements of that expression,
 * which becomes a constant when every condition is one; 0 when it cannot be
 * seen.
 */
static int
conditions_listed(Expr *first, Oid first_type, int nargs)
{
	if (first_type == BOOLOID || first_type == UNKNOWNOID)
		return nargs;
	if (first_type != BOOLARRAYOID || nargs != 1)
		return 0;
	if (IsA(first, ArrayExpr))
		return list_length(((ArrayExpr *) first)->elements);
	if (IsA(first, Const) && !((Const *) first)->constisnull)
	{
		ArrayType  *array = DatumGetArrayTypeP(((Const *) first)->constvalue);

		return ARR_NDIM(array) == 1 ? ARR_DIMS(array)[0] : 0;
	}
	return 0;
}

/* Whether aggregate aggfnoid finishes with this final function (a call of retention). */
static bool
finished_here(FunctionCallInfo fcinfo, Oid aggfnoid)
{
	HeapTuple	tuple = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(aggfnoid));
	Oid			finalfn;

	if (!HeapTupleIsValid(tuple))
		return false;
	finalfn = ((Form_pg_aggregate) GETSTRUCT(tuple))->aggfinalfn;
	ReleaseSysCache(tuple);
	return finalfn == fcinfo->flinfo->fn_oid;
}

/*
 * As a window function there is no Aggref: the call is one of the
 * WindowFuncs of the WindowAgg node, which cannot tell which one it is.
 * When every call of retention there (its final function is this one)
 * lists the same number of conditions, that is the number; else 0.
 */
static int
conditions_in_window_calls(FunctionCallInfo fcinfo)
{
	WindowAggState *winstate = (WindowAggState *) fcinfo->context;
	ListCell   *lc;
	int			found = 0;

	foreach(lc, winstate->funcs)
	{
		WindowFunc *wfunc = ((WindowFuncExprState *) lfirst(lc))->wfunc;
		int			n;

		if (!wfunc->winagg || wfunc->args == NIL || !finished_here(fcinfo, wfunc->winfnoid))
			continue;
		n = conditions_listed(linitial(wfunc->args), exprType(linitial(wfunc->args)), list_length(wfunc->args));
		if (n == 0 || (found != 0 && n != found))
			return 0;
		found = n;
	}
	return found;
}

/*
 * The number of conditions of the call, when the planner can see it, so
 * that no rows give zeros as in ClickHouse; 0 otherwise.  (An ORDER BY adds
 * its columns to the Aggref's arguments; aggargtypes has the aggregated
 * arguments only.)  The Aggref must be a call of retention: Citus finishes
 * a state with this function inside an aggregate of its own.  Kept in
 * fn_extra: it is the same for every group and frame of the query.
 */
static int
conditions_in_call(FunctionCallInfo fcinfo)
{
	Aggref	   *aggref;
	int			n;

	if (fcinfo->flinfo->fn_extra != NULL)
		return *(int *) fcinfo->flinfo->fn_extra;
	aggref = AggGetAggref(fcinfo);
	if (aggref != NULL && finished_here(fcinfo, aggref->aggfnoid))
		n = conditions_listed(linitial_node(TargetEntry, aggref->args)->expr, linitial_oid(aggref->aggargtypes),
							  list_length(aggref->aggargtypes));
	else if (aggref == NULL && fcinfo->context != NULL && IsA(fcinfo->context, WindowAggState))
		n = conditions_in_window_calls(fcinfo);
	else
		n = 0;
	fcinfo->flinfo->fn_extra = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(int));
	*(int *) fcinfo->flinfo->fn_extra = n;
	return n;
}

PG_FUNCTION_INFO_V1(pgcxm_retention_final);
Datum
pgcxm_retention_final(PG_FUNCTION_ARGS)
{
	const cxm_ret_flags *state = PG_ARGISNULL(0) ? NULL : cxm_state_read(fcinfo, 0, &cxm_state_retention);
	cxm_ret_flags none = {0, 0};
	int32		values[CXM_RET_MAX_CONDITIONS];
	bool		nulls[CXM_RET_MAX_CONDITIONS] = {0};

	if (state == NULL)
	{
		/* no rows: nobody met any condition, as in ClickHouse */
		none.conditions = conditions_in_call(fcinfo);
		if (none.conditions < 1 || none.conditions > CXM_RET_MAX_CONDITIONS)
			PG_RETURN_NULL();
		state = &none;
	}
	cxm_ret_flags_result(state, values);
	PG_RETURN_DATUM(int4_array(values, nulls, state->conditions));
}

/* ---------- retention_periods(ts, period, periods, as_of [, mode [, origin]]) ---------- */

#define PERIODS_NAME "retention_periods"

static void
periods_params(FunctionCallInfo fcinfo, cxm_ret_params *p)
{
	int64		period;
	int32		periods;

	if (PG_ARGISNULL(2))
		cxm_sess_null_parameter(PERIODS_NAME, "period");
	if (PG_ARGISNULL(3))
		cxm_sess_null_parameter(PERIODS_NAME, "periods");
	if (PG_ARGISNULL(4))
		cxm_sess_null_parameter(PERIODS_NAME, "as_of");
	period = cxm_interval_usecs(PG_GETARG_INTERVAL_P(2), PERIODS_NAME " period");
	if (period == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg(PERIODS_NAME " period must be longer than zero"),
				 errhint("Pass a span such as interval '7 days'.")));
	periods = PG_GETARG_INT32(3);
	if (periods < 1 || periods > CXM_RET_MAX_PERIODS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg(PERIODS_NAME " periods %d is out of range 1..%d", periods, CXM_RET_MAX_PERIODS),
				 errhint("It is the number of periods after the first one, e.g. 12 for twelve weeks.")));
	p->period = period;
	p->periods = periods;
	p->as_of = PG_GETARG_INT64(4);
	p->mode = 0;
	p->origin = 0;
	if (PG_NARGS() > 5)
	{
		text	   *mode;
		bool		on_or_after;

		if (PG_ARGISNULL(5))
			cxm_sess_null_parameter(PERIODS_NAME, "mode");
		mode = PG_GETARG_TEXT_PP(5);
		if (!cxm_ret_parse_mode(VARDATA_ANY(mode), VARSIZE_ANY_EXHDR(mode), &on_or_after))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown " PERIODS_NAME " mode \"%s\"", text_to_cstring(mode)),
					 errhint("The modes are 'on' (active in period k) and 'on_or_after' (in period k or later).")));
		if (on_or_after)
			p->mode |= CXM_RET_ON_OR_AFTER;
	}
	if (PG_NARGS() > 6)
	{
		if (PG_ARGISNULL(6))
			cxm_sess_null_parameter(PERIODS_NAME, "origin");
		p->origin = PG_GETARG_INT64(6);
		if (TIMESTAMP_NOT_FINITE(p->origin))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg(PERIODS_NAME " origin must be finite"),
					 errhint("Pass the start of one period, e.g. timestamptz '2025-01-06 00:00+00' for weeks from Monday.")));
		p->mode |= CXM_RET_CALENDAR;
	}
}

static void
periods_same_params(const cxm_ret_params *a, const cxm_ret_params *b)
{
	if (!cxm_ret_params_equal(a, b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg(PERIODS_NAME " takes the same period, periods, as_of, mode and origin on every row of a group"),
				 errhint("Pass constants, e.g. retention_periods(ts, '7 days', 12, '2026-01-01').")));
}

PG_FUNCTION_INFO_V1(pgcxm_retention_periods_trans);
Datum
pgcxm_retention_periods_trans(PG_FUNCTION_ARGS)
{
	cxm_ret_activity *state = cxm_state_arg(fcinfo, 0, &cxm_state_activity, PERIODS_NAME "_trans");
	cxm_ret_params params;
	cxm_sess_allocator mem;
	int64		ts;
	cxm_ret_status status;

	periods_params(fcinfo, &params);
	if (state == NULL)
	{
		state = cxm_state_new(fcinfo, &cxm_state_activity, PERIODS_NAME "_trans");
		cxm_ret_activity_init(state, &params);
	}
	else
		periods_same_params(&state->params, &params);
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(cxm_state_datum(state));
	ts = PG_GETARG_INT64(1);
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg(PERIODS_NAME " cannot place an event at %s in a period", TIMESTAMP_IS_NOBEGIN(ts) ? "-infinity" : "infinity"),
				 errhint("Leave such rows out with a WHERE clause.")));
	cxm_sess_allocator_in(cxm_state_memory(state), &mem);
	status = cxm_ret_activity_add(state, ts, &mem, cxm_sess_check_interrupts);
	if (status == CXM_RET_OUT_OF_RANGE)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg(PERIODS_NAME " event is too far from the origin"),
				 errdetail("With a period of one microsecond, buckets more than 292,000 years from the origin have no 64-bit number."),
				 errhint("Pass an origin nearer the events, or a longer period.")));
	retention_check(status, PERIODS_NAME);
	PG_RETURN_DATUM(cxm_state_datum(state));
}

PG_FUNCTION_INFO_V1(pgcxm_retention_periods_combine);
Datum
pgcxm_retention_periods_combine(PG_FUNCTION_ARGS)
{
	cxm_ret_activity *state = cxm_state_arg(fcinfo, 0, &cxm_state_activity, PERIODS_NAME "_combine");
	const cxm_ret_activity *other;
	cxm_sess_allocator mem;

	if (PG_ARGISNULL(1))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(state));
	}
	if (state == NULL && adoptable(fcinfo))
		PG_RETURN_DATUM(cxm_state_datum(cxm_state_arg(fcinfo, 1, &cxm_state_activity, PERIODS_NAME "_combine")));
	other = cxm_state_read(fcinfo, 1, &cxm_state_activity);
	if (state == NULL)
	{
		state = cxm_state_new(fcinfo, &cxm_state_activity, PERIODS_NAME "_combine");
		cxm_ret_activity_init(state, &other->params);
	}
	else
		periods_same_params(&state->params, &other->params);
	cxm_sess_allocator_in(cxm_state_memory(state), &mem);
	retention_check(cxm_ret_activity_merge(state, other, &mem, cxm_sess_check_interrupts), PERIODS_NAME);
	PG_RETURN_DATUM(cxm_state_datum(state));
}

static size_t
activity_payload_size(const void *body)
{
	return cxm_ret_activity_serialized_size(body);
}

static void
activity_encode(const void *body, uint8 *out)
{
	cxm_ret_activity_serialize(body, out);
}

static const char *
activity_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory)
{
	cxm_sess_allocator mem;

	cxm_sess_allocator_in(memory, &mem);
	return decoded(cxm_ret_activity_deserialize(payload, len, body, &mem), PERIODS_NAME,
				   "its parameters or event positions are not ones retention_periods writes");
}

const CxmStateKind cxm_state_activity = {
	CXM_STATE_ACTIVITY, PERIODS_NAME, sizeof(cxm_ret_activity),
	activity_payload_size, activity_encode, activity_decode
};

PG_FUNCTION_INFO_V1(pgcxm_retention_periods_final);
Datum
pgcxm_retention_periods_final(PG_FUNCTION_ARGS)
{
	const cxm_ret_activity *state = PG_ARGISNULL(0) ? NULL : cxm_state_read(fcinfo, 0, &cxm_state_activity);
	int32	   *values;
	bool	   *nulls;

	if (state == NULL || !state->any)
		PG_RETURN_NULL();		/* no event before as_of */
	values = palloc(sizeof(int32) * (state->params.periods + 1));
	nulls = palloc(sizeof(bool) * (state->params.periods + 1));
	cxm_ret_activity_result(state, values, nulls, cxm_sess_check_interrupts);
	PG_RETURN_DATUM(int4_array(values, nulls, state->params.periods + 1));
}

/* ---------- cohort_retention(r integer[] [, decimals]) ---------- */

#define COHORT_NAME "cohort_retention"

/* The rounding is a parameter of the result: one per group (-1: not rounded). */
static void
cohort_same_decimals(int32 a, int32 b)
{
	if (a != b)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg(COHORT_NAME " takes the same decimals on every row of a group"),
				 errhint("Pass a constant, e.g. cohort_retention(r, 1).")));
}

PG_FUNCTION_INFO_V1(pgcxm_cohort_retention_trans);
Datum
pgcxm_cohort_retention_trans(PG_FUNCTION_ARGS)
{
	cxm_ret_cohort *state = cxm_state_arg(fcinfo, 0, &cxm_state_cohort, COHORT_NAME "_trans");
	int32		decimals = -1;
	ArrayType  *r;
	Datum	   *datums;
	bool	   *nulls;
	int32	   *values;
	int			n;
	int32		bad = 0;
	cxm_sess_allocator mem;
	cxm_ret_status status;

	if (PG_NARGS() > 2)
	{
		if (PG_ARGISNULL(2))
			cxm_sess_null_parameter(COHORT_NAME, "decimals");
		decimals = PG_GETARG_INT32(2);
		if (decimals < 0 || decimals > CXM_RET_MAX_DECIMALS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg(COHORT_NAME " decimals %d is out of range 0..%d", decimals, CXM_RET_MAX_DECIMALS),
					 errhint("Leave decimals out for exact shares.")));
	}
	if (state == NULL)
	{
		state = cxm_state_new(fcinfo, &cxm_state_cohort, COHORT_NAME "_trans");
		cxm_ret_cohort_init(state, decimals);
	}
	else
		cohort_same_decimals(state->decimals, decimals);
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(cxm_state_datum(state));
	r = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_NDIM(r) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg(COHORT_NAME " takes a one-dimensional array"),
				 errhint("Pass one customer's array per row, as retention() or retention_periods() return it.")));
	deconstruct_array(r, INT4OID, sizeof(int32), true, TYPALIGN_INT, &datums, &nulls, &n);
	values = palloc(sizeof(int32) * (n > 0 ? n : 1));
	for (int k = 0; k < n; k++)
		values[k] = nulls[k] ? 0 : DatumGetInt32(datums[k]);
	cxm_sess_allocator_in(cxm_state_memory(state), &mem);
	status = cxm_ret_cohort_add(state, values, nulls, n, &mem, &bad);
	if (status == CXM_RET_NOT_BINARY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg(COHORT_NAME " element %d is %d, not 0, 1 or NULL", bad + 1, values[bad]),
				 errhint("Pass the arrays retention() or retention_periods() return.")));
	if (status == CXM_RET_TOO_LONG)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg(COHORT_NAME " takes arrays of up to %d elements, not %d", CXM_RET_MAX_PERIODS + 1, n),
				 errhint("retention_periods gives at most %d periods after the first.", CXM_RET_MAX_PERIODS)));
	retention_check(status, COHORT_NAME);
	pfree(values);
	pfree(datums);
	pfree(nulls);
	PG_RETURN_DATUM(cxm_state_datum(state));
}

PG_FUNCTION_INFO_V1(pgcxm_cohort_retention_combine);
Datum
pgcxm_cohort_retention_combine(PG_FUNCTION_ARGS)
{
	cxm_ret_cohort *state = cxm_state_arg(fcinfo, 0, &cxm_state_cohort, COHORT_NAME "_combine");
	const cxm_ret_cohort *other;
	cxm_sess_allocator mem;

	if (PG_ARGISNULL(1))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(state));
	}
	if (state == NULL && adoptable(fcinfo))
		PG_RETURN_DATUM(cxm_state_datum(cxm_state_arg(fcinfo, 1, &cxm_state_cohort, COHORT_NAME "_combine")));
	other = cxm_state_read(fcinfo, 1, &cxm_state_cohort);
	if (state == NULL)
	{
		state = cxm_state_new(fcinfo, &cxm_state_cohort, COHORT_NAME "_combine");
		cxm_ret_cohort_init(state, other->decimals);
	}
	else
		cohort_same_decimals(state->decimals, other->decimals);
	cxm_sess_allocator_in(cxm_state_memory(state), &mem);
	retention_check(cxm_ret_cohort_merge(state, other, &mem), COHORT_NAME);
	PG_RETURN_DATUM(cxm_state_datum(state));
}

static size_t
cohort_payload_size(const void *body)
{
	return cxm_ret_cohort_serialized_size(body);
}

static void
cohort_encode(const void *body, uint8 *out)
{
	cxm_ret_cohort_serialize(body, out);
}

static const char *
cohort_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory)
{
	cxm_sess_allocator mem;

	cxm_sess_allocator_in(memory, &mem);
	return decoded(cxm_ret_cohort_deserialize(payload, len, body, &mem), COHORT_NAME,
				   "its counts are not ones cohort_retention makes");
}

const CxmStateKind cxm_state_cohort = {
	CXM_STATE_COHORT, COHORT_NAME, sizeof(cxm_ret_cohort),
	cohort_payload_size, cohort_encode, cohort_decode
};

PG_FUNCTION_INFO_V1(pgcxm_cohort_retention_final);
Datum
pgcxm_cohort_retention_final(PG_FUNCTION_ARGS)
{
	const cxm_ret_cohort *state = PG_ARGISNULL(0) ? NULL : cxm_state_read(fcinfo, 0, &cxm_state_cohort);
	Datum	   *datums;
	bool	   *nulls;
	int			dims[1];
	int			lbs[1] = {1};

	if (state == NULL || state->length == 0)
		PG_RETURN_NULL();		/* nobody in the cohort */
	datums = palloc(sizeof(Datum) * state->length);
	nulls = palloc(sizeof(bool) * state->length);
	for (int32 k = 0; k < state->length; k++)
	{
		char		buf[CXM_NUMBER_BUFLEN];

		nulls[k] = !cxm_ret_cohort_percent(state, k, buf);
		if (nulls[k])
			continue;
		datums[k] = cxm_numeric_from_text(buf);
		if (state->decimals >= 0)
			datums[k] = DirectFunctionCall2(numeric_round, datums[k], Int32GetDatum(state->decimals));
	}
	dims[0] = state->length;
	PG_RETURN_ARRAYTYPE_P(construct_md_array(datums, nulls, 1, dims, lbs, NUMERICOID, -1, false, TYPALIGN_INT));
}
