/*
 * operations.c - PostgreSQL glue for the operational metrics: churn_rate,
 * retention_rate, customer_flow, referral_rate, the resolution-time
 * aggregates, cac, annual_rate and periodic_rate.
 *
 * The aggregates keep a small struct from operations_core.h as the body of
 * a cxm_state (state.h), allocated once per group and updated in place: no
 * allocation per row, so they cost about what count(*) costs.  Each family's
 * stored form (its kind's payload) is the core's wire form.
 */
#include "cxm.h"
#include "state.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"

#include "decimal_core.h"
#include "operations_core.h"

/* How the time arguments of an aggregate are typed (and printed). */
typedef enum time_kind
{
	TIME_TIMESTAMPTZ = 0,
	TIME_TIMESTAMP = 1,
	TIME_DATE = 2
} time_kind;

/* One time argument as a comparable int64 (dates are day numbers). */
static inline int64
time_arg(FunctionCallInfo fcinfo, int n, time_kind kind)
{
	return kind == TIME_DATE ? (int64) PG_GETARG_DATEADT(n) : PG_GETARG_INT64(n);
}

/* A time value of the given kind as text, for messages. */
static char *
time_text(int64 value, time_kind kind)
{
	switch (kind)
	{
		case TIME_TIMESTAMPTZ:
			return DatumGetCString(DirectFunctionCall1(timestamptz_out, Int64GetDatum(value)));
		case TIME_TIMESTAMP:
			return DatumGetCString(DirectFunctionCall1(timestamp_out, Int64GetDatum(value)));
		case TIME_DATE:
			return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum((DateADT) value)));
	}
	return pstrdup("?");
}

static pg_noinline void
overflow_error(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s count out of range", what),
			 errdetail("A count would pass 9223372036854775807.")));
}

/* ==================== customer flow: churn_rate, retention_rate ==================== */

StaticAssertDecl(CXM_OPS_FIRST_USEC == MIN_TIMESTAMP && CXM_OPS_END_USEC == END_TIMESTAMP &&
				 CXM_OPS_FIRST_DAY == DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE &&
				 CXM_OPS_LAST_DAY == DATE_END_JULIAN - POSTGRES_EPOCH_JDATE - 1 &&
				 DT_NOBEGIN == INT64_MIN && DT_NOEND == INT64_MAX &&
				 DATEVAL_NOBEGIN == INT32_MIN && DATEVAL_NOEND == INT32_MAX &&
				 CXM_TIME_KIND_DATE == TIME_DATE,
				 "the core's ranges of times are PostgreSQL's");

static pg_noinline cxm_flow *
flow_start(FunctionCallInfo fcinfo, time_kind kind, int64 period_start, int64 period_end)
{
	cxm_flow   *f;

	if (period_end <= period_start)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period_end %s is not after period_start %s",
						time_text(period_end, kind), time_text(period_start, kind)),
				 errhint("The period runs from period_start (included) to period_end (excluded), "
						 "e.g. date '2026-03-01' to date '2026-04-01' for March.")));
	f = cxm_state_new(fcinfo, &cxm_state_customer_flow, "customer_flow_trans");
	f->has_period = true;
	f->time_kind = (uint8) kind;
	f->period_start = period_start;
	f->period_end = period_end;
	return f;
}

static pg_noinline void
period_differs_error(const cxm_flow *f, bool known, int64 other_start, int64 other_end)
{
	time_kind	kind = (time_kind) f->time_kind;

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("the period must be the same for every row of a group"),
			 known ? errdetail("One row has the period %s to %s, another %s to %s.",
							   time_text(f->period_start, kind), time_text(f->period_end, kind),
							   time_text(other_start, kind), time_text(other_end, kind))
			 : errdetail("Rows of one group have different periods."),
			 errhint("Pass the period as constants, or join a table of periods and GROUP BY the period.")));
}

static pg_noinline void
left_before_joining_error(int64 started, int64 ended, time_kind kind)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_EXCEPTION),
			 errmsg("ended_at %s is earlier than started_at %s",
					time_text(ended, kind), time_text(started, kind)),
			 errhint("Each row is one customer: when they became a customer and when they left (NULL while still a customer).")));
}

