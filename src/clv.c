/*
 * clv.c - PostgreSQL glue for customer lifetime value: rfm, the closed-form
 * clv and clv_simple, clv_summary, the BG/NBD and Gamma-Gamma fits, and the
 * predictions of a fitted model.
 *
 * The math lives in clv_core.c.  Models are composite types of numeric
 * fields, so they are stored, printed and built with plain SQL; functions
 * that read one cache its parameters per call site, keyed by its bytes.
 * The aggregates keep their state in cxm_state (state.h): the body is the
 * struct below, its arrays in the state's pool, and its stored form the
 * core's wire form.
 */
#include "cxm.h"
#include "state.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/fmgrprotos.h"

#include "clv_core.h"
#include "decimal_core.h"

/* ==================== shared helpers ==================== */

/* Grows an array, in the context it was allocated in, to hold extra more items. */
static void *
reserve(void *items, size_t item_size, size_t n, size_t *capacity, size_t extra, const char *what)
{
	size_t		wanted = *capacity;

	if (n + extra <= wanted)
		return items;
	while (wanted < n + extra)
		wanted *= 2;
	if (wanted > MaxAllocHugeSize / item_size)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many rows in one group of %s", what)));
	*capacity = wanted;
	return repalloc_huge(items, wanted * item_size);
}

static char *
numeric_text(Numeric value)
{
	return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(value)));
}

static bool
numeric_is_finite(Numeric value)
{
#if PG_VERSION_NUM >= 140000
	return !numeric_is_nan(value) && !numeric_is_inf(value);
#else
	return !numeric_is_nan(value);
#endif
}

static Numeric
numeric_of_int(int64 value)
{
	return DatumGetNumeric(DirectFunctionCall1(int8_numeric, Int64GetDatum(value)));
}

static int
numeric_compare(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a), NumericGetDatum(b)));
}

static int
sign_of(Numeric value)
{
	return numeric_compare(value, numeric_of_int(0));
}

static Datum
num_add(Datum a, Datum b)
{
	return DirectFunctionCall2(numeric_add, a, b);
}

static Datum
num_sub(Datum a, Datum b)
{
	return DirectFunctionCall2(numeric_sub, a, b);
}

static Datum
num_mul(Datum a, Datum b)
{
	return DirectFunctionCall2(numeric_mul, a, b);
}

static Datum
num_div(Datum a, Datum b)
{
	return DirectFunctionCall2(numeric_div, a, b);
}

/* Rounds to 16 decimals and drops trailing zeros. */
static Datum
numeric_tidy(Datum value)
{
	return DirectFunctionCall1(numeric_trim_scale,
							   DirectFunctionCall2(numeric_round, value, Int32GetDatum(CXM_FRACTION_DIGITS)));
}

static void
check_finite_numeric(Numeric value, const char *argname)
{
	if (!numeric_is_finite(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %s is not a finite number", argname, numeric_text(value))));
}

/* A composite value of the function's result type. */
static Datum
composite_result(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	desc;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("function returning a record called in a context that cannot accept one")));
	desc = BlessTupleDesc(desc);
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

static void
check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

/* ==================== closed forms: clv, clv_simple, expected_lifetime ==================== */

#define FRACTION_HINT "Pass rates as fractions of one: 0.8 for 80%%."

PG_FUNCTION_INFO_V1(pgcxm_clv);
Datum
pgcxm_clv(PG_FUNCTION_ARGS)
{
	Numeric		margin = PG_GETARG_NUMERIC(0);
	Numeric		retention = PG_GETARG_NUMERIC(1);
	Numeric		discount = PG_GETARG_NUMERIC(2);
	Numeric		acquisition_cost = PG_GETARG_NUMERIC(3);
	Datum		one = NumericGetDatum(numeric_of_int(1));
	Datum		denominator;

	check_finite_numeric(margin, "margin");
	check_finite_numeric(retention, "retention");
	check_finite_numeric(discount, "discount");
	check_finite_numeric(acquisition_cost, "acquisition_cost");
	if (sign_of(retention) < 0 || numeric_compare(retention, numeric_of_int(1)) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("retention %s is not a fraction between 0 and 1", numeric_text(retention)),
				 errhint(FRACTION_HINT)));
	if (numeric_compare(discount, numeric_of_int(1)) >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount %s is not a fraction below 1", numeric_text(discount)),
				 errhint("Pass rates as fractions of one: 0.1 for a discount rate of 10%%.")));
	if (numeric_compare(discount, numeric_of_int(-1)) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount %s is not above -1", numeric_text(discount))));
	if (sign_of(acquisition_cost) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("acquisition_cost %s is negative", numeric_text(acquisition_cost))));
	denominator = num_sub(num_add(one, NumericGetDatum(discount)), NumericGetDatum(retention));
	if (sign_of(DatumGetNumeric(denominator)) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("retention %s with discount %s gives an infinite value",
						numeric_text(retention), numeric_text(discount)),
				 errdetail("margin * retention / (1 + discount - retention) needs retention below 1 + discount.")));
	PG_RETURN_DATUM(numeric_tidy(num_sub(num_div(num_mul(NumericGetDatum(margin), NumericGetDatum(retention)),
												 denominator),
										 NumericGetDatum(acquisition_cost))));
}

static void
check_not_negative(Numeric value, const char *argname)
{
	check_finite_numeric(value, argname);
	if (sign_of(value) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %s is negative", argname, numeric_text(value))));
}

PG_FUNCTION_INFO_V1(pgcxm_clv_simple);
Datum
pgcxm_clv_simple(PG_FUNCTION_ARGS)
{
	Numeric		order_value = PG_GETARG_NUMERIC(0);
	Numeric		frequency = PG_GETARG_NUMERIC(1);
	Numeric		lifespan = PG_GETARG_NUMERIC(2);
	Numeric		gross_margin = PG_GETARG_NUMERIC(3);

	check_not_negative(order_value, "average_order_value");
	check_not_negative(frequency, "purchase_frequency");
	check_not_negative(lifespan, "lifespan");
	check_finite_numeric(gross_margin, "gross_margin");
	if (numeric_compare(gross_margin, numeric_of_int(1)) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gross_margin %s is not a fraction of at most 1", numeric_text(gross_margin)),
				 errhint("Pass rates as fractions of one: 0.3 for a gross margin of 30%%.")));
	PG_RETURN_DATUM(numeric_tidy(num_mul(num_mul(num_mul(NumericGetDatum(order_value), NumericGetDatum(frequency)),
												 NumericGetDatum(lifespan)),
										 NumericGetDatum(gross_margin))));
}

