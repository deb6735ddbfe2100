/*
 * cxm.h - helpers shared by the PostgreSQL glue of every room.
 *
 * Only glue files include this (it pulls in postgres.h); the *_core files
 * stay free of PostgreSQL so they can be unit-tested and fuzzed alone.
 */
#ifndef CXM_H
#define CXM_H

#include "postgres.h"

#include "fmgr.h"
#include "nodes/execnodes.h"
#include "utils/array.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/* A numeric Datum from decimal text written by a core formatter. */
Datum		cxm_numeric_from_text(const char *text);

/* A numeric Datum from a finite double, with the fewest digits that round-trip. */
Datum		cxm_numeric_from_double(double value);

/* Checks a confidence level argument: finite and strictly between 0 and 1. */
double		cxm_check_confidence(double confidence);

/*
 * The aggregate memory context when called as an aggregate or window
 * aggregate support function, else NULL (then arguments must not be
 * modified in place).
 */
MemoryContext cxm_agg_context(FunctionCallInfo fcinfo);

/*
 * The same test as AggCheckCallContext, inline for per-row paths: true when
 * called as an aggregate or window-aggregate support function.
 */
static inline bool
cxm_in_aggregate(FunctionCallInfo fcinfo)
{
	return fcinfo->context != NULL &&
		(IsA(fcinfo->context, AggState) || IsA(fcinfo->context, WindowAggState));
}

/*
 * An interval as microseconds, a day counting 24 hours.  An interval with a
 * month or year part is ambiguous (months differ in length) and is an error
 * naming the argument; so is a negative one.
 */
int64		cxm_interval_usecs(const Interval *span, const char *argname);

/*
 * Reads a boolean[] of conditions (a non-NULL Datum) into a bit mask (bit
 * k-1 set when condition k is true; NULL counts as false).  Errors name
 * fname when there are none or more than max, or more than one dimension.
 * *count receives the number of conditions.  An array stored in a row
 * (short header) is read in place, not copied.
 */
uint64		cxm_conditions_mask(Datum conditions, int max, const char *fname, int *count);

/*
 * Where a call's boolean conditions are.  The aggregates taking conditions
 * are declared VARIADIC "any" so that the parser passes each condition as
 * its own argument instead of building an array on every row; an explicit
 * VARIADIC ARRAY[...] still arrives as one boolean[].  The form, and the
 * type of every condition, are checked once per call site
 * (cxm_conditions_locate) and kept in fn_extra.
 */
typedef struct CxmConditionArgs
{
	int			first;			/* argument number of the array, or of the first condition */
	int			fixed;			/* number of separate conditions; 0 when they come as an array */
	uint64		untyped;		/* bit i: separate condition i + 1 is a bare NULL (type unknown) */
	int			unchecked;		/* number of separate conditions whose types could not be seen (then fixed is 0) */
} CxmConditionArgs;

/*
 * The conditions of an aggregate's array form (declared boolean[], not
 * VARIADIC): one array, argument first, whatever the call's expression (so
 * also when Citus calls the transition function without one).
 */
static inline CxmConditionArgs
cxm_conditions_array(int first)
{
	CxmConditionArgs where = {first, 0, 0, 0};

	return where;
}

/*
 * The form of the conditions given as the arguments from first to the last
 * of the call: 1 to max separate booleans, or one boolean[] passed with
 * VARIADIC.  A bare NULL (which VARIADIC "any" leaves of type unknown) is a
 * condition never met, whether the call is an aggregate or a window
 * function: it is told apart from a quoted literal by its value, so the rule
 * does not depend on which of the two reads it.  Any other type, and a
 * quoted literal, are an error naming fname.  Reads the current row's
 * arguments: call it from the transition function.
 *
 * Called without the call's expression (Citus runs transition functions
 * from an aggregate of its own, with no fn_expr), the types cannot be seen:
 * the arguments are then taken as separate conditions, and each row's
 * values must be booleans (a Datum of 0 or 1, or NULL; any other value is
 * of another type, a by-reference one being a pointer).
 */
CxmConditionArgs cxm_conditions_locate(FunctionCallInfo fcinfo, int first, int max, const char *fname);

/* PostgreSQL 18 has pg_noreturn, a prefix; before it, pg_attribute_noreturn() */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

/* The error for a condition of type unknown that is not NULL (a quoted literal). */
pg_noreturn void cxm_conditions_untyped_error(const char *fname, int position);

/* The error for a condition whose type was not seen and whose value is no boolean. */
pg_noreturn void cxm_conditions_not_boolean_error(const char *fname, int position);

/*
 * This row's conditions as a mask, as cxm_conditions_mask gives it (NULL
 * counts as false), and their number in *count.  False, leaving both
 * untouched, when they come as a NULL array: what that means is the
 * caller's to say.  Separate conditions are read in place: no array is
 * built.
 */
static inline bool
cxm_conditions_read(FunctionCallInfo fcinfo, const CxmConditionArgs *where, int max, const char *fname,
					uint64 *mask, int *count)
{
	if (where->fixed > 0)
	{
		const NullableDatum *arg = &fcinfo->args[where->first];
		uint64		bits = 0;

		for (int i = 0; i < where->fixed; i++)
			bits |= (uint64) (!arg[i].isnull && DatumGetBool(arg[i].value)) << i;
		if (unlikely(where->untyped != 0))
		{
			/* a bare NULL is never met; an unknown value that is not NULL is no condition */
			for (int i = 0; i < where->fixed; i++)
				if (((where->untyped >> i) & 1) && !arg[i].isnull)
					cxm_conditions_untyped_error(fname, i + 1);
			bits &= ~where->untyped;
		}
		*mask = bits;
		*count = where->fixed;
		return true;
	}
	if (unlikely(where->unchecked > 0))
	{
		const NullableDatum *arg = &fcinfo->args[where->first];
		uint64		bits = 0;

		/* a boolean Datum is 0 or 1; any other is of another type (a by-reference one is a pointer) */
		for (int i = 0; i < where->unchecked; i++)
		{
			if (arg[i].isnull)
				continue;
			if (arg[i].value > 1)
				cxm_conditions_not_boolean_error(fname, i + 1);
			bits |= (uint64) arg[i].value << i;
		}
		*mask = bits;
		*count = where->unchecked;
		return true;
	}
	if (PG_ARGISNULL(where->first))
		return false;
	*mask = cxm_conditions_mask(PG_GETARG_DATUM(where->first), max, fname, count);
	return true;
}

#endif
