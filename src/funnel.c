/*
 * funnel.c - PostgreSQL glue for window_funnel and window_funnel_steps:
 * argument checks, the per-query mode cache, the aggregate state (events.c,
 * a cxm_state of kind CXM_STATE_FUNNEL) and the results.  The funnel itself
 * is funnel_core.c.
 */
#include "events.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "funnel_core.h"

#define FNAME "window_funnel"

PG_FUNCTION_INFO_V1(pgcxm_funnel_trans);
PG_FUNCTION_INFO_V1(pgcxm_funnel_trans_array);
PG_FUNCTION_INFO_V1(pgcxm_funnel_combine);
PG_FUNCTION_INFO_V1(pgcxm_funnel_final);
PG_FUNCTION_INFO_V1(pgcxm_funnel_steps_final);
PG_FUNCTION_INFO_V1(pgcxm_funnel_steps_final_ts);

/*
 * The window and mode arguments of the last row, parsed, and the parameters
 * of the query's first row: kept for the query in fn_extra.  While every row
 * has the first row's parameters, so has every state, and a row meeting no
 * step need not touch its group's state at all.
 */
typedef struct FunnelArgs
{
	bool		has_mode;		/* the call passes a mode (argument 2) */
	int			ts_arg;
	CxmConditionArgs conditions;
	bool		have_window;
	Interval	window_arg;
	uint64		window;
	text	   *mode_arg;		/* in fn_mcxt */
	uint32		modes;
	bool		have_first;
	bool		varied;			/* some row's parameters differed from the first row's */
	bool		null_arrays;	/* some row's conditions were a NULL array: a state may not know its count */
	uint64		first_window;
	uint32		first_modes;
	int			first_nconds;
} FunnelArgs;

static uint64
window_argument(FunctionCallInfo fcinfo, FunnelArgs *args)
{
	Interval   *window;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("window_funnel window must not be NULL"),
				 errhint("Pass the funnel's time window, e.g. interval '7 days'.")));
	window = PG_GETARG_INTERVAL_P(1);
	if (!args->have_window || memcmp(window, &args->window_arg, sizeof(Interval)) != 0)
	{
		args->window = (uint64) cxm_interval_usecs(window, "window_funnel window");
		args->window_arg = *window;
		args->have_window = true;
	}
	return args->window;
}

static void
mode_error(cxm_mode_status status, const char *text, size_t len, size_t at, size_t item_len)
{
	char	   *mode = pnstrdup(text, len);
	char	   *item = pnstrdup(text + at, item_len);

	switch (status)
	{
		case CXM_MODE_UNKNOWN:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown window_funnel mode \"%s\"", item),
					 errhint("The modes are strict_deduplication, strict_order, strict_increase, strict_once and allow_reentry, separated by commas.")));
			break;
		case CXM_MODE_STRICT_RENAMED:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("window_funnel mode \"strict\" is now called strict_deduplication"),
					 errhint("Write 'strict_deduplication', as ClickHouse does.")));
			break;
		case CXM_MODE_EMPTY_ITEM:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("window_funnel mode \"%s\" has an empty item", mode),
					 errhint("Separate modes by single commas, e.g. 'strict_order, strict_increase'; '' is the default mode.")));
			break;
		case CXM_MODE_REENTRY_NEEDS_ORDER:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("window_funnel mode allow_reentry requires strict_order"),
					 errdetail("allow_reentry changes what strict_order does with a step that arrives before the step it follows."),
					 errhint("Write 'strict_order, allow_reentry'.")));
			break;
		case CXM_MODE_OK:
			break;
	}
}

static uint32
mode_argument(FunctionCallInfo fcinfo, FunnelArgs *args)
{
	text	   *mode;
	uint32		modes;
	size_t		at,
				item_len;
	cxm_mode_status status;

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("window_funnel mode must not be NULL"),
				 errhint("Pass '' for the default mode.")));
	mode = PG_GETARG_TEXT_PP(2);
	if (args->mode_arg != NULL &&
		VARSIZE_ANY_EXHDR(mode) == VARSIZE_ANY_EXHDR(args->mode_arg) &&
		memcmp(VARDATA_ANY(mode), VARDATA_ANY(args->mode_arg), VARSIZE_ANY_EXHDR(mode)) == 0)
		return args->modes;
	status = cxm_funnel_parse_mode(VARDATA_ANY(mode), VARSIZE_ANY_EXHDR(mode), &modes, &at, &item_len);
	if (status != CXM_MODE_OK)
		mode_error(status, VARDATA_ANY(mode), VARSIZE_ANY_EXHDR(mode), at, item_len);
	if (args->mode_arg != NULL)
		pfree(args->mode_arg);
	args->mode_arg = (text *) MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, VARSIZE_ANY(mode));
	memcpy(args->mode_arg, mode, VARSIZE_ANY(mode));
	args->modes = modes;
	return modes;
}

