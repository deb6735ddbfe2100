/*
 * attribution_markov.c - PostgreSQL glue for Markov-chain attribution: the
 * markov_chain type, the markov_model and rollup aggregates, and the
 * removal_effects and transitions functions.
 *
 * Chains are built, merged, encoded, validated and solved in
 * attribution_markov_core.c; this file supplies memory, checks arguments,
 * and turns core errors into ereports.  A markov_chain Datum is a varlena
 * holding the binary form, so send is a copy and every read validates.
 * markov_model's state is a cxm_state of kind CXM_STATE_MARKOV (state.h)
 * whose payload is that same binary form.
 */
#include "attribution.h"
#include "state.h"


#include "catalog/pg_type.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "attribution_core.h"
#include "attribution_markov_core.h"

/* ---------- memory and errors ---------- */

static void *
context_alloc(void *ctx, size_t size)
{
	return MemoryContextAlloc((MemoryContext) ctx, size);
}

static void
context_release(void *ctx, void *ptr)
{
	(void) ctx;
	pfree(ptr);
}

static cxm_markov_alloc
allocator(MemoryContext context)
{
	cxm_markov_alloc mem = {context_alloc, context_release, context};

	return mem;
}

static void
check_interrupts(void *arg)
{
	(void) arg;
	CHECK_FOR_INTERRUPTS();
}

static void
report_status(cxm_markov_status status)
{
	switch (status)
	{
		case CXM_MARKOV_OK:
			return;
		case CXM_MARKOV_TOO_MANY_CHANNELS:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("markov chain has more than %d channels", CXM_MARKOV_MAX_CHANNELS),
					 errhint("Group rare channels together, e.g. into 'other'.")));
			break;
		case CXM_MARKOV_TOO_MANY_STATES:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("markov chain has more than %d states", CXM_MARKOV_MAX_STATES),
					 errhint("Use a lower order, or group rare channels together.")));
			break;
		case CXM_MARKOV_COUNT_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("markov chain count out of range"),
					 errdetail("A transition count would pass 9223372036854775807 journeys.")));
			break;
		case CXM_MARKOV_VALUE_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("sum of conversion values out of range"),
					 errdetail("A markov chain sums values below 10^29.")));
			break;
		case CXM_MARKOV_ORDER_MISMATCH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot merge markov chains of different orders"),
					 errhint("Build the chains with the same chain_order.")));
			break;
		case CXM_MARKOV_VALUE_MISMATCH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot merge a markov chain with conversion values and one without"),
					 errhint("Build both with markov_model(path, converted, value), or both without a value.")));
			break;
	}
}

/* Channel names must be valid text in the database encoding. */
static bool
names_valid(const cxm_markov *m)
{
	for (int c = 0; c < m->n_channels; c++)
		if (!pg_verifymbstr(m->names + m->name_start[c], (int) m->name_len[c], true))
			return false;
	return true;
}

/* ---------- the markov_chain Datum ---------- */

static Datum
chain_datum(const cxm_markov *m)
{
	size_t		size = cxm_markov_encoded_size(m);
	bytea	   *out = palloc(VARHDRSZ + size);

	cxm_markov_encode(m, (uint8 *) VARDATA(out));
	SET_VARSIZE(out, VARHDRSZ + size);
	return PointerGetDatum(out);
}

/* A stored chain, decoded and validated into context. */
static cxm_markov *
chain_arg(Datum datum, MemoryContext context)
{
	bytea	   *stored = DatumGetByteaPP(datum);
	cxm_markov_alloc mem = allocator(context);
	cxm_markov_error err;
	cxm_markov *m = cxm_markov_decode(&mem, (const uint8 *) VARDATA_ANY(stored),
									  VARSIZE_ANY_EXHDR(stored), &err);

	if (m == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("markov_chain value is corrupted"),
				 errdetail("%s", err.message)));
	return m;
}

/* ---------- input and output ---------- */

#if PG_VERSION_NUM >= 160000
#define INPUT_ERROR(fcinfo, ...) ereturn((fcinfo)->context, (Datum) 0, __VA_ARGS__)
#else
#define INPUT_ERROR(fcinfo, ...) ereport(ERROR, __VA_ARGS__)
#endif

#define VERSION_HINT "The value was written by a newer cxm; update the extension with ALTER EXTENSION cxm UPDATE."

