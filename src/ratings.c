/*
 * ratings.c - PostgreSQL glue for the survey metrics: the `ratings` type,
 * the nps/csat/ces/ratings_agg aggregates and the accessors.
 *
 * Everything numeric lives in ratings_core.c; this file converts arguments,
 * manages aggregate memory and turns core errors into ereports.
 */
#include "cxm.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "nodes/execnodes.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "decimal_core.h"
#include "ratings_core.h"

/*
 * A ratings Datum is a cxm_ratings whose first word is the varlena header.
 * The type has STORAGE = plain, so stored values keep their 4-byte header
 * and double alignment; detoasting is still done in case that ever changes.
 */
static cxm_ratings *
ratings_from_datum(Datum datum)
{
	cxm_ratings *r = (cxm_ratings *) PG_DETOAST_DATUM(datum);
	Size		size = VARSIZE(r);

	if (size < CXM_RATINGS_PLAIN_SIZE || r->version != CXM_RATINGS_VERSION ||
		size != cxm_ratings_size(r))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("ratings value is corrupted"),
				 errdetail("It is %zu bytes long with format version %u.", (size_t) size,
						   size >= 8 ? (unsigned) r->version : 0u)));
	return r;
}

#define PG_GETARG_RATINGS(n) ratings_from_datum(PG_GETARG_DATUM(n))

static cxm_ratings *
ratings_copy(const cxm_ratings *src, bool weighted)
{
	Size		size = weighted ? CXM_RATINGS_WEIGHTED_SIZE : cxm_ratings_size(src);
	cxm_ratings *r = palloc0(size);

	memcpy(r, src, cxm_ratings_size(src));
	if (weighted)
		cxm_ratings_make_weighted(r);
	SET_VARSIZE(r, size);
	return r;
}

/* True when called as an aggregate (or window aggregate) support function. */
static inline bool
in_aggregate(FunctionCallInfo fcinfo)
{
	return fcinfo->context != NULL &&
		(IsA(fcinfo->context, AggState) || IsA(fcinfo->context, WindowAggState));
}

/*
 * The transition state, ready to update.  Inside an aggregate the state
 * belongs to the aggregate and is updated in place, with no allocation and
 * no detoasting: it was made by ratings_in (INITCOND) or by us, so it has a
 * plain 4-byte header.  Called as a plain function, the argument is copied.
 */
static inline cxm_ratings *
ratings_state(FunctionCallInfo fcinfo, bool weighted)
{
	struct varlena *arg = (struct varlena *) PG_GETARG_POINTER(0);
	cxm_ratings *state;

	if (likely(in_aggregate(fcinfo) && VARATT_IS_4B_U(arg)))
	{
		state = (cxm_ratings *) arg;
		if (likely(!weighted || cxm_ratings_is_weighted(state)))
			return state;
		return ratings_copy(state, true);	/* the executor moves it to the aggregate context */
	}
	state = ratings_from_datum(PointerGetDatum(arg));
	if (in_aggregate(fcinfo) && (void *) state != (void *) arg)
		return weighted ? ratings_copy(state, true) : state;	/* a detoasted copy is ours */
	return ratings_copy(state, weighted || cxm_ratings_is_weighted(state));
}

static void
report_status(cxm_status status)
{
	switch (status)
	{
		case CXM_OK:
			return;
		case CXM_ERR_COUNT_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("ratings count out of range"),
					 errdetail("The merged counts would pass 9223372036854775807 answers.")));
			break;
		case CXM_ERR_WEIGHT_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("sum of survey weights out of range"),
					 errdetail("The sum of the weights or of their squares passes the range of double precision."),
					 errhint("Rescale the weights, for example so that they average 1.")));
			break;
		default:
			elog(ERROR, "unexpected ratings status %d", (int) status);
	}
}

/* ---------- scores and weights ---------- */

static void
score_error(const char *metric, const char *value, bool whole, int lo, int hi)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 whole ? errmsg("%s score %s is out of range %d..%d", metric, value, lo, hi)
			 : errmsg("%s score %s is not a whole number in the range %d..%d", metric, value, lo, hi),
			 errhint("Scores are whole numbers from %d to %d; leave other answers out with a WHERE clause or map them onto the scale first.",
					 lo, hi)));
}

