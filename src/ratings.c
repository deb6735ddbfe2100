/*
 * ratings.c - PostgreSQL glue for the survey metrics: the `ratings` type,
 * the nps/csat/ces/ratings_agg aggregates and the accessors.
 *
 * Everything numeric lives in ratings_core.c; this file converts arguments,
 * manages aggregate memory and turns core errors into ereports.
 */
#include "cxm.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "decimal_core.h"
#include "ratings_core.h"

/*
 * A ratings Datum is the stored form of ratings_core.h (cxm_packed): the
 * varlena header, then counts at the narrowest width that holds them.  The
 * type has STORAGE = plain, so stored values keep their 4-byte header and
 * double alignment; detoasting is still done in case that ever changes.
 */
static void
unpack_datum(Datum datum, cxm_ratings *out)
{
	cxm_packed *p = (cxm_packed *) PG_DETOAST_DATUM(datum);

	if (!cxm_unpack(p, VARSIZE(p), out))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("ratings value is corrupted"),
				 errdetail("It is %zu bytes long with format version %u and flags %u.",
						   (size_t) VARSIZE(p), VARSIZE(p) >= 8 ? (unsigned) p->version : 0u,
						   VARSIZE(p) >= 8 ? (unsigned) p->flags : 0u)));
}

/* The logical value of argument n, in memory that lives for this call. */
static cxm_ratings *
ratings_arg(FunctionCallInfo fcinfo, int n)
{
	cxm_ratings *r = palloc(sizeof(cxm_ratings));

	unpack_datum(PG_GETARG_DATUM(n), r);
	return r;
}

#define PG_GETARG_RATINGS(n) ratings_arg(fcinfo, n)