static pg_attribute_always_inline Datum
flow_trans(FunctionCallInfo fcinfo, time_kind kind)
{
	cxm_flow   *f = cxm_state_arg(fcinfo, 0, &cxm_state_customer_flow, "customer_flow_trans");
	int64		started,
				ended = 0,
				period_start,
				period_end;
	bool		has_ended = !PG_ARGISNULL(2);

	if (PG_ARGISNULL(1) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
	{
		if (f == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(f));
	}
	started = time_arg(fcinfo, 1, kind);
	period_start = time_arg(fcinfo, 3, kind);
	period_end = time_arg(fcinfo, 4, kind);
	if (unlikely(f == NULL))
		f = flow_start(fcinfo, kind, period_start, period_end);
	else if (unlikely(period_start != f->period_start || period_end != f->period_end))
		period_differs_error(f, true, period_start, period_end);
	if (has_ended)
	{
		ended = time_arg(fcinfo, 2, kind);
		if (unlikely(ended < started))
			left_before_joining_error(started, ended, kind);
	}
	cxm_flow_add(f, started, has_ended, ended);
	PG_RETURN_DATUM(cxm_state_datum(f));
}

PG_FUNCTION_INFO_V1(pgcxm_flow_trans_timestamptz);
Datum
pgcxm_flow_trans_timestamptz(PG_FUNCTION_ARGS)
{
	return flow_trans(fcinfo, TIME_TIMESTAMPTZ);
}

PG_FUNCTION_INFO_V1(pgcxm_flow_trans_timestamp);
Datum
pgcxm_flow_trans_timestamp(PG_FUNCTION_ARGS)
{
	return flow_trans(fcinfo, TIME_TIMESTAMP);
}

PG_FUNCTION_INFO_V1(pgcxm_flow_trans_date);
Datum
pgcxm_flow_trans_date(PG_FUNCTION_ARGS)
{
	return flow_trans(fcinfo, TIME_DATE);
}

PG_FUNCTION_INFO_V1(pgcxm_flow_combine);
Datum
pgcxm_flow_combine(PG_FUNCTION_ARGS)
{
	cxm_flow   *a = cxm_state_arg(fcinfo, 0, &cxm_state_customer_flow, "customer_flow_combine");
	const cxm_flow *b = PG_ARGISNULL(1) ? NULL : cxm_state_read(fcinfo, 1, &cxm_state_customer_flow);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(a));
	}
	if (a == NULL)
	{
		a = cxm_state_new(fcinfo, &cxm_state_customer_flow, "customer_flow_combine");
		*a = *b;
		PG_RETURN_DATUM(cxm_state_datum(a));
	}
	switch (cxm_flow_merge(a, b))
	{
		case CXM_FLOW_MERGED:
			break;
		case CXM_FLOW_PERIOD_DIFFERS:
			period_differs_error(a, a->time_kind == b->time_kind, b->period_start, b->period_end);
			break;
		case CXM_FLOW_OVERFLOW:
			overflow_error("customer");
			break;
	}
	PG_RETURN_DATUM(cxm_state_datum(a));
}

/* The stored form of a customer flow state is the core's wire form. */
static size_t
flow_payload_size(const void *body pg_attribute_unused())
{
	return CXM_FLOW_WIRE_SIZE;
}

static void
flow_encode(const void *body, uint8 *out)
{
	cxm_flow_encode(body, out);
}

static const char *
flow_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory pg_attribute_unused())
{
	const char *why = NULL;

	return cxm_flow_decode(payload, len, body, &why) ? NULL : why;
}

const CxmStateKind cxm_state_customer_flow = {
	CXM_STATE_CUSTOMER_FLOW, "customer flow", sizeof(cxm_flow),
	flow_payload_size, flow_encode, flow_decode
};