/*
 * Whether the call passes a mode (argument 2 is text, not the timestamp):
 * from the call's expression, or, without one (Citus calls transition
 * functions with a bare FmgrInfo), from the function's declared arguments.
 */
static bool
call_has_mode(FunctionCallInfo fcinfo)
{
	Oid			type = get_fn_expr_argtype(fcinfo->flinfo, 2);

	if (type == InvalidOid && fcinfo->flinfo->fn_expr == NULL && OidIsValid(fcinfo->flinfo->fn_oid))
	{
		Oid		   *argtypes;
		int			nargs;

		(void) get_func_signature(fcinfo->flinfo->fn_oid, &argtypes, &nargs);
		if (nargs > 2)
			type = argtypes[2];
		pfree(argtypes);
	}
	return type == TEXTOID;
}

/*
 * The call's form, once per query: with or without a mode, steps in an array
 * (array_form: the aggregate declared boolean[]) or not.
 */
static FunnelArgs *
funnel_args(FunctionCallInfo fcinfo, bool array_form)
{
	FunnelArgs *args = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(FunnelArgs));

	args->has_mode = call_has_mode(fcinfo);
	args->ts_arg = args->has_mode ? 3 : 2;
	args->conditions = array_form ? cxm_conditions_array(args->ts_arg + 1)
		: cxm_conditions_locate(fcinfo, args->ts_arg + 1, CXM_FUNNEL_MAX_STEPS, FNAME);
	fcinfo->flinfo->fn_extra = args;
	return args;
}

/*
 * funnel_trans(state, window, [mode,] ts, conditions): stores the row as
 * (ts, condition mask) when it meets a step (or, under strict_order, when it
 * meets none: such a row ends a strict funnel).  A NULL ts skips the row.
 * The conditions are separate arguments (VARIADIC "any"), or one array (the
 * array form, or an old call writing VARIADIC ARRAY[...]).  A NULL array is
 * a row meeting no step whose number of steps is unknown: a state made of
 * such rows alone has nconds 0 until a row tells it.
 */
static Datum
funnel_trans(FunctionCallInfo fcinfo, bool array_form)
{
	FunnelArgs *args = fcinfo->flinfo->fn_extra;
	bool		fresh = args == NULL;
	JourneyState *state;
	int			ts_arg;
	uint64		window;
	uint32		modes;
	uint64		mask;
	int			nconds;

	if (fresh)
		args = funnel_args(fcinfo, array_form);
	ts_arg = args->ts_arg;
	window = window_argument(fcinfo, args);
	modes = args->has_mode ? mode_argument(fcinfo, args) : 0;
	if (!cxm_conditions_read(fcinfo, &args->conditions, CXM_FUNNEL_MAX_STEPS, FNAME, &mask, &nconds))
	{
		mask = 0;
		nconds = 0;
		args->null_arrays = true;
	}
	if (!args->have_first)
	{
		args->first_window = window;
		args->first_modes = modes;
		args->first_nconds = nconds;
		args->have_first = true;
	}
	else if (window != args->first_window || modes != args->first_modes || nconds != args->first_nconds)
		args->varied = true;

	/*
	 * A row meeting no step changes nothing: the state goes back as it came,
	 * not even read (with many groups, reading it would cost a cache miss
	 * the old internal state never paid).  Its parameters are checked by
	 * the next row of the group that stores something; and while every row
	 * of this query has had the first row's parameters, the state, made by
	 * those rows (Citus hands the transition a flat copy of what it
	 * returned), has them too.  A direct call never
	 * gets here: the first row of a query (fresh) takes the checked path,
	 * which outside an aggregate is an error.
	 */
	if (mask == 0 && !(modes & CXM_FUNNEL_STRICT_ORDER) && !fresh && !args->varied && !args->null_arrays &&
		!PG_ARGISNULL(0))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));	/* nothing to store, nothing to check */
	state = cxm_state_arg(fcinfo, 0, &cxm_state_funnel, "funnel_trans");
	if (state == NULL)
	{
		state = journey_state_new(fcinfo, &cxm_state_funnel, CXM_KIND_FUNNEL, nconds, "funnel_trans");
		state->u.funnel.window = window;
		state->u.funnel.modes = modes;
	}
	else if (state->u.funnel.window != window || state->u.funnel.modes != modes ||
			 (state->nconds != nconds && state->nconds != 0 && nconds != 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("window_funnel %s changed within a group",
						state->u.funnel.window != window ? "window" :
						state->u.funnel.modes != modes ? "mode" : "number of conditions"),
				 errdetail("The window, the mode and the number of steps must be the same in every row of a group.")));
	else if (state->nconds == 0)
		state->nconds = (uint8) nconds;

	if (!PG_ARGISNULL(ts_arg) && (mask != 0 || (modes & CXM_FUNNEL_STRICT_ORDER)))
	{
		int64		ts = PG_GETARG_INT64(ts_arg);

		/* only whether a timestamp has a row meeting no step matters: keep one */
		if (mask != 0 || state->count == 0 || state->last.mask != 0 || state->last.ts != ts)
			journey_append(state, ts, mask);
	}
	PG_RETURN_DATUM(cxm_state_datum(state));
}

