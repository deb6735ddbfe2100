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

/* 0.3.0: the business aggregates' states moved from internal to cxm_state */
RETIRED(pgcxm_share_serial)
RETIRED(pgcxm_share_deserial)
RETIRED(pgcxm_durations_serial)
RETIRED(pgcxm_durations_deserial)
RETIRED(pgcxm_duration_list_serial)
RETIRED(pgcxm_duration_list_deserial)
RETIRED(pgcxm_rfm_serial)
RETIRED(pgcxm_rfm_deserial)
RETIRED(pgcxm_clv_summary_serial)
RETIRED(pgcxm_clv_summary_deserial)
RETIRED(pgcxm_bgnbd_fit_serial)
RETIRED(pgcxm_bgnbd_fit_deserial)
RETIRED(pgcxm_gamma_gamma_fit_serial)
RETIRED(pgcxm_gamma_gamma_fit_deserial)

/* 0.3.0: aggregate states moved from internal to cxm_state */
RETIRED(pgcxm_flow_serial)
RETIRED(pgcxm_flow_deserial)
RETIRED(pgcxm_funnel_serialize)
RETIRED(pgcxm_funnel_deserialize)
RETIRED(pgcxm_sequence_serialize)
RETIRED(pgcxm_sequence_deserialize)
RETIRED(pgcxm_retention_serial)
RETIRED(pgcxm_retention_deserial)
RETIRED(pgcxm_retention_periods_serial)
RETIRED(pgcxm_retention_periods_deserial)
RETIRED(pgcxm_cohort_retention_serial)
RETIRED(pgcxm_cohort_retention_deserial)
RETIRED(pgcxm_session_count_serial)
RETIRED(pgcxm_session_count_deserial)
RETIRED(pgcxm_journey_path_serial)
RETIRED(pgcxm_journey_path_deserial)

/* 0.3.0: markov_model's state moved from internal to cxm_state */
RETIRED(pgcxm_markov_model_serial)
RETIRED(pgcxm_markov_model_deserial)