static inline int
int_score(int64 value, const char *metric, int lo, int hi)
{
	if (unlikely(value < lo || value > hi))
	{
		char		buf[32];

		snprintf(buf, sizeof(buf), INT64_FORMAT, value);
		score_error(metric, buf, true, lo, hi);
	}
	return (int) value;
}

static int
numeric_score(Numeric value, const char *metric, int lo, int hi)
{
	char	   *text = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(value)));
	int			score = 0;

	switch (cxm_parse_whole(text, lo, hi, &score))
	{
		case CXM_WHOLE_OK:
			break;
		case CXM_WHOLE_OUT_OF_RANGE:
			score_error(metric, text, true, lo, hi);
			break;
		case CXM_WHOLE_NOT_WHOLE:
			score_error(metric, text, false, lo, hi);
			break;
	}
	pfree(text);
	return score;
}

static inline double
checked_weight(double weight)
{
	if (unlikely(!(weight >= 0.0) || isinf(weight)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 isnan(weight) ? errmsg("survey weight NaN is not a number")
				 : errmsg("survey weight %g is %s", weight, isinf(weight) ? "infinite" : "negative"),
				 errhint("Weights must be finite and not negative; a NULL weight leaves the answer out.")));
	return weight;
}

typedef enum score_kind
{
	SCORE_INT2,
	SCORE_INT4,
	SCORE_INT8,
	SCORE_NUMERIC
} score_kind;

/*
 * One transition step, specialised by the compiler for each exported
 * function: kind, weighted and the range are constants there.
 */
static pg_attribute_always_inline Datum
score_trans(FunctionCallInfo fcinfo, score_kind kind, bool weighted,
			const char *metric, int lo, int hi)
{
	cxm_ratings *state;
	int			score = 0;

	switch (kind)
	{
		case SCORE_INT2:
			score = int_score(PG_GETARG_INT16(1), metric, lo, hi);
			break;
		case SCORE_INT4:
			score = int_score(PG_GETARG_INT32(1), metric, lo, hi);
			break;
		case SCORE_INT8:
			score = int_score(PG_GETARG_INT64(1), metric, lo, hi);
			break;
		case SCORE_NUMERIC:
			score = numeric_score(PG_GETARG_NUMERIC(1), metric, lo, hi);
			break;
	}
	state = ratings_state(fcinfo, weighted);
	if (weighted)
		report_status(cxm_ratings_add_weighted(state, score, checked_weight(PG_GETARG_FLOAT8(2))));
	else if (unlikely(cxm_ratings_is_weighted(state)))
		report_status(cxm_ratings_add_weighted(state, score, 1.0));
	else
		cxm_ratings_add(state, score);
	PG_RETURN_POINTER(state);
}