PG_FUNCTION_INFO_V1(pgcxm_expected_lifetime);
Datum
pgcxm_expected_lifetime(PG_FUNCTION_ARGS)
{
	Numeric		churn = PG_GETARG_NUMERIC(0);

	check_finite_numeric(churn, "churn_rate");
	if (sign_of(churn) < 0 || numeric_compare(churn, numeric_of_int(100)) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("churn_rate %s is not a percentage between 0 and 100", numeric_text(churn)),
				 errhint("Rates are percentages, as churn_rate returns them: pass 2.5 for 2.5%%.")));
	if (sign_of(churn) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("churn_rate 0 gives an infinite lifetime"),
				 errhint("With no churn observed, the lifetime cannot be estimated from it.")));
	PG_RETURN_DATUM(numeric_tidy(num_div(NumericGetDatum(numeric_of_int(100)), NumericGetDatum(churn))));
}

/* ==================== rfm ==================== */

StaticAssertDecl(CXM_FIRST_USEC == MIN_TIMESTAMP && CXM_END_USEC == END_TIMESTAMP,
				 "the core's range of timestamps is PostgreSQL's");
StaticAssertDecl(CXM_FIRST_DAY == DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE &&
				 CXM_LAST_DAY == DATE_END_JULIAN - POSTGRES_EPOCH_JDATE - 1,
				 "the core's range of dates is PostgreSQL's");

typedef enum time_kind
{
	TIME_TIMESTAMPTZ = 0,
	TIME_TIMESTAMP = 1,
	TIME_DATE = 2
} time_kind;

/*
 * A sum of up to RFM_INLINE_SUM bytes as a numeric (36 decimal digits) is
 * kept inside the state itself: a row then adds to it with no allocation,
 * and reads no memory beyond the state's two cache lines (with its 48-byte
 * expanded-object header, state.h).  A longer sum lives in the state's pool.
 */
#define RFM_INLINE_SUM 24

typedef struct rfm_state
{
	int64		as_of;			/* as_of and last: what every row reads first */
	int64		last;			/* latest order at or before as_of; 0 without orders */
	int64		orders;
	Numeric		sum;			/* sum_inline, or in the state's pool; NULL without orders */
	/*
	 * The sum's text, kept from payload_size to encode: flattening asks
	 * one, then the other, and numeric output is the dearest part of both.
	 */
	char	   *sum_text;		/* in the state's pool; NULL until made */
	int64		sum_text_orders;	/* orders when it was made: every order changes the sum */
	time_kind	kind;
	union
	{
		char		bytes[RFM_INLINE_SUM];
		int64		align;		/* a numeric's header is read as an int32 */
	}			sum_inline;
} rfm_state;

StaticAssertDecl(CXM_STATE_BODY_OFFSET + sizeof(rfm_state) <= 2 * CXM_STATE_LINE,
				 "an rfm state and its header fill two cache lines at most");

static char *
time_text(int64 value, time_kind kind)
{
	if (kind == TIME_DATE)
		return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum((DateADT) value)));
	return DatumGetCString(DirectFunctionCall1(kind == TIME_TIMESTAMPTZ ? timestamptz_out : timestamp_out,
											   Int64GetDatum(value)));
}

static int64
finite_time_arg(FunctionCallInfo fcinfo, int n, time_kind kind, const char *argname)
{
	if (kind == TIME_DATE)
	{
		DateADT		day = PG_GETARG_DATEADT(n);

		if (DATE_NOT_FINITE(day))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("%s must be finite", argname),
					 errhint("Leave out rows without a known day, e.g. WHERE isfinite(%s).", argname)));
		return day;
	}
	if (TIMESTAMP_NOT_FINITE(PG_GETARG_INT64(n)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be finite", argname),
				 errhint("Leave out rows without a known time, e.g. WHERE isfinite(%s).", argname)));
	return PG_GETARG_INT64(n);
}

static void
as_of_differs_error(time_kind kind, int64 a, int64 b)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("as_of must be the same for every row of a group"),
			 errdetail("One row has %s, another %s.", time_text(a, kind), time_text(b, kind)),
			 errhint("Pass as_of as a constant.")));
}

/* Adds amount to the state's sum, keeping the sum inside the state or in its pool. */
static void
rfm_add_amount(rfm_state *state, Numeric amount)
{
	Numeric		sum;
	Size		size;

	if (state->sum == NULL)
		sum = amount;
	else
		sum = DatumGetNumeric(num_add(NumericGetDatum(state->sum), NumericGetDatum(amount)));
	size = VARSIZE(sum);
	if (state->sum != NULL && (char *) state->sum != state->sum_inline.bytes)
		pfree(state->sum);
	if (size <= RFM_INLINE_SUM)
		state->sum = (Numeric) memcpy(state->sum_inline.bytes, sum, size);
	else
		state->sum = (Numeric) memcpy(MemoryContextAlloc(cxm_state_memory(state), size), sum, size);
}

static Datum
rfm_trans(FunctionCallInfo fcinfo, time_kind kind)
{
	rfm_state  *state = cxm_state_arg(fcinfo, 0, &cxm_state_rfm, "rfm_trans");
	Numeric		amount;
	int64		ordered_at,
				as_of;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(state));
	}
	amount = PG_GETARG_NUMERIC(1);
	if (!numeric_is_finite(amount))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("order amount %s is not a finite number", numeric_text(amount))));
	ordered_at = finite_time_arg(fcinfo, 2, kind, "ordered_at");
	as_of = finite_time_arg(fcinfo, 3, kind, "as_of");
	if (state == NULL)
	{
		state = cxm_state_new(fcinfo, &cxm_state_rfm, "rfm_trans");
		state->kind = kind;
		state->as_of = as_of;
	}
	else if (as_of != state->as_of)
		as_of_differs_error(kind, state->as_of, as_of);
	if (ordered_at > as_of)
		PG_RETURN_DATUM(cxm_state_datum(state));	/* after the date of the analysis: not yet known */
	if (state->orders == 0 || ordered_at > state->last)
		state->last = ordered_at;
	state->orders++;
	rfm_add_amount(state, amount);
	PG_RETURN_DATUM(cxm_state_datum(state));
}

PG_FUNCTION_INFO_V1(pgcxm_rfm_trans_timestamptz);
Datum
pgcxm_rfm_trans_timestamptz(PG_FUNCTION_ARGS)
{
	return rfm_trans(fcinfo, TIME_TIMESTAMPTZ);
}

PG_FUNCTION_INFO_V1(pgcxm_rfm_trans_timestamp);
Datum
pgcxm_rfm_trans_timestamp(PG_FUNCTION_ARGS)
{
	return rfm_trans(fcinfo, TIME_TIMESTAMP);
}

PG_FUNCTION_INFO_V1(pgcxm_rfm_trans_date);
Datum
pgcxm_rfm_trans_date(PG_FUNCTION_ARGS)
{
	return rfm_trans(fcinfo, TIME_DATE);
}

