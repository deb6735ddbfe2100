/*
 * sequence_core.h - ClickHouse's sequenceMatch / sequenceCount: the pattern
 * grammar and a polynomial matcher that returns exactly what ClickHouse's
 * backtracking search returns.
 *
 * Plain C, no PostgreSQL headers: unit-tested and fuzzed alone.
 */
#ifndef CXM_SEQUENCE_CORE_H
#define CXM_SEQUENCE_CORE_H

#include "events_core.h"

typedef enum cxm_seq_kind
{
	CXM_SEQ_STAR,				/* .*  any number of events */
	CXM_SEQ_ANY,				/* .   exactly one event */
	CXM_SEQ_COND,				/* (?N) an event meeting condition N */
	CXM_SEQ_TIME				/* (?t op N) time since the previous matched event */
} cxm_seq_kind;

typedef enum cxm_seq_op
{
	CXM_SEQ_LE,
	CXM_SEQ_LT,
	CXM_SEQ_GE,
	CXM_SEQ_GT,
	CXM_SEQ_EQ
} cxm_seq_op;

typedef struct cxm_seq_action
{
	uint8_t		kind;
	uint8_t		op;				/* CXM_SEQ_TIME */
	uint8_t		cond;			/* CXM_SEQ_COND: condition number - 1 */
	uint64_t	seconds;		/* CXM_SEQ_TIME */
} cxm_seq_action;

typedef enum cxm_seq_status
{
	CXM_SEQ_OK = 0,
	CXM_SEQ_UNEXPECTED,			/* not "(?", "." or ".*" */
	CXM_SEQ_EXPECTED_NUMBER,	/* "(?" or "(?t<=" not followed by digits */
	CXM_SEQ_NUMBER_TOO_LARGE,	/* more than 2^64 - 1 */
	CXM_SEQ_EXPECTED_CLOSE,		/* no ")" after the number */
	CXM_SEQ_UNKNOWN_TIME_OP,	/* "(?t" not followed by <=, <, >=, > or == */
	CXM_SEQ_TIME_MISPLACED,		/* (?t...) after another time condition */
	CXM_SEQ_COND_RANGE			/* (?N) with N = 0 or more than the conditions given */
} cxm_seq_status;

/*
 * A parsed pattern: actions[0] is the implicit leading .* that makes
 * matching unanchored, as in ClickHouse.
 */
typedef struct cxm_seq_pattern
{
	cxm_seq_action *actions;
	size_t		nactions;
	bool		has_time;
	uint64_t	conds_used;		/* conditions the pattern names */
} cxm_seq_pattern;

/*
 * Parses text (len bytes) for a call with nconds conditions into actions,
 * which has room for len + 1 entries.  On error *err_pos is the 0-based byte
 * offset of the offending text and *err_number the number involved, if any.
 */
cxm_seq_status cxm_seq_parse(const char *text, size_t len, int nconds,
							 cxm_seq_action *actions, cxm_seq_pattern *pattern,
							 size_t *err_pos, uint64_t *err_number);

/*
 * Checks what the events form (events_core.h) leaves to the sequence in the
 * header of a sequence_match state: no window or mode, a pattern that
 * parses for its number of conditions (for any number when that is 0, not
 * known yet; actions: room for pattern_len + 1 entries).  NULL when valid (rows meeting no condition are never stored),
 * else what is wrong.  The state is then read with cxm_events_decode_events.
 */
const char *cxm_seq_state_check(const cxm_events_header *header, const char *pattern, cxm_seq_action *actions);

/* Bytes of scratch memory cxm_seq_match / cxm_seq_count need for n events. */
size_t		cxm_seq_work_bytes(const cxm_seq_pattern *pattern, size_t n);

/*
 * events are sorted with cxm_events_sort_conds and hold only rows meeting
 * some condition.  work: cxm_seq_work_bytes bytes, 8-byte aligned.
 */
bool		cxm_seq_match(const cxm_seq_pattern *pattern, const cxm_event *events, size_t n,
						  void *work, cxm_ticker *ticker);
uint64_t	cxm_seq_count(const cxm_seq_pattern *pattern, const cxm_event *events, size_t n,
						  void *work, cxm_ticker *ticker);

#endif