PG_FUNCTION_INFO_V1(pgcxm_markov_chain_in);
Datum
pgcxm_markov_chain_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	cxm_markov_alloc mem = allocator(CurrentMemoryContext);
	cxm_markov_error err;
	cxm_markov *m = cxm_markov_from_text(&mem, text, &err);

	if (m == NULL)
	{
		if (err.kind == CXM_MARKOV_ERR_VERSION)
			INPUT_ERROR(fcinfo,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("unsupported markov_chain format version: \"%s\"", text),
						 errdetail("%s", err.message),
						 errhint(VERSION_HINT)));
		else if (err.kind == CXM_MARKOV_ERR_RANGE)
			INPUT_ERROR(fcinfo,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("markov_chain value out of range: \"%s\"", text),
						 errdetail("%s", err.message)));
		else
			INPUT_ERROR(fcinfo,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("invalid input syntax for type markov_chain: \"%s\"", text),
						 errdetail("%s", err.message),
						 errhint("A markov_chain looks like {\"version\": 1, \"order\": 1, \"channels\": [\"email\"], \"transitions\": [[[], 1, 2], [[1], -1, 1], [[1], 0, 1]]}.")));
		PG_RETURN_NULL();		/* soft error reported */
	}
	if (!names_valid(m))
		INPUT_ERROR(fcinfo,
					(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					 errmsg("invalid byte sequence in a channel name of markov_chain: \"%s\"", text)));
	PG_RETURN_DATUM(chain_datum(m));
}

PG_FUNCTION_INFO_V1(pgcxm_markov_chain_out);
Datum
pgcxm_markov_chain_out(PG_FUNCTION_ARGS)
{
	cxm_markov *m = chain_arg(PG_GETARG_DATUM(0), CurrentMemoryContext);
	char	   *buf = palloc(cxm_markov_text_size(m));

	cxm_markov_to_text(m, buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(pgcxm_markov_chain_recv);
Datum
pgcxm_markov_chain_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	cxm_markov_alloc mem = allocator(CurrentMemoryContext);
	cxm_markov_error err;
	cxm_markov *m = cxm_markov_decode(&mem, (const uint8 *) buf->data + buf->cursor,
									  (size_t) (buf->len - buf->cursor), &err);

	if (m == NULL)
		ereport(ERROR,
				(errcode(err.kind == CXM_MARKOV_ERR_RANGE ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE
						 : ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary markov_chain value"),
				 errdetail("%s", err.message),
				 err.kind == CXM_MARKOV_ERR_VERSION ? errhint(VERSION_HINT) : 0));
	if (!names_valid(m))
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("invalid byte sequence in a channel name of a binary markov_chain value")));
	buf->cursor = buf->len;
	PG_RETURN_DATUM(chain_datum(m));
}

PG_FUNCTION_INFO_V1(pgcxm_markov_chain_send);
Datum
pgcxm_markov_chain_send(PG_FUNCTION_ARGS)
{
	bytea	   *stored = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, VARDATA_ANY(stored), (int) VARSIZE_ANY_EXHDR(stored));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------- markov_model aggregate ---------- */

/*
 * The body of markov_model's cxm_state: the chain being built, allocated
 * with everything it points to in the state's pool (cxm_state_memory), so
 * hash aggregation counts what it holds.
 */
typedef struct markov_state
{
	cxm_markov *chain;
} markov_state;

#define MARKOV_STATE_NAME "markov_model"

/* The stored form of a partial chain is the binary form of markov_chain. */
static size_t
markov_payload_size(const void *body)
{
	return cxm_markov_encoded_size(((const markov_state *) body)->chain);
}

static void
markov_encode(const void *body, uint8 *out)
{
	cxm_markov_encode(((const markov_state *) body)->chain, out);
}

/*
 * Every check of markov_chain input: the chain's own (cxm_markov_decode),
 * and its channel names valid in the database encoding.  A chain without
 * a journey is refused there too: no state of markov_model holds none.
 */
static const char *
markov_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory)
{
	cxm_markov_alloc mem = allocator(memory);
	cxm_markov_error err;
	cxm_markov *m = cxm_markov_decode(&mem, payload, len, &err);

	if (m == NULL)
	{
		/* the core's sentence, as a clause of state.c's detail */
		char	   *why = pstrdup(err.message);
		size_t		why_len = strlen(why);

		if (why_len > 0 && why[why_len - 1] == '.')
			why[why_len - 1] = '\0';
		why[0] = (char) pg_tolower((unsigned char) why[0]);
		return why;
	}
	if (!names_valid(m))
		return "a channel name is not valid in the database encoding";
	((markov_state *) body)->chain = m;
	return NULL;
}