PG_FUNCTION_INFO_V1(pgcxm_rfm_combine);
Datum
pgcxm_rfm_combine(PG_FUNCTION_ARGS)
{
	rfm_state  *a = cxm_state_arg(fcinfo, 0, &cxm_state_rfm, "rfm_combine");
	const rfm_state *b = PG_ARGISNULL(1) ? NULL : cxm_state_read(fcinfo, 1, &cxm_state_rfm);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(a));
	}
	if (a == NULL)
	{
		a = cxm_state_new(fcinfo, &cxm_state_rfm, "rfm_combine");
		a->kind = b->kind;
		a->as_of = b->as_of;
	}
	else if (a->as_of != b->as_of || a->kind != b->kind)
		as_of_differs_error(a->kind, a->as_of, b->as_of);
	if (b->orders > 0)
	{
		if (a->orders == 0 || b->last > a->last)
			a->last = b->last;
		if (pg_add_s64_overflow(a->orders, b->orders, &a->orders))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("order count out of range")));
		rfm_add_amount(a, b->sum);
	}
	PG_RETURN_DATUM(cxm_state_datum(a));
}

/* The sum as numeric output writes it, made once for as long as the sum stays. */
static const char *
rfm_sum_text(rfm_state *state)
{
	char	   *text;

	if (state->sum == NULL)
		return "0";
	if (state->sum_text != NULL && state->sum_text_orders == state->orders)
		return state->sum_text;
	text = numeric_text(state->sum);
	if (state->sum_text != NULL)
		pfree(state->sum_text);
	state->sum_text = MemoryContextStrdup(cxm_state_memory(state), text);
	state->sum_text_orders = state->orders;
	pfree(text);
	return state->sum_text;
}

/* The stored form of an rfm state is the core's wire form, the sum as numeric output writes it. */
static void
rfm_wire_of(rfm_state *state, cxm_rfm_wire *wire)
{
	wire->kind = (uint8) state->kind;
	wire->as_of = state->as_of;
	wire->last = state->last;
	wire->orders = state->orders;
	wire->sum_text = rfm_sum_text(state);
	wire->sum_len = strlen(wire->sum_text);
}

/* payload_size and encode change the body only to keep the sum's text */
static size_t
rfm_payload_size(const void *body)
{
	cxm_rfm_wire wire;

	rfm_wire_of((rfm_state *) body, &wire);
	return cxm_rfm_size(wire.sum_len);
}

static void
rfm_encode(const void *body, uint8 *out)
{
	cxm_rfm_wire wire;

	rfm_wire_of((rfm_state *) body, &wire);
	cxm_rfm_encode(&wire, out);
}

static const char *
rfm_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory)
{
	rfm_state  *state = body;
	cxm_rfm_wire wire;
	const char *why = NULL;
	MemoryContext old;
	char	   *sum_text;

	if (!cxm_rfm_decode(payload, len, &wire, &why))
		return why;
	state->kind = (time_kind) wire.kind;
	state->as_of = wire.as_of;
	state->last = wire.last;
	state->orders = wire.orders;
	if (wire.orders > 0)
	{
		/* the decoder checked that numeric input reads the sum back without error */
		old = MemoryContextSwitchTo(memory);
		sum_text = pnstrdup(wire.sum_text, wire.sum_len);
		state->sum = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(sum_text),
														 ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
		pfree(sum_text);
		MemoryContextSwitchTo(old);
	}
	return NULL;
}

const CxmStateKind cxm_state_rfm = {
	CXM_STATE_RFM, "rfm", sizeof(rfm_state),
	rfm_payload_size, rfm_encode, rfm_decode
};

PG_FUNCTION_INFO_V1(pgcxm_rfm_final);
Datum
pgcxm_rfm_final(PG_FUNCTION_ARGS)
{
	const rfm_state *state = cxm_state_read(fcinfo, 0, &cxm_state_rfm);
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	Interval   *recency = palloc0(sizeof(Interval));

	if (state->orders == 0)
		PG_RETURN_NULL();
	if (state->kind == TIME_DATE)
		recency->day = (int32) (state->as_of - state->last);
	else
	{
		/*
		 * Days and a time of day, as timestamp subtraction gives, from each
		 * time's day and time of day: finite timestamps can be 2^63
		 * microseconds apart, but never 2^31 days.
		 */
		int64		as_of_day = state->as_of / USECS_PER_DAY - (state->as_of % USECS_PER_DAY < 0),
					last_day = state->last / USECS_PER_DAY - (state->last % USECS_PER_DAY < 0);
		int64		time = (state->as_of - as_of_day * USECS_PER_DAY) - (state->last - last_day * USECS_PER_DAY);
		int64		days = as_of_day - last_day;

		if (time < 0)
		{
			time += USECS_PER_DAY;
			days--;
		}
		recency->day = (int32) days;
		recency->time = time;
	}
	values[0] = IntervalPGetDatum(recency);
	values[1] = Int64GetDatum(state->orders);
	values[2] = NumericGetDatum(state->sum);
	PG_RETURN_DATUM(composite_result(fcinfo, values, nulls));
}

/* ==================== clv_summary ==================== */

/*
 * A group's first purchases are kept in the state itself (header, body and
 * these fill 256 bytes, four cache lines of one page), as the old internal
 * state kept its array next to it: with many groups in random order, each
 * row then meets one state, not a state and an array elsewhere.  More
 * purchases move to an array of the pool.
 */
#define SUMMARY_INLINE 10

typedef struct summary_state
{
	cxm_purchase *purchases;	/* inline_purchases, or an array in the pool */
	size_t		n;
	size_t		capacity;
	cxm_period	period;
	int32		end_day;
	cxm_purchase inline_purchases[SUMMARY_INLINE];
} summary_state;

/* Sets up a new state with room for capacity purchases, allocated in memory (the state's pool). */
static void
summary_init(summary_state *state, MemoryContext memory, cxm_period period, int32 end_day, size_t capacity)
{
	if (capacity <= SUMMARY_INLINE)
	{
		state->capacity = SUMMARY_INLINE;
		state->purchases = state->inline_purchases;
	}
	else
	{
		state->capacity = capacity;
		state->purchases = MemoryContextAllocHuge(memory, state->capacity * sizeof(cxm_purchase));
	}
	state->period = period;
	state->end_day = end_day;
}

/* Room for extra more purchases: the inline ones move to the pool when they are full. */
static inline void
summary_reserve(summary_state *state, size_t extra)
{
	if (likely(state->n + extra <= state->capacity))
		return;
	if (state->purchases == state->inline_purchases)
	{
		cxm_purchase *moved = MemoryContextAllocHuge(cxm_state_memory(state),
													 state->capacity * sizeof(cxm_purchase));

		memcpy(moved, state->purchases, state->n * sizeof(cxm_purchase));
		state->purchases = moved;
	}
	state->purchases = reserve(state->purchases, sizeof(cxm_purchase), state->n, &state->capacity, extra, "clv_summary");
}

static summary_state *
summary_new(FunctionCallInfo fcinfo, const char *fname, cxm_period period, int32 end_day, size_t capacity)
{
	summary_state *state = cxm_state_new(fcinfo, &cxm_state_purchases, fname);

	summary_init(state, cxm_state_memory(state), period, end_day, capacity);
	return state;
}

