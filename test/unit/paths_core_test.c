/* Unit tests of src/paths_core.c. */
#include "paths_core.h"
#include "tap.h"

#define TEST_RANDOM_SEED UINT64_C(0x2545F4914F6CDD1D)
#include "support.h"

#include <stdint.h>
#include <stdlib.h>

static void
add(cxm_path *p, int64_t ts, const char *step)
{
	cxm_path_add(p, ts, step, (uint32_t) strlen(step), &mem);
}

/* The path as "a,b,c". */
static const char *
path_text(cxm_path *p)
{
	static char buf[4096];
	uint32_t   *ids = malloc(sizeof(uint32_t) * (size_t) (cxm_path_result_size(p) + 1));
	int64_t		n = cxm_path_result(p, ids, NULL);
	size_t		at = 0;

	buf[0] = 0;
	for (int64_t k = 0; k < n; k++)
	{
		uint32_t	len;
		const char *s = cxm_path_step_text(p, ids[k], &len);

		if (k > 0)
			buf[at++] = ',';
		memcpy(buf + at, s, len);
		at += len;
		buf[at] = 0;
	}
	free(ids);
	return buf;
}

static void
test_examples(void)
{
	cxm_path	p;

	cxm_path_init(&p, 0, false);
	add(&p, 1, "web");
	add(&p, 2, "web");
	add(&p, 3, "app");
	TAP_STR(path_text(&p), "web,app", "web, web, app -> web, app");
	add(&p, 4, "web");
	add(&p, 5, "store");
	TAP_STR(path_text(&p), "web,app,web,store", "a step that comes back is a new step");
	cxm_path_free(&p, &mem);

	cxm_path_init(&p, 0, false);
	add(&p, 5, "store");
	add(&p, 1, "web");
	add(&p, 3, "web");
	add(&p, 2, "app");
	TAP_STR(path_text(&p), "web,app,web,store", "rows in any order give the path in time order");
	cxm_path_free(&p, &mem);

	cxm_path_init(&p, 0, false);
	add(&p, 1, "web");
	add(&p, 1, "app");
	add(&p, 1, "web");
	add(&p, 2, "email");
	TAP_STR(path_text(&p), "app,web,email", "ties at one timestamp are ordered by step text, then collapsed");
	cxm_path_free(&p, &mem);

	cxm_path_init(&p, 0, false);
	add(&p, 1, "ab");
	add(&p, 1, "a");
	add(&p, 1, "");
	TAP_STR(path_text(&p), ",a,ab", "byte order puts a prefix first (and the empty step before all)");
	cxm_path_free(&p, &mem);

	cxm_path_init(&p, 2, false);
	add(&p, 1, "search");
	add(&p, 2, "web");
	add(&p, 3, "web");
	add(&p, 4, "app");
	add(&p, 5, "app");
	TAP_STR(path_text(&p), "web,app", "max_steps 2 keeps the last two steps of the collapsed path");
	p.keep_first = true;
	TAP_STR(path_text(&p), "search,web", "keep 'first' keeps the first two");
	cxm_path_free(&p, &mem);

	cxm_path_init(&p, 3, false);
	add(&p, 1, "x");
	TAP_STR(path_text(&p), "x", "a cap longer than the path changes nothing");
	cxm_path_free(&p, &mem);
}

typedef struct ev
{
	int64_t		ts;
	const char *step;
} ev;

static int
ev_cmp(const void *a, const void *b)
{
	const ev   *x = a,
			   *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return strcmp(x->step, y->step);
}

/* the expected path, computed by sorting a copy */
static const char *
brute_path(ev *events, int n, int max_steps, bool keep_first)
{
	static char buf[65536];
	const char *steps[2048];
	int			count = 0,
				from = 0;
	size_t		at = 0;

	qsort(events, n, sizeof(ev), ev_cmp);
	for (int k = 0; k < n; k++)
		if (count == 0 || strcmp(steps[count - 1], events[k].step) != 0)
			steps[count++] = events[k].step;
	if (max_steps > 0 && count > max_steps)
	{
		if (keep_first)
			count = max_steps;
		else
			from = count - max_steps;
	}
	buf[0] = 0;
	for (int k = from; k < count; k++)
	{
		size_t		len = strlen(steps[k]);

		if (k > from)
			buf[at++] = ',';
		memcpy(buf + at, steps[k], len);
		at += len;
		buf[at] = 0;
	}
	return buf;
}