PG_FUNCTION_INFO_V1(pgcxm_churn_rate_final);
Datum
pgcxm_churn_rate_final(PG_FUNCTION_ARGS)
{
	char		buf[CXM_NUMBER_BUFLEN];

	if (!cxm_flow_churn_text(cxm_state_read(fcinfo, 0, &cxm_state_customer_flow), buf))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(cxm_numeric_from_text(buf));
}

PG_FUNCTION_INFO_V1(pgcxm_retention_rate_final);
Datum
pgcxm_retention_rate_final(PG_FUNCTION_ARGS)
{
	char		buf[CXM_NUMBER_BUFLEN];

	if (!cxm_flow_retention_text(cxm_state_read(fcinfo, 0, &cxm_state_customer_flow), buf))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(cxm_numeric_from_text(buf));
}

PG_FUNCTION_INFO_V1(pgcxm_customer_flow_final);
Datum
pgcxm_customer_flow_final(PG_FUNCTION_ARGS)
{
	const cxm_flow *f = cxm_state_read(fcinfo, 0, &cxm_state_customer_flow);
	TupleDesc	desc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("customer_flow must return the composite type customer_flow")));
	desc = BlessTupleDesc(desc);
	values[0] = Int64GetDatum((int64) f->at_start);
	values[1] = Int64GetDatum((int64) f->acquired);
	values[2] = Int64GetDatum((int64) f->lost);
	values[3] = Int64GetDatum((int64) f->acquired_and_lost);
	values[4] = Int64GetDatum((int64) cxm_flow_at_end(f));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* ==================== referral_rate ==================== */

PG_FUNCTION_INFO_V1(pgcxm_share_trans);
Datum
pgcxm_share_trans(PG_FUNCTION_ARGS)
{
	cxm_share  *s = cxm_state_arg(fcinfo, 0, &cxm_state_share, "referral_rate_trans");

	if (PG_ARGISNULL(1))
	{
		if (s == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(s));
	}
	if (unlikely(s == NULL))
		s = cxm_state_new(fcinfo, &cxm_state_share, "referral_rate_trans");
	s->yes += PG_GETARG_BOOL(1);
	s->total++;
	PG_RETURN_DATUM(cxm_state_datum(s));
}

PG_FUNCTION_INFO_V1(pgcxm_share_combine);
Datum
pgcxm_share_combine(PG_FUNCTION_ARGS)
{
	cxm_share  *a = cxm_state_arg(fcinfo, 0, &cxm_state_share, "referral_rate_combine");
	const cxm_share *b = PG_ARGISNULL(1) ? NULL : cxm_state_read(fcinfo, 1, &cxm_state_share);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(a));
	}
	if (a == NULL)
	{
		a = cxm_state_new(fcinfo, &cxm_state_share, "referral_rate_combine");
		*a = *b;
	}
	else if (!cxm_share_merge(a, b))
		overflow_error("customer");
	PG_RETURN_DATUM(cxm_state_datum(a));
}

/* The stored form of a share is the core's wire form. */
static size_t
share_payload_size(const void *body pg_attribute_unused())
{
	return CXM_SHARE_WIRE_SIZE;
}

static void
share_encode(const void *body, uint8 *out)
{
	cxm_share_encode(body, out);
}

static const char *
share_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory pg_attribute_unused())
{
	const char *why = NULL;

	return cxm_share_decode(payload, len, body, &why) ? NULL : why;
}

const CxmStateKind cxm_state_share = {
	CXM_STATE_SHARE, "referral_rate", sizeof(cxm_share),
	share_payload_size, share_encode, share_decode
};

PG_FUNCTION_INFO_V1(pgcxm_referral_rate_final);
Datum
pgcxm_referral_rate_final(PG_FUNCTION_ARGS)
{
	char		buf[CXM_NUMBER_BUFLEN];

	if (!cxm_share_percent_text(cxm_state_read(fcinfo, 0, &cxm_state_share), buf))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(cxm_numeric_from_text(buf));
}

/* ==================== resolution times ==================== */

