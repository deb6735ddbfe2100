/*
 * retention_core.h - retention: ClickHouse's retention(cond1, ..., condN)
 * and cohort retention by period with right-censoring.
 *
 * retention (ClickHouse AggregateFunctionRetention): a bit per condition,
 * ORed over the rows of a group; the result is [c1, c1 AND c2, c1 AND c3,
 * ...], so that sum(r[k]) over customers counts those who met condition 1
 * and condition k.  There is no time and no order.
 *
 * retention_periods: for one customer, whether they were active in each
 * period k = 0..N after their first activity (period 0 holds it), with a
 * NULL for every period that had not ended by the observation end as_of
 * (the customer is too young for it).  Periods are fixed spans: rolling
 * (period k is [first + k*P, first + (k+1)*P)) or, given an origin, the
 * buckets of a grid origin + j*P (period 0 is the bucket of the first
 * activity).  "on": active in period k; "on_or_after": active in period k
 * or any later observed period.
 *
 * cohort_retention: per k, the share (percent) of the customers who met
 * r[1] = 1 that have r[k] = 1, among those whose r[k] is not NULL.
 *
 * Plain C, no PostgreSQL headers: unit-tested on its own.
 */
#ifndef CXM_RETENTION_CORE_H
#define CXM_RETENTION_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sessions_core.h"

typedef enum cxm_ret_status
{
	CXM_RET_OK = 0,
	CXM_RET_NO_MEMORY,
	CXM_RET_BAD_STATE,			/* a serialized state that no cxm writes */
	CXM_RET_OUT_OF_RANGE,		/* a timestamp too far from the origin */
	CXM_RET_NOT_BINARY,			/* a retention array element other than 0, 1 or NULL */
	CXM_RET_TOO_LONG,			/* a retention array longer than CXM_RET_MAX_PERIODS + 1 */
	CXM_RET_COUNT_OVERFLOW
} cxm_ret_status;

/* ---------- retention(cond1, ..., condN) ---------- */

#define CXM_RET_MAX_CONDITIONS 64

typedef struct cxm_ret_flags
{
	uint64_t	met;			/* bit k-1: condition k held on some row */
	int			conditions;		/* N, 1..64 */
} cxm_ret_flags;

/* out[k-1] = c1 for k = 1, c1 AND ck otherwise. */
void		cxm_ret_flags_result(const cxm_ret_flags *f, int32_t *out);

/* 1 version (1), 1 N, 2 reserved zero, 8 the bits (big-endian) */
#define CXM_RET_FLAGS_SIZE 12
/* Where the serialized form keeps its fields (a version byte 1 comes first), for a state ORed in place. */
#define CXM_RET_FLAGS_CONDITIONS_AT 1
#define CXM_RET_FLAGS_MET_AT 4
void		cxm_ret_flags_serialize(const cxm_ret_flags *f, unsigned char *out);
cxm_ret_status cxm_ret_flags_deserialize(const unsigned char *in, size_t len, cxm_ret_flags *f);

/* ---------- retention_periods(ts, period, N, as_of [, mode [, origin]]) ---------- */

#define CXM_RET_MAX_PERIODS 10000

#define CXM_RET_ON_OR_AFTER 0x01	/* else "on" */
#define CXM_RET_CALENDAR 0x02	/* periods on a grid from origin, else rolling */

/* The parameters; the same for every row of a group. */
typedef struct cxm_ret_params
{
	int64_t		period;			/* microseconds, > 0 */
	int32_t		periods;		/* N, 1..CXM_RET_MAX_PERIODS */
	uint8_t		mode;			/* CXM_RET_ON_OR_AFTER | CXM_RET_CALENDAR */
	int64_t		as_of;			/* events at or after it are not observed */
	int64_t		origin;			/* grid origin (calendar only, else 0) */
} cxm_ret_params;

/*
 * Reads a mode name ("on" or "on_or_after") into *on_or_after; false when
 * unknown.
 */
bool		cxm_ret_parse_mode(const char *text, size_t len, bool *on_or_after);

bool		cxm_ret_params_equal(const cxm_ret_params *a, const cxm_ret_params *b);

/*
 * The activity of one customer.  Each observed event is kept as a position:
 * its timestamp (rolling) or its bucket number on the grid (calendar); an
 * event already more than N periods after the earliest one seen only sets
 * `late` (the earliest can only move earlier, so it stays late).  Repeats are
 * dropped, so a customer's state costs at most 8 bytes per event in time
 * order plus growth, and one bucket per period in calendar mode.
 */
