/*
 * funnel_core.h - ClickHouse's windowFunnel, every mode, over a sorted
 * event buffer; and the mode-string parser.
 *
 * Plain C, no PostgreSQL headers: unit-tested and fuzzed alone.
 */
#ifndef CXM_FUNNEL_CORE_H
#define CXM_FUNNEL_CORE_H

#include "events_core.h"

#define CXM_FUNNEL_MAX_STEPS 64

#define CXM_FUNNEL_STRICT_DEDUPLICATION 0x01u
#define CXM_FUNNEL_STRICT_ORDER 0x02u
#define CXM_FUNNEL_STRICT_INCREASE 0x04u
#define CXM_FUNNEL_STRICT_ONCE 0x08u
#define CXM_FUNNEL_ALLOW_REENTRY 0x10u
#define CXM_FUNNEL_ALL_MODES 0x1Fu

typedef enum cxm_mode_status
{
	CXM_MODE_OK = 0,
	CXM_MODE_UNKNOWN,			/* an item that is no mode */
	CXM_MODE_EMPTY_ITEM,		/* two commas in a row, or a comma at an end */
	CXM_MODE_STRICT_RENAMED,	/* 'strict', which ClickHouse renamed */
	CXM_MODE_REENTRY_NEEDS_ORDER	/* allow_reentry without strict_order */
} cxm_mode_status;

/*
 * Parses a comma-separated mode list ('' or blanks: the default mode).
 * Items are trimmed of blanks and compared exactly (lowercase), as in
 * ClickHouse; a repeated item is allowed.  On an item error *item_start and
 * *item_len locate it in text.
 */
cxm_mode_status cxm_funnel_parse_mode(const char *text, size_t len, uint32_t *flags,
									  size_t *item_start, size_t *item_len);

/* Whether flags is a combination the parser can produce. */
bool		cxm_funnel_modes_valid(uint32_t flags);

/*
 * Checks what the events form (events_core.h) leaves to the funnel in the
 * header of a window_funnel state: no pattern, a mode combination the
 * parser can produce.  NULL when valid, with *allow_empty_mask set when
 * rows meeting no step may be stored (strict_order); else what is wrong.
 * The state is then read with cxm_events_decode_events.
 */
const char *cxm_funnel_state_check(const cxm_events_header *header, bool *allow_empty_mask);

/*
 * Scratch memory for one evaluation: the step times of the chains held per
 * level (window_funnel_steps) and the matching used by strict_once.  Only
 * needed when times are asked for or strict_once is set; one can be reused
 * for any number of evaluations, and need not be cleared first.
 */
#define CXM_ONCE_CANDIDATES (CXM_FUNNEL_MAX_STEPS + 1)
#define CXM_ONCE_ROWS (CXM_FUNNEL_MAX_STEPS * CXM_ONCE_CANDIDATES)

typedef struct cxm_funnel_workspace
{
	int64_t		chain[CXM_FUNNEL_MAX_STEPS][CXM_FUNNEL_MAX_STEPS];
	int64_t		pending[CXM_FUNNEL_MAX_STEPS][CXM_FUNNEL_MAX_STEPS];
	/* strict_once: per step, the first rows of a timestamp group meeting it */
	uint16_t	candidates[CXM_FUNNEL_MAX_STEPS][CXM_ONCE_CANDIDATES];
	uint8_t		ncandidates[CXM_FUNNEL_MAX_STEPS];
	uint64_t	candidate_of[CXM_ONCE_ROWS];	/* steps each kept row is a candidate for */
	size_t		row_index[CXM_ONCE_ROWS];	/* kept row -> position in its group */
	int8_t		owner[CXM_ONCE_ROWS];	/* step a kept row is matched to, or -1 */
	uint32_t	seen[CXM_ONCE_ROWS];
	uint32_t	stamp;
	size_t		nkept;
	size_t		group_len;
} cxm_funnel_workspace;

/*
 * The deepest step reached, 0..nsteps, exactly as ClickHouse's windowFunnel
 * computes it.  events are sorted by timestamp; under strict_once with
 * strict_deduplication rows of equal timestamp must keep their arrival
 * order (cxm_events_sort_ts_stable).  A row meeting no condition is stored
 * only under strict_order.  window is in the timestamps' unit (µs).
 *
 * times, when not NULL, receives one timestamp per step reached: the chain
 * that gives the result.  ws must be given when times is or under
 * strict_once.
 */
int			cxm_funnel_evaluate(const cxm_event *events, size_t n, uint64_t window, uint32_t modes,
								int nsteps, int64_t *times, cxm_funnel_workspace *ws, cxm_ticker *ticker);

/* Whether cxm_funnel_evaluate needs equal timestamps in arrival order. */
static inline bool
cxm_funnel_needs_arrival_order(uint32_t modes)
{
	return (modes & CXM_FUNNEL_STRICT_ONCE) && (modes & CXM_FUNNEL_STRICT_DEDUPLICATION);
}

#endif