static void
test_random(void)
{
	/* short names are held in the step entry, longer than 8 bytes in the step bytes: both, */
	/* with prefixes across that boundary ("checkout" < "checkout2") and an empty step */
	static const char *names[] = {"web", "app", "store", "email", "call", "ad", "a", "ab", "web2",
	"checkout", "checkout2", "newsletter", "customer_service", ""};
	int			ok = 1,
				ok_merge = 1,
				ok_roundtrip = 1;

	for (int round = 0; round < 2000; round++)
	{
		int			n = 1 + (int) (next_random() % 400);
		int			max_steps = (int) (next_random() % 4) == 0 ? 0 : 1 + (int) (next_random() % 6);
		bool		keep_first = next_random() % 2;
		int			split = (int) (next_random() % (uint64_t) n);
		ev		   *events = malloc(sizeof(ev) * n);
		cxm_path	whole,
					a,
					b,
					back;
		char		want[65536];
		unsigned char *buf;

		for (int k = 0; k < n; k++)
		{
			events[k].ts = (int64_t) (next_random() % 60);
			events[k].step = names[next_random() % (round % 2 ? 3 : 14)];
		}
		if (round % 3 == 0)
			qsort(events, n, sizeof(ev), ev_cmp);
		cxm_path_init(&whole, max_steps, keep_first);
		cxm_path_init(&a, max_steps, keep_first);
		cxm_path_init(&b, max_steps, keep_first);
		for (int k = 0; k < n; k++)
		{
			add(&whole, events[k].ts, events[k].step);
			add(k < split ? &a : &b, events[k].ts, events[k].step);
		}
		buf = malloc(cxm_path_serialized_size(&whole));
		cxm_path_serialize(&whole, buf);
		ok_roundtrip &= cxm_path_deserialize(buf, cxm_path_serialized_size(&whole), &back, &mem) == CXM_PATH_OK;
		strcpy(want, brute_path(events, n, max_steps, keep_first));
		ok &= strcmp(path_text(&whole), want) == 0;
		cxm_path_merge(&a, &b, &mem);
		ok_merge &= strcmp(path_text(&a), want) == 0;
		ok_roundtrip &= strcmp(path_text(&back), want) == 0;
		free(buf);
		cxm_path_free(&whole, &mem);
		cxm_path_free(&a, &mem);
		cxm_path_free(&b, &mem);
		cxm_path_free(&back, &mem);
		free(events);
	}
	TAP_OK(ok, "journey_path equals sort-and-collapse (2000 random customers, capped both ways)");
	TAP_OK(ok_merge, "merging two partial states gives the same path");
	TAP_OK(ok_roundtrip, "serialized states read back to the same path");
}

static void
test_many_steps(void)
{
	cxm_path	p;
	char		name[32];
	int			ok = 1;
	uint32_t   *ids;
	int64_t		n;

	cxm_path_init(&p, 0, false);
	for (int k = 0; k < 100000; k++)
	{
		snprintf(name, sizeof(name), "page-%d", k % 5000);
		cxm_path_add(&p, 100000 - k, name, (uint32_t) strlen(name), &mem);
	}
	TAP_OK(p.steps.n == 5000, "5000 distinct steps are stored once each");
	ids = malloc(sizeof(uint32_t) * 100000);
	n = cxm_path_result(&p, ids, NULL);
	for (int64_t k = 0; k < n; k++)
	{
		uint32_t	len;
		const char *s = cxm_path_step_text(&p, ids[k], &len);

		snprintf(name, sizeof(name), "page-%d", (int) ((100000 - 1 - k) % 5000));
		ok &= len == strlen(name) && memcmp(s, name, len) == 0;
	}
	TAP_OK(n == 100000 && ok, "100000 events in reverse time order come out in time order");
	free(ids);
	cxm_path_free(&p, &mem);
}

static cxm_path_status
try_bytes(const unsigned char *b, size_t len)
{
	cxm_path	p;
	cxm_path_status st = cxm_path_deserialize(b, len, &p, &mem);

	cxm_path_free(&p, &mem);
	return st;
}