const CxmStateKind cxm_state_markov = {
	CXM_STATE_MARKOV, MARKOV_STATE_NAME, sizeof(markov_state),
	markov_payload_size, markov_encode, markov_decode
};

static int
order_arg(FunctionCallInfo fcinfo, int arg)
{
	int32		order;

	if (PG_NARGS() <= arg)
		return 1;
	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("markov_model chain_order must not be NULL"),
				 errhint("Pass 1 for a first-order chain.")));
	order = PG_GETARG_INT32(arg);
	if (order < 1 || order > CXM_MARKOV_MAX_ORDER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("markov_model chain_order %d is out of range 1..%d", order, CXM_MARKOV_MAX_ORDER),
				 errhint("Order 1 looks at the current channel only; higher orders at the last 2 to %d channels.",
						 CXM_MARKOV_MAX_ORDER)));
	return order;
}

/* A converted journey's value, exact to 10^-9 (rounded half up beyond). */
static cxm_markov_value
journey_value(FunctionCallInfo fcinfo, int arg)
{
	char	   *text;
	cxm_markov_value value = {0, 0};

	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("conversion value is NULL for a converted journey"),
				 errhint("Pass the value of the conversion, e.g. coalesce(amount, 0).")));
	text = DatumGetCString(DirectFunctionCall1(numeric_out, PG_GETARG_DATUM(arg)));
	switch (cxm_markov_value_parse(text, strlen(text), &value))
	{
		case CXM_MARKOV_VALUE_OK:
			break;
		case CXM_MARKOV_VALUE_NEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("conversion value %s is negative", text),
					 errhint("Credit refunds as a separate conversion, or leave them out.")));
			break;
		case CXM_MARKOV_VALUE_NOT_FINITE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("conversion value %s is not a finite number", text)));
			break;
		case CXM_MARKOV_VALUE_TOO_LARGE:
		case CXM_MARKOV_VALUE_SYNTAX:
			report_status(CXM_MARKOV_VALUE_OVERFLOW);
			break;
	}
	pfree(text);
	return value;
}

/*
 * The channel names of a path, checked: 1-D, at most CXM_MARKOV_MAX_TOUCHES,
 * no NULL or empty name, none longer than CXM_MARKOV_MAX_NAME bytes.  The
 * names point into the array, walked in place without copying.
 */
static int
path_names(ArrayType *path, cxm_markov_name **out)
{
	int			n;
	const char *p;
	bits8	   *nulls = ARR_NULLBITMAP(path);
	cxm_markov_name *names;

	if (ARR_NDIM(path) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("markov_model path must be a one-dimensional array")));
	n = ARR_NDIM(path) == 0 ? 0 : ARR_DIMS(path)[0];
	if (n > CXM_MARKOV_MAX_TOUCHES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("markov_model path of %d touches is longer than the limit of %d", n, CXM_MARKOV_MAX_TOUCHES),
				 errhint("Shorten long paths, e.g. keep their last touches, or collapse repeated channels.")));
	names = palloc(sizeof(cxm_markov_name) * Max(n, 1));
	p = ARR_DATA_PTR(path);
	for (int i = 0; i < n; i++)
	{
		uint32		len;

		if (nulls != NULL && !(nulls[i / 8] & (1 << (i % 8))))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("markov_model path[%d] is NULL", i + 1),
					 errhint("Every touch needs a channel; map missing ones to a name such as 'unknown' with coalesce().")));
		len = VARSIZE_ANY_EXHDR(p);
		if (len == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("markov_model path[%d] is an empty string", i + 1),
					 errhint("Every touch needs a channel; map missing ones to a name such as 'unknown' with nullif() and coalesce().")));
		if (len > CXM_MARKOV_MAX_NAME)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("markov_model path[%d] is %u bytes long, longer than the limit of %d for a channel name",
							i + 1, len, CXM_MARKOV_MAX_NAME)));
		names[i].bytes = VARDATA_ANY(p);
		names[i].len = len;
		p = att_addlength_pointer(p, -1, p);
		p = (const char *) att_align_nominal(p, TYPALIGN_INT);
	}
	*out = names;
	return n;
}