/* A new Datum holding r in its narrowest stored form. */
static Datum
pack_datum(const cxm_ratings *r)
{
	size_t		size = cxm_packed_size_for(r);
	cxm_packed *p = palloc(size);

	cxm_pack(r, p);
	SET_VARSIZE(p, size);
	return PointerGetDatum(p);
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

static pg_noinline void
int_score_error(int64 value, const char *metric, int lo, int hi)
{
	char		buf[32];

	snprintf(buf, sizeof(buf), INT64_FORMAT, value);
	score_error(metric, buf, true, lo, hi);
}

static inline int
int_score(int64 value, const char *metric, int lo, int hi)
{
	if (unlikely(value < lo || value > hi))
		int_score_error(value, metric, lo, hi);
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
 *
 * Inside an aggregate the state belongs to the aggregate (AggCheckCallContext
 * semantics, checked inline by in_aggregate) and is updated in place: no
 * allocation per row.  Our aggregates' states come from INITCOND through
 * ratings_in or from us, so they are weighted exactly when the aggregate is.
 * When a count is full at its width, a weight needs another scale, or the
 * function is called directly, the value is unpacked, updated and stored
 * anew; the executor then moves the new state into the aggregate's memory
 * context.
 */
/* The slow path, out of line so that the per-row path keeps a small frame. */
static pg_noinline Datum
score_trans_slow(FunctionCallInfo fcinfo, int score, bool weighted, double weight)
{
	cxm_ratings r;

	unpack_datum(PG_GETARG_DATUM(0), &r);
	if (weighted)
	{
		cxm_ratings_make_weighted(&r);
		report_status(cxm_ratings_add_weighted(&r, score, weight));
	}
	else
		report_status(cxm_ratings_add(&r, score));
	return pack_datum(&r);
}

static pg_attribute_always_inline Datum
score_trans(FunctionCallInfo fcinfo, score_kind kind, bool weighted,
			const char *metric, int lo, int hi)
{
	int			score = 0;
	double		weight = 1.0;

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
	if (weighted)
		weight = checked_weight(PG_GETARG_FLOAT8(2));

	if (likely(cxm_in_aggregate(fcinfo)))
	{
		cxm_packed *state = (cxm_packed *) PG_GETARG_POINTER(0);

		if (likely(VARATT_IS_4B_U(state) && ((state->flags & CXM_FLAG_WEIGHTED) != 0) == weighted))
		{
			cxm_add_result added = weighted ? cxm_packed_add_weighted(state, score, weight)
				: cxm_packed_add(state, score);

			if (likely(added == CXM_ADD_OK))
				PG_RETURN_POINTER(state);
		}
	}
	return score_trans_slow(fcinfo, score, weighted, weight);
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
DEFINE_TRANS(enps_trans, "enps", 0, 10)
DEFINE_TRANS(loyalty_trans, "loyalty_index", 0, 10)

/* ---------- combine / rollup ---------- */

PG_FUNCTION_INFO_V1(pgcxm_ratings_combine);
Datum
pgcxm_ratings_combine(PG_FUNCTION_ARGS)
{
	cxm_ratings merged,
				other;
	size_t		size;

	unpack_datum(PG_GETARG_DATUM(0), &merged);
	unpack_datum(PG_GETARG_DATUM(1), &other);
	report_status(cxm_ratings_merge(&merged, &other));
	size = cxm_packed_size_for(&merged);

	/* in an aggregate, reuse the state's memory when the layout still fits */
	if (cxm_in_aggregate(fcinfo))
	{
		cxm_packed *state = (cxm_packed *) PG_GETARG_POINTER(0);

		if (VARATT_IS_4B_U(state) && VARSIZE(state) == size)
		{
			cxm_pack(&merged, state);
			PG_RETURN_POINTER(state);
		}
	}
	PG_RETURN_DATUM(pack_datum(&merged));
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
		else if (err.status == CXM_ERR_INCONSISTENT)
			INPUT_ERROR(fcinfo,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("inconsistent ratings value: \"%s\"", text),
						 errdetail("%s", err.message),
						 errhint("No answers with real weights give these sums; write the value with ratings_agg or rollup.")));
		else
			INPUT_ERROR(fcinfo,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("invalid input syntax for type ratings: \"%s\"", text),
						 errdetail("%s", err.message),
						 errhint("A ratings value looks like {\"version\": 1, \"counts\": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]}.")));
		PG_RETURN_NULL();		/* soft error reported */
	}
	PG_RETURN_DATUM(pack_datum(&parsed));
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

	if (!cxm_ratings_decode((const uint8_t *) buf->data + buf->cursor, len, &decoded, &err))
		ereport(ERROR,
				(errcode(err.status == CXM_ERR_RANGE ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE
						 : ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary ratings value"),
				 errdetail("%s", err.message),
				 err.status == CXM_ERR_VERSION
				 ? errhint("The value was written by a newer cxm; update the extension with ALTER EXTENSION cxm UPDATE.")
				 : err.status == CXM_ERR_INCONSISTENT
				 ? errhint("No answers with real weights give these sums; write the value with ratings_agg or rollup.")
				 : 0));
	buf->cursor = buf->len;
	PG_RETURN_DATUM(pack_datum(&decoded));
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

PG_FUNCTION_INFO_V1(pgcxm_ratings_loyalty);
Datum
pgcxm_ratings_loyalty(PG_FUNCTION_ARGS)
{
	cxm_ratings *r = PG_GETARG_RATINGS(0);
	char		buf[CXM_NUMBER_BUFLEN];
	bool		valid = cxm_scaled_mean_text(r, 0, CXM_SCORE_MAX, buf);

	return numeric_or_null(fcinfo, valid, buf);
}

PG_FUNCTION_INFO_V1(pgcxm_ratings_loyalty_scale);
Datum
pgcxm_ratings_loyalty_scale(PG_FUNCTION_ARGS)
{
	cxm_ratings *r = PG_GETARG_RATINGS(0);
	int32		lo = PG_GETARG_INT32(1);
	int32		hi = PG_GETARG_INT32(2);
	char		buf[CXM_NUMBER_BUFLEN];
	bool		valid;

	if (lo < 0 || hi > CXM_SCORE_MAX || lo >= hi)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("loyalty_index scale %d..%d is not a scale within 0..10", lo, hi),
				 errhint("Pass the lowest and the highest possible answer, e.g. 1 and 6 for a six-point scale.")));
	check_scale(r, "loyalty_index", lo, hi,
				"Pass the scale the answers were given on: loyalty_index(r, lowest, highest).");
	valid = cxm_scaled_mean_text(r, lo, hi, buf);
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

/*
 * total weight * 2^scale as numeric.  An unweighted total is the count,
 * exact; a weighted one the double it is, or, past the range of double, the
 * product rounded to 17 significant digits.
 */
PG_FUNCTION_INFO_V1(pgcxm_ratings_total_weight);
Datum
pgcxm_ratings_total_weight(PG_FUNCTION_ARGS)
{
	cxm_ratings *r = PG_GETARG_RATINGS(0);
	double		total,
				unscaled;
	Datum		power,
				product;
	int			digits_before_point;

	if (!r->weighted)
		return DirectFunctionCall1(int8_numeric, Int64GetDatum(cxm_ratings_responses(r)));
	total = cxm_ratings_total_weight(r);
	unscaled = ldexp(total, r->scale);
	if (total == 0.0 || (isfinite(unscaled) && fabs(unscaled) >= DBL_MIN))
		return cxm_numeric_from_double(unscaled);
	/* 2^|scale| is exact in numeric; so is the product, then rounded */
	power = DirectFunctionCall2(numeric_power, cxm_numeric_from_text("2"),
								DirectFunctionCall1(int4_numeric, Int32GetDatum(abs(r->scale))));
	product = DirectFunctionCall2(r->scale > 0 ? numeric_mul : numeric_div,
								  cxm_numeric_from_double(total), power);
	digits_before_point = (int) floor(log10(total) + r->scale * log10(2.0)) + 1;
	return DirectFunctionCall1(numeric_trim_scale,
							   DirectFunctionCall2(numeric_round, product,
												   Int32GetDatum(17 - digits_before_point)));
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
	PG_RETURN_BOOL(PG_GETARG_RATINGS(0)->weighted);
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