#define DEFINE_TRANS(sqlname, metric, lo, hi) \
	PG_FUNCTION_INFO_V1(pgcxm_##sqlname##_int2); \
	Datum pgcxm_##sqlname##_int2(PG_FUNCTION_ARGS) \
	{ return score_trans(fcinfo, SCORE_INT2, false, metric, lo, hi); } \
	PG_FUNCTION_INFO_V1(pgcxm_##sqlname##_int4); \
	Datum pgcxm_##sqlname##_int4(PG_FUNCTION_ARGS) \
	{ return score_trans(fcinfo, SCORE_INT4, false, metric, lo, hi); } \
	PG_FUNCTION_INFO_V1(pgcxm_##sqlname##_int8); \
	Datum pgcxm_##sqlname##_int8(PG_FUNCTION_ARGS) \
	{ return score_trans(fcinfo, SCORE_INT8, false, metric, lo, hi); } \
	PG_FUNCTION_INFO_V1(pgcxm_##sqlname##_numeric); \
	Datum pgcxm_##sqlname##_numeric(PG_FUNCTION_ARGS) \
	{ return score_trans(fcinfo, SCORE_NUMERIC, false, metric, lo, hi); } \
	PG_FUNCTION_INFO_V1(pgcxm_##sqlname##_int2_w); \
	Datum pgcxm_##sqlname##_int2_w(PG_FUNCTION_ARGS) \
	{ return score_trans(fcinfo, SCORE_INT2, true, metric, lo, hi); } \
	PG_FUNCTION_INFO_V1(pgcxm_##sqlname##_int4_w); \
	Datum pgcxm_##sqlname##_int4_w(PG_FUNCTION_ARGS) \
	{ return score_trans(fcinfo, SCORE_INT4, true, metric, lo, hi); } \
	PG_FUNCTION_INFO_V1(pgcxm_##sqlname##_int8_w); \
	Datum pgcxm_##sqlname##_int8_w(PG_FUNCTION_ARGS) \
	{ return score_trans(fcinfo, SCORE_INT8, true, metric, lo, hi); } \
	PG_FUNCTION_INFO_V1(pgcxm_##sqlname##_numeric_w); \
	Datum pgcxm_##sqlname##_numeric_w(PG_FUNCTION_ARGS) \
	{ return score_trans(fcinfo, SCORE_NUMERIC, true, metric, lo, hi); }

DEFINE_TRANS(nps_trans, "nps", 0, 10)
DEFINE_TRANS(csat_trans, "csat", 1, 5)
DEFINE_TRANS(ces_trans, "ces", 1, 10)
DEFINE_TRANS(ratings_trans, "ratings_agg", 0, 10)

/* ---------- combine / rollup ---------- */

PG_FUNCTION_INFO_V1(pgcxm_ratings_combine);
Datum
pgcxm_ratings_combine(PG_FUNCTION_ARGS)
{
	cxm_ratings *other = PG_GETARG_RATINGS(1);
	cxm_ratings *state = ratings_state(fcinfo, cxm_ratings_is_weighted(other));

	report_status(cxm_ratings_merge(state, other));
	PG_RETURN_POINTER(state);
}

/* ---------- input and output ---------- */

/*
 * Reports a bad input value.  On PostgreSQL 16+ the error is "soft" when the
 * caller asks (pg_input_is_valid, COPY ... ON_ERROR): ereturn then returns.
 */
#if PG_VERSION_NUM >= 160000
#define INPUT_ERROR(fcinfo, ...) ereturn((fcinfo)->context, (Datum) 0, __VA_ARGS__)
#else
#define INPUT_ERROR(fcinfo, ...) ereport(ERROR, __VA_ARGS__)
#endif

PG_FUNCTION_INFO_V1(pgcxm_ratings_in);
Datum
pgcxm_ratings_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	cxm_ratings parsed;
	cxm_input_error err;
	cxm_ratings *r;

	if (!cxm_ratings_from_text(text, &parsed, &err))
	{
		if (err.status == CXM_ERR_VERSION)
			INPUT_ERROR(fcinfo,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("unsupported ratings format version: \"%s\"", text),
						 errdetail("%s", err.message),
						 errhint("The value was written by a newer cxm; update the extension with ALTER EXTENSION cxm UPDATE.")));
		else if (err.status == CXM_ERR_RANGE)
			INPUT_ERROR(fcinfo,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("ratings value out of range: \"%s\"", text),
						 errdetail("%s", err.message)));
		else
			INPUT_ERROR(fcinfo,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("invalid input syntax for type ratings: \"%s\"", text),
						 errdetail("%s", err.message),
						 errhint("A ratings value looks like {\"version\": 1, \"counts\": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]}.")));
		PG_RETURN_NULL();		/* soft error reported */
	}
	r = palloc(cxm_ratings_size(&parsed));
	memcpy(r, &parsed, cxm_ratings_size(&parsed));
	SET_VARSIZE(r, cxm_ratings_size(&parsed));
	PG_RETURN_POINTER(r);
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_out);
Datum
pgcxm_ratings_out(PG_FUNCTION_ARGS)
{
	cxm_ratings *r = PG_GETARG_RATINGS(0);
	char	   *buf = palloc(CXM_RATINGS_TEXT_MAX);

	cxm_ratings_to_text(r, buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_recv);
Datum
pgcxm_ratings_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	size_t		len = (size_t) (buf->len - buf->cursor);
	cxm_ratings decoded;
	cxm_input_error err;
	cxm_ratings *r;

	if (!cxm_ratings_decode((const uint8_t *) buf->data + buf->cursor, len, &decoded, &err))
		ereport(ERROR,
				(errcode(err.status == CXM_ERR_RANGE ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE
						 : ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary ratings value"),
				 errdetail("%s", err.message),
				 err.status == CXM_ERR_VERSION
				 ? errhint("The value was written by a newer cxm; update the extension with ALTER EXTENSION cxm UPDATE.")
				 : 0));
	buf->cursor = buf->len;
	r = palloc(cxm_ratings_size(&decoded));
	memcpy(r, &decoded, cxm_ratings_size(&decoded));
	SET_VARSIZE(r, cxm_ratings_size(&decoded));
	PG_RETURN_POINTER(r);
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_send);
Datum
pgcxm_ratings_send(PG_FUNCTION_ARGS)
{
	cxm_ratings *r = PG_GETARG_RATINGS(0);
	uint8_t		bytes[CXM_RATINGS_WIRE_WEIGHTED];
	size_t		len = cxm_ratings_encode(r, bytes);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) bytes, (int) len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------- accessors ---------- */

static Datum
numeric_or_null(FunctionCallInfo fcinfo, bool valid, const char *text)
{
	if (!valid)
	{
		fcinfo->isnull = true;
		return (Datum) 0;
	}
	return cxm_numeric_from_text(text);
}

static void
check_scale(const cxm_ratings *r, const char *metric, int lo, int hi, const char *hint)
{
	if (!cxm_ratings_within(r, lo, hi))
	{
		long long	outside = (long long) (cxm_ratings_responses(r) - cxm_ratings_count_range(r, lo, hi));

		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg_plural("%s needs answers on the scale %d..%d, but this summary holds %lld answer outside it",
							   "%s needs answers on the scale %d..%d, but this summary holds %lld answers outside it",
							   (unsigned long) outside, metric, lo, hi, outside),
				 errhint("%s", hint)));
	}
}

#define CSAT_SCALE_HINT "For other scales use csat(r, satisfied_min), which counts the answers at or above satisfied_min."
#define CES_SCALE_HINT "CES scales run from 1 (CES 1.0: 1..5; CES 2.0: 1..7; or 1..10)."

static int
checked_threshold(int32 satisfied_min)
{
	if (satisfied_min < 0 || satisfied_min > CXM_SCORE_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("satisfied_min %d is out of range 0..10", satisfied_min),
				 errhint("Pass the lowest score that counts as satisfied, e.g. 4 on a 1..5 scale.")));
	return satisfied_min;
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_nps);
Datum
pgcxm_ratings_nps(PG_FUNCTION_ARGS)
{
	char		buf[CXM_NUMBER_BUFLEN];
	bool		valid = cxm_nps_text(PG_GETARG_RATINGS(0), buf);

	return numeric_or_null(fcinfo, valid, buf);
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_csat);
Datum
pgcxm_ratings_csat(PG_FUNCTION_ARGS)
{
	cxm_ratings *r = PG_GETARG_RATINGS(0);
	char		buf[CXM_NUMBER_BUFLEN];
	bool		valid;

	check_scale(r, "csat", 1, 5, CSAT_SCALE_HINT);
	valid = cxm_share_text(r, 4, 5, buf);
	return numeric_or_null(fcinfo, valid, buf);
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_csat_min);
Datum
pgcxm_ratings_csat_min(PG_FUNCTION_ARGS)
{
	cxm_ratings *r = PG_GETARG_RATINGS(0);
	int			satisfied_min = checked_threshold(PG_GETARG_INT32(1));
	char		buf[CXM_NUMBER_BUFLEN];
	bool		valid = cxm_share_text(r, satisfied_min, CXM_SCORE_MAX, buf);

	return numeric_or_null(fcinfo, valid, buf);
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_ces);
Datum
pgcxm_ratings_ces(PG_FUNCTION_ARGS)
{
	cxm_ratings *r = PG_GETARG_RATINGS(0);
	char		buf[CXM_NUMBER_BUFLEN];
	bool		valid;

	check_scale(r, "ces", 1, 10, CES_SCALE_HINT);
	valid = cxm_mean_text(r, buf);
	return numeric_or_null(fcinfo, valid, buf);
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_responses);
Datum
pgcxm_ratings_responses(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(cxm_ratings_responses(PG_GETARG_RATINGS(0)));
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_promoters);
Datum
pgcxm_ratings_promoters(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(cxm_ratings_count_range(PG_GETARG_RATINGS(0), 9, 10));
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_passives);
Datum
pgcxm_ratings_passives(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(cxm_ratings_count_range(PG_GETARG_RATINGS(0), 7, 8));
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_detractors);
Datum
pgcxm_ratings_detractors(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(cxm_ratings_count_range(PG_GETARG_RATINGS(0), 0, 6));
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_count_between);
Datum
pgcxm_ratings_count_between(PG_FUNCTION_ARGS)
{
	cxm_ratings *r = PG_GETARG_RATINGS(0);
	int32		lo = PG_GETARG_INT32(1);
	int32		hi = PG_GETARG_INT32(2);

	if (lo < 0)
		lo = 0;
	if (hi > CXM_SCORE_MAX)
		hi = CXM_SCORE_MAX;
	PG_RETURN_INT64(lo > hi ? 0 : cxm_ratings_count_range(r, lo, hi));
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_total_weight);
Datum
pgcxm_ratings_total_weight(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(cxm_numeric_from_double(cxm_ratings_total_weight(PG_GETARG_RATINGS(0))));
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_effective_responses);
Datum
pgcxm_ratings_effective_responses(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(cxm_numeric_from_double(cxm_ratings_effective_size(PG_GETARG_RATINGS(0))));
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_is_weighted);
Datum
pgcxm_ratings_is_weighted(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cxm_ratings_is_weighted(PG_GETARG_RATINGS(0)));
}

/* ---------- intervals and tests ---------- */

static cxm_nps_method
nps_method_arg(text *arg)
{
	char	   *name = text_to_cstring(arg);
	cxm_nps_method method;

	if (!cxm_nps_method_parse(name, &method))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown nps interval method \"%s\"", name),
				 errhint("Use 'adjusted_wald' (the default), 'wald' or 'score'.")));
	pfree(name);
	return method;
}