static pg_noinline void
resolved_before_opened_error(int64 opened, int64 resolved, time_kind kind)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_EXCEPTION),
			 errmsg("resolved_at %s is earlier than opened_at %s",
					time_text(resolved, kind), time_text(opened, kind)),
			 errhint("Each row is one ticket: when it was opened and when it was resolved (NULL while unresolved).")));
}

static pg_noinline void
infinite_time_error(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("ticket times must be finite"),
			 errhint("Leave resolved_at NULL for a ticket that is not resolved.")));
}

/*
 * The duration of a resolved ticket in microseconds.  Infinite times are
 * refused; finite timestamps are at most ~2^63 microseconds apart, so the
 * difference is checked rather than assumed to fit.
 */
static inline uint64
ticket_duration(int64 opened, int64 resolved, time_kind kind)
{
	int64		usecs;

	if (unlikely(TIMESTAMP_NOT_FINITE(opened) || TIMESTAMP_NOT_FINITE(resolved)))
		infinite_time_error();
	if (unlikely(resolved < opened))
		resolved_before_opened_error(opened, resolved, kind);
	if (unlikely(pg_sub_s64_overflow(resolved, opened, &usecs)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("resolution time out of range"),
				 errdetail("Ticket opened at %s and resolved at %s: durations are kept in microseconds, at most about 292,000 years.",
						   time_text(opened, kind), time_text(resolved, kind))));
	return (uint64) usecs;
}

static pg_attribute_always_inline Datum
durations_trans(FunctionCallInfo fcinfo, time_kind kind)
{
	cxm_durations *d = cxm_state_arg(fcinfo, 0, &cxm_state_durations, "resolution_time_trans");

	if (PG_ARGISNULL(1))
	{
		if (d == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(d));
	}
	if (unlikely(d == NULL))
		d = cxm_state_new(fcinfo, &cxm_state_durations, "resolution_time_trans");
	if (PG_ARGISNULL(2))
		d->unresolved++;
	else
		cxm_durations_add(d, ticket_duration(PG_GETARG_INT64(1), PG_GETARG_INT64(2), kind));
	PG_RETURN_DATUM(cxm_state_datum(d));
}

PG_FUNCTION_INFO_V1(pgcxm_durations_trans_timestamptz);
Datum
pgcxm_durations_trans_timestamptz(PG_FUNCTION_ARGS)
{
	return durations_trans(fcinfo, TIME_TIMESTAMPTZ);
}

PG_FUNCTION_INFO_V1(pgcxm_durations_trans_timestamp);
Datum
pgcxm_durations_trans_timestamp(PG_FUNCTION_ARGS)
{
	return durations_trans(fcinfo, TIME_TIMESTAMP);
}

PG_FUNCTION_INFO_V1(pgcxm_durations_combine);
Datum
pgcxm_durations_combine(PG_FUNCTION_ARGS)
{
	cxm_durations *a = cxm_state_arg(fcinfo, 0, &cxm_state_durations, "resolution_time_combine");
	const cxm_durations *b = PG_ARGISNULL(1) ? NULL : cxm_state_read(fcinfo, 1, &cxm_state_durations);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(a));
	}
	if (a == NULL)
	{
		a = cxm_state_new(fcinfo, &cxm_state_durations, "resolution_time_combine");
		*a = *b;
	}
	else if (!cxm_durations_merge(a, b))
		overflow_error("ticket");
	PG_RETURN_DATUM(cxm_state_datum(a));
}

/* The stored form of a sum of durations is the core's wire form. */
static size_t
durations_payload_size(const void *body pg_attribute_unused())
{
	return CXM_DURATIONS_WIRE_SIZE;
}

static void
durations_encode(const void *body, uint8 *out)
{
	cxm_durations_encode(body, out);
}

static const char *
durations_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory pg_attribute_unused())
{
	const char *why = NULL;

	return cxm_durations_decode(payload, len, body, &why) ? NULL : why;
}

const CxmStateKind cxm_state_durations = {
	CXM_STATE_DURATIONS, "avg_resolution_time/unresolved_count", sizeof(cxm_durations),
	durations_payload_size, durations_encode, durations_decode
};

