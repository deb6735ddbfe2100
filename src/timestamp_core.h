/*
 * timestamp_core.h - PostgreSQL timestamps as the journey rooms see them:
 * int64 microseconds since 2000-01-01, their valid range, and the time
 * between two of them without overflow.
 *
 * The infinities are INT64_MIN and INT64_MAX and sort like any value, but
 * they are no distance from 4714 BC or 294276 AD: an infinite timestamp is
 * infinitely far from every other timestamp (so never within a gap, a
 * window or a time condition of one) and tied with itself.
 *
 * Plain C, no PostgreSQL headers.
 */
#ifndef CXM_TIMESTAMP_CORE_H
#define CXM_TIMESTAMP_CORE_H

#include <stdbool.h>
#include <stdint.h>

#define CXM_TS_NOBEGIN INT64_MIN	/* -infinity */
#define CXM_TS_NOEND INT64_MAX		/* infinity */
/* PostgreSQL's MIN_TIMESTAMP (4714-11-24 BC) and END_TIMESTAMP (294277-01-01) */
#define CXM_TS_MIN INT64_C(-211813488000000000)
#define CXM_TS_END INT64_C(9223371331200000000)

/* The distance from a timestamp to a different infinite one. */
#define CXM_TS_INFINITE_DISTANCE UINT64_MAX

static inline bool
cxm_ts_infinite(int64_t ts)
{
	return ts == CXM_TS_NOBEGIN || ts == CXM_TS_NOEND;
}

/* A value PostgreSQL can hold in a timestamp: finite in range, or an infinity. */
static inline bool
cxm_ts_valid(int64_t ts)
{
	return cxm_ts_infinite(ts) || (ts >= CXM_TS_MIN && ts < CXM_TS_END);
}

/*
 * Microseconds from earlier to later (earlier <= later): exact between
 * finite timestamps (at most about 9.4e18, so below 2^64 - 1), 0 between
 * equal ones, CXM_TS_INFINITE_DISTANCE when an infinity is one of two
 * different timestamps.  Any finite span compared with it is shorter.
 */
static inline uint64_t
cxm_ts_distance(int64_t earlier, int64_t later)
{
	if (earlier != later && (cxm_ts_infinite(earlier) || cxm_ts_infinite(later)))
		return CXM_TS_INFINITE_DISTANCE;
	return (uint64_t) later - (uint64_t) earlier;
}

#endif