static cxm_period
period_arg(text *arg)
{
	char	   *name = text_to_cstring(arg);

	if (strcmp(name, "day") == 0)
		return CXM_PERIOD_DAY;
	if (strcmp(name, "week") == 0)
		return CXM_PERIOD_WEEK;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown period \"%s\"", name),
			 errhint("Use 'day' (the default) or 'week' (Monday to Sunday).")));
	return CXM_PERIOD_DAY;
}

static void
summary_options_differ_error(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("observed_until and period must be the same for every row of a group"),
			 errhint("Pass them as constants.")));
}

PG_FUNCTION_INFO_V1(pgcxm_clv_summary_trans);
Datum
pgcxm_clv_summary_trans(PG_FUNCTION_ARGS)
{
	summary_state *state = cxm_state_arg(fcinfo, 0, &cxm_state_purchases, "clv_summary_trans");
	bool		has_period = PG_NARGS() > 4;
	cxm_period	period;
	DateADT		purchased_on,
				observed_until;
	double		amount;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || (has_period && PG_ARGISNULL(4)))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(state));
	}
	purchased_on = (DateADT) finite_time_arg(fcinfo, 1, TIME_DATE, "purchased_on");
	amount = PG_GETARG_FLOAT8(2);
	observed_until = (DateADT) finite_time_arg(fcinfo, 3, TIME_DATE, "observed_until");
	period = has_period ? period_arg(PG_GETARG_TEXT_PP(4)) : CXM_PERIOD_DAY;
	if (!isfinite(amount))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("purchase amount %g is not a finite number", amount)));
	if (state == NULL)
		state = summary_new(fcinfo, "clv_summary_trans", period, observed_until, 0);
	else if (state->end_day != observed_until || state->period != period)
		summary_options_differ_error();
	if (purchased_on > observed_until)
		PG_RETURN_DATUM(cxm_state_datum(state));	/* after the observation: left out */
	summary_reserve(state, 1);
	state->purchases[state->n].period = cxm_period_of_day(purchased_on, period);
	state->purchases[state->n].amount = amount;
	state->n++;
	PG_RETURN_DATUM(cxm_state_datum(state));
}

PG_FUNCTION_INFO_V1(pgcxm_clv_summary_combine);
Datum
pgcxm_clv_summary_combine(PG_FUNCTION_ARGS)
{
	summary_state *a = cxm_state_arg(fcinfo, 0, &cxm_state_purchases, "clv_summary_combine");
	const summary_state *b = PG_ARGISNULL(1) ? NULL : cxm_state_read(fcinfo, 1, &cxm_state_purchases);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(a));
	}
	if (a == NULL)
		a = summary_new(fcinfo, "clv_summary_combine", b->period, b->end_day, b->n);
	else if (a->end_day != b->end_day || a->period != b->period)
		summary_options_differ_error();
	summary_reserve(a, b->n);
	memcpy(a->purchases + a->n, b->purchases, b->n * sizeof(cxm_purchase));
	a->n += b->n;
	PG_RETURN_DATUM(cxm_state_datum(a));
}

/* The stored form of a clv_summary state is the core's wire form of its purchases. */
static size_t
summary_payload_size(const void *body)
{
	return cxm_purchases_size(((const summary_state *) body)->n);
}

static void
summary_encode(const void *body, uint8 *out)
{
	const summary_state *state = body;

	cxm_purchases_encode(state->period, state->end_day, state->purchases, state->n, out, check_interrupts);
}

static const char *
summary_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory)
{
	summary_state *state = body;
	cxm_period	period;
	int32		end_day;
	size_t		n;
	const char *why = NULL;

	if (!cxm_purchases_decode_header(payload, len, &period, &end_day, &n, &why))
		return why;
	summary_init(state, memory, period, end_day, n);
	if (!cxm_purchases_decode(payload, n, period, end_day, state->purchases, &why, check_interrupts))
		return why;
	state->n = n;
	return NULL;
}

const CxmStateKind cxm_state_purchases = {
	CXM_STATE_PURCHASES, "clv_summary", sizeof(summary_state),
	summary_payload_size, summary_encode, summary_decode
};

/*
 * A mean of amounts summed in double precision, to 15 significant digits:
 * money in cents comes back as written (11.7, not 11.700000000000001).
 */
static Datum
monetary_numeric(double value)
{
	char		buf[64];

	snprintf(buf, sizeof(buf), "%.15g", value);
	return cxm_numeric_from_text(buf);
}

PG_FUNCTION_INFO_V1(pgcxm_clv_summary_final);
Datum
pgcxm_clv_summary_final(PG_FUNCTION_ARGS)
{
	/* read-only to the executor, but sorted in place below: the same purchases, so a later call reads the same */
	summary_state *state = (summary_state *) cxm_state_read(fcinfo, 0, &cxm_state_purchases);
	cxm_summary summary;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	if (state->n == 0)
		PG_RETURN_NULL();
	cxm_summarise(state->purchases, state->n, cxm_period_of_day(state->end_day, state->period), check_interrupts,
				  &summary);
	values[0] = Int64GetDatum(summary.frequency);
	values[1] = Int32GetDatum(summary.recency);
	values[2] = Int32GetDatum(summary.age);
	if (!isfinite(summary.monetary_value))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("clv_summary monetary_value is out of range"),
				 errdetail("The mean amount of the %lld repeat purchase periods passes the range of double precision (about 1.8e308).",
						   (long long) summary.frequency)));
	values[3] = monetary_numeric(summary.monetary_value);
	PG_RETURN_DATUM(composite_result(fcinfo, values, nulls));
}

/* ==================== argument checks for models ==================== */

static const char *const bgnbd_names[] = {"r", "alpha", "a", "b"};
static const char *const gg_names[] = {"p", "q", "v"};

static void
check_history(double frequency, double recency, double age)
{
	switch (cxm_check_history(frequency, recency, age))
	{
		case CXM_HISTORY_OK:
			return;
		case CXM_HISTORY_NOT_FINITE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("frequency %g, recency %g and age %g must be finite numbers", frequency, recency, age)));
			break;
		case CXM_HISTORY_FREQUENCY_NOT_WHOLE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("frequency %g is not a whole number of repeat purchases", frequency),
					 errhint("frequency counts the periods with a purchase after the first one.")));
			break;
		case CXM_HISTORY_RECENCY_NEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("recency %g is negative", recency)));
			break;
		case CXM_HISTORY_RECENCY_AFTER_AGE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("recency %g is greater than age %g", recency, age),
					 errhint("recency is the time from the first purchase to the last, age the time from the first purchase to the end of the observation, both in the same unit.")));
			break;
		case CXM_HISTORY_RECENCY_WITHOUT_REPEAT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("recency %g with frequency 0: a customer without repeat purchases has recency 0", recency)));
			break;
	}
}

