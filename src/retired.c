/*
 * retired.c - C entry points that only older releases' scripts name.
 *
 * ALTER EXTENSION cxm UPDATE runs every script from the installed version
 * on, with the current library, and PostgreSQL looks up the symbol of each C
 * function a script creates; so a symbol can never leave the library.  Once
 * a later step of the upgrade has dropped its SQL function, nothing calls
 * it; if anything does (a half-updated install), it says what to do.
 * test/tools/lint.py checks that every symbol any script names is defined.
 */
#include "cxm.h"

static pg_noinline Datum
retired_call(const char *symbol)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("C function %s belongs to an older version of cxm", symbol),
			 errhint("Finish the upgrade: ALTER EXTENSION cxm UPDATE.")));
	return (Datum) 0;
}

#define RETIRED(symbol) \
	PG_FUNCTION_INFO_V1(symbol); \
	Datum symbol(PG_FUNCTION_ARGS) { return retired_call(#symbol); }

/* 0.3.0: aggregate states moved from internal to cxm_state */
RETIRED(pgcxm_flow_serial)
RETIRED(pgcxm_flow_deserial)

/* 0.3.0: markov_model's state moved from internal to cxm_state */
RETIRED(pgcxm_markov_model_serial)
RETIRED(pgcxm_markov_model_deserial)
