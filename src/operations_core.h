/*
 * operations_core.h - operational metrics over CRM rows: customer flow
 * (churn and retention), referral share, ticket resolution times.
 *
 * Plain C, no PostgreSQL headers: unit-tested and fuzzed on its own.  The
 * per-row steps are static inline so that the glue's transition functions
 * stay as cheap as count(*); states are plain structs updated in place.
 */
#ifndef CXM_OPERATIONS_CORE_H
#define CXM_OPERATIONS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------- customer flow over a period [start, end) ---------- */

/*
 * A customer is a customer from started (inclusive) to ended (exclusive),
 * or for good when ended is unknown.  An event (joining or leaving) at
 * instant t belongs to the period that holds t, so the customers at the end
 * of one period are exactly those at the start of the next.
 */
#define CXM_TIME_KIND_MAX 2
#define CXM_TIME_KIND_DATE 2

/*
 * The values of the time types, as the glue passes them: timestamps in
 * microseconds since 2000-01-01, finite from 4714-11-24 BC (included) to
 * 294277-01-01 (excluded), infinite as INT64_MIN and INT64_MAX; dates in
 * days, finite from 4714-11-24 BC to 5874897-12-31, infinite as INT32_MIN
 * and INT32_MAX.
 */
#define CXM_OPS_FIRST_USEC INT64_C(-211813488000000000)
#define CXM_OPS_END_USEC INT64_C(9223371331200000000)
#define CXM_OPS_FIRST_DAY (-2451545)
#define CXM_OPS_LAST_DAY 2145031948

typedef struct cxm_flow
{
	int64_t		period_start;
	int64_t		period_end;
	bool		has_period;		/* false until the first row: then all zero */
	uint8_t		time_kind;		/* how the glue prints the bounds: 0..CXM_TIME_KIND_MAX */
	uint64_t	at_start;		/* joined before the period, not gone at its start */
	uint64_t	lost;			/* of those, gone during the period */
	uint64_t	acquired;		/* joined during the period */
	uint64_t	acquired_and_lost;	/* of those, gone before its end */
} cxm_flow;

/* One customer.  Requires ended >= started when has_ended. */
static inline void
cxm_flow_add(cxm_flow *f, int64_t started, bool has_ended, int64_t ended)
{
	if (started < f->period_start)
	{
		if (!has_ended || ended >= f->period_start)
		{
			f->at_start++;
			if (has_ended && ended < f->period_end)
				f->lost++;
		}
	}
	else if (started < f->period_end)
	{
		f->acquired++;
		if (has_ended && ended < f->period_end)
			f->acquired_and_lost++;
	}
}

/* Customers at the end of the period. */
static inline uint64_t
cxm_flow_at_end(const cxm_flow *f)
{
	return f->at_start - f->lost + f->acquired - f->acquired_and_lost;
}

typedef enum cxm_flow_merge_status
{
	CXM_FLOW_MERGED,
	CXM_FLOW_PERIOD_DIFFERS,
	CXM_FLOW_OVERFLOW
} cxm_flow_merge_status;

/* Adds b into a (both for the same period, or either without rows). */
cxm_flow_merge_status cxm_flow_merge(cxm_flow *a, const cxm_flow *b);

/*
 * Percent churn 100*lost/at_start and retention 100*(at_start-lost)/at_start
 * as exact decimal text (decimal_core).  False when nobody was a customer at
 * the start (the rate is undefined).
 */
bool		cxm_flow_churn_text(const cxm_flow *f, char *buf);
bool		cxm_flow_retention_text(const cxm_flow *f, char *buf);

#define CXM_FLOW_WIRE_SIZE 52
void		cxm_flow_encode(const cxm_flow *f, uint8_t *out);
/*
 * Validates every byte; false (with *why set) on anything the aggregate
 * cannot produce: times that are not values of their type, a period that
 * does not run forward, inconsistent counts or more than 2^63 - 1 customers.
 */
bool		cxm_flow_decode(const uint8_t *in, size_t len, cxm_flow *f, const char **why);

/* ---------- a share of true answers (referral rate) ---------- */

typedef struct cxm_share
{
	uint64_t	yes;
	uint64_t	total;
} cxm_share;

bool		cxm_share_merge(cxm_share *a, const cxm_share *b);
/* 100*yes/total as exact decimal text; false when total is 0. */
bool		cxm_share_percent_text(const cxm_share *s, char *buf);

#define CXM_SHARE_WIRE_SIZE 20
void		cxm_share_encode(const cxm_share *s, uint8_t *out);
bool		cxm_share_decode(const uint8_t *in, size_t len, cxm_share *s, const char **why);

/* ---------- resolution times: exact mean ---------- */

/*
 * Sum of durations (microseconds, each >= 0) in 128 bits so that a billion
 * tickets of years each cannot overflow; kept as two halves for compilers
 * without a 128-bit integer.
 */
typedef struct cxm_durations
{
	uint64_t	sum_lo;
	uint64_t	sum_hi;
	uint64_t	resolved;
	uint64_t	unresolved;
} cxm_durations;

static inline void
cxm_durations_add(cxm_durations *d, uint64_t usecs)
{
	d->sum_lo += usecs;
	d->sum_hi += d->sum_lo < usecs;
	d->resolved++;
}

bool		cxm_durations_merge(cxm_durations *a, const cxm_durations *b);
/* The mean in microseconds, rounded half up; false when nothing was resolved. */
bool		cxm_durations_mean(const cxm_durations *d, int64_t *mean);

#define CXM_DURATIONS_WIRE_SIZE 36
void		cxm_durations_encode(const cxm_durations *d, uint8_t *out);
bool		cxm_durations_decode(const uint8_t *in, size_t len, cxm_durations *d, const char **why);

/* ---------- resolution times: percentiles ---------- */

/*
 * Loops over a whole group call this about every CXM_OPS_TICK_EVERY units of
 * work so that the glue can honour a cancel (CHECK_FOR_INTERRUPTS, which may
 * not return).  NULL: no checks.
 */
typedef void (*cxm_ops_interrupt_fn) (void);
#define CXM_OPS_TICK_EVERY 65536

/*
 * The continuous percentile (as percentile_cont) of n durations, 0 <= fraction
 * <= 1, by selection in O(n): the values are reordered in place, which leaves
 * the multiset unchanged.  Rounded to the nearest microsecond.  Requires n > 0.
 */
int64_t		cxm_percentile_cont(int64_t *values, size_t n, double fraction, cxm_ops_interrupt_fn interrupt);

/*
 * Wire form of a list of durations: header (version, flags: bit 0 when a
 * fraction is set, two reserved zero bytes), the fraction as an IEEE double,
 * the count, then the values; all big-endian.
 */
#define CXM_DURATION_LIST_HEADER 20
size_t		cxm_duration_list_size(size_t n);
void		cxm_duration_list_encode(bool has_fraction, double fraction, const int64_t *values, size_t n,
									 uint8_t *out, cxm_ops_interrupt_fn interrupt);
/* Reads the header; checks the fraction and the length against the count. */
bool		cxm_duration_list_decode_header(const uint8_t *in, size_t len, bool *has_fraction,
											double *fraction, size_t *n, const char **why);
/* Reads the n values into out, checking each (>= 0). */
bool		cxm_duration_list_decode_values(const uint8_t *in, size_t n, int64_t *out, const char **why,
											cxm_ops_interrupt_fn interrupt);

#endif
