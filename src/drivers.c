/*
 * drivers.c - PostgreSQL glue for key driver analysis: the driver_stats
 * type, its aggregate and rollup, and key_drivers / driver_r2 /
 * driver_responses.
 *
 * The math lives in drivers_core.c; this file reads arguments, owns memory
 * and turns core results into rows and errors.
 */
#include "cxm.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "drivers_core.h"

#define NEWER_VERSION_HINT "The value was written by a newer cxm; update the extension with ALTER EXTENSION cxm UPDATE."

/* A stored driver_stats, detoasted and validated (data_corrupted otherwise). */
static cxm_drv_packed *
stats_arg(FunctionCallInfo fcinfo, int n)
{
	cxm_drv_packed *s = (cxm_drv_packed *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n));
	cxm_drv_input_error err;

	if (!cxm_drv_validate(s, VARSIZE(s), &err))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("driver_stats value is corrupted"),
				 errdetail("%s", err.message),
				 err.status == CXM_DRV_INPUT_VERSION ? errhint(NEWER_VERSION_HINT) : 0));
	return s;
}

static void
progress_check(void *arg)
{
	(void) arg;
	CHECK_FOR_INTERRUPTS();
}

/* ---------- reading a row ---------- */

static pg_noinline void
value_error(const char *what, double value)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("driver_stats %s %s is not a finite number", what,
					isnan(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity"),
			 errhint("Outcome and driver values must be finite; a NULL leaves the row out.")));
}

static pg_noinline void
driver_value_error(int driver, double value)
{
	char		what[32];

	snprintf(what, sizeof(what), "driver %d value", driver);
	value_error(what, value);
}

static inline double
checked_weight(double weight)
{
	if (unlikely(!(weight >= 0.0) || isinf(weight)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 isnan(weight) ? errmsg("driver_stats weight NaN is not a number")
				 : errmsg("driver_stats weight %g is %s", weight, isinf(weight) ? "infinite" : "negative"),
				 errhint("Weights must be finite and not negative; a NULL weight leaves the row out.")));
	return weight;
}

static pg_noinline void
driver_count_error(int n)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("driver_stats takes 1 to %d drivers, not %d", CXM_DRV_MAX_DRIVERS, n),
			 errhint("Pass the drivers of a row as one array, e.g. ARRAY[delivery, support, price].")));
}

static pg_noinline void
driver_mismatch_error(int earlier, int now)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("driver_stats got a row of %d drivers in a group whose earlier rows have %d", now, earlier),
			 errhint("Every row of a group must list the same drivers in the same order.")));
}

/*
 * Reads the drivers array into x without copying the array: a float8[]
 * stored in a table arrives with a 1-byte header, which detoasting would
 * copy on every row.  False when an element is NULL (the row is left out).
 */
static inline bool
read_drivers(Datum datum, double *x, int *count)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(datum);
	const char *body;
	int32		header[3];		/* ndim, dataoffset, element type */
	int32		n;
	int32		data_offset;

	if (unlikely(VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v)))
		v = PG_DETOAST_DATUM(datum);	/* toasted or expanded: rare */
	/* the fields of ArrayType after its 4-byte length word start here */
	body = VARDATA_ANY(v);
	memcpy(header, body, sizeof(header));
	if (header[0] == 0)
	{
		*count = 0;
		return true;
	}
	if (unlikely(header[0] != 1))
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("driver_stats drivers must be a one-dimensional array, not %d-dimensional", header[0]),
				 errhint("Pass the drivers of a row as one array, e.g. ARRAY[delivery, support, price].")));
	Assert(header[2] == FLOAT8OID);
	memcpy(&n, body + sizeof(header), sizeof(n));
	*count = n;
	if (unlikely(n < 1 || n > CXM_DRV_MAX_DRIVERS))
		driver_count_error(n);
	data_offset = header[1];
	if (data_offset != 0)
	{
		/* a null bitmap follows the dimensions: any NULL leaves the row out */
		const bits8 *nulls = (const bits8 *) (body + sizeof(header) + 2 * sizeof(int32));

		for (int i = 0; i < n; i++)
			if (!(nulls[i / 8] & (1 << (i % 8))))
				return false;
	}
	else
		data_offset = ARR_OVERHEAD_NONULLS(1);
	memcpy(x, body + data_offset - VARHDRSZ, sizeof(double) * n);
	return true;
}

/* ---------- transition and combine ---------- */

/* A new summary of k drivers holding src (empty or of k drivers), in the current context. */
static cxm_drv_packed *
copy_resized(const cxm_drv_packed *src, int k)
{
	size_t		size = cxm_drv_size(k);
	cxm_drv_packed *s = palloc(size);

	if (src->drivers == 0)
		cxm_drv_init(s, k);
	else
		memcpy(s, src, size);
	SET_VARSIZE(s, size);
	return s;
}