typedef enum bound
{
	BOUND_LOWER,
	BOUND_UPPER,
	BOUND_MARGIN
} bound;

static Datum
interval_result(FunctionCallInfo fcinfo, bool valid, const cxm_interval *iv, bound which)
{
	if (!valid)
	{
		fcinfo->isnull = true;
		return (Datum) 0;
	}
	return cxm_numeric_from_double(which == BOUND_LOWER ? iv->lower
								   : which == BOUND_UPPER ? iv->upper : iv->margin);
}

static Datum
nps_bound(FunctionCallInfo fcinfo, bound which)
{
	cxm_ratings *r = PG_GETARG_RATINGS(0);
	double		confidence = cxm_check_confidence(PG_GETARG_FLOAT8(1));
	cxm_nps_method method = nps_method_arg(PG_GETARG_TEXT_PP(2));
	cxm_interval iv;
	bool		valid = cxm_nps_interval(r, confidence, method, &iv);

	return interval_result(fcinfo, valid, &iv, which);
}

PG_FUNCTION_INFO_V1(pgcxm_nps_lower);
Datum
pgcxm_nps_lower(PG_FUNCTION_ARGS)
{
	return nps_bound(fcinfo, BOUND_LOWER);
}

PG_FUNCTION_INFO_V1(pgcxm_nps_upper);
Datum
pgcxm_nps_upper(PG_FUNCTION_ARGS)
{
	return nps_bound(fcinfo, BOUND_UPPER);
}

