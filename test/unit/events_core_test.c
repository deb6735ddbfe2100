/* Unit tests of src/events_core.c: sorting and the binary state form. */
#include "events_core.h"
#include "tap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static uint64_t
next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int
qsort_conds(const void *a, const void *b)
{
	return cxm_event_cmp_conds(a, b);
}

static int ticks;

static void
count_tick(void *arg)
{
	(void) arg;
	ticks++;
}

static void
test_sorts(void)
{
	enum
	{
		N = 300000
	};
	cxm_event  *a = malloc(N * sizeof(cxm_event));
	cxm_event  *b = malloc(N * sizeof(cxm_event));
	cxm_event  *scratch = malloc((N / 2 + 1) * sizeof(cxm_event));
	cxm_ticker	ticker = {count_tick, NULL, CXM_TICK_EVERY};
	bool		ok = true;

	for (int shape = 0; shape < 5; shape++)
	{
		for (int i = 0; i < N; i++)
		{
			switch (shape)
			{
				case 0:
					a[i].ts = (int64_t) (next_random() % 1000);
					break;
				case 1:
					a[i].ts = i;
					break;
				case 2:
					a[i].ts = N - i;
					break;
				case 3:
					a[i].ts = 42;
					break;
				default:
					a[i].ts = (int64_t) next_random();
			}
			a[i].mask = 1 + next_random() % 7;
		}
		memcpy(b, a, N * sizeof(cxm_event));
		cxm_events_sort_conds(a, N, &ticker);
		qsort(b, N, sizeof(cxm_event), qsort_conds);
		for (int i = 0; i < N; i++)
			ok = ok && a[i].ts == b[i].ts && a[i].mask == b[i].mask;
		cxm_events_sort_ts(b, N, NULL);
		for (int i = 1; i < N; i++)
			ok = ok && b[i - 1].ts <= b[i].ts;
	}
	TAP_OK(ok, "introsort by (timestamp, conditions) equals qsort; by timestamp is ordered (random, sorted, reversed, equal keys)");
	TAP_OK(ticks > 10, "sorting reports progress for interrupt checks");

	/* stable: equal timestamps keep arrival order (carried in the mask here) */
	for (int i = 0; i < N; i++)
	{
		a[i].ts = (int64_t) (next_random() % 100);
		a[i].mask = (uint64_t) i;
	}
	cxm_events_sort_ts_stable(a, N, scratch, NULL);
	ok = true;
	for (int i = 1; i < N; i++)
		ok = ok && (a[i - 1].ts < a[i].ts || (a[i - 1].ts == a[i].ts && a[i - 1].mask < a[i].mask));
	TAP_OK(ok, "the stable sort keeps arrival order among equal timestamps");

	{
		cxm_event	x = {5, 6},
					y = {5, 1},
					z = {5, 3};

		TAP_OK(cxm_event_cmp_conds(&y, &z) < 0 && cxm_event_cmp_conds(&z, &x) < 0 && cxm_event_cmp_conds(&x, &x) == 0,
			   "ties: lowest condition first ({1} < {1,2} < {2,3})");
	}
	free(a);
	free(b);
	free(scratch);
}