static pg_noinline void
overflow_error(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("driver_stats sums out of range"),
			 errdetail("A sum of squares or of weights passes the range of double precision."),
			 errhint("Rescale the values or the weights, for example to units near 1.")));
}

/*
 * One transition step.  Inside an aggregate the state is the aggregate's
 * (nodeAgg owns it) and is updated in place: no allocation per row.  The
 * first row finds the empty INITCOND state and makes one of the right size;
 * the executor then copies it into the aggregate's memory context.
 */
static pg_attribute_always_inline Datum
drivers_trans(FunctionCallInfo fcinfo, bool weighted)
{
	double		y = PG_GETARG_FLOAT8(1);
	double		w = 1.0;
	double		x[CXM_DRV_MAX_DRIVERS];
	int			k;
	cxm_drv_packed *s;

	if (weighted)
	{
		w = checked_weight(PG_GETARG_FLOAT8(3));
		if (w == 0.0)
			PG_RETURN_DATUM(PG_GETARG_DATUM(0));	/* weighs nothing */
	}
	if (!read_drivers(PG_GETARG_DATUM(2), x, &k))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));	/* a NULL driver: listwise deletion */
	if (k == 0)
		driver_count_error(0);
	if (unlikely(!isfinite(y)))
		value_error("outcome", y);
	for (int i = 0; i < k; i++)
		if (unlikely(!isfinite(x[i])))
			driver_value_error(i + 1, x[i]);

	s = (cxm_drv_packed *) DatumGetPointer(PG_GETARG_DATUM(0));
	if (!(likely(cxm_in_aggregate(fcinfo)) && VARATT_IS_4B_U(s) && s->version == CXM_DRV_VERSION && s->drivers == k))
	{
		cxm_drv_packed *old = (cxm_drv_packed *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
		cxm_drv_input_error err;

		if (!cxm_drv_validate(old, VARSIZE(old), &err))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("driver_stats value is corrupted"),
					 errdetail("%s", err.message)));
		if (old->drivers != 0 && old->drivers != k)
			driver_mismatch_error(old->drivers, k);
		s = copy_resized(old, k);
	}
	if (unlikely(cxm_drv_add(s, y, x, w) != CXM_DRV_ADD_OK))
		overflow_error();
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(pgcxm_driver_stats_trans);
Datum
pgcxm_driver_stats_trans(PG_FUNCTION_ARGS)
{
	return drivers_trans(fcinfo, false);
}

PG_FUNCTION_INFO_V1(pgcxm_driver_stats_trans_w);
Datum
pgcxm_driver_stats_trans_w(PG_FUNCTION_ARGS)
{
	return drivers_trans(fcinfo, true);
}

PG_FUNCTION_INFO_V1(pgcxm_driver_stats_combine);
Datum
pgcxm_driver_stats_combine(PG_FUNCTION_ARGS)
{
	cxm_drv_packed *a = (cxm_drv_packed *) DatumGetPointer(PG_GETARG_DATUM(0));
	cxm_drv_packed *b = stats_arg(fcinfo, 1);
	bool		owned = cxm_in_aggregate(fcinfo) && VARATT_IS_4B_U(a) && a->version == CXM_DRV_VERSION &&
		VARSIZE(a) == cxm_drv_size(a->drivers);

	/* the aggregate's own state was checked when it was made; anything else now */
	if (!owned)
		a = stats_arg(fcinfo, 0);
	if (b->drivers == 0)
		PG_RETURN_POINTER(a);
	if (a->drivers == 0)
		PG_RETURN_POINTER(b);	/* nodeAgg copies a new state into its own context */
	if (!owned)
		a = copy_resized(a, a->drivers);
	switch (cxm_drv_merge(a, b))
	{
		case CXM_DRV_MERGE_OK:
			break;
		case CXM_DRV_MERGE_DRIVERS:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot merge driver_stats of %d and %d drivers", a->drivers, b->drivers),
					 errhint("Roll up only summaries of the same drivers.")));
			break;
		case CXM_DRV_MERGE_ROWS:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("driver_stats row count out of range"),
					 errdetail("The merged summaries would hold more than 9223372036854775807 rows.")));
			break;
		case CXM_DRV_MERGE_OVERFLOW:
			overflow_error();
			break;
	}
	PG_RETURN_POINTER(a);
}

/* ---------- input and output ---------- */

#if PG_VERSION_NUM >= 160000
#define INPUT_ERROR(fcinfo, ...) ereturn((fcinfo)->context, (Datum) 0, __VA_ARGS__)
#else
#define INPUT_ERROR(fcinfo, ...) ereport(ERROR, __VA_ARGS__)
#endif