PG_FUNCTION_INFO_V1(pgcxm_nps_moe);
Datum
pgcxm_nps_moe(PG_FUNCTION_ARGS)
{
	return nps_bound(fcinfo, BOUND_MARGIN);
}

static Datum
csat_bound(FunctionCallInfo fcinfo, bound which)
{
	cxm_ratings *r = PG_GETARG_RATINGS(0);
	double		confidence = cxm_check_confidence(PG_GETARG_FLOAT8(1));
	int			satisfied_min;
	cxm_interval iv;
	bool		valid;

	if (PG_NARGS() > 2)
		satisfied_min = checked_threshold(PG_GETARG_INT32(2));
	else
	{
		check_scale(r, "csat", 1, 5, CSAT_SCALE_HINT);
		satisfied_min = 4;
	}
	valid = cxm_share_interval(r, satisfied_min, CXM_SCORE_MAX, confidence, &iv);
	return interval_result(fcinfo, valid, &iv, which);
}

PG_FUNCTION_INFO_V1(pgcxm_csat_lower);
Datum
pgcxm_csat_lower(PG_FUNCTION_ARGS)
{
	return csat_bound(fcinfo, BOUND_LOWER);
}

PG_FUNCTION_INFO_V1(pgcxm_csat_upper);
Datum
pgcxm_csat_upper(PG_FUNCTION_ARGS)
{
	return csat_bound(fcinfo, BOUND_UPPER);
}

