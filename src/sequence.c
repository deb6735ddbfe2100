/*
 * sequence.c - PostgreSQL glue for sequence_match and sequence_count:
 * pattern errors, the per-query pattern cache, the aggregate state
 * (events.c, a cxm_state of kind CXM_STATE_SEQUENCE) and the results.
 * Parsing and matching are sequence_core.c.
 */
#include "events.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "sequence_core.h"

#define FNAME "sequence_match"

PG_FUNCTION_INFO_V1(pgcxm_sequence_trans);
PG_FUNCTION_INFO_V1(pgcxm_sequence_trans_array);
PG_FUNCTION_INFO_V1(pgcxm_sequence_combine);
PG_FUNCTION_INFO_V1(pgcxm_sequence_match_final);
PG_FUNCTION_INFO_V1(pgcxm_sequence_count_final);

/*
 * The last pattern parsed, for this query (fn_extra).  While the pattern
 * never changes, every state has it, and a row meeting no condition need
 * not touch its group's state at all.
 */
typedef struct PatternCache
{
	CxmConditionArgs conditions;	/* transition function only */
	char	   *text;
	int			len;
	int			nconds;
	bool		varied;			/* a row brought another pattern or number of conditions */
	bool		null_arrays;	/* a row's conditions were a NULL array: a state may not know its count */
	cxm_seq_pattern pattern;
} PatternCache;

/* What a pattern error says was found at byte offset pos. */
static char *
found_at(const char *text, int len, size_t pos)
{
	int			show;

	if (pos >= (size_t) len)
		return pstrdup("the end of the pattern");
	show = pg_mbcliplen(text + pos, len - (int) pos, 12);
	return psprintf("\"%s%s\"", pnstrdup(text + pos, show), show < len - (int) pos ? "..." : "");
}

static void
pattern_error(cxm_seq_status status, const char *text, int len, size_t pos, uint64 number, int nconds)
{
	int			where = pg_mbstrlen_with_len(text, (int) pos) + 1;
	char	   *pattern = pnstrdup(text, len);
	const char *expected = NULL;

	switch (status)
	{
		case CXM_SEQ_UNEXPECTED:
			expected = "\"(?\", \".\" or \".*\"";
			break;
		case CXM_SEQ_EXPECTED_NUMBER:
			expected = pos > 0 && text[pos - 1] == '?' ? "a condition number or \"t\"" : "a number of seconds";
			break;
		case CXM_SEQ_EXPECTED_CLOSE:
			expected = "\")\"";
			break;
		case CXM_SEQ_UNKNOWN_TIME_OP:
			expected = "<=, <, >=, > or == after \"(?t\"";
			break;
		case CXM_SEQ_TIME_MISPLACED:
			ereport(ERROR,
					(errcode(ERRCODE_SYNTAX_ERROR),
					 errmsg("syntax error in sequence pattern at position %d: a time condition must follow (?N), \".\" or \".*\"", where),
					 errdetail("The pattern is \"%s\".", pattern),
					 errhint("A time condition bounds the time since the event before it; two in a row have no event between them.")));
			break;
		case CXM_SEQ_NUMBER_TOO_LARGE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("number at position %d of the sequence pattern is too large", where),
					 errdetail("The pattern is \"%s\"; numbers go up to 18446744073709551615.", pattern)));
			break;
		case CXM_SEQ_COND_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("sequence pattern names condition %llu at position %d, but the call has %d condition%s",
							(unsigned long long) number, where, nconds, nconds == 1 ? "" : "s"),
					 errdetail("The pattern is \"%s\".", pattern),
					 errhint("(?1) is the first condition after the timestamp, (?2) the second, and so on.")));
			break;
		case CXM_SEQ_OK:
			return;
	}
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("syntax error in sequence pattern at position %d: expected %s, found %s",
					where, expected, found_at(text, len, pos)),
			 errdetail("The pattern is \"%s\".", pattern),
			 errhint("A pattern is made of (?N) (an event meeting condition N), \".\" (any one event), \".*\" (any events) and time conditions such as (?t<=3600) (seconds since the event before).")));
}