/* A weight argument: NULL or 0 leave the row out (false); negative or not finite is an error. */
static bool
weight_arg(FunctionCallInfo fcinfo, int n, double *weight)
{
	double		w;

	if (PG_NARGS() <= n)
	{
		*weight = 1.0;
		return true;
	}
	w = PG_GETARG_FLOAT8(n);
	if (isnan(w))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight NaN is not a number")));
	if (w < 0.0 || isinf(w))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight %g is %s", w, isinf(w) ? "infinite" : "negative"),
				 errhint("A weight is the number of customers with this history; 0 or NULL leaves the row out.")));
	*weight = w;
	return w > 0.0;
}

static double
penalizer_value(double penalizer)
{
	if (!(penalizer >= 0.0) || isinf(penalizer))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("penalizer %g is not a finite number of at least 0", penalizer),
				 errhint("The penalizer adds penalizer * (sum of squared parameters) to the mean negative log-likelihood; try 0.001.")));
	return penalizer;
}

static void
penalizer_differs_error(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("the penalizer must be the same for every row of a group"),
			 errhint("Pass the penalizer as a constant.")));
}

static void
fit_error(cxm_fit_status status, const char *fname, const cxm_fit_info *info, const char *const *names,
		  const char *diverged_hint)
{
	switch (status)
	{
		case CXM_FIT_OK:
			return;
		case CXM_FIT_NO_REPEAT:
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("%s needs at least one customer with a repeat purchase", fname),
					 errhint("With frequency 0 everywhere the model cannot tell how often customers buy from how soon they leave.")));
			break;
		case CXM_FIT_ZERO_AGE:
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("%s needs at least one customer with an age above 0", fname)));
			break;
		case CXM_FIT_NOT_CONVERGED:
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("%s did not converge after %d iterations", fname, info->iterations),
					 errdetail("The gradient of the mean log-likelihood is still %g (converged means at most %g).",
							   info->gradient_norm, CXM_FIT_GRADIENT_TOLERANCE),
					 errhint("Check that recency and age are in the same unit, or pass a small penalizer, e.g. 0.001, as the last argument.")));
			break;
		case CXM_FIT_OUT_OF_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s is out of range for these rows", fname),
					 errdetail("The sum of the weights (%g) or the log-likelihood passes the range of double precision.",
							   info->total_weight),
					 errhint("Weights count customers: dividing them all by one number leaves the parameters unchanged. "
							 "Values near 1e308 cannot be fitted.")));
			break;
		case CXM_FIT_DIVERGED:
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("%s did not converge: parameter %s runs off toward %s", fname, names[info->diverged],
							info->diverged_value < 1.0 ? "0" : "infinity"),
					 errdetail("The likelihood keeps rising toward the boundary (%s = %g after %d iterations), so there is no estimate.",
							   names[info->diverged], info->diverged_value, info->iterations),
					 errhint("%s", diverged_hint)));
			break;
	}
}

/* ==================== the fits' state: bgnbd_fit, gamma_gamma_fit ==================== */

/*
 * One cxm_state kind serves both fits: the customers' rows and the
 * penalizer; the core's wire form (the payload) names the model in its
 * header, and a state of one model is never finished or combined as the
 * other.
 */
typedef struct fit_state
{
	cxm_fit_model model;
	bool		has_penalizer;
	double		penalizer;
	size_t		n;
	size_t		capacity;
	union
	{
		cxm_bgnbd_row *bgnbd;
		cxm_gg_row *gg;
	}			rows;			/* in the state's pool */
} fit_state;

static const char *
fit_name(cxm_fit_model model)
{
	return model == CXM_FIT_MODEL_BGNBD ? "bgnbd_fit" : "gamma_gamma_fit";
}

static size_t
fit_row_size(cxm_fit_model model)
{
	return model == CXM_FIT_MODEL_BGNBD ? sizeof(cxm_bgnbd_row) : sizeof(cxm_gg_row);
}

static pg_noinline void
fit_model_error(cxm_fit_model got, cxm_fit_model wanted)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("cxm_state of %s passed where a state of %s is expected", fit_name(got), fit_name(wanted)),
			 errhint("A state can only be finished or combined by the aggregates that made it.")));
}

/* Sets up a new state of model with room for capacity rows, allocated in memory (the state's pool). */
static void
fit_init(fit_state *state, MemoryContext memory, cxm_fit_model model, size_t capacity)
{
	state->model = model;
	state->capacity = Max(capacity, 64);
	state->rows.bgnbd = MemoryContextAllocHuge(memory, state->capacity * fit_row_size(model));
}

static fit_state *
fit_new(FunctionCallInfo fcinfo, cxm_fit_model model, const char *fname, size_t capacity)
{
	fit_state  *state = cxm_state_new(fcinfo, &cxm_state_fit_rows, fname);

	fit_init(state, cxm_state_memory(state), model, capacity);
	return state;
}

/* The state of argument argno (NULL when NULL) for a support function of model's fit. */
static inline fit_state *
fit_arg(FunctionCallInfo fcinfo, int argno, cxm_fit_model model, const char *fname)
{
	fit_state  *state = cxm_state_arg(fcinfo, argno, &cxm_state_fit_rows, fname);

	if (unlikely(state != NULL && state->model != model))
		fit_model_error(state->model, model);
	return state;
}

/* The state of argument argno for reading: the final functions, and the second argument of a combine. */
static fit_state *
fit_read(FunctionCallInfo fcinfo, int argno, cxm_fit_model model)
{
	/* the final functions compact the rows in place: the same customers, so a later call fits the same */
	fit_state  *state = (fit_state *) cxm_state_read(fcinfo, argno, &cxm_state_fit_rows);

	if (state->model != model)
		fit_model_error(state->model, model);
	return state;
}

/* Sorts the rows and merges equal histories (adding their weights). */
static void
fit_compact(fit_state *state)
{
	if (state->model == CXM_FIT_MODEL_BGNBD)
		state->n = cxm_bgnbd_compact(state->rows.bgnbd, state->n, check_interrupts);
	else
		state->n = cxm_gg_compact(state->rows.gg, state->n, check_interrupts);
}

static Datum
fit_combine(FunctionCallInfo fcinfo, cxm_fit_model model, const char *fname)
{
	fit_state  *a = fit_arg(fcinfo, 0, model, fname);
	const fit_state *b = PG_ARGISNULL(1) ? NULL : fit_read(fcinfo, 1, model);
	size_t		row_size = fit_row_size(model);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(a));
	}
	if (a == NULL)
	{
		a = fit_new(fcinfo, model, fname, b->n);
		a->has_penalizer = b->has_penalizer;
		a->penalizer = b->penalizer;
	}
	else if (a->has_penalizer != b->has_penalizer || a->penalizer != b->penalizer)
		penalizer_differs_error();
	a->rows.bgnbd = reserve(a->rows.bgnbd, row_size, a->n, &a->capacity, b->n, fit_name(model));
	memcpy((char *) a->rows.bgnbd + a->n * row_size, b->rows.bgnbd, b->n * row_size);
	a->n += b->n;
	PG_RETURN_DATUM(cxm_state_datum(a));
}

/*
 * The stored form is the core's wire form of the compacted rows: merging
 * equal histories first keeps what a worker sends small.  Compacting changes
 * the body, but not the customers it holds.
 */
