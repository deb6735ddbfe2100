/*
 * attribution.c - PostgreSQL glue for the rule-based attribution models:
 * attribution_weights(), attribute() and attribute_all().
 *
 * The models and the exact split of values live in attribution_core.c; this
 * file reads and checks the arguments, reports errors and builds rows.
 */
#include "attribution.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"

#include "attribution_core.h"

/* One journey, read and checked from the arguments. */
typedef struct journey
{
	int			n;				/* touches passed in */
	Datum	   *channels;		/* text Datums */
	const int64 *at;
	bool	   *direct;
	int32	   *order;			/* the touches that count, in journey order */
	int			m;
	cxm_attr_params params;
	bool		has_value;
	cxm_attr_decimal value;
} journey;

/* Where each journey argument sits in a function's argument list. */
typedef struct arg_layout
{
	int			channels;
	int			touched_at;
	int			converted_at;
	int			value;			/* -1 when the function has none */
	int			half_life;
	int			direct_channel;
	int			lookback;
	int			lead_created_at;
	int			position_shares;
	int			w_shares;
} arg_layout;

static const char *const model_hint =
"Use one of 'first_touch', 'last_touch', 'last_non_direct', 'linear', 'time_decay', 'position_based', 'w_shaped'.";

static cxm_attr_model
model_arg(text *arg)
{
	cxm_attr_model model;

	if (!cxm_attr_model_parse(VARDATA_ANY(arg), VARSIZE_ANY_EXHDR(arg), &model))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown attribution model \"%s\"", text_to_cstring(arg)),
				 errhint("%s", model_hint)));
	return model;
}

static int
array_length_1d(ArrayType *array, const char *argname)
{
	if (ARR_NDIM(array) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", argname)));
	return ARR_NDIM(array) == 0 ? 0 : ARR_DIMS(array)[0];
}

static void
check_journey_length(int n)
{
	if (n > CXM_ATTR_MAX_TOUCHES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("journey of %d touches is longer than the limit of %d", n, CXM_ATTR_MAX_TOUCHES),
				 errhint("Pass fewer touches, e.g. only those of the lookback window (touched_at > converted_at - interval '30 days').")));
}

/* A channel name: not NULL, not empty, at most CXM_ATTR_MAX_NAME bytes. */
static void
check_channel(bool isnull, Datum name, const char *argname, int position)
{
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s[%d] is NULL", argname, position),
				 errhint("Every touch needs a channel; map missing ones to a name such as 'unknown' with coalesce().")));
	if (VARSIZE_ANY_EXHDR(DatumGetPointer(name)) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s[%d] is an empty string", argname, position),
				 errhint("Every touch needs a channel; map missing ones to a name such as 'unknown' with nullif() and coalesce().")));
	if (VARSIZE_ANY_EXHDR(DatumGetPointer(name)) > CXM_ATTR_MAX_NAME)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s[%d] is %zu bytes long, longer than the limit of %d for a channel name",
						argname, position, (size_t) VARSIZE_ANY_EXHDR(DatumGetPointer(name)), CXM_ATTR_MAX_NAME)));
}

static void
null_parameter(const char *argname)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s must not be NULL", argname),
			 errhint("Leave the argument out to use its default.")));
}

static void
shares_arg(FunctionCallInfo fcinfo, int arg, const char *argname, int count, const char *dflt,
		   const char *roles, double *out)
{
	ArrayType  *array;
	bool		ok;

	if (PG_ARGISNULL(arg))
		null_parameter(argname);
	array = PG_GETARG_ARRAYTYPE_P(arg);
	ok = !ARR_HASNULL(array) && array_length_1d(array, argname) == count;
	if (ok)
	{
		memcpy(out, ARR_DATA_PTR(array), sizeof(double) * count);
		ok = cxm_attr_shares_valid(out, count);
	}
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be %d shares that are not negative and add up to 1, not %s",
						argname, count,
						DatumGetCString(OidFunctionCall1(F_ARRAY_OUT, PointerGetDatum(array)))),
				 errhint("The shares are of the %s touches; the default is '%s'.", roles, dflt)));
}

static void
params_args(FunctionCallInfo fcinfo, const arg_layout *args, cxm_attr_params *p)
{
	cxm_attr_params_init(p);

	if (PG_ARGISNULL(args->half_life))
		null_parameter("half_life");
	p->half_life = cxm_interval_usecs(PG_GETARG_INTERVAL_P(args->half_life), "half_life");
	if (p->half_life == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("half_life must be positive"),
				 errhint("Pass the time after which a touch counts half as much, e.g. interval '7 days'.")));
	if (!PG_ARGISNULL(args->lookback))
	{
		p->has_lookback = true;
		p->lookback = cxm_interval_usecs(PG_GETARG_INTERVAL_P(args->lookback), "lookback");
	}
	if (!PG_ARGISNULL(args->lead_created_at))
	{
		p->has_lead = true;
		p->lead_created_at = PG_GETARG_TIMESTAMPTZ(args->lead_created_at);
	}
	shares_arg(fcinfo, args->position_shares, "position_shares", CXM_ATTR_POSITION_SHARES,
			   "{0.4,0.2,0.4}", "first, middle and last", p->position_shares);
	shares_arg(fcinfo, args->w_shares, "w_shares", CXM_ATTR_W_SHARES,
			   "{0.3,0.3,0.1,0.3}", "first, key, middle and last", p->w_shares);
}

