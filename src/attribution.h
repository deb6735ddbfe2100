/*
 * attribution.h - glue helpers shared by the attribution room's two glue
 * files (attribution.c, attribution_markov.c).
 */
#ifndef CXM_ATTRIBUTION_H
#define CXM_ATTRIBUTION_H

#include "cxm.h"

#include "utils/tuplestore.h"

/*
 * Sets up a set-returning call in materialize mode and returns the
 * tuplestore to fill with tuplestore_putvalues(store, *desc, ...).  The
 * result's tuple descriptor is built once per call site and cached.
 */
Tuplestorestate *cxm_attr_materialize(FunctionCallInfo fcinfo, TupleDesc *desc);

#endif