static size_t
fit_payload_size(const void *body)
{
	fit_state  *state = (fit_state *) body;

	fit_compact(state);
	return state->model == CXM_FIT_MODEL_BGNBD ? cxm_bgnbd_rows_size(state->n) : cxm_gg_rows_size(state->n);
}

static void
fit_encode(const void *body, uint8 *out)
{
	const fit_state *state = body;

	if (state->model == CXM_FIT_MODEL_BGNBD)
		cxm_bgnbd_rows_encode(state->has_penalizer, state->penalizer, state->rows.bgnbd, state->n, out,
							  check_interrupts);
	else
		cxm_gg_rows_encode(state->has_penalizer, state->penalizer, state->rows.gg, state->n, out, check_interrupts);
}

static const char *
fit_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory)
{
	fit_state  *state = body;
	cxm_fit_model model;
	size_t		n;
	const char *why = NULL;
	bool		ok;

	if (!cxm_fit_rows_decode_header(payload, len, &model, &state->has_penalizer, &state->penalizer, &n, &why))
		return why;
	fit_init(state, memory, model, n);
	if (model == CXM_FIT_MODEL_BGNBD)
		ok = cxm_bgnbd_rows_decode(payload, n, state->rows.bgnbd, &why, check_interrupts);
	else
		ok = cxm_gg_rows_decode(payload, n, state->rows.gg, &why, check_interrupts);
	if (!ok)
		return why;
	state->n = n;
	return NULL;
}

const CxmStateKind cxm_state_fit_rows = {
	CXM_STATE_FIT_ROWS, "bgnbd_fit/gamma_gamma_fit", sizeof(fit_state),
	fit_payload_size, fit_encode, fit_decode
};

/* ==================== bgnbd_fit ==================== */

PG_FUNCTION_INFO_V1(pgcxm_bgnbd_fit_trans);
Datum
pgcxm_bgnbd_fit_trans(PG_FUNCTION_ARGS)
{
	fit_state  *state = fit_arg(fcinfo, 0, CXM_FIT_MODEL_BGNBD, "bgnbd_fit_trans");
	bool		has_penalizer = PG_NARGS() > 5;
	double		x,
				t_x,
				T,
				w;
	cxm_bgnbd_row *row;

	for (int i = 1; i < PG_NARGS(); i++)
		if (PG_ARGISNULL(i))
		{
			if (state == NULL)
				PG_RETURN_NULL();
			PG_RETURN_DATUM(cxm_state_datum(state));
		}
	x = PG_GETARG_FLOAT8(1);
	t_x = PG_GETARG_FLOAT8(2);
	T = PG_GETARG_FLOAT8(3);
	check_history(x, t_x, T);
	if (state == NULL)
	{
		double		penalizer = has_penalizer ? penalizer_value(PG_GETARG_FLOAT8(5)) : 0.0;

		state = fit_new(fcinfo, CXM_FIT_MODEL_BGNBD, "bgnbd_fit_trans", 0);
		state->has_penalizer = has_penalizer;
		state->penalizer = penalizer;
	}
	else if (has_penalizer && PG_GETARG_FLOAT8(5) != state->penalizer)
		penalizer_differs_error();
	if (!weight_arg(fcinfo, 4, &w))
		PG_RETURN_DATUM(cxm_state_datum(state));
	state->rows.bgnbd = reserve(state->rows.bgnbd, sizeof(cxm_bgnbd_row), state->n, &state->capacity, 1, "bgnbd_fit");
	row = &state->rows.bgnbd[state->n++];
	row->x = x;
	row->t_x = t_x;
	row->T = T;
	row->w = w;
	PG_RETURN_DATUM(cxm_state_datum(state));
}

PG_FUNCTION_INFO_V1(pgcxm_bgnbd_fit_combine);
Datum
pgcxm_bgnbd_fit_combine(PG_FUNCTION_ARGS)
{
	return fit_combine(fcinfo, CXM_FIT_MODEL_BGNBD, "bgnbd_fit_combine");
}

PG_FUNCTION_INFO_V1(pgcxm_bgnbd_fit_final);
Datum
pgcxm_bgnbd_fit_final(PG_FUNCTION_ARGS)
{
	fit_state  *state = fit_read(fcinfo, 0, CXM_FIT_MODEL_BGNBD);
	cxm_bgnbd	model;
	cxm_fit_info info;
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};

	if (state->n == 0)
		PG_RETURN_NULL();
	fit_compact(state);
	fit_error(cxm_bgnbd_fit(state->rows.bgnbd, state->n, state->penalizer, check_interrupts, &model, &info),
			  "bgnbd_fit", &info, bgnbd_names,
			  "A small penalizer keeps parameters from running off toward infinity: bgnbd_fit(frequency, recency, age, 1, 0.001). "
			  "Toward 0, check that recency and age are in one unit and that some customers go quiet.");
	values[0] = cxm_numeric_from_double(model.r);
	values[1] = cxm_numeric_from_double(model.alpha);
	values[2] = cxm_numeric_from_double(model.a);
	values[3] = cxm_numeric_from_double(model.b);
	values[4] = cxm_numeric_from_double(info.total_weight);
	values[5] = cxm_numeric_from_double(info.log_likelihood);
	PG_RETURN_DATUM(composite_result(fcinfo, values, nulls));
}

/* ==================== gamma_gamma_fit ==================== */

static void
check_spend(double frequency, double monetary_value, bool positive)
{
	if (!isfinite(frequency) || frequency < 0.0 || frequency != floor(frequency))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("frequency %g is not a whole number of repeat purchases", frequency),
				 errhint("frequency counts the periods with a purchase after the first one.")));
	if (!isfinite(monetary_value) || monetary_value < 0.0 || (positive && monetary_value == 0.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("monetary_value %g is not a %s finite amount", monetary_value,
						positive ? "positive" : "non-negative"),
				 positive ? errhint("Gamma-Gamma models the mean value of repeat purchases; leave out customers whose repeat purchases have no value.") : 0));
}

PG_FUNCTION_INFO_V1(pgcxm_gamma_gamma_fit_trans);
Datum
pgcxm_gamma_gamma_fit_trans(PG_FUNCTION_ARGS)
{
	fit_state  *state = fit_arg(fcinfo, 0, CXM_FIT_MODEL_GG, "gamma_gamma_fit_trans");
	bool		has_penalizer = PG_NARGS() > 4;
	double		x,
				m,
				w;
	cxm_gg_row *row;

	for (int i = 1; i < PG_NARGS(); i++)
		if (PG_ARGISNULL(i))
		{
			if (state == NULL)
				PG_RETURN_NULL();
			PG_RETURN_DATUM(cxm_state_datum(state));
		}
	x = PG_GETARG_FLOAT8(1);
	m = PG_GETARG_FLOAT8(2);
	check_spend(x, m, x > 0.0);
	if (state == NULL)
	{
		double		penalizer = has_penalizer ? penalizer_value(PG_GETARG_FLOAT8(4)) : 0.0;

		state = fit_new(fcinfo, CXM_FIT_MODEL_GG, "gamma_gamma_fit_trans", 0);
		state->has_penalizer = has_penalizer;
		state->penalizer = penalizer;
	}
	else if (has_penalizer && PG_GETARG_FLOAT8(4) != state->penalizer)
		penalizer_differs_error();
	/* customers without repeat purchases say nothing about the value of repeat purchases */
	if (x == 0.0 || !weight_arg(fcinfo, 3, &w))
		PG_RETURN_DATUM(cxm_state_datum(state));
	state->rows.gg = reserve(state->rows.gg, sizeof(cxm_gg_row), state->n, &state->capacity, 1, "gamma_gamma_fit");
	row = &state->rows.gg[state->n++];
	row->x = x;
	row->m = m;
	row->w = w;
	PG_RETURN_DATUM(cxm_state_datum(state));
}

