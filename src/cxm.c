/*
 * cxm.c - module entry and helpers shared by every room's glue.
 */
#include "cxm.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "decimal_core.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#ifdef PG_MODULE_MAGIC_EXT
PG_MODULE_MAGIC_EXT(.name = "cxm",.version = CXM_VERSION);
#else
PG_MODULE_MAGIC;
#endif

Datum
cxm_numeric_from_text(const char *text)
{
	return DirectFunctionCall3(numeric_in, CStringGetDatum(text),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

Datum
cxm_numeric_from_double(double value)
{
	char		buf[CXM_NUMBER_BUFLEN];

	if (!isfinite(value))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("result %g is not a finite number", value),
				 errhint("This is a bug in cxm; please report the query that produced it.")));
	cxm_format_double(buf, value);
	return cxm_numeric_from_text(buf);
}

double
cxm_check_confidence(double confidence)
{
	if (!(confidence > 0.0 && confidence < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level %g is not between 0 and 1", confidence),
				 errhint("Pass the level as a fraction: 0.95 for a 95%% interval.")));
	return confidence;
}

MemoryContext
cxm_agg_context(FunctionCallInfo fcinfo)
{
	MemoryContext context;

	if (AggCheckCallContext(fcinfo, &context))
		return context;
	return NULL;
}

int64
cxm_interval_usecs(const Interval *span, const char *argname)
{
	int64		usecs;

	if (span->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not have a month or year part", argname),
				 errdetail("Months and years differ in length, so the window would be ambiguous."),
				 errhint("Write the span in days or hours, e.g. interval '30 days'.")));
	if (pg_mul_s64_overflow((int64) span->day, USECS_PER_DAY, &usecs) ||
		pg_add_s64_overflow(usecs, span->time, &usecs))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s is out of range", argname)));
	if (usecs < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", argname),
				 errhint("Pass a positive span, e.g. interval '7 days'.")));
	return usecs;
}

uint64
cxm_conditions_mask(Datum conditions, int max, const char *fname, int *count)
{
	struct varlena *array = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(conditions));

	/*
	 * The ArrayType fields after its length word, read where they are: an
	 * array from a row has a 1-byte header, so they sit unaligned, 3 bytes
	 * earlier than in ArrayType (hence memcpy and offsets from here).
	 */
	const char *fields = VARDATA_ANY(array);
	int32		ndim;
	int32		dataoffset;
	int32		n = 0;
	const bits8 *nulls;
	const bool *values;
	uint64		mask = 0;

	memcpy(&ndim, fields + offsetof(ArrayType, ndim) - VARHDRSZ, sizeof(int32));
	memcpy(&dataoffset, fields + offsetof(ArrayType, dataoffset) - VARHDRSZ, sizeof(int32));
	if (ndim > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s conditions must be a one-dimensional array", fname),
				 errdetail("The array has %d dimensions.", ndim),
				 errhint("Pass one condition per element, e.g. ARRAY[event = 'visit', event = 'buy'].")));
	if (ndim == 1)
		memcpy(&n, fields + sizeof(ArrayType) - VARHDRSZ, sizeof(int32));
#ifdef USE_ASSERT_CHECKING
	{
		Oid			elemtype;

		memcpy(&elemtype, fields + offsetof(ArrayType, elemtype) - VARHDRSZ, sizeof(Oid));
		Assert(elemtype == BOOLOID);
	}
#endif
	if (n < 1 || n > max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s takes 1 to %d conditions, not %d", fname, max, n),
				 errhint("Pass each step as a boolean expression.")));
	/* one dimension: the null bitmap follows its size and lower bound */
	nulls = dataoffset != 0 ? (const bits8 *) (fields + sizeof(ArrayType) + 2 * sizeof(int) - VARHDRSZ) : NULL;
	values = (const bool *) (fields + (dataoffset != 0 ? (size_t) dataoffset : ARR_OVERHEAD_NONULLS(1)) - VARHDRSZ);
	/* elements are packed one byte each; a NULL takes no space */
	for (int i = 0, j = 0; i < n; i++)
	{
		if (nulls != NULL && !(nulls[i / 8] & (1 << (i % 8))))
			continue;
		if (values[j++])
			mask |= UINT64_C(1) << i;
	}
	*count = n;
	return mask;
}

void
cxm_conditions_untyped_error(const char *fname, int position)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("%s condition %d must be boolean, not unknown", fname, position),
			 errhint("Write each condition as a boolean expression, e.g. event = 'signup'; a bare NULL is a condition never met.")));
}

void
cxm_conditions_not_boolean_error(const char *fname, int position)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("%s condition %d is not a boolean", fname, position),
			 errdetail("The call's argument types are not known here (as when Citus runs the aggregate on its workers), and its value is no boolean."),
			 errhint("Pass each condition as a separate boolean expression, e.g. event = 'signup'.")));
}

CxmConditionArgs
cxm_conditions_locate(FunctionCallInfo fcinfo, int first, int max, const char *fname)
{
	CxmConditionArgs where;
	int			n = PG_NARGS() - first;

	where.first = first;
	where.fixed = 0;
	where.untyped = 0;
	where.unchecked = 0;
	if (fcinfo->flinfo->fn_expr == NULL)
	{
		/* no expression to read the types from: cxm_conditions_read checks each value */
		if (n < 1 || n > max)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s takes 1 to %d conditions, not %d", fname, max, n),
					 errhint("Pass each step as a boolean expression.")));
		where.unchecked = n;
		return where;
	}
	/*
	 * VARIADIC ARRAY[...] written out: one array holds the conditions.  As a
	 * window function the call loses its VARIADIC mark (PostgreSQL builds a
	 * window aggregate's transition call as non-variadic), so a lone
	 * boolean[] is the array of conditions in both forms, VARIADIC or not.
	 */
	if (get_fn_expr_variadic(fcinfo->flinfo) ||
		(n == 1 && get_fn_expr_argtype(fcinfo->flinfo, first) == BOOLARRAYOID))
	{
		Oid			type = get_fn_expr_argtype(fcinfo->flinfo, first);

		if (type != BOOLARRAYOID)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("%s conditions must be boolean[], not %s", fname, format_type_be(type)),
					 errhint("Pass VARIADIC ARRAY[cond1, cond2, ...] of boolean expressions.")));
		return where;
	}
	if (n < 1 || n > max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s takes 1 to %d conditions, not %d", fname, max, n),
				 errhint("Pass each step as a boolean expression.")));
	for (int i = 0; i < n; i++)
	{
		Oid			type = get_fn_expr_argtype(fcinfo->flinfo, first + i);

		if (type == InvalidOid)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("%s could not determine the types of its conditions", fname),
					 errhint("Call the aggregate itself, not its transition function.")));
		if (type == UNKNOWNOID)
		{
			/*
			 * Only literals have type unknown, so a NULL on this row is a
			 * bare NULL; cxm_conditions_read checks it stays NULL.
			 */
			if (!PG_ARGISNULL(first + i))
				cxm_conditions_untyped_error(fname, i + 1);
			where.untyped |= UINT64_C(1) << i;
			continue;
		}
		if (type != BOOLOID)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("%s condition %d must be boolean, not %s", fname, i + 1, format_type_be(type)),
					 errhint("Write each condition as a boolean expression, e.g. event = 'signup'.")));
	}
	where.fixed = n;
	return where;
}