static void
value_arg(Numeric value, cxm_attr_decimal *out)
{
	char	   *text = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(value)));

	switch (cxm_attr_value_parse(text, out))
	{
		case CXM_ATTR_VALUE_OK:
			break;
		case CXM_ATTR_VALUE_NEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("conversion value %s is negative", text),
					 errhint("Credit refunds as a separate conversion, or leave them out.")));
			break;
		case CXM_ATTR_VALUE_NOT_FINITE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("conversion value %s is not a finite number", text)));
			break;
		case CXM_ATTR_VALUE_TOO_PRECISE:
		case CXM_ATTR_VALUE_SYNTAX:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("conversion value %s has more than %d significant digits", text, CXM_ATTR_VALUE_DIGITS),
					 errhint("Round the value, e.g. to cents.")));
			break;
	}
}

/*
 * Reads the journey arguments.  False when a NULL argument makes the result
 * NULL (no rows): channels, touched_at or converted_at.
 */
static bool
journey_args(FunctionCallInfo fcinfo, const arg_layout *args, journey *j)
{
	ArrayType  *channels,
			   *touched_at;
	bool	   *nulls;
	int			n,
				n_at;
	text	   *direct = NULL;

	if (PG_ARGISNULL(args->channels) || PG_ARGISNULL(args->touched_at) || PG_ARGISNULL(args->converted_at))
		return false;
	memset(j, 0, sizeof(*j));
	params_args(fcinfo, args, &j->params);
	if (args->value >= 0 && !PG_ARGISNULL(args->value))
	{
		j->has_value = true;
		value_arg(PG_GETARG_NUMERIC(args->value), &j->value);
	}
	if (!PG_ARGISNULL(args->direct_channel))
		direct = PG_GETARG_TEXT_PP(args->direct_channel);

	channels = PG_GETARG_ARRAYTYPE_P(args->channels);
	touched_at = PG_GETARG_ARRAYTYPE_P(args->touched_at);
	n = array_length_1d(channels, "channels");
	n_at = array_length_1d(touched_at, "touched_at");
	if (n != n_at)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("channels has %d elements but touched_at has %d", n, n_at),
				 errhint("Pass one channel and one time per touch, e.g. array_agg(channel ORDER BY touched_at) and array_agg(touched_at ORDER BY touched_at).")));
	check_journey_length(n);
	if (ARR_HASNULL(touched_at))
	{
		for (int i = 0; i < n; i++)
			if (!(ARR_NULLBITMAP(touched_at)[i / 8] & (1 << (i % 8))))
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("touched_at[%d] is NULL", i + 1),
						 errhint("Leave touches without a time out, e.g. with FILTER (WHERE touched_at IS NOT NULL).")));
	}
	j->n = n;
	j->at = n > 0 ? (const int64 *) ARR_DATA_PTR(touched_at) : NULL;
	deconstruct_array(channels, TEXTOID, -1, false, TYPALIGN_INT, &j->channels, &nulls, &n);
	j->direct = palloc(sizeof(bool) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		text	   *name;

		check_channel(nulls[i], j->channels[i], "channels", i + 1);
		name = (text *) DatumGetPointer(j->channels[i]);
		j->direct[i] = direct != NULL && VARSIZE_ANY_EXHDR(name) == VARSIZE_ANY_EXHDR(direct) &&
			memcmp(VARDATA_ANY(name), VARDATA_ANY(direct), VARSIZE_ANY_EXHDR(direct)) == 0;
	}
	j->order = palloc(sizeof(int32) * Max(n, 1));
	j->m = cxm_attr_order(j->at, n, PG_GETARG_TIMESTAMPTZ(args->converted_at), &j->params, j->order);
	return true;
}

/*
 * A credit as a numeric Datum: units * 10^-scale, trailing zeros dropped
 * down to min_scale decimals.
 */
static Datum
credit_numeric(uint64 units, int scale, int min_scale)
{
#if PG_VERSION_NUM >= 140000
	while (scale > min_scale && units % 10 == 0)
	{
		units /= 10;
		scale--;
	}
	return NumericGetDatum(int64_div_fast_to_numeric((int64) units, scale));
#else
	char	   *buf = palloc(CXM_ATTR_DECIMAL_BUFLEN(scale));
	Datum		result;

	cxm_attr_format_units(buf, units, scale, min_scale);
	result = cxm_numeric_from_text(buf);
	pfree(buf);
	return result;
#endif
}

