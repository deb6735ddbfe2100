/*
 * paths.c - PostgreSQL glue for journey_path(step, ts [, max_steps [, keep]]).
 * The state is a cxm_state (state.h) of kind CXM_STATE_PATHS, stored in the
 * serialized form of paths_core.
 */
#include "sessions.h"

#include "catalog/pg_type.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "paths_core.h"

#define PATH_NAME "journey_path"

static void
path_check(cxm_path_status status)
{
	if (status == CXM_PATH_NO_MEMORY)
		cxm_sess_state_too_large(PATH_NAME);
	Assert(status == CXM_PATH_OK);	/* only reading a stored state finds a bad one */
}

/* The cap arguments of this call: max_steps (0: none) and which end to keep. */
static void
path_params(FunctionCallInfo fcinfo, int32 *max_steps, bool *keep_first)
{
	*max_steps = 0;
	*keep_first = false;
	if (PG_NARGS() > 3)
	{
		if (PG_ARGISNULL(3))
			cxm_sess_null_parameter(PATH_NAME, "max_steps");
		*max_steps = PG_GETARG_INT32(3);
		if (*max_steps < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg(PATH_NAME " max_steps must be at least 1, not %d", *max_steps),
					 errhint("Leave max_steps out for the whole path.")));
	}
	if (PG_NARGS() > 4)
	{
		text	   *keep;

		if (PG_ARGISNULL(4))
			cxm_sess_null_parameter(PATH_NAME, "keep");
		keep = PG_GETARG_TEXT_PP(4);
		if (VARSIZE_ANY_EXHDR(keep) == 5 && memcmp(VARDATA_ANY(keep), "first", 5) == 0)
			*keep_first = true;
		else if (!(VARSIZE_ANY_EXHDR(keep) == 4 && memcmp(VARDATA_ANY(keep), "last", 4) == 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown " PATH_NAME " keep \"%s\"", text_to_cstring(keep)),
					 errhint("Keep the 'last' steps (the ones closest to the end, the default) or the 'first' ones.")));
	}
}

static void
path_same_params(const cxm_path *state, int32 max_steps, bool keep_first)
{
	if (state->max_steps != max_steps || state->keep_first != keep_first)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg(PATH_NAME " takes the same max_steps and keep on every row of a group"),
				 errhint("Pass constants, e.g. journey_path(channel, ts, 5, 'last').")));
}

PG_FUNCTION_INFO_V1(pgcxm_journey_path_trans);
Datum
pgcxm_journey_path_trans(PG_FUNCTION_ARGS)
{
	cxm_path   *state = cxm_state_arg(fcinfo, 0, &cxm_state_paths, PATH_NAME "_trans");
	int32		max_steps;
	bool		keep_first;
	text	   *step;
	cxm_sess_allocator mem;

	path_params(fcinfo, &max_steps, &keep_first);
	if (state == NULL)
	{
		state = cxm_state_new(fcinfo, &cxm_state_paths, PATH_NAME "_trans");
		cxm_path_init(state, max_steps, keep_first);
	}
	else
		path_same_params(state, max_steps, keep_first);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_DATUM(cxm_state_datum(state));
	step = PG_GETARG_TEXT_PP(1);
	cxm_sess_allocator_in(cxm_state_memory(state), &mem);
	path_check(cxm_path_add(state, PG_GETARG_INT64(2), VARDATA_ANY(step), VARSIZE_ANY_EXHDR(step), &mem));
	PG_RETURN_DATUM(cxm_state_datum(state));
}

PG_FUNCTION_INFO_V1(pgcxm_journey_path_combine);
Datum
pgcxm_journey_path_combine(PG_FUNCTION_ARGS)
{
	cxm_path   *state = cxm_state_arg(fcinfo, 0, &cxm_state_paths, PATH_NAME "_combine");
	const cxm_path *other;
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
		PG_RETURN_DATUM(cxm_state_datum(cxm_state_arg(fcinfo, 1, &cxm_state_paths, PATH_NAME "_combine")));
	}
	other = cxm_state_read(fcinfo, 1, &cxm_state_paths);
	if (state == NULL)
	{
		state = cxm_state_new(fcinfo, &cxm_state_paths, PATH_NAME "_combine");
		cxm_path_init(state, other->max_steps, other->keep_first);
	}
	else
		path_same_params(state, other->max_steps, other->keep_first);
	cxm_sess_allocator_in(cxm_state_memory(state), &mem);
	path_check(cxm_path_merge(state, other, &mem));
	PG_RETURN_DATUM(cxm_state_datum(state));
}

static size_t
path_payload_size(const void *body)
{
	return cxm_path_serialized_size(body);
}

static void
path_encode(const void *body, uint8 *out)
{
	cxm_path_serialize(body, out);
}

static const char *
path_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory)
{
	cxm_path   *state = body;
	cxm_sess_allocator mem;
	int			encoding = GetDatabaseEncoding();

	cxm_sess_allocator_in(memory, &mem);
	switch (cxm_path_deserialize(payload, len, state, &mem))
	{
		case CXM_PATH_OK:
			break;
		case CXM_PATH_NO_MEMORY:
			cxm_sess_state_too_large(PATH_NAME);
			break;
		case CXM_PATH_BAD_STATE:
			return "its steps or events are not ones journey_path keeps";
	}
	/* step texts become text values: they must be valid in the database encoding */
	for (uint32 k = 0; k < state->steps.n; k++)
	{
		uint32		step_len;
		const char *text = cxm_path_step_text(state, k, &step_len);

		if (!pg_verify_mbstr(encoding, text, (int) step_len, true))
			return "a step text is not valid in the database encoding";
	}
	return NULL;
}

const CxmStateKind cxm_state_paths = {
	CXM_STATE_PATHS, PATH_NAME, sizeof(cxm_path),
	path_payload_size, path_encode, path_decode
};

PG_FUNCTION_INFO_V1(pgcxm_journey_path_final);
Datum
pgcxm_journey_path_final(PG_FUNCTION_ARGS)
{
	cxm_path   *state;
	uint32	   *ids;
	Datum	   *steps;
	int64		n;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	/* sorting the events in place keeps what the state holds: the final function may */
	state = unconstify(cxm_path *, (const cxm_path *) cxm_state_read(fcinfo, 0, &cxm_state_paths));
	if (state->n == 0)
		PG_RETURN_NULL();
	if (cxm_path_result_size(state) > (int64) (MaxAllocSize / sizeof(Datum)))
		cxm_sess_state_too_large(PATH_NAME);
	ids = palloc(sizeof(uint32) * cxm_path_result_size(state));
	n = cxm_path_result(state, ids, cxm_sess_check_interrupts);
	steps = palloc(sizeof(Datum) * n);
	for (int64 k = 0; k < n; k++)
	{
		uint32		len;
		const char *s = cxm_path_step_text(state, ids[k], &len);

		steps[k] = PointerGetDatum(cstring_to_text_with_len(s, (int) len));
		if ((k & 65535) == 65535)
			CHECK_FOR_INTERRUPTS();
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(steps, (int) n, TEXTOID, -1, false, TYPALIGN_INT));
}