/* The parsed pattern, from the query's cache when it is the same text. */
static const cxm_seq_pattern *
parsed_pattern(FunctionCallInfo fcinfo, const char *text, int len, int nconds)
{
	PatternCache *cache = fcinfo->flinfo->fn_extra;
	MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;
	cxm_seq_action *actions;
	cxm_seq_pattern pattern;
	cxm_seq_status status;
	size_t		pos;
	uint64		number;

	if (cache != NULL && cache->text != NULL && cache->len == len && cache->nconds == nconds &&
		memcmp(cache->text, text, len) == 0)
		return &cache->pattern;
	actions = MemoryContextAlloc(mcxt, (len + 1) * sizeof(cxm_seq_action));
	status = cxm_seq_parse(text, len, nconds, actions, &pattern, &pos, &number);
	if (status != CXM_SEQ_OK)
		pattern_error(status, text, len, pos, number, nconds);
	if (cache == NULL)
		cache = fcinfo->flinfo->fn_extra = MemoryContextAllocZero(mcxt, sizeof(PatternCache));
	else if (cache->text != NULL)
	{
		pfree(cache->text);
		pfree(cache->pattern.actions);
		cache->varied = true;
	}
	cache->text = MemoryContextAlloc(mcxt, len + 1);
	memcpy(cache->text, text, len);
	cache->len = len;
	cache->nconds = nconds;
	cache->pattern = pattern;
	return &cache->pattern;
}

/*
 * sequence_trans(state, pattern, ts, conditions): stores the row when it
 * meets some condition (the others are invisible to the pattern, as in
 * ClickHouse).  A NULL ts skips the row.  The pattern is checked on the
 * first row, so a malformed one fails even on an empty group's neighbours.
 * The conditions are separate arguments (VARIADIC "any"), or one array (the
 * array form, or an old call writing VARIADIC ARRAY[...]).  A NULL array is
 * a row meeting no condition whose number of conditions is unknown: a state
 * made of such rows alone has nconds 0 until a row tells it, and the
 * pattern's condition numbers are checked when one does.
 */
static Datum
sequence_trans(FunctionCallInfo fcinfo, bool array_form)
{
	PatternCache *cache = fcinfo->flinfo->fn_extra;
	bool		fresh = cache == NULL;
	bool		trusted;
	JourneyState *state;
	text	   *pattern;
	uint64		mask;
	int			nconds;
	int			len;

	if (fresh)
	{
		/* the conditions' form, once per query; the pattern comes with the first row */
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(PatternCache));
		cache->conditions = array_form ? cxm_conditions_array(3)
			: cxm_conditions_locate(fcinfo, 3, CXM_MAX_CONDITIONS, "a sequence pattern");
		fcinfo->flinfo->fn_extra = cache;
	}
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("sequence pattern must not be NULL")));
	pattern = PG_GETARG_TEXT_PP(1);
	len = VARSIZE_ANY_EXHDR(pattern);
	if (cxm_conditions_read(fcinfo, &cache->conditions, CXM_MAX_CONDITIONS, "a sequence pattern", &mask, &nconds))
		(void) parsed_pattern(fcinfo, VARDATA_ANY(pattern), len, nconds);
	else
	{
		mask = 0;
		nconds = 0;
		cache->null_arrays = true;
		/* the syntax only, unless a row has checked this pattern already */
		if (cache->text == NULL || cache->len != len || memcmp(cache->text, VARDATA_ANY(pattern), len) != 0)
			(void) parsed_pattern(fcinfo, VARDATA_ANY(pattern), len, CXM_MAX_CONDITIONS);
	}

	/*
	 * An expanded state was made (or read and checked) by an earlier row of
	 * this query: while the pattern has not changed, it has this one.  A
	 * stored state, or one reaching a cache made on this very row (Citus
	 * calls with a new one on every row), is checked.  A row meeting no
	 * condition changes nothing: the state goes back as it came, not even
	 * read (with many groups that would be a cache miss the old internal
	 * state never paid); its pattern is checked by the next row of the
	 * group that stores something, and a flat state met here was made by
	 * this query's own rows (Citus hands the transition a flat copy of what
	 * it returned), so it has their pattern.  A direct
	 * call never skips: its first row (fresh) errors outside an aggregate.
	 */
	trusted = !fresh && !cache->varied && !cache->null_arrays && !PG_ARGISNULL(0);
	if (mask == 0 && trusted)
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));	/* nothing to store, nothing to check, nothing read */
	trusted = trusted && VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0)));
	state = cxm_state_arg(fcinfo, 0, &cxm_state_sequence, "sequence_trans");
	if (state == NULL)
	{
		state = journey_state_new(fcinfo, &cxm_state_sequence, CXM_KIND_SEQUENCE, nconds, "sequence_trans");
		state->u.pattern.len = len;
		state->u.pattern.text = MemoryContextAlloc(cxm_state_memory(state), len + 1);
		memcpy(state->u.pattern.text, VARDATA_ANY(pattern), len);
	}
	else if (!trusted)
	{
		bool		count_differs = state->nconds != nconds && state->nconds != 0 && nconds != 0;

		if (count_differs || state->u.pattern.len != len ||
			memcmp(state->u.pattern.text, VARDATA_ANY(pattern), len) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("sequence %s changed within a group", count_differs ? "number of conditions" : "pattern"),
					 errdetail("The pattern and the number of conditions must be the same in every row of a group.")));
		if (state->nconds == 0)
			state->nconds = (uint8) nconds;
	}

	if (!PG_ARGISNULL(2) && mask != 0)
		journey_append(state, PG_GETARG_INT64(2), mask);
	PG_RETURN_DATUM(cxm_state_datum(state));
}

