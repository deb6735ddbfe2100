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
 * Reads a VARIADIC boolean[] of conditions into a bit mask (bit k-1 set when
 * condition k is true; NULL counts as false).  Errors name fname when there
 * are none or more than max.  *count receives the number of conditions.
 */
uint64		cxm_conditions_mask(ArrayType *conditions, int max, const char *fname, int *count);

#endif