/* An interval of usecs >= 0 as days and a time of day, as timestamp subtraction gives. */
static Datum
interval_of_usecs(int64 usecs)
{
	Interval   *result = palloc(sizeof(Interval));

	result->month = 0;
	result->day = (int32) (usecs / USECS_PER_DAY);
	result->time = usecs % USECS_PER_DAY;
	return IntervalPGetDatum(result);
}

PG_FUNCTION_INFO_V1(pgcxm_avg_resolution_time_final);
Datum
pgcxm_avg_resolution_time_final(PG_FUNCTION_ARGS)
{
	int64		mean;

	if (!cxm_durations_mean(cxm_state_read(fcinfo, 0, &cxm_state_durations), &mean))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(interval_of_usecs(mean));
}

PG_FUNCTION_INFO_V1(pgcxm_unresolved_count_final);
Datum
pgcxm_unresolved_count_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_INT64(0);
	PG_RETURN_INT64((int64) ((const cxm_durations *) cxm_state_read(fcinfo, 0, &cxm_state_durations))->unresolved);
}

/* ---------- percentiles: every resolved duration is kept ---------- */

static void
check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

typedef struct duration_list
{
	int64	   *values;
	size_t		n;
	size_t		capacity;
	bool		has_fraction;
	double		fraction;
} duration_list;

/* Gives a new list room for capacity values, allocated in memory (the state's pool). */
static void
duration_list_init(duration_list *list, MemoryContext memory, size_t capacity)
{
	list->capacity = Max(capacity, 64);
	list->values = MemoryContextAllocHuge(memory, list->capacity * sizeof(int64));
}

/* Makes room for extra more values (the array stays in the context it was allocated in). */
static void
duration_list_reserve(duration_list *list, size_t extra)
{
	size_t		capacity = list->capacity;

	if (list->n + extra <= capacity)
		return;
	while (capacity < list->n + extra)
		capacity *= 2;
	if (capacity > MaxAllocHugeSize / sizeof(int64))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many resolved tickets in one group for a percentile")));
	list->values = repalloc_huge(list->values, capacity * sizeof(int64));
	list->capacity = capacity;
}

static double
checked_fraction(double fraction)
{
	if (!(fraction >= 0.0 && fraction <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("percentile %g is not between 0 and 1", fraction),
				 errhint("Pass the percentile as a fraction: 0.9 for the 90th percentile.")));
	return fraction;
}

static pg_attribute_always_inline Datum
duration_list_trans(FunctionCallInfo fcinfo, time_kind kind)
{
	duration_list *list = cxm_state_arg(fcinfo, 0, &cxm_state_duration_list, "resolution_time_list_trans");
	bool		with_fraction = PG_NARGS() > 3;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (with_fraction && PG_ARGISNULL(3)))
	{
		if (list == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(list));
	}
	if (unlikely(list == NULL))
	{
		list = cxm_state_new(fcinfo, &cxm_state_duration_list, "resolution_time_list_trans");
		duration_list_init(list, cxm_state_memory(list), 0);
		if (with_fraction)
		{
			list->has_fraction = true;
			list->fraction = checked_fraction(PG_GETARG_FLOAT8(3));
		}
	}
	else if (with_fraction && PG_GETARG_FLOAT8(3) != list->fraction)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the percentile must be the same for every row of a group"),
				 errdetail("One row asks for %g, another for %g.", list->fraction, PG_GETARG_FLOAT8(3))));
	duration_list_reserve(list, 1);
	list->values[list->n++] = (int64) ticket_duration(PG_GETARG_INT64(1), PG_GETARG_INT64(2), kind);
	PG_RETURN_DATUM(cxm_state_datum(list));
}

PG_FUNCTION_INFO_V1(pgcxm_duration_list_trans_timestamptz);
Datum
pgcxm_duration_list_trans_timestamptz(PG_FUNCTION_ARGS)
{
	return duration_list_trans(fcinfo, TIME_TIMESTAMPTZ);
}