typedef struct cxm_ret_activity
{
	cxm_ret_params params;
	bool		any;			/* some event observed */
	bool		late;			/* some event after period N */
	int64_t		first;			/* earliest position (when any) */
	int64_t    *positions;
	int64_t		n;
	int64_t		cap;
} cxm_ret_activity;

void		cxm_ret_activity_init(cxm_ret_activity *a, const cxm_ret_params *params);
void		cxm_ret_activity_free(cxm_ret_activity *a, const cxm_sess_allocator *mem);

/* Adds one event at ts (finite). */
cxm_ret_status cxm_ret_activity_add(cxm_ret_activity *a, int64_t ts, const cxm_sess_allocator *mem,
									cxm_sess_tick tick);

/* Adds the events of other (same parameters); other is not changed. */
cxm_ret_status cxm_ret_activity_merge(cxm_ret_activity *a, const cxm_ret_activity *other,
									  const cxm_sess_allocator *mem, cxm_sess_tick tick);

/*
 * The result for periods 0..N: values[k] is 0 or 1, nulls[k] true when
 * period k had not ended by as_of.  Requires a->any.
 */
void		cxm_ret_activity_result(const cxm_ret_activity *a, int32_t *values, bool *nulls,
									cxm_sess_tick tick);

/*
 * Serialized form, version 1, big-endian:
 *   1 version, 1 flags (bit 0 on_or_after, 1 calendar, 2 any, 3 late),
 *   2 reserved zero, 4 N, 8 period, 8 as_of, 8 origin, 8 first, 8 n,
 *   n x 8 positions
 */
#define CXM_RET_ACTIVITY_HEADER 48
size_t		cxm_ret_activity_serialized_size(const cxm_ret_activity *a);
void		cxm_ret_activity_serialize(const cxm_ret_activity *a, unsigned char *out);
cxm_ret_status cxm_ret_activity_deserialize(const unsigned char *in, size_t len, cxm_ret_activity *a,
											const cxm_sess_allocator *mem);

/* ---------- cohort_retention(r integer[]) ---------- */

#define CXM_RET_MAX_DECIMALS 16

typedef struct cxm_ret_cohort
{
	int32_t		decimals;		/* rounding of the shares, -1 for none */
	int32_t		length;			/* the longest array seen */
	int64_t    *retained;		/* [k]: rows with r[1] = 1 and r[k] = 1 */
	int64_t    *known;			/* [k]: rows with r[1] = 1 and r[k] not NULL */
} cxm_ret_cohort;

void		cxm_ret_cohort_init(cxm_ret_cohort *c, int32_t decimals);

/*
 * Adds one customer's array (values[k] read only where !nulls[k]).  On
 * CXM_RET_NOT_BINARY, *bad is the offending index (0-based).
 */
cxm_ret_status cxm_ret_cohort_add(cxm_ret_cohort *c, const int32_t *values, const bool *nulls,
								  int32_t length, const cxm_sess_allocator *mem, int32_t *bad);

cxm_ret_status cxm_ret_cohort_merge(cxm_ret_cohort *c, const cxm_ret_cohort *other,
									const cxm_sess_allocator *mem);

/*
 * The share at index k as a percentage in plain decimal (16 fractional
 * digits at most, rounded half up); false when no row knows period k.
 * buf holds CXM_NUMBER_BUFLEN bytes (decimal_core.h).
 */
bool		cxm_ret_cohort_percent(const cxm_ret_cohort *c, int32_t k, char *buf);

/*
 * 1 version (1), 1 decimals + 1 (0: not rounded), 2 reserved zero, 4 length,
 * length x (8 retained, 8 known); retained[0] = known[0] > 0 and no known[k]
 * above it, as the aggregate counts
 */
#define CXM_RET_COHORT_HEADER 8
size_t		cxm_ret_cohort_serialized_size(const cxm_ret_cohort *c);
void		cxm_ret_cohort_serialize(const cxm_ret_cohort *c, unsigned char *out);
cxm_ret_status cxm_ret_cohort_deserialize(const unsigned char *in, size_t len, cxm_ret_cohort *c,
										  const cxm_sess_allocator *mem);

#endif