/* The credits of a journey's touches (in journey order) as numeric Datums. */
static void
credits(const journey *j, const double *w, Datum *out)
{
	uint64	   *units = palloc(sizeof(uint64) * Max(j->m, 1));

	cxm_attr_apportion(j->value.units, w, j->m, units);
	for (int k = 0; k < j->m; k++)
		out[k] = credit_numeric(units[k], j->value.scale, j->value.min_scale);
	pfree(units);
}

static const arg_layout with_model = {1, 2, 3, -1, 4, 5, 6, 7, 8, 9};
static const arg_layout with_model_value = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
static const arg_layout all_models = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

PG_FUNCTION_INFO_V1(pgcxm_attribution_weights);
Datum
pgcxm_attribution_weights(PG_FUNCTION_ARGS)
{
	cxm_attr_model model;
	journey		j;
	double	   *w;
	Datum	   *elems;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	model = model_arg(PG_GETARG_TEXT_PP(0));
	if (!journey_args(fcinfo, &with_model, &j))
		PG_RETURN_NULL();
	w = palloc(sizeof(double) * Max(j.m, 1));
	cxm_attr_weights(model, j.at, j.direct, j.order, j.m, &j.params, w);
	elems = palloc(sizeof(Datum) * Max(j.n, 1));
	for (int i = 0; i < j.n; i++)
		elems[i] = Float8GetDatum(0.0);
	for (int k = 0; k < j.m; k++)
		elems[j.order[k]] = Float8GetDatum(w[k]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, j.n, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

Tuplestorestate *
cxm_attr_materialize(FunctionCallInfo fcinfo, TupleDesc *desc)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext old;
	Tuplestorestate *store;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) || !(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (fcinfo->flinfo->fn_extra == NULL)
	{
		TupleDesc	result;

		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		if (get_call_result_type(fcinfo, NULL, &result) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		fcinfo->flinfo->fn_extra = CreateTupleDescCopy(result);
		MemoryContextSwitchTo(old);
	}
	*desc = (TupleDesc) fcinfo->flinfo->fn_extra;
	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	store = tuplestore_begin_heap((rsinfo->allowedModes & SFRM_Materialize_Random) != 0, false, work_mem);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = store;
	/* the executor frees setDesc after each call: hand it a copy */
	rsinfo->setDesc = CreateTupleDescCopy(*desc);
	MemoryContextSwitchTo(old);
	return store;
}

PG_FUNCTION_INFO_V1(pgcxm_attribute);
Datum
pgcxm_attribute(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Tuplestorestate *store = cxm_attr_materialize(fcinfo, &desc);
	cxm_attr_model model;
	journey		j;
	double	   *w;
	Datum	   *credit;

	if (PG_ARGISNULL(0))
		return (Datum) 0;
	model = model_arg(PG_GETARG_TEXT_PP(0));
	if (!journey_args(fcinfo, &with_model_value, &j))
		return (Datum) 0;
	w = palloc(sizeof(double) * Max(j.m, 1));
	credit = palloc(sizeof(Datum) * Max(j.m, 1));
	cxm_attr_weights(model, j.at, j.direct, j.order, j.m, &j.params, w);
	if (j.has_value)
		credits(&j, w, credit);
	for (int k = 0; k < j.m; k++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, !j.has_value};

		values[0] = Int32GetDatum(j.order[k] + 1);
		values[1] = j.channels[j.order[k]];
		values[2] = Float8GetDatum(w[k]);
		values[3] = j.has_value ? credit[k] : (Datum) 0;
		tuplestore_putvalues(store, desc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(pgcxm_attribute_all);
Datum
pgcxm_attribute_all(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Tuplestorestate *store = cxm_attr_materialize(fcinfo, &desc);
	journey		j;
	double	   *w;
	Datum	   *credit;

	if (!journey_args(fcinfo, &all_models, &j))
		return (Datum) 0;
	w = palloc(sizeof(double) * Max(j.m, 1));
	credit = palloc(sizeof(Datum) * Max(j.m, 1) * CXM_ATTR_MODELS);
	for (int model = 0; model < CXM_ATTR_MODELS && j.has_value; model++)
	{
		cxm_attr_weights((cxm_attr_model) model, j.at, j.direct, j.order, j.m, &j.params, w);
		credits(&j, w, credit + model * j.m);
	}
	for (int k = 0; k < j.m; k++)
	{
		Datum		values[2 + CXM_ATTR_MODELS];
		bool		nulls[2 + CXM_ATTR_MODELS];

		values[0] = Int32GetDatum(j.order[k] + 1);
		values[1] = j.channels[j.order[k]];
		nulls[0] = nulls[1] = false;
		for (int model = 0; model < CXM_ATTR_MODELS; model++)
		{
			values[2 + model] = j.has_value ? credit[model * j.m + k] : (Datum) 0;
			nulls[2 + model] = !j.has_value;
		}
		tuplestore_putvalues(store, desc, values, nulls);
	}
	return (Datum) 0;
}