PG_FUNCTION_INFO_V1(pgcxm_duration_list_trans_timestamp);
Datum
pgcxm_duration_list_trans_timestamp(PG_FUNCTION_ARGS)
{
	return duration_list_trans(fcinfo, TIME_TIMESTAMP);
}

PG_FUNCTION_INFO_V1(pgcxm_duration_list_combine);
Datum
pgcxm_duration_list_combine(PG_FUNCTION_ARGS)
{
	duration_list *a = cxm_state_arg(fcinfo, 0, &cxm_state_duration_list, "resolution_time_list_combine");
	const duration_list *b = PG_ARGISNULL(1) ? NULL : cxm_state_read(fcinfo, 1, &cxm_state_duration_list);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(cxm_state_datum(a));
	}
	if (a == NULL)
	{
		a = cxm_state_new(fcinfo, &cxm_state_duration_list, "resolution_time_list_combine");
		duration_list_init(a, cxm_state_memory(a), b->n);
		a->has_fraction = b->has_fraction;
		a->fraction = b->fraction;
	}
	else if (a->has_fraction != b->has_fraction || (a->has_fraction && a->fraction != b->fraction))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the percentile must be the same for every row of a group"),
				 errdetail("One row asks for %g, another for %g.", a->fraction, b->fraction)));
	duration_list_reserve(a, b->n);
	memcpy(a->values + a->n, b->values, b->n * sizeof(int64));
	a->n += b->n;
	PG_RETURN_DATUM(cxm_state_datum(a));
}

/* The stored form of a list of durations is the core's wire form. */
static size_t
duration_list_payload_size(const void *body)
{
	return cxm_duration_list_size(((const duration_list *) body)->n);
}

static void
duration_list_encode(const void *body, uint8 *out)
{
	const duration_list *list = body;

	cxm_duration_list_encode(list->has_fraction, list->fraction, list->values, list->n, out, check_interrupts);
}

static const char *
duration_list_decode(void *body, const uint8 *payload, size_t len, MemoryContext memory)
{
	duration_list *list = body;
	size_t		n;
	const char *why = NULL;

	if (!cxm_duration_list_decode_header(payload, len, &list->has_fraction, &list->fraction, &n, &why))
		return why;
	duration_list_init(list, memory, n);
	if (!cxm_duration_list_decode_values(payload, n, list->values, &why, check_interrupts))
		return why;
	list->n = n;
	return NULL;
}

const CxmStateKind cxm_state_duration_list = {
	CXM_STATE_DURATION_LIST, "median_resolution_time/resolution_time_percentile", sizeof(duration_list),
	duration_list_payload_size, duration_list_encode, duration_list_decode
};

/*
 * The percentile of the state's durations (n > 0).  Selection reorders the values in
 * place, also those of a state the executor passes read-only: the multiset,
 * all a later call or the stored form reads, is unchanged.
 */
static Datum
percentile_result(duration_list *list, double fraction)
{
	return interval_of_usecs(cxm_percentile_cont(list->values, list->n, fraction, check_interrupts));
}

PG_FUNCTION_INFO_V1(pgcxm_resolution_time_percentile_final);
Datum
pgcxm_resolution_time_percentile_final(PG_FUNCTION_ARGS)
{
	duration_list *list = (duration_list *) cxm_state_read(fcinfo, 0, &cxm_state_duration_list);

	if (list->n == 0)
		PG_RETURN_NULL();
	return percentile_result(list, list->fraction);
}

PG_FUNCTION_INFO_V1(pgcxm_median_resolution_time_final);
Datum
pgcxm_median_resolution_time_final(PG_FUNCTION_ARGS)
{
	duration_list *list = (duration_list *) cxm_state_read(fcinfo, 0, &cxm_state_duration_list);

	if (list->n == 0)
		PG_RETURN_NULL();
	return percentile_result(list, 0.5);
}

/* ==================== plain functions ==================== */

static char *
numeric_text(Numeric value)
{
	return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(value)));
}

static int
sign_of(Numeric value)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(value),
											 DirectFunctionCall1(int4_numeric, Int32GetDatum(0))));
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