PG_FUNCTION_INFO_V1(pgcxm_driver_stats_in);
Datum
pgcxm_driver_stats_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	cxm_drv_packed *parsed = palloc(CXM_DRV_SIZE_MAX);
	cxm_drv_input_error err;

	if (!cxm_drv_from_text(text, parsed, &err))
	{
		if (err.status == CXM_DRV_INPUT_VERSION)
			INPUT_ERROR(fcinfo,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("unsupported driver_stats format version: \"%s\"", text),
						 errdetail("%s", err.message),
						 errhint(NEWER_VERSION_HINT)));
		else if (err.status == CXM_DRV_INPUT_RANGE)
			INPUT_ERROR(fcinfo,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("driver_stats value out of range: \"%s\"", text),
						 errdetail("%s", err.message)));
		else
			INPUT_ERROR(fcinfo,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("invalid input syntax for type driver_stats: \"%s\"", text),
						 errdetail("%s", err.message),
						 errhint("A driver_stats value is the text form driver_stats() writes, e.g. {\"version\": 1, \"drivers\": 0, \"rows\": 0, \"weight\": 0, \"origin\": [], \"means\": [], \"comoments\": []}.")));
		PG_RETURN_NULL();		/* soft error reported */
	}
	SET_VARSIZE(parsed, cxm_drv_size(parsed->drivers));
	PG_RETURN_POINTER(parsed);
}

PG_FUNCTION_INFO_V1(pgcxm_driver_stats_out);
Datum
pgcxm_driver_stats_out(PG_FUNCTION_ARGS)
{
	cxm_drv_packed *s = stats_arg(fcinfo, 0);
	char	   *buf = palloc(cxm_drv_text_size(s->drivers));

	cxm_drv_to_text(s, buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(pgcxm_driver_stats_recv);
Datum
pgcxm_driver_stats_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	cxm_drv_packed *decoded = palloc(CXM_DRV_SIZE_MAX);
	cxm_drv_input_error err;

	if (!cxm_drv_decode((const uint8_t *) buf->data + buf->cursor, (size_t) (buf->len - buf->cursor), decoded, &err))
		ereport(ERROR,
				(errcode(err.status == CXM_DRV_INPUT_RANGE ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE
						 : ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary driver_stats value"),
				 errdetail("%s", err.message),
				 err.status == CXM_DRV_INPUT_VERSION ? errhint(NEWER_VERSION_HINT) : 0));
	buf->cursor = buf->len;
	SET_VARSIZE(decoded, cxm_drv_size(decoded->drivers));
	PG_RETURN_POINTER(decoded);
}

PG_FUNCTION_INFO_V1(pgcxm_driver_stats_send);
Datum
pgcxm_driver_stats_send(PG_FUNCTION_ARGS)
{
	cxm_drv_packed *s = stats_arg(fcinfo, 0);
	uint8_t    *bytes = palloc(cxm_drv_wire_size(s->drivers));
	size_t		len = cxm_drv_encode(s, bytes);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) bytes, (int) len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------- statistics ---------- */

/* "driver 3", "drivers 1 and 4", "drivers 1, 2 and 5", with names when known. */
static char *
driver_list(uint64_t concerned, char **names)
{
	StringInfoData buf;
	int			total = __builtin_popcountll(concerned);
	int			listed = 0;

	initStringInfo(&buf);
	appendStringInfoString(&buf, total == 1 ? "driver " : "drivers ");
	for (int i = 0; i < CXM_DRV_MAX_DRIVERS; i++)
	{
		if (!(concerned & ((uint64_t) 1 << i)))
			continue;
		if (listed > 0)
			appendStringInfoString(&buf, listed == total - 1 ? " and " : ", ");
		appendStringInfo(&buf, "%d", i + 1);
		if (names && names[i])
			appendStringInfo(&buf, " (%s)", names[i]);
		listed++;
	}
	return buf.data;
}

/*
 * The statistics of s; false for NULL statistics (too few rows, or an
 * outcome that never varies).  Modelling mistakes are errors naming the
 * drivers concerned.
 */
static bool
fit_or_error(const cxm_drv_packed *s, int want, char **names, cxm_drv_fit *fit)
{
	void	   *workspace = palloc(cxm_drv_workspace_size(s->drivers, want));
	cxm_drv_fit_status status = cxm_drv_compute(s, want, workspace, progress_check, NULL, fit);

	pfree(workspace);
	switch (status)
	{
		case CXM_DRV_FIT_OK:
			return true;
		case CXM_DRV_FIT_TOO_FEW:
		case CXM_DRV_FIT_CONSTANT_OUTCOME:
			return false;
		case CXM_DRV_FIT_ZERO_VARIANCE:
			{
				bool		one = __builtin_popcountll(fit->concerned) == 1;

				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s %s zero variance", driver_list(fit->concerned, names), one ? "has" : "have"),
						 errdetail("Every row used has the same value for %s, so no importance can be given to %s.",
								   one ? "it" : "each of them", one ? "it" : "them"),
						 errhint("Leave %s out of the drivers, or check how the ratings were loaded.",
								 one ? "it" : "them")));
			}
			break;
		case CXM_DRV_FIT_COLLINEAR:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s are perfectly collinear", driver_list(fit->concerned, names)),
					 errdetail("In the rows used, driver %d is a linear combination of the others named, so their separate importance is undefined.",
							   64 - __builtin_clzll(fit->concerned)),
					 errhint("Leave one of them out, or combine them into one rating.")));
			break;
	}
	return false;
}

