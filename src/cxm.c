/*
 * cxm.c - module entry and helpers shared by every room's glue.
 */
#include "cxm.h"

#include <math.h>

#include "decimal_core.h"
#include "utils/builtins.h"

#ifdef PG_MODULE_MAGIC_EXT
PG_MODULE_MAGIC_EXT(.name = "cxm",.version = "0.1.0");
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