Datum
pgcxm_funnel_trans(PG_FUNCTION_ARGS)
{
	return funnel_trans(fcinfo, false);
}

/* The array form: window_funnel(window, [mode,] ts, steps boolean[]). */
Datum
pgcxm_funnel_trans_array(PG_FUNCTION_ARGS)
{
	return funnel_trans(fcinfo, true);
}

Datum
pgcxm_funnel_combine(PG_FUNCTION_ARGS)
{
	return journey_combine(fcinfo, &cxm_state_funnel, FNAME);
}

static const char *
check_funnel_header(const cxm_events_header *header, const char *pattern, bool *allow_empty_mask)
{
	(void) pattern;
	return cxm_funnel_state_check(header, allow_empty_mask);
}

static const char *
funnel_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory)
{
	return journey_decode(body, payload, len, memory, CXM_KIND_FUNNEL, check_funnel_header);
}

const CxmStateKind cxm_state_funnel = {
	CXM_STATE_FUNNEL, "window_funnel", sizeof(JourneyState),
	journey_payload_size, journey_encode, funnel_decode
};

/*
 * Sorts the state in place (the logical state is unchanged, so the final
 * functions stay READ_ONLY for window use) and evaluates it.
 */
static int
evaluate(FunctionCallInfo fcinfo, JourneyState *state, int64 *times)
{
	cxm_funnel_workspace *ws = NULL;
	cxm_ticker	ticker;

	if (state->nconds == 0)
		return 0;				/* every row came with a NULL array: none met a step */
	journey_ticker_init(&ticker);
	if (!state->sorted)
	{
		if (cxm_funnel_needs_arrival_order(state->u.funnel.modes))
		{
			cxm_event  *scratch = palloc_extended((state->count / 2 + 1) * sizeof(cxm_event), MCXT_ALLOC_HUGE);

			cxm_events_sort_ts_stable(state->events, state->count, scratch, &ticker);
			pfree(scratch);
		}
		else
			cxm_events_sort_ts(state->events, state->count, &ticker);
		state->sorted = true;
		state->last = state->events[state->count - 1];
	}
	if (times != NULL || (state->u.funnel.modes & CXM_FUNNEL_STRICT_ONCE))
	{
		/* one workspace per query */
		if (fcinfo->flinfo->fn_extra == NULL)
			fcinfo->flinfo->fn_extra = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(cxm_funnel_workspace));
		ws = fcinfo->flinfo->fn_extra;
	}
	return cxm_funnel_evaluate(state->events, (size_t) state->count, state->u.funnel.window,
							   state->u.funnel.modes, state->nconds, times, ws, &ticker);
}

/* The state to finish: its body as it is, or a stored one read into this call's memory. */
static JourneyState *
final_state(FunctionCallInfo fcinfo)
{
	/* sorting in place keeps what the state holds: the final functions may */
	return unconstify(JourneyState *, (const JourneyState *) cxm_state_read(fcinfo, 0, &cxm_state_funnel));
}

Datum
pgcxm_funnel_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_INT32(0);
	PG_RETURN_INT32(evaluate(fcinfo, final_state(fcinfo), NULL));
}

static Datum
steps_result(FunctionCallInfo fcinfo, Oid element_type)
{
	int64		times[CXM_FUNNEL_MAX_STEPS];
	Datum		elements[CXM_FUNNEL_MAX_STEPS];
	int			level;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	if (PG_ARGISNULL(0))
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(element_type));
	level = evaluate(fcinfo, final_state(fcinfo), times);
	if (level == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(element_type));
	for (int i = 0; i < level; i++)
		elements[i] = Int64GetDatum(times[i]);
	get_typlenbyvalalign(element_type, &typlen, &typbyval, &typalign);
	PG_RETURN_ARRAYTYPE_P(construct_array(elements, level, element_type, typlen, typbyval, typalign));
}

Datum
pgcxm_funnel_steps_final(PG_FUNCTION_ARGS)
{
	return steps_result(fcinfo, TIMESTAMPTZOID);
}

Datum
pgcxm_funnel_steps_final_ts(PG_FUNCTION_ARGS)
{
	return steps_result(fcinfo, TIMESTAMPOID);
}