static Datum
ces_bound(FunctionCallInfo fcinfo, bound which)
{
	cxm_ratings *r = PG_GETARG_RATINGS(0);
	double		confidence = cxm_check_confidence(PG_GETARG_FLOAT8(1));
	cxm_interval iv;
	bool		valid;

	check_scale(r, "ces", 1, 10, CES_SCALE_HINT);
	valid = cxm_mean_interval(r, confidence, 1.0, 10.0, &iv);
	return interval_result(fcinfo, valid, &iv, which);
}

PG_FUNCTION_INFO_V1(pgcxm_ces_lower);
Datum
pgcxm_ces_lower(PG_FUNCTION_ARGS)
{
	return ces_bound(fcinfo, BOUND_LOWER);
}

PG_FUNCTION_INFO_V1(pgcxm_ces_upper);
Datum
pgcxm_ces_upper(PG_FUNCTION_ARGS)
{
	return ces_bound(fcinfo, BOUND_UPPER);
}

PG_FUNCTION_INFO_V1(pgcxm_nps_pvalue);
Datum
pgcxm_nps_pvalue(PG_FUNCTION_ARGS)
{
	double		p;

	if (!cxm_nps_pvalue(PG_GETARG_RATINGS(0), PG_GETARG_RATINGS(1), &p))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(cxm_numeric_from_double(p));
}

/* ---------- nps_category ---------- */

static const char *const category_labels[] = {"detractor", "passive", "promoter"};

/* The enum label OIDs, looked up once per call site through our own return type. */
static Datum
category_datum(FunctionCallInfo fcinfo, int score)
{
	Oid		   *labels = (Oid *) fcinfo->flinfo->fn_extra;
	int			which = score >= 9 ? 2 : (score >= 7 ? 1 : 0);

	if (labels == NULL)
	{
		Oid			enum_type = get_func_rettype(fcinfo->flinfo->fn_oid);

		labels = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, 3 * sizeof(Oid));
		for (int i = 0; i < 3; i++)
			labels[i] = DatumGetObjectId(DirectFunctionCall2(enum_in,
															 CStringGetDatum(category_labels[i]),
															 ObjectIdGetDatum(enum_type)));
		fcinfo->flinfo->fn_extra = labels;
	}
	return ObjectIdGetDatum(labels[which]);
}

PG_FUNCTION_INFO_V1(pgcxm_nps_category_int2);
Datum
pgcxm_nps_category_int2(PG_FUNCTION_ARGS)
{
	return category_datum(fcinfo, int_score(PG_GETARG_INT16(0), "nps", 0, 10));
}

PG_FUNCTION_INFO_V1(pgcxm_nps_category_int4);
Datum
pgcxm_nps_category_int4(PG_FUNCTION_ARGS)
{
	return category_datum(fcinfo, int_score(PG_GETARG_INT32(0), "nps", 0, 10));
}

PG_FUNCTION_INFO_V1(pgcxm_nps_category_int8);
Datum
pgcxm_nps_category_int8(PG_FUNCTION_ARGS)
{
	return category_datum(fcinfo, int_score(PG_GETARG_INT64(0), "nps", 0, 10));
}

PG_FUNCTION_INFO_V1(pgcxm_nps_category_numeric);
Datum
pgcxm_nps_category_numeric(PG_FUNCTION_ARGS)
{
	return category_datum(fcinfo, numeric_score(PG_GETARG_NUMERIC(0), "nps", 0, 10));
}