/* Rounds to 16 decimals (half away from zero) and drops trailing zeros. */
static Datum
numeric_tidy(Datum value)
{
	return DirectFunctionCall1(numeric_trim_scale,
							   DirectFunctionCall2(numeric_round, value, Int32GetDatum(CXM_FRACTION_DIGITS)));
}

PG_FUNCTION_INFO_V1(pgcxm_cac);
Datum
pgcxm_cac(PG_FUNCTION_ARGS)
{
	Numeric		spend = PG_GETARG_NUMERIC(0);
	int64		new_customers = PG_GETARG_INT64(1);

	if (!numeric_is_finite(spend) || sign_of(spend) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("acquisition spend %s is not a finite amount of at least 0", numeric_text(spend)),
				 errhint("Pass the sales and marketing spend of the period.")));
	if (new_customers <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cac needs at least one new customer, not " INT64_FORMAT, new_customers),
				 errdetail("CAC is the spend of a period divided by the customers acquired in that same period."),
				 errhint("With no new customers it is undefined: wrap the count in NULLIF(new_customers, 0) to get NULL instead.")));
	PG_RETURN_DATUM(numeric_tidy(DirectFunctionCall2(numeric_div, NumericGetDatum(spend),
													 NumericGetDatum(numeric_of_int(new_customers)))));
}

static void
check_percent(Numeric rate, const char *argname)
{
	if (!numeric_is_finite(rate) || sign_of(rate) < 0 || numeric_compare(rate, numeric_of_int(100)) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %s is not a percentage between 0 and 100", argname, numeric_text(rate)),
				 errhint("Rates are percentages, as churn_rate returns them: pass 3 for 3%%.")));
}

static int32
checked_periods(int32 periods)
{
	if (periods < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("periods_per_year %d is not a positive number of periods", periods),
				 errhint("Pass 12 for monthly rates, 52 for weekly, 4 for quarterly.")));
	return periods;
}

/* numeric_power and numeric_div size their results from the inputs' scales */
#define WORKING_SCALE 40

static Datum
with_working_scale(Datum value)
{
	return DirectFunctionCall2(numeric_round, value, Int32GetDatum(WORKING_SCALE));
}

/* 100 * (1 - (1 - rate/100)^exponent), exact to the 16 decimals returned */
static Datum
compound_percent(Numeric rate, Datum exponent)
{
	Datum		hundred = NumericGetDatum(numeric_of_int(100));
	Datum		one = with_working_scale(NumericGetDatum(numeric_of_int(1)));
	Datum		kept = DirectFunctionCall2(numeric_sub, one,
										   DirectFunctionCall2(numeric_div, NumericGetDatum(rate), hundred));
	Datum		power = DirectFunctionCall2(numeric_power, with_working_scale(kept), exponent);

	return numeric_tidy(DirectFunctionCall2(numeric_mul, hundred, DirectFunctionCall2(numeric_sub, one, power)));
}

PG_FUNCTION_INFO_V1(pgcxm_annual_rate);
Datum
pgcxm_annual_rate(PG_FUNCTION_ARGS)
{
	Numeric		rate = PG_GETARG_NUMERIC(0);
	int32		periods = checked_periods(PG_GETARG_INT32(1));

	check_percent(rate, "periodic_rate");
	PG_RETURN_DATUM(compound_percent(rate, NumericGetDatum(numeric_of_int(periods))));
}

PG_FUNCTION_INFO_V1(pgcxm_periodic_rate);
Datum
pgcxm_periodic_rate(PG_FUNCTION_ARGS)
{
	Numeric		rate = PG_GETARG_NUMERIC(0);
	int32		periods = checked_periods(PG_GETARG_INT32(1));

	check_percent(rate, "annual_rate");
	PG_RETURN_DATUM(compound_percent(rate, DirectFunctionCall2(numeric_div,
															  with_working_scale(NumericGetDatum(numeric_of_int(1))),
															  NumericGetDatum(numeric_of_int(periods)))));
}
