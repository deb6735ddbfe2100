/*
 * state_core.h - the stored and shipped form of cxm_state, the one state type
 * of cxm's aggregates (the survey aggregates keep theirs in `ratings`).
 *
 * A cxm_state value is a format version byte, a kind byte naming the family
 * of aggregates it belongs to, and the kind's payload (big-endian, written
 * and checked by the kind's own encoder and decoder in its room's core).
 * Its text form is "\x" followed by the bytes in lowercase hexadecimal, as
 * bytea prints them.  Parallel workers, Citus workers and binary COPY all
 * feed these bytes back in, so every reader checks them.
 *
 * Plain C, no PostgreSQL headers: unit-tested and fuzzed alone.
 */
#ifndef CXM_STATE_CORE_H
#define CXM_STATE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The format this cxm writes; values of a higher format come from a newer cxm. */
#define CXM_STATE_FORMAT 1

/* Bytes before the payload: format, kind. */
#define CXM_STATE_HEADER_SIZE 2

/*
 * The kinds.  The numbers are stored: never reuse or renumber one; a new
 * kind takes the next number (and a reader that does not know it reports a
 * value from a newer cxm).
 */
typedef enum cxm_state_kind
{
	CXM_STATE_CUSTOMER_FLOW = 1,	/* churn_rate, retention_rate, customer_flow */
	CXM_STATE_SHARE = 2,		/* referral_rate */
	CXM_STATE_DURATIONS = 3,	/* avg_resolution_time, unresolved_count */
	CXM_STATE_DURATION_LIST = 4,	/* median_resolution_time, resolution_time_percentile */
	CXM_STATE_RFM = 5,			/* rfm */
	CXM_STATE_PURCHASES = 6,	/* clv_summary */
	CXM_STATE_FIT_ROWS = 7,		/* bgnbd_fit, gamma_gamma_fit (the payload names the model) */
	CXM_STATE_MARKOV = 8,		/* markov_model */
	CXM_STATE_FUNNEL = 9,		/* window_funnel, window_funnel_steps */
	CXM_STATE_SEQUENCE = 10,	/* sequence_match, sequence_count */
	CXM_STATE_RETENTION = 11,	/* retention */
	CXM_STATE_ACTIVITY = 12,	/* retention_periods */
	CXM_STATE_SESSIONS = 13,	/* session_count */
	CXM_STATE_PATHS = 14,		/* journey_path */
	CXM_STATE_COHORT = 15		/* cohort_retention */
} cxm_state_kind;

#define CXM_STATE_KIND_MAX 15

/* Outcome of reading the two header bytes. */
typedef enum cxm_state_header_status
{
	CXM_STATE_HEADER_OK,
	CXM_STATE_HEADER_SHORT,		/* fewer than two bytes */
	CXM_STATE_HEADER_BAD_FORMAT,	/* format 0: never written */
	CXM_STATE_HEADER_NEWER,		/* a format or kind this cxm does not know */
	CXM_STATE_HEADER_BAD_KIND	/* kind 0: never written */
} cxm_state_header_status;

/* Reads the header of a stored value of len bytes. */
cxm_state_header_status cxm_state_header_read(const uint8_t *bytes, size_t len, uint8_t *format,
											  uint8_t *kind);

/* Length of the text form of len bytes, without the terminating NUL. */
size_t		cxm_state_text_length(size_t len);

/* Writes the text form of len bytes and a NUL: cxm_state_text_length(len) + 1 chars. */
void		cxm_state_text_write(const uint8_t *bytes, size_t len, char *out);

/*
 * Reads a text form into out (room for strlen(text) / 2 bytes): true and the
 * byte count in *len, or false and what is wrong in *why.
 */
bool		cxm_state_text_read(const char *text, uint8_t *out, size_t *len, const char **why);

#endif