PG_FUNCTION_INFO_V1(pgcxm_markov_model_trans);
Datum
pgcxm_markov_model_trans(PG_FUNCTION_ARGS)
{
	markov_state *state = cxm_state_arg(fcinfo, 0, &cxm_state_markov, "markov_model_trans");
	cxm_markov *m = state == NULL ? NULL : state->chain;
	bool		has_value = PG_NARGS() >= 4;
	int			order = order_arg(fcinfo, 4);
	bool		converted;
	cxm_markov_value value = {0, 0};
	cxm_markov_name *names;
	int			n;

	/* a row without a path or an outcome says nothing, as avg() skips NULLs */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(state));
	}
	converted = PG_GETARG_BOOL(2);
	if (has_value && converted)
		value = journey_value(fcinfo, 3);
	n = path_names(PG_GETARG_ARRAYTYPE_P(1), &names);
	/*
	 * An empty path is skipped like a NULL: no state until a journey with a
	 * touch comes, so that a group of only empty paths gives NULL (a chain
	 * without a journey is not a value the type can store).
	 */
	if (n == 0)
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(state));
	}
	if (state == NULL)
	{
		cxm_markov_alloc mem;

		state = cxm_state_new(fcinfo, &cxm_state_markov, "markov_model_trans");
		mem = allocator(cxm_state_memory(state));
		m = state->chain = cxm_markov_create(&mem, order, has_value);
	}
	else if (m->order != order)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("markov_model chain_order changed from %d to %d within a group", m->order, order),
				 errhint("Pass the same chain_order on every row, e.g. a constant.")));
	report_status(cxm_markov_add(m, names, n, converted, value));
	PG_RETURN_DATUM(cxm_state_datum(state));
}

PG_FUNCTION_INFO_V1(pgcxm_markov_model_combine);
Datum
pgcxm_markov_model_combine(PG_FUNCTION_ARGS)
{
	markov_state *state = cxm_state_arg(fcinfo, 0, &cxm_state_markov, "markov_model_combine");
	const markov_state *other;

	if (PG_ARGISNULL(1))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(state));
	}
	if (state == NULL)
	{
		cxm_markov_alloc mem;

		/*
		 * A flat state (a parallel worker's, Citus's) is decoded straight
		 * into a new one of ours; an expanded one belongs to someone else
		 * and is copied by merging it into an empty chain.
		 */
		if (!VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(PG_GETARG_DATUM(1))))
			PG_RETURN_DATUM(cxm_state_datum(cxm_state_arg(fcinfo, 1, &cxm_state_markov, "markov_model_combine")));
		other = cxm_state_read(fcinfo, 1, &cxm_state_markov);
		state = cxm_state_new(fcinfo, &cxm_state_markov, "markov_model_combine");
		mem = allocator(cxm_state_memory(state));
		state->chain = cxm_markov_create(&mem, other->chain->order, other->chain->has_value);
	}
	else
		other = cxm_state_read(fcinfo, 1, &cxm_state_markov);
	report_status(cxm_markov_merge(state->chain, other->chain));
	PG_RETURN_DATUM(cxm_state_datum(state));
}

