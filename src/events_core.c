/*
 * events_core.c - sorting and the binary form of the journey event buffer.
 */
#include "events_core.h"

#include <string.h>

int
cxm_event_cmp_conds(const cxm_event *a, const cxm_event *b)
{
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	if (a->mask != b->mask)
	{
		/* lowest condition met first, then the condition set as a number */
		uint64_t	low_a = a->mask & (~a->mask + 1);
		uint64_t	low_b = b->mask & (~b->mask + 1);

		if (low_a != low_b)
			return low_a < low_b ? -1 : 1;
		return a->mask < b->mask ? -1 : 1;
	}
	return 0;
}

/*
 * Introsort: median-of-three quicksort, heapsort when the recursion gets
 * deep (so the worst case stays O(n log n) on adversarial input), insertion
 * sort for short ranges.  Instantiated once per order so that the
 * comparison inlines.
 */
#define CXM_DEFINE_SORT(NAME, LESS)												\
static void																		\
NAME##_insertion(cxm_event *a, size_t n)										\
{																				\
	for (size_t i = 1; i < n; i++)												\
	{																			\
		cxm_event	v = a[i];													\
		size_t		j = i;														\
																				\
		while (j > 0 && LESS(&v, &a[j - 1]))									\
		{																		\
			a[j] = a[j - 1];													\
			j--;																\
		}																		\
		a[j] = v;																\
	}																			\
}																				\
																				\
static void																		\
NAME##_sift(cxm_event *a, size_t root, size_t n)								\
{																				\
	cxm_event	v = a[root];													\
																				\
	for (;;)																	\
	{																			\
		size_t		child = 2 * root + 1;										\
																				\
		if (child >= n)															\
			break;																\
		if (child + 1 < n && LESS(&a[child], &a[child + 1]))					\
			child++;															\
		if (!LESS(&v, &a[child]))												\
			break;																\
		a[root] = a[child];														\
		root = child;															\
	}																			\
	a[root] = v;																\
}																				\
																				\
static void																		\
NAME##_heap(cxm_event *a, size_t n, cxm_ticker *ticker)							\
{																				\
	for (size_t i = n / 2; i-- > 0;)											\
		NAME##_sift(a, i, n);													\
	for (size_t end = n; end-- > 1;)											\
	{																			\
		cxm_event	t = a[0];													\
																				\
		a[0] = a[end];															\
		a[end] = t;																\
		NAME##_sift(a, 0, end);													\
		cxm_tick(ticker, 32);													\
	}																			\
}																				\
																				\
static void																		\
NAME##_intro(cxm_event *a, size_t n, int depth, cxm_ticker *ticker)				\
{																				\
	while (n > 16)																\
	{																			\
		cxm_event	pivot;														\
		size_t		i,															\
					j;															\
		size_t		mid = n / 2;												\
																				\
		if (depth-- == 0)														\
		{																		\
			NAME##_heap(a, n, ticker);											\
			return;																\
		}																		\
		cxm_tick(ticker, (uint32_t) (n > UINT32_MAX ? UINT32_MAX : n));			\
		/* median of three into a[mid] */										\
		if (LESS(&a[mid], &a[0]))												\
		{ cxm_event t = a[mid]; a[mid] = a[0]; a[0] = t; }						\
		if (LESS(&a[n - 1], &a[mid]))											\
		{																		\
			cxm_event t = a[mid]; a[mid] = a[n - 1]; a[n - 1] = t;				\
			if (LESS(&a[mid], &a[0]))											\
			{ t = a[mid]; a[mid] = a[0]; a[0] = t; }							\
		}																		\
		pivot = a[mid];															\
		/* Hoare partition: equal keys split evenly, so runs of ties stay fast */ \
		i = 0;																	\
		j = n - 1;																\
		for (;;)																\
		{																		\
			while (LESS(&a[i], &pivot))											\
				i++;															\
			while (LESS(&pivot, &a[j]))											\
				j--;															\
			if (i >= j)															\
				break;															\
			{ cxm_event t = a[i]; a[i] = a[j]; a[j] = t; }						\
			i++;																\
			j--;																\
		}																		\
		/* recurse into the smaller side, loop on the larger */					\
		if (j + 1 < n - j - 1)													\
		{																		\
			NAME##_intro(a, j + 1, depth, ticker);								\
			a += j + 1;															\
			n -= j + 1;															\
		}																		\
		else																	\
		{																		\
			NAME##_intro(a + j + 1, n - j - 1, depth, ticker);					\
			n = j + 1;															\
		}																		\
	}																			\
	NAME##_insertion(a, n);														\
}																				\
																				\
static void																		\
NAME(cxm_event *a, size_t n, cxm_ticker *ticker)								\
{																				\
	int			depth = 0;														\
																				\
	for (size_t m = n; m > 1; m >>= 1)											\
		depth += 2;																\
	NAME##_intro(a, n, depth, ticker);											\
}

#define CXM_LESS_TS(x, y) ((x)->ts < (y)->ts)
#define CXM_LESS_CONDS(x, y) (cxm_event_cmp_conds((x), (y)) < 0)

CXM_DEFINE_SORT(sort_by_ts, CXM_LESS_TS)
CXM_DEFINE_SORT(sort_by_conds, CXM_LESS_CONDS)

void
cxm_events_sort_ts(cxm_event *events, size_t n, cxm_ticker *ticker)
{
	sort_by_ts(events, n, ticker);
}

void
cxm_events_sort_conds(cxm_event *events, size_t n, cxm_ticker *ticker)
{
	sort_by_conds(events, n, ticker);
}