Datum
pgcxm_sequence_trans(PG_FUNCTION_ARGS)
{
	return sequence_trans(fcinfo, false);
}

/* The array form: sequence_match / sequence_count(pattern, ts, conditions boolean[]). */
Datum
pgcxm_sequence_trans_array(PG_FUNCTION_ARGS)
{
	return sequence_trans(fcinfo, true);
}

Datum
pgcxm_sequence_combine(PG_FUNCTION_ARGS)
{
	return journey_combine(fcinfo, &cxm_state_sequence, FNAME);
}

static const char *
check_sequence_header(const cxm_events_header *header, const char *pattern, bool *allow_empty_mask)
{
	cxm_seq_action *actions = palloc((header->pattern_len + (size_t) 1) * sizeof(cxm_seq_action));
	const char *problem = cxm_seq_state_check(header, pattern, actions);

	pfree(actions);
	*allow_empty_mask = false;
	return problem;
}

static const char *
sequence_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory)
{
	return journey_decode(body, payload, len, memory, CXM_KIND_SEQUENCE, check_sequence_header);
}

const CxmStateKind cxm_state_sequence = {
	CXM_STATE_SEQUENCE, "sequence_match", sizeof(JourneyState),
	journey_payload_size, journey_encode, sequence_decode
};

/* The state to finish: its body as it is, or a stored one read into this call's memory. */
static JourneyState *
final_state(FunctionCallInfo fcinfo)
{
	/* sorting in place keeps what the state holds: the final functions may */
	return unconstify(JourneyState *, (const JourneyState *) cxm_state_read(fcinfo, 0, &cxm_state_sequence));
}

/*
 * Sorts the state in place (the logical state is unchanged) and returns its
 * pattern.  A state whose rows all came with NULL arrays (nconds 0) holds no
 * event: its pattern is read for any number of conditions.
 */
static const cxm_seq_pattern *
prepare(FunctionCallInfo fcinfo, JourneyState *state, cxm_ticker *ticker)
{
	const cxm_seq_pattern *pattern = parsed_pattern(fcinfo, state->u.pattern.text, state->u.pattern.len,
													state->nconds != 0 ? state->nconds : CXM_MAX_CONDITIONS);

	journey_ticker_init(ticker);
	if (!state->sorted)
	{
		cxm_events_sort_conds(state->events, state->count, ticker);
		state->sorted = true;
		state->last = state->events[state->count - 1];
	}
	return pattern;
}

/* sequence_match over no rows at all is false: there is no pattern to try. */
Datum
pgcxm_sequence_match_final(PG_FUNCTION_ARGS)
{
	JourneyState *state;
	const cxm_seq_pattern *pattern;
	cxm_ticker	ticker;
	void	   *work;
	bool		result;

	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	state = final_state(fcinfo);
	pattern = prepare(fcinfo, state, &ticker);
	work = palloc_extended(cxm_seq_work_bytes(pattern, state->count), MCXT_ALLOC_HUGE);
	result = cxm_seq_match(pattern, state->events, state->count, work, &ticker);
	pfree(work);
	PG_RETURN_BOOL(result);
}

Datum
pgcxm_sequence_count_final(PG_FUNCTION_ARGS)
{
	JourneyState *state;
	const cxm_seq_pattern *pattern;
	cxm_ticker	ticker;
	void	   *work;
	uint64		result;

	if (PG_ARGISNULL(0))
		PG_RETURN_INT64(0);
	state = final_state(fcinfo);
	pattern = prepare(fcinfo, state, &ticker);
	work = palloc_extended(cxm_seq_work_bytes(pattern, state->count), MCXT_ALLOC_HUGE);
	result = cxm_seq_count(pattern, state->events, state->count, work, &ticker);
	pfree(work);
	PG_RETURN_INT64((int64) result);
}