static void
test_binary(void)
{
	cxm_events_header h = {.kind = CXM_KIND_SEQUENCE, .nconds = 3, .sorted = true, .flags = 0,
	.window = 0, .pattern_len = 8, .count = 3};
	cxm_event	ev[3] = {{-5, 1}, {7, 6}, {7, 4}};
	cxm_event	back[3];
	uint8_t		buf[256];
	size_t		size = cxm_events_encoded_size(&h);
	cxm_events_header got;
	const char *pattern;
	int			statuses = 0;
	bool		ok = true;

	/* sequence order: {7,4} (conditions 3) sorts after {7,6} (2,3)? lowest condition 2 < 3: yes */
	cxm_events_encode(&h, "(?1)(?3)", ev, buf);
	TAP_OK(size == CXM_EVENTS_HEADER_SIZE + 8 + 48, "encoded size");
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_OK && got.count == 3 &&
		   memcmp(pattern, "(?1)(?3)", 8) == 0 && got.sorted, "header round trip");
	TAP_OK(cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_OK &&
		   memcmp(back, ev, sizeof(ev)) == 0, "events round trip");

	/* every truncation and extension is refused */
	for (size_t cut = 0; cut < size; cut++)
		ok = ok && cxm_events_decode_header(buf, cut, &got, &pattern) != CXM_DECODE_OK;
	ok = ok && cxm_events_decode_header(buf, size + 16, &got, &pattern) != CXM_DECODE_OK;
	TAP_OK(ok, "a truncated or padded state is refused");

	buf[0] = 2;
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_VERSION, "unknown version");
	buf[0] = 1;
	buf[1] = 3;
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_KIND, "unknown kind");
	buf[1] = CXM_KIND_SEQUENCE;
	buf[2] = 65;
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_CONDITIONS, "65 conditions");
	/* 0: not known yet (every row came with a NULL array), so no event may meet a condition */
	buf[2] = 0;
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_OK && got.nconds == 0 &&
		   cxm_events_decode_events(buf, &got, true, back) == CXM_DECODE_MASK, "0 conditions: an event meeting one is refused");
	cxm_events_encode(&(cxm_events_header) {.kind = CXM_KIND_FUNNEL, .nconds = 0, .sorted = true, .flags = 2, .count = 2},
					  NULL, (cxm_event[2]) {{1, 0}, {2, 0}}, buf);
	TAP_OK(cxm_events_decode_header(buf, CXM_EVENTS_HEADER_SIZE + 32, &got, &pattern) == CXM_DECODE_OK &&
		   cxm_events_decode_events(buf, &got, true, back) == CXM_DECODE_OK &&
		   cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_MASK,
		   "0 conditions: rows meeting none only where strict_order keeps them");
	cxm_events_encode(&h, "(?1)(?3)", ev, buf);
	buf[2] = 2;
	cxm_events_decode_header(buf, size, &got, &pattern);
	TAP_OK(cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_MASK, "an event naming condition 3 of 2");
	buf[2] = 3;
	buf[3] = 2;
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_FIELD, "sorted flag 2");
	buf[3] = 1;
	buf[15] = 0x80;
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_FIELD, "a negative window");
	buf[15] = 0;
	/* swap the last two events: flagged sorted, but not */
	cxm_events_encode(&h, "(?1)(?3)", (cxm_event[3]) {{-5, 1}, {7, 4}, {7, 6}}, buf);
	cxm_events_decode_header(buf, size, &got, &pattern);
	TAP_OK(cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_ORDER, "out of order while flagged sorted");
	cxm_events_encode(&h, "(?1)(?3)", (cxm_event[3]) {{-5, 1}, {7, 0}, {7, 6}}, buf);
	cxm_events_decode_header(buf, size, &got, &pattern);
	TAP_OK(cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_MASK &&
		   cxm_events_decode_events(buf, &got, true, back) != CXM_DECODE_MASK,
		   "a row meeting no condition only where strict_order keeps it");
	/* timestamps no aggregate can store: outside PostgreSQL's range */
	{
		int64_t		bad_ts[] = {INT64_MIN + 1, CXM_TS_MIN - 1, CXM_TS_END, INT64_MAX - 1};
		bool		refused = true;

		for (size_t i = 0; i < sizeof(bad_ts) / sizeof(bad_ts[0]); i++)
		{
			cxm_events_encode(&h, "(?1)(?3)", (cxm_event[3]) {{bad_ts[i], 1}, {bad_ts[i], 2}, {bad_ts[i], 4}}, buf);
			cxm_events_decode_header(buf, size, &got, &pattern);
			refused &= cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_TIMESTAMP;
		}
		TAP_OK(refused, "an event at a timestamp outside PostgreSQL's range is refused");
		cxm_events_encode(&h, "(?1)(?3)", (cxm_event[3]) {{CXM_TS_NOBEGIN, 1}, {CXM_TS_MIN, 1}, {CXM_TS_NOEND, 4}}, buf);
		cxm_events_decode_header(buf, size, &got, &pattern);
		TAP_OK(cxm_events_decode_events(buf, &got, false, back) == CXM_DECODE_OK,
			   "-infinity, the first microsecond and infinity are accepted");
	}
	/* a count that would overflow size arithmetic */
	cxm_events_encode(&h, "(?1)(?3)", ev, buf);
	memset(buf + 20, 0xff, 8);
	TAP_OK(cxm_events_decode_header(buf, size, &got, &pattern) == CXM_DECODE_LENGTH, "an absurd event count");

	/* random bytes never crash and are mostly refused */
	for (int round = 0; round < 200000; round++)
	{
		size_t		len = next_random() % 120;
		cxm_event	out[8];

		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t) next_random();
		if (next_random() % 2)
			buf[0] = 1;
		if (cxm_events_decode_header(buf, len, &got, &pattern) == CXM_DECODE_OK && got.count <= 8)
			statuses += cxm_events_decode_events(buf, &got, next_random() % 2, out) == CXM_DECODE_OK;
	}
	printf("# %d of 200,000 random byte strings decode\n", statuses);
	TAP_OK(statuses < 100, "random byte strings decode without a crash, and nearly all are refused");
}

int
main(void)
{
	test_sorts();
	test_binary();
	return tap_done();
}