static void
test_bad_bytes(void)
{
	cxm_path	p;
	unsigned char good[256],
				b[256];
	size_t		len;
	int			fuzz_ok = 1;

	cxm_path_init(&p, 3, false);
	add(&p, 1, "web");
	add(&p, 2, "app");
	len = cxm_path_serialized_size(&p);
	cxm_path_serialize(&p, good);
	cxm_path_free(&p, &mem);
	/* header 20, "web" 4+3, "app" 4+3, events 2 x 12 */
	TAP_OK(len == 58 && try_bytes(good, len) == CXM_PATH_OK, "a valid path state reads back");
	TAP_OK(try_bytes(good, len - 1) == CXM_PATH_BAD_STATE, "truncated state rejected");
	memcpy(b, good, len);
	b[31] = 'w';
	b[32] = 'e';
	b[33] = 'b';
	TAP_OK(try_bytes(b, len) == CXM_PATH_BAD_STATE, "the same step text twice is rejected");
	memcpy(b, good, len);
	b[25] = 0;
	TAP_OK(try_bytes(b, len) == CXM_PATH_BAD_STATE, "a zero byte in a step text is rejected");
	memcpy(b, good, len);
	b[len - 1] = 2;
	TAP_OK(try_bytes(b, len) == CXM_PATH_BAD_STATE, "an event of an unknown step is rejected");
	memcpy(b, good, len);
	cxm_sess_put_u32(b + 20, 0xFFFFFFF0u);
	TAP_OK(try_bytes(b, len) == CXM_PATH_BAD_STATE, "a step longer than the state is rejected");
	memcpy(b, good, len);
	cxm_sess_put_u64(b + 12, UINT64_MAX / 2);
	TAP_OK(try_bytes(b, len) == CXM_PATH_BAD_STATE, "a huge event count is rejected without allocating");
	memcpy(b, good, len);
	b[4] = 0x80;
	TAP_OK(try_bytes(b, len) == CXM_PATH_BAD_STATE, "a negative max_steps is rejected");
	memcpy(b, good, len);
	b[len - 1] = 0;
	TAP_OK(try_bytes(b, len) == CXM_PATH_BAD_STATE, "a step no event has is rejected (every step text comes with an event)");
	memcpy(b, good, len);
	cxm_sess_put_u64(b + len - 12, (uint64_t) CXM_TS_END);
	TAP_OK(try_bytes(b, len) == CXM_PATH_BAD_STATE, "an event past the last timestamp there is rejected");
	memcpy(b, good, len);
	cxm_sess_put_u64(b + len - 12, (uint64_t) CXM_TS_NOEND);
	TAP_OK(try_bytes(b, len) == CXM_PATH_OK, "an event at infinity reads back");

	for (int round = 0; round < 20000; round++)
	{
		size_t		cut = 1 + next_random() % len;
		cxm_path	t;

		memcpy(b, good, len);
		for (int flips = 1 + (int) (next_random() % 4); flips > 0; flips--)
			b[next_random() % cut] ^= (unsigned char) (1 + next_random() % 255);
		if (cxm_path_deserialize(b, cut, &t, &mem) == CXM_PATH_OK && t.n > 0)
			fuzz_ok &= strlen(path_text(&t)) < 4096;
		cxm_path_free(&t, &mem);
	}
	TAP_OK(fuzz_ok, "20000 corrupted path states: each rejected or readable");
}

/*
 * A state cut right after a step's length: the length must be checked
 * against the 0 bytes left before anything reads the step text.  The state
 * ends at a page whose successor is unmapped, so a read past its end faults.
 */
static void
test_cut_after_length(void)
{
	unsigned char state[CXM_PATH_HEADER + 4] = {1, 0, 0, 0};
	unsigned char *b = guarded_alloc(sizeof(state));

	/* header: max_steps 0, one step, no event; then the step's length, 1000 */
	cxm_sess_put_u32(state + 4, 0);
	cxm_sess_put_u32(state + 8, 1);
	cxm_sess_put_u64(state + 12, 0);
	cxm_sess_put_u32(state + CXM_PATH_HEADER, 1000);
	if (b == NULL)
	{
		TAP_OK(0, "guard page for the cut state");
		return;
	}
	memcpy(b, state, sizeof(state));
	TAP_OK(try_bytes(b, sizeof(state)) == CXM_PATH_BAD_STATE,
		   "a state cut right after a step's length is rejected without reading past its end");
	guarded_free(b, sizeof(state));
}

static int	ticks;

static void
count_tick(void)
{
	ticks++;
}

/*
 * Reading the path reports progress every CXM_SESS_TICK_EVERY events, in
 * both directions, so the glue's CHECK_FOR_INTERRUPTS runs inside the loop.
 * 4 x 65,536 events of one step, already in time order (no sort, which
 * ticks too): every event is read, as the collapsed path is a single step,
 * so each read ticks exactly 4 times.
 */
static void
test_progress(void)
{
	enum
	{
		N = 4 * CXM_SESS_TICK_EVERY
	};
	cxm_path	p;
	uint32_t	out[2];

	cxm_path_init(&p, 0, false);
	for (int64_t k = 0; k < N; k++)
		add(&p, k, "a");
	ticks = 0;
	TAP_OK(cxm_path_result(&p, out, count_tick) == 1 && ticks == 4,
		   "the whole path: 262,144 events read forwards tick 4 times");
	cxm_path_free(&p, &mem);

	cxm_path_init(&p, 2, false);
	for (int64_t k = 0; k < N; k++)
		add(&p, k, "a");
	ticks = 0;
	TAP_OK(cxm_path_result(&p, out, count_tick) == 1 && ticks == 4,
		   "the last 2 steps: 262,144 events read backwards tick 4 times");
	cxm_path_free(&p, &mem);
}

int
main(void)
{
	test_examples();
	test_random();
	test_many_steps();
	test_bad_bytes();
	test_cut_after_length();
	test_progress();
	return tap_done();
}
