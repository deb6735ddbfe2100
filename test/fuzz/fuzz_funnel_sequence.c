/*
 * Fuzzes the journey-funnel parsers and engines: mode strings, sequence
 * patterns, the binary state of both aggregates, and the funnel and
 * sequence engines on events taken from the input, at the ends of time and
 * the infinities too.  Any bytes must parse or fail cleanly; a state that
 * decodes (through the same checks as the aggregates' cxm_state kinds) must
 * hold timestamps PostgreSQL has and encode back to the same bytes; the engines must return results in range, and a funnel's chain
 * must rise and fit its window.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events_core.h"
#include "funnel_core.h"
#include "sequence_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cxm_funnel_workspace workspace;

static void
run_engines(const uint8_t *data, size_t size, const cxm_seq_pattern *pattern, int nconds)
{
	/* events from 9-byte records: 8 bits of time step, 1 byte of conditions */
	size_t		n = size / 3 < 64 ? size / 3 : 64;
	cxm_event	events[64];
	int64_t		times[CXM_FUNNEL_MAX_STEPS];
	size_t		kept = 0;

	for (size_t i = 0; i < n; i++)
	{
		/* the extremes: -infinity, the first and last microseconds there are, infinity */
		static const int64_t extremes[] = {CXM_TS_NOBEGIN, CXM_TS_MIN, CXM_TS_END - 1, CXM_TS_NOEND};

		events[kept].ts = data[3 * i] >= 252 ? extremes[data[3 * i] - 252]
			: (int64_t) data[3 * i] * 1000000 + data[3 * i + 1];
		events[kept].mask = data[3 * i + 2] & ((nconds >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << nconds) - 1));
		if (events[kept].mask != 0)
			kept++;
	}
	if (pattern != NULL)
	{
		void	   *work;
		size_t		bytes = cxm_seq_work_bytes(pattern, kept);

		cxm_events_sort_conds(events, kept, NULL);
		work = aligned_alloc(8, (bytes + 7) / 8 * 8 + 8);
		(void) cxm_seq_match(pattern, events, kept, work, NULL);
		if (cxm_seq_count(pattern, events, kept, work, NULL) > kept)
			abort();			/* matches do not overlap: at most one per event */
		free(work);
	}
	else
	{
		static const uint32_t modes[] = {0, CXM_FUNNEL_STRICT_DEDUPLICATION, CXM_FUNNEL_STRICT_ORDER,
			CXM_FUNNEL_STRICT_INCREASE, CXM_FUNNEL_STRICT_ONCE,
			CXM_FUNNEL_STRICT_ORDER | CXM_FUNNEL_ALLOW_REENTRY,
		CXM_FUNNEL_STRICT_ONCE | CXM_FUNNEL_STRICT_DEDUPLICATION};
		uint32_t	mode = modes[(size ? data[0] : 0) % (sizeof(modes) / sizeof(modes[0]))];
		uint64_t	window = (uint64_t) (size > 1 ? data[1] : 1) * 1000000;
		int			level;

		cxm_events_sort_ts(events, kept, NULL);
		level = cxm_funnel_evaluate(events, kept, window, mode, nconds, times, &workspace, NULL);
		if (level < 0 || level > nconds)
			abort();
		for (int k = 1; k < level; k++)
			if (times[k] < times[k - 1] || cxm_ts_distance(times[0], times[k]) > window)
				abort();			/* a chain rises and fits its window, infinities included */
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = malloc(size + 1);
	uint32_t	flags;
	size_t		item_start,
				item_len;
	cxm_events_header header;
	const char *pattern_text;

	memcpy(text, data, size);
	text[size] = '\0';

	if (cxm_funnel_parse_mode(text, size, &flags, &item_start, &item_len) == CXM_MODE_OK &&
		!cxm_funnel_modes_valid(flags))
		abort();

	/* the first byte picks the number of conditions, the rest is a pattern */
	if (size > 0)
	{
		int			nconds = 1 + data[0] % 8;
		cxm_seq_action *actions = malloc((size + 1) * sizeof(cxm_seq_action));
		cxm_seq_pattern pattern;
		size_t		err_pos;
		uint64_t	err_number;

		if (cxm_seq_parse(text + 1, size - 1, nconds, actions, &pattern, &err_pos, &err_number) == CXM_SEQ_OK)
			run_engines(data, size, &pattern, nconds);
		else if (err_pos > size - 1)
			abort();			/* the error points inside the pattern */
		free(actions);
		run_engines(data, size, NULL, nconds);
	}
	free(text);

	/*
	 * The payload of a window_funnel or sequence_match cxm_state, read the
	 * way their kinds' decoders read it (journey_decode in events.c): the
	 * header, the fields the funnel or the sequence checks, then the events.
	 */
	if (cxm_events_decode_header(data, size, &header, &pattern_text) == CXM_DECODE_OK)
	{
		cxm_event  *events = malloc((size_t) header.count * sizeof(cxm_event) + 1);
		cxm_seq_action *actions = malloc(((size_t) header.pattern_len + 1) * sizeof(cxm_seq_action));
		bool		allow_empty_mask = false;
		const char *problem = header.kind == CXM_KIND_FUNNEL
			? cxm_funnel_state_check(&header, &allow_empty_mask)
			: cxm_seq_state_check(&header, pattern_text, actions);

		if (cxm_events_encoded_size(&header) != size)
			abort();
		if (problem == NULL && cxm_events_decode_events(data, &header, allow_empty_mask, events) == CXM_DECODE_OK)
		{
			uint8_t    *again = malloc(size);

			for (uint64_t i = 0; i < header.count; i++)
				if (!cxm_ts_valid(events[i].ts) || (events[i].mask == 0 && !allow_empty_mask))
					abort();
			/* what decodes is what the aggregates could have made */
			if (header.kind == CXM_KIND_FUNNEL
				? header.pattern_len != 0 || !cxm_funnel_modes_valid(header.flags) ||
				allow_empty_mask != ((header.flags & CXM_FUNNEL_STRICT_ORDER) != 0)
				: header.flags != 0 || header.window != 0)
				abort();
			cxm_events_encode(&header, pattern_text, events, again);
			if (memcmp(again, data, size) != 0)
				abort();
			free(again);
		}
		free(actions);
		free(events);
	}
	return 0;
}