PG_FUNCTION_INFO_V1(pgcxm_gamma_gamma_fit_combine);
Datum
pgcxm_gamma_gamma_fit_combine(PG_FUNCTION_ARGS)
{
	return fit_combine(fcinfo, CXM_FIT_MODEL_GG, "gamma_gamma_fit_combine");
}

PG_FUNCTION_INFO_V1(pgcxm_gamma_gamma_fit_final);
Datum
pgcxm_gamma_gamma_fit_final(PG_FUNCTION_ARGS)
{
	fit_state  *state = fit_read(fcinfo, 0, CXM_FIT_MODEL_GG);
	cxm_gg		model;
	cxm_fit_info info;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (state->n == 0)
		PG_RETURN_NULL();
	fit_compact(state);
	fit_error(cxm_gg_fit(state->rows.gg, state->n, state->penalizer, check_interrupts, &model, &info),
			  "gamma_gamma_fit", &info, gg_names,
			  "Check that monetary_value is the mean value of each customer's repeat purchases; "
			  "the model needs customers whose mean values differ.");
	values[0] = cxm_numeric_from_double(model.p);
	values[1] = cxm_numeric_from_double(model.q);
	values[2] = cxm_numeric_from_double(model.v);
	values[3] = cxm_numeric_from_double(info.total_weight);
	values[4] = cxm_numeric_from_double(info.log_likelihood);
	PG_RETURN_DATUM(composite_result(fcinfo, values, nulls));
}

/* ==================== reading a model argument ==================== */

#define MODEL_SLOTS 2

typedef struct model_cache
{
	struct
	{
		Size		len;
		char	   *bytes;
		double		params[4];
	}			slot[MODEL_SLOTS];
} model_cache;

/*
 * The first nparams fields of a model composite as doubles, each checked to
 * be a finite positive number.  The last value read at this call site is
 * remembered (bytes and parameters) in slot, so scoring a table against one
 * model converts its fields once.
 */
static const double *
model_params(FunctionCallInfo fcinfo, int argno, int slot, const char *type, int nparams,
			 const char *const *names)
{
	HeapTupleHeader tuple = PG_GETARG_HEAPTUPLEHEADER(argno);
	Size		len = HeapTupleHeaderGetDatumLength(tuple);
	model_cache *cache = (model_cache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
		cache = fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(model_cache));
	if (cache->slot[slot].bytes != NULL && cache->slot[slot].len == len &&
		memcmp(cache->slot[slot].bytes, tuple, len) == 0)
		return cache->slot[slot].params;

	for (int i = 0; i < nparams; i++)
	{
		bool		isnull;
		Datum		field = GetAttributeByNum(tuple, (AttrNumber) (i + 1), &isnull);
		double		value;

		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s parameter %s is NULL", type, names[i])));
		/* past the range of double precision: infinity or 0, refused below with the value */
		value = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, field));
		if (!(value > 0.0) || isinf(value))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s parameter %s %s is not a finite positive number", type, names[i],
							numeric_text(DatumGetNumeric(field)))));
		cache->slot[slot].params[i] = value;
	}
	if (cache->slot[slot].bytes != NULL)
		pfree(cache->slot[slot].bytes);
	cache->slot[slot].bytes = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, len);
	memcpy(cache->slot[slot].bytes, tuple, len);
	cache->slot[slot].len = len;
	return cache->slot[slot].params;
}

/* r, a or b outside the range where the predictions are accurate */
static void
bgnbd_range_error(const char *name, double value)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("bgnbd_model parameter %s %g is outside the range where the predictions are accurate", name, value),
			 errhint("r, a and b must lie between %g and %g, as every fit returns them; alpha may be any positive number.",
					 CXM_BGNBD_SHAPE_MIN, CXM_BGNBD_SHAPE_MAX)));
}

static cxm_bgnbd
bgnbd_arg(FunctionCallInfo fcinfo, int argno, int slot)
{
	const double *p = model_params(fcinfo, argno, slot, "bgnbd_model", 4, bgnbd_names);
	cxm_bgnbd	m = {p[0], p[1], p[2], p[3]};
	int			outside = cxm_bgnbd_outside_range(&m);

	if (outside >= 0)
		bgnbd_range_error(bgnbd_names[outside], p[outside]);
	return m;
}

static cxm_gg
gg_arg(FunctionCallInfo fcinfo, int argno, int slot)
{
	const double *p = model_params(fcinfo, argno, slot, "gamma_gamma_model", 3, gg_names);
	cxm_gg		m = {p[0], p[1], p[2]};

	if (m.q <= 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gamma_gamma_model parameter q %g is not above 1", m.q),
				 errdetail("The population mean value v * p / (q - 1) is infinite for q <= 1.")));
	return m;
}

static double
time_span_arg(FunctionCallInfo fcinfo, int argno)
{
	double		t = PG_GETARG_FLOAT8(argno);

	if (!(t >= 0.0) || isinf(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("t %g is not a finite time of at least 0", t),
				 errhint("t is the length of the future span, in the unit of recency and age.")));
	return t;
}

/* A prediction's status as an error naming the function; horizon is the longest t asked for. */
static void
check_prediction(cxm_predict_status status, const char *fname, double horizon, double alpha, double age)
{
	switch (status)
	{
		case CXM_PREDICT_OK:
			break;
		case CXM_PREDICT_HORIZON:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s over a horizon of %g is more than %g times alpha + age", fname, horizon, CXM_MAX_HORIZON),
					 errdetail("alpha is %g and age %g.", alpha, age),
					 errhint("The horizon is in the unit of recency and age; predictions this far out are not computed.")));
			break;
		case CXM_PREDICT_OUT_OF_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s is out of range", fname),
					 errdetail("The result passes the range of double precision (about 1.8e308).")));
			break;
		case CXM_PREDICT_NOT_CONVERGED:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s could not be computed to double precision for this model and horizon", fname),
					 errdetail("The integral over the dropout probability did not settle (horizon %g, alpha %g, age %g).",
							   horizon, alpha, age)));
			break;
	}
}