/* Merge sort that copies only the left half out: scratch of n / 2 + 1. */
static void
stable_sort(cxm_event *a, size_t n, cxm_event *scratch, cxm_ticker *ticker)
{
	size_t		half,
				i,
				j,
				k;

	if (n <= 16)
	{
		sort_by_ts_insertion(a, n);
		return;
	}
	half = n / 2;
	stable_sort(a, half, scratch, ticker);
	stable_sort(a + half, n - half, scratch, ticker);
	if (a[half - 1].ts <= a[half].ts)
		return;
	cxm_tick(ticker, (uint32_t) (n > UINT32_MAX ? UINT32_MAX : n));
	memcpy(scratch, a, half * sizeof(cxm_event));
	i = 0;
	j = half;
	k = 0;
	while (i < half && j < n)
	{
		/* ties take the left run first: that is what keeps arrival order */
		if (a[j].ts < scratch[i].ts)
			a[k++] = a[j++];
		else
			a[k++] = scratch[i++];
	}
	while (i < half)
		a[k++] = scratch[i++];
}

void
cxm_events_sort_ts_stable(cxm_event *events, size_t n, cxm_event *scratch, cxm_ticker *ticker)
{
	stable_sort(events, n, scratch, ticker);
}

/* ---------- binary form ---------- */

static void
put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t) (v >> (8 * i));
}

static void
put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t) (v >> (8 * i));
}

static uint32_t
get_u32(const uint8_t *p)
{
	uint32_t	v = 0;

	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t
get_u64(const uint8_t *p)
{
	uint64_t	v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

size_t
cxm_events_encoded_size(const cxm_events_header *header)
{
	return CXM_EVENTS_HEADER_SIZE + (size_t) header->pattern_len + (size_t) header->count * 16;
}

void
cxm_events_encode(const cxm_events_header *header, const char *pattern,
				 const cxm_event *events, uint8_t *out)
{
	uint8_t    *p;

	out[0] = CXM_EVENTS_VERSION;
	out[1] = header->kind;
	out[2] = header->nconds;
	out[3] = header->sorted ? 1 : 0;
	put_u32(out + 4, header->flags);
	put_u64(out + 8, header->window);
	put_u32(out + 16, header->pattern_len);
	put_u64(out + 20, header->count);
	p = out + CXM_EVENTS_HEADER_SIZE;
	if (header->pattern_len > 0)
		memcpy(p, pattern, header->pattern_len);
	p += header->pattern_len;
	for (uint64_t i = 0; i < header->count; i++, p += 16)
	{
		put_u64(p, (uint64_t) events[i].ts);
		put_u64(p + 8, events[i].mask);
	}
}

cxm_decode_status
cxm_events_decode_header(const uint8_t *data, size_t size,
						cxm_events_header *header, const char **pattern)
{
	uint64_t	room;

	if (size < CXM_EVENTS_HEADER_SIZE)
		return CXM_DECODE_SHORT;
	if (data[0] != CXM_EVENTS_VERSION)
		return CXM_DECODE_VERSION;
	header->kind = data[1];
	if (header->kind != CXM_KIND_FUNNEL && header->kind != CXM_KIND_SEQUENCE)
		return CXM_DECODE_KIND;
	header->nconds = data[2];
	/* 0: no row has told the number yet (each came with a NULL array); masks are checked against it */
	if (header->nconds > CXM_MAX_CONDITIONS)
		return CXM_DECODE_CONDITIONS;
	if (data[3] > 1)
		return CXM_DECODE_FIELD;
	header->sorted = data[3] == 1;
	header->flags = get_u32(data + 4);
	header->window = get_u64(data + 8);
	if (header->window > (uint64_t) INT64_MAX)
		return CXM_DECODE_FIELD;
	header->pattern_len = get_u32(data + 16);
	header->count = get_u64(data + 20);
	room = size - CXM_EVENTS_HEADER_SIZE;
	if (header->pattern_len > room)
		return CXM_DECODE_LENGTH;
	room -= header->pattern_len;
	/* written this way so that a huge count cannot overflow the product */
	if (room % 16 != 0 || header->count != room / 16)
		return CXM_DECODE_LENGTH;
	*pattern = (const char *) data + CXM_EVENTS_HEADER_SIZE;
	return CXM_DECODE_OK;
}

cxm_decode_status
cxm_events_decode_events(const uint8_t *data, const cxm_events_header *header,
						bool allow_empty_mask, cxm_event *events)
{
	const uint8_t *p = data + CXM_EVENTS_HEADER_SIZE + header->pattern_len;
	uint64_t	allowed = header->nconds == 64 ? ~UINT64_C(0) : (UINT64_C(1) << header->nconds) - 1;

	for (uint64_t i = 0; i < header->count; i++, p += 16)
	{
		events[i].ts = (int64_t) get_u64(p);
		events[i].mask = get_u64(p + 8);
		if ((events[i].mask & ~allowed) != 0 || (events[i].mask == 0 && !allow_empty_mask))
			return CXM_DECODE_MASK;
		if (!cxm_ts_valid(events[i].ts))
			return CXM_DECODE_TIMESTAMP;
		if (header->sorted && i > 0 &&
			(header->kind == CXM_KIND_FUNNEL
			 ? events[i - 1].ts > events[i].ts
			 : cxm_event_cmp_conds(&events[i - 1], &events[i]) > 0))
			return CXM_DECODE_ORDER;
	}
	return CXM_DECODE_OK;
}