PG_FUNCTION_INFO_V1(pgcxm_markov_model_final);
Datum
pgcxm_markov_model_final(PG_FUNCTION_ARGS)
{
	const markov_state *state;

	/* NULL in, NULL out: 0.2.0 declared this function without STRICT */
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = cxm_state_read(fcinfo, 0, &cxm_state_markov);
	/* no journey: NULL, as the README promises (and as the type could not store it) */
	if (state->chain->journeys == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(chain_datum(state->chain));
}

/* ---------- merging stored chains ---------- */

PG_FUNCTION_INFO_V1(pgcxm_markov_chain_combine);
Datum
pgcxm_markov_chain_combine(PG_FUNCTION_ARGS)
{
	cxm_markov *a = chain_arg(PG_GETARG_DATUM(0), CurrentMemoryContext);
	cxm_markov *b = chain_arg(PG_GETARG_DATUM(1), CurrentMemoryContext);

	report_status(cxm_markov_merge(a, b));
	PG_RETURN_DATUM(chain_datum(a));
}

/* ---------- reading chains ---------- */

static Datum
channel_text(const cxm_markov *m, int c)
{
	return PointerGetDatum(cstring_to_text_with_len(m->names + m->name_start[c], (int) m->name_len[c]));
}

PG_FUNCTION_INFO_V1(pgcxm_removal_effects);
Datum
pgcxm_removal_effects(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Tuplestorestate *store = cxm_attr_materialize(fcinfo, &desc);
	cxm_markov *m = chain_arg(PG_GETARG_DATUM(0), CurrentMemoryContext);
	double	   *effects = palloc(sizeof(double) * Max(m->n_channels, 1));
	double		probability,
				total = 0.0;

	if (!cxm_markov_removal_effects(m, &probability, effects, check_interrupts, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("markov chain cannot be solved in double precision"),
				 errdetail("The chance of leaving some state, a product of its transition probabilities, is below what a double can hold (about 1e-308)."),
				 errhint("Counts this far apart come from journeys that loop through the same channels many times: collapse repeated channels, or cap the length of the paths, and build the chain again.")));
	for (int c = 0; c < m->n_channels; c++)
		total += effects[c];
	/* a decoded chain has its channels in byte order of their names */
	for (int c = 0; c < m->n_channels; c++)
	{
		double		share = total > 0.0 ? effects[c] / total : 0.0;
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, !m->has_value};

		values[0] = channel_text(m, c);
		values[1] = Float8GetDatum(effects[c]);
		values[2] = Float8GetDatum(share);
		values[3] = Float8GetDatum(share * (double) m->conversions);
		values[4] = Float8GetDatum(share * cxm_markov_value_double(m->value));
		tuplestore_putvalues(store, desc, values, nulls);
	}
	return (Datum) 0;
}

/* "(start)", a channel, or channels joined by " > " for higher orders. */
static Datum
state_label(const cxm_markov *m, int s)
{
	StringInfoData buf;

	if (m->path_len[s] == 0)
		return CStringGetTextDatum("(start)");
	initStringInfo(&buf);
	for (int i = 0; i < m->path_len[s]; i++)
	{
		int			c = m->paths[(size_t) s * m->order + i];

		if (i > 0)
			appendStringInfoString(&buf, " > ");
		appendBinaryStringInfo(&buf, m->names + m->name_start[c], (int) m->name_len[c]);
	}
	return PointerGetDatum(cstring_to_text_with_len(buf.data, buf.len));
}

PG_FUNCTION_INFO_V1(pgcxm_markov_transitions);
Datum
pgcxm_markov_transitions(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Tuplestorestate *store = cxm_attr_materialize(fcinfo, &desc);
	cxm_markov *m = chain_arg(PG_GETARG_DATUM(0), CurrentMemoryContext);
	int32	   *rank = palloc(sizeof(int32) * Max(m->n_channels, 1));
	int32	   *states = palloc(sizeof(int32) * m->n_states);
	int32	   *row = palloc(sizeof(int32) * (m->n_channels + 2));
	Datum	   *labels = palloc(sizeof(Datum) * m->n_states);
	Datum		conversion = CStringGetTextDatum("(conversion)");
	Datum		null = CStringGetTextDatum("(null)");

	/* decoded: channel ids are their ranks */
	for (int c = 0; c < m->n_channels; c++)
		rank[c] = c;
	cxm_markov_states_sorted(m, rank, states);
	for (int s = 0; s < m->n_states; s++)
		labels[s] = state_label(m, s);
	for (int k = 0; k < m->n_states; k++)
	{
		int			s = states[k];
		double		total = (double) cxm_markov_state_total(m, s);
		int			n = cxm_markov_state_transitions(m, s, rank, row);

		/* shown channels first (by rank), then conversion, then null: canonical order is null, conversion, channels */
		for (int pass = 0; pass < 3; pass++)
			for (int j = 0; j < n; j++)
			{
				const cxm_markov_transition *t = &m->transitions[row[j]];
				int			wanted = pass == 0 ? t->column >= CXM_MARKOV_COL_CHANNEL(0)
					: t->column == (pass == 1 ? CXM_MARKOV_COL_CONVERSION : CXM_MARKOV_COL_NULL);
				Datum		values[4];
				bool		nulls[4] = {false, false, false, false};

				if (!wanted)
					continue;
				values[0] = labels[s];
				values[1] = t->column == CXM_MARKOV_COL_CONVERSION ? conversion
					: t->column == CXM_MARKOV_COL_NULL ? null : labels[t->to];
				values[2] = Int64GetDatum((int64) t->count);
				values[3] = Float8GetDatum((double) t->count / total);
				tuplestore_putvalues(store, desc, values, nulls);
			}
	}
	return (Datum) 0;
}