/* The names argument as C strings (NULL entries for NULL names), or NULL. */
static char **
names_arg(FunctionCallInfo fcinfo, int k)
{
	ArrayType  *array;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	char	  **names;

	if (PG_NARGS() < 2)
		return NULL;
	array = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_NDIM(array) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("key_drivers names must be a one-dimensional array"),
				 errhint("Pass one name per driver, in the order of the drivers array.")));
	deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	if (n != k)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg_plural("key_drivers got %d name for a summary of %d drivers",
							   "key_drivers got %d names for a summary of %d drivers", (unsigned long) n, n, k),
				 errhint("Pass one name per driver, in the order of the drivers array.")));
	names = palloc0(sizeof(char *) * Max(n, 1));
	for (int i = 0; i < n; i++)
		names[i] = nulls[i] ? NULL : TextDatumGetCString(elems[i]);
	return names;
}

static Tuplestorestate *
materialize(FunctionCallInfo fcinfo, TupleDesc *desc)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext old;
	Tuplestorestate *store;
	TupleDesc	result;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) || !(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("key_drivers called in a context that cannot accept a set"),
				 errhint("Call it in FROM, e.g. SELECT * FROM key_drivers(s).")));
	if (get_call_result_type(fcinfo, NULL, &result) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("key_drivers must return a row type")));
	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	*desc = CreateTupleDescCopy(result);
	store = tuplestore_begin_heap((rsinfo->allowedModes & SFRM_Materialize_Random) != 0, false, work_mem);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = store;
	rsinfo->setDesc = *desc;
	MemoryContextSwitchTo(old);
	return store;
}

static Datum
number(double v)
{
	return cxm_numeric_from_double(v);
}

PG_FUNCTION_INFO_V1(pgcxm_key_drivers);
Datum
pgcxm_key_drivers(PG_FUNCTION_ARGS)
{
	cxm_drv_packed *s = stats_arg(fcinfo, 0);
	int			k = s->drivers;
	char	  **names = k > 0 ? names_arg(fcinfo, k) : NULL;
	TupleDesc	desc;
	Tuplestorestate *store = materialize(fcinfo, &desc);
	cxm_drv_fit fit;
	bool		fitted = false;

	if (k == 0)
		return (Datum) 0;
	fitted = fit_or_error(s, CXM_DRV_WANT_WEIGHTS | CXM_DRV_WANT_SHAPLEY, names, &fit);
	for (int j = 0; j < k; j++)
	{
		Datum		values[8];
		bool		nulls[8];
		double		importance;

		memset(nulls, true, sizeof(nulls));
		values[0] = Int32GetDatum(j + 1);
		nulls[0] = false;
		if (names && names[j])
		{
			values[1] = CStringGetTextDatum(names[j]);
			nulls[1] = false;
		}
		values[2] = number(cxm_drv_mean(s, j + 1));
		nulls[2] = false;
		if (fitted)
		{
			values[3] = number(fit.correlation[j]);
			values[4] = number(fit.beta[j]);
			values[5] = number(fit.relative_weight[j]);
			nulls[3] = nulls[4] = nulls[5] = false;
			if (fit.shapley_exact)
			{
				values[6] = number(fit.shapley[j]);
				nulls[6] = false;
			}
			importance = fit.shapley_exact ? fit.shapley[j] : fit.relative_weight[j];
			if (fit.r2 > 0.0)
			{
				values[7] = number(100.0 * importance / fit.r2);
				nulls[7] = false;
			}
		}
		tuplestore_putvalues(store, desc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(pgcxm_driver_r2);
Datum
pgcxm_driver_r2(PG_FUNCTION_ARGS)
{
	cxm_drv_packed *s = stats_arg(fcinfo, 0);
	cxm_drv_fit fit;

	if (s->drivers == 0 || !fit_or_error(s, 0, NULL, &fit))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(number(fit.r2));
}

PG_FUNCTION_INFO_V1(pgcxm_driver_responses);
Datum
pgcxm_driver_responses(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(stats_arg(fcinfo, 0)->rows);
}
