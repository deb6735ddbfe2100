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
#include "utils/numeric.h"
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
 * aggregate transition function, else NULL (then arguments must not be
 * modified in place).
 */
MemoryContext cxm_agg_context(FunctionCallInfo fcinfo);

#endif