/* A double result as numeric; one past the range of double precision is an error naming it. */
static Datum
finite_result(double value, const char *what)
{
	if (!isfinite(value))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s is out of range", what),
				 errdetail("The result passes the range of double precision (about 1.8e308).")));
	return cxm_numeric_from_double(value);
}

/* ==================== models: constructors and predictions ==================== */

static double
positive_param(double value, const char *type, const char *name)
{
	if (!(value > 0.0) || isinf(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s parameter %s %g is not a finite positive number", type, name, value)));
	return value;
}

PG_FUNCTION_INFO_V1(pgcxm_bgnbd_model);
Datum
pgcxm_bgnbd_model(PG_FUNCTION_ARGS)
{
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, true, true};

	cxm_bgnbd	m;
	int			outside;

	for (int i = 0; i < 4; i++)
		values[i] = cxm_numeric_from_double(positive_param(PG_GETARG_FLOAT8(i), "bgnbd_model", bgnbd_names[i]));
	m.r = PG_GETARG_FLOAT8(0);
	m.alpha = PG_GETARG_FLOAT8(1);
	m.a = PG_GETARG_FLOAT8(2);
	m.b = PG_GETARG_FLOAT8(3);
	outside = cxm_bgnbd_outside_range(&m);
	if (outside >= 0)
		bgnbd_range_error(bgnbd_names[outside], PG_GETARG_FLOAT8(outside));
	values[4] = values[5] = (Datum) 0;
	PG_RETURN_DATUM(composite_result(fcinfo, values, nulls));
}

PG_FUNCTION_INFO_V1(pgcxm_gamma_gamma_model);
Datum
pgcxm_gamma_gamma_model(PG_FUNCTION_ARGS)
{
	Datum		values[5];
	bool		nulls[5] = {false, false, false, true, true};

	for (int i = 0; i < 3; i++)
		values[i] = cxm_numeric_from_double(positive_param(PG_GETARG_FLOAT8(i), "gamma_gamma_model", gg_names[i]));
	values[3] = values[4] = (Datum) 0;
	PG_RETURN_DATUM(composite_result(fcinfo, values, nulls));
}

PG_FUNCTION_INFO_V1(pgcxm_probability_alive);
Datum
pgcxm_probability_alive(PG_FUNCTION_ARGS)
{
	cxm_bgnbd	m = bgnbd_arg(fcinfo, 0, 0);
	double		x = PG_GETARG_FLOAT8(1),
				t_x = PG_GETARG_FLOAT8(2),
				T = PG_GETARG_FLOAT8(3);

	check_history(x, t_x, T);
	PG_RETURN_DATUM(finite_result(cxm_bgnbd_probability_alive(&m, x, t_x, T), "probability_alive"));
}

PG_FUNCTION_INFO_V1(pgcxm_expected_purchases);
Datum
pgcxm_expected_purchases(PG_FUNCTION_ARGS)
{
	cxm_bgnbd	m = bgnbd_arg(fcinfo, 0, 0);
	double		t = time_span_arg(fcinfo, 1);
	double		x = 0.0,
				t_x = 0.0,
				T = 0.0,
				result = 0.0;

	if (PG_NARGS() > 2)
	{
		x = PG_GETARG_FLOAT8(2);
		t_x = PG_GETARG_FLOAT8(3);
		T = PG_GETARG_FLOAT8(4);
		check_history(x, t_x, T);
	}
	check_prediction(cxm_bgnbd_expected(&m, t, x, t_x, T, &result), "expected_purchases", t, m.alpha, T);
	PG_RETURN_DATUM(finite_result(result, "expected_purchases"));
}

PG_FUNCTION_INFO_V1(pgcxm_probability_of_purchases);
Datum
pgcxm_probability_of_purchases(PG_FUNCTION_ARGS)
{
	cxm_bgnbd	m = bgnbd_arg(fcinfo, 0, 0);
	double		t = time_span_arg(fcinfo, 1);
	int32		n = PG_GETARG_INT32(2);

	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of purchases %d is negative", n)));
	PG_RETURN_DATUM(finite_result(cxm_bgnbd_probability_of_purchases(&m, t, n), "probability_of_purchases"));
}

PG_FUNCTION_INFO_V1(pgcxm_expected_average_value);
Datum
pgcxm_expected_average_value(PG_FUNCTION_ARGS)
{
	cxm_gg		m = gg_arg(fcinfo, 0, 0);
	double		x = PG_GETARG_FLOAT8(1),
				value = PG_GETARG_FLOAT8(2);

	check_spend(x, value, false);
	PG_RETURN_DATUM(finite_result(cxm_gg_expected_value(&m, x, value), "expected_average_value"));
}

/* 100 years of months: beyond, t dwarfs any alpha + age */
#define CLV_MAX_MONTHS 1200

PG_FUNCTION_INFO_V1(pgcxm_predicted_clv);
Datum
pgcxm_predicted_clv(PG_FUNCTION_ARGS)
{
	cxm_bgnbd	bg = bgnbd_arg(fcinfo, 0, 0);
	cxm_gg		gg = gg_arg(fcinfo, 1, 1);
	double		x = PG_GETARG_FLOAT8(2),
				t_x = PG_GETARG_FLOAT8(3),
				T = PG_GETARG_FLOAT8(4),
				value = PG_GETARG_FLOAT8(5);
	int32		months = PG_GETARG_INT32(6);
	double		discount = PG_GETARG_FLOAT8(7),
				units_per_month = PG_GETARG_FLOAT8(8),
				average,
				result = 0.0;
	cxm_predict_status status;

	check_history(x, t_x, T);
	check_spend(x, value, false);
	if (months < 0 || months > CLV_MAX_MONTHS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("months %d is not between 0 and %d", months, CLV_MAX_MONTHS)));
	if (!(discount > -1.0 && discount < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("monthly_discount %g is not a fraction between -1 and 1", discount),
				 errhint("Pass rates as fractions of one: 0.01 for 1%% a month.")));
	if (!(units_per_month > 0.0) || isinf(units_per_month))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("periods_per_month %g is not a finite positive number", units_per_month),
				 errhint("It is how many units of recency and age make a month: 30 for days, 4.345 for weeks, 1 for months.")));
	average = cxm_gg_expected_value(&gg, x, value);
	if (!isfinite(average))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("predicted_clv is out of range"),
				 errdetail("The expected average value of the purchases passes the range of double precision (about 1.8e308).")));
	status = cxm_bgnbd_clv(&bg, average, x, t_x, T, months, discount, units_per_month, check_interrupts, &result);
	if (status == CXM_PREDICT_OUT_OF_RANGE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("predicted_clv is out of range"),
				 errdetail("The discounted value passes the range of double precision (about 1.8e308)."),
				 discount < 0.0 ? errhint("A negative monthly_discount multiplies month k's value by (1 + monthly_discount)^-k.") : 0));
	check_prediction(status, "predicted_clv", months * units_per_month, bg.alpha, T);
	PG_RETURN_DATUM(finite_result(result, "predicted_clv"));
}
