/*
 * attribution_markov_core.c - Markov-chain attribution: building, merging,
 * encoding and validating chains, and the exact removal-effect solver.
 */
#include "attribution_markov_core.h"

#include "wire_core.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Open-addressing tables start small (many GROUP BY states) and double at half full. */
#define INITIAL_SLOTS 16
/*
 * The direct index of transitions is kept while it has at most 4,096 cells
 * (16 kB) or at most 8 per transition (32 bytes, about what the sparse
 * table spends on each): so a chain's memory always follows what it holds.
 */
#define DENSE_MIN_CELLS 4096
#define DENSE_CELLS_PER_TRANSITION 8
#define MAX_STATE_IDS (CXM_MARKOV_MAX_STATES + 1)	/* with the start */


/* ---------- memory ---------- */

static void *
mem_alloc(const cxm_markov_alloc *mem, size_t size)
{
	return mem->alloc(mem->ctx, size == 0 ? 1 : size);
}

static void
mem_release(const cxm_markov_alloc *mem, void *ptr)
{
	if (ptr != NULL)
		mem->release(mem->ctx, ptr);
}

/* A larger copy of an array; the old one is released. */
static void *
mem_grow(const cxm_markov_alloc *mem, void *old, size_t old_size, size_t new_size)
{
	void	   *p = mem_alloc(mem, new_size);

	if (old_size > 0)
		memcpy(p, old, old_size);
	mem_release(mem, old);
	return p;
}

/* ---------- hashing ---------- */

static uint32_t
hash_bytes(const char *p, uint32_t len)
{
	uint32_t	h = 2166136261u;

	for (uint32_t i = 0; i < len; i++)
		h = (h ^ (uint8_t) p[i]) * 16777619u;
	return h;
}

static uint32_t
hash_path(const int32_t *path, int len)
{
	uint32_t	h = 2166136261u ^ (uint32_t) len;

	for (int i = 0; i < len; i++)
		h = (h ^ (uint32_t) path[i]) * 16777619u;
	return h ^ (h >> 15);
}

/* ---------- exact values ---------- */

/* 10^38: values stay below it, so they always print in 38 digits */
static const cxm_markov_value value_cap = {UINT64_C(0x4B3B4CA85A86C47A), UINT64_C(0x098A224000000000)};

static bool
value_below_cap(cxm_markov_value v)
{
	return v.hi < value_cap.hi || (v.hi == value_cap.hi && v.lo < value_cap.lo);
}

/* a += b; false when the sum reaches the cap. */
static bool
value_add(cxm_markov_value *a, cxm_markov_value b)
{
	uint64_t	lo = a->lo + b.lo;
	uint64_t	carry = lo < b.lo;

	if (b.hi > value_cap.hi || a->hi > value_cap.hi - b.hi - carry)
		return false;
	a->hi += b.hi + carry;
	a->lo = lo;
	return value_below_cap(*a);
}

/* v = v * 10 + digit; false when it reaches the cap. */
static bool
value_push_digit(cxm_markov_value *v, unsigned digit)
{
	uint64_t	t0 = (v->lo & 0xffffffffu) * 10 + digit;
	uint64_t	t1 = (v->lo >> 32) * 10 + (t0 >> 32);
	uint64_t	carry = t1 >> 32;

	if (v->hi > (value_cap.hi - carry) / 10)
		return false;
	v->hi = v->hi * 10 + carry;
	v->lo = (t0 & 0xffffffffu) | (t1 << 32);
	return value_below_cap(*v);
}

/* v /= 10, returning the remainder. */
static unsigned
value_divide10(cxm_markov_value *v)
{
	uint32_t	limbs[4] = {(uint32_t) (v->hi >> 32), (uint32_t) v->hi, (uint32_t) (v->lo >> 32), (uint32_t) v->lo};
	uint64_t	rem = 0;

	for (int i = 0; i < 4; i++)
	{
		uint64_t	cur = (rem << 32) | limbs[i];

		limbs[i] = (uint32_t) (cur / 10);
		rem = cur % 10;
	}
	v->hi = ((uint64_t) limbs[0] << 32) | limbs[1];
	v->lo = ((uint64_t) limbs[2] << 32) | limbs[3];
	return (unsigned) rem;
}

cxm_markov_value_status
cxm_markov_value_parse(const char *text, size_t len, cxm_markov_value *out)
{
	const char *p = text,
			   *end = text + len;
	bool		negative = false,
				point = false,
				nonzero = false,
				round_up = false;
	int			decimals = 0;
	cxm_markov_value v = {0, 0};

	if ((len == 3 && memcmp(text, "NaN", 3) == 0) || (len == 8 && memcmp(text, "Infinity", 8) == 0) ||
		(len == 9 && memcmp(text, "-Infinity", 9) == 0))
		return CXM_MARKOV_VALUE_NOT_FINITE;
	if (p < end && *p == '-')
	{
		negative = true;
		p++;
	}
	if (p == end || !(*p >= '0' && *p <= '9'))
		return CXM_MARKOV_VALUE_SYNTAX;
	for (; p < end; p++)
	{
		if (*p == '.' && !point)
		{
			point = true;
			if (p + 1 == end)
				return CXM_MARKOV_VALUE_SYNTAX;
			continue;
		}
		if (!(*p >= '0' && *p <= '9'))
			return CXM_MARKOV_VALUE_SYNTAX;
		if (*p != '0')
			nonzero = true;
		if (point && decimals >= CXM_MARKOV_VALUE_SCALE)
		{
			/* the first dropped decimal decides: round half up */
			if (decimals == CXM_MARKOV_VALUE_SCALE)
				round_up = *p >= '5';
			decimals++;
			continue;
		}
		if (point)
			decimals++;
		if (!value_push_digit(&v, (unsigned) (*p - '0')))
			return CXM_MARKOV_VALUE_TOO_LARGE;
	}
	if (negative && nonzero)
		return CXM_MARKOV_VALUE_NEGATIVE;
	for (; decimals < CXM_MARKOV_VALUE_SCALE; decimals++)
		if (!value_push_digit(&v, 0))
			return CXM_MARKOV_VALUE_TOO_LARGE;
	if (round_up)
	{
		cxm_markov_value one = {0, 1};

		if (!value_add(&v, one))
			return CXM_MARKOV_VALUE_TOO_LARGE;
	}
	*out = v;
	return CXM_MARKOV_VALUE_OK;
}

void
cxm_markov_value_format(cxm_markov_value v, char *buf)
{
	char		digits[48];
	int			n = 0;
	char	   *p = buf;

	do
	{
		digits[n++] = (char) ('0' + value_divide10(&v));
	} while (v.hi != 0 || v.lo != 0);
	while (n <= CXM_MARKOV_VALUE_SCALE)
		digits[n++] = '0';
	/* digits[] is backwards: the fraction is digits[0..8] */
	for (int k = n - 1; k >= CXM_MARKOV_VALUE_SCALE; k--)
		*p++ = digits[k];
	{
		int			last = 0;

		while (last < CXM_MARKOV_VALUE_SCALE && digits[last] == '0')
			last++;
		if (last < CXM_MARKOV_VALUE_SCALE)
		{
			*p++ = '.';
			for (int k = CXM_MARKOV_VALUE_SCALE - 1; k >= last; k--)
				*p++ = digits[k];
		}
	}
	*p = '\0';
}

double
cxm_markov_value_double(cxm_markov_value v)
{
	return (ldexp((double) v.hi, 64) + (double) v.lo) / 1e9;
}

/* ---------- building ---------- */

static void
fill_int32(int32_t *p, size_t n, int32_t v)
{
	for (size_t i = 0; i < n; i++)
		p[i] = v;
}

cxm_markov *
cxm_markov_create(const cxm_markov_alloc *mem, int order, bool has_value)
{
	cxm_markov *m = mem_alloc(mem, sizeof(cxm_markov));

	memset(m, 0, sizeof(*m));
	m->mem = *mem;
	m->order = order;
	m->has_value = has_value;

	m->cap_channels = 8;
	m->name_start = mem_alloc(mem, sizeof(uint32_t) * (size_t) m->cap_channels);
	m->name_len = mem_alloc(mem, sizeof(uint32_t) * (size_t) m->cap_channels);
	m->names_cap = 64;
	m->names = mem_alloc(mem, m->names_cap);
	m->channel_mask = INITIAL_SLOTS - 1;
	m->channel_slots = mem_alloc(mem, sizeof(int32_t) * INITIAL_SLOTS);
	fill_int32(m->channel_slots, INITIAL_SLOTS, -1);

	m->cap_states = 8;
	m->path_len = mem_alloc(mem, (size_t) m->cap_states);
	m->paths = mem_alloc(mem, sizeof(int32_t) * (size_t) (m->cap_states * order));
	m->first_transition = mem_alloc(mem, sizeof(int32_t) * (size_t) m->cap_states);
	m->state_mask = INITIAL_SLOTS - 1;
	m->state_slots = mem_alloc(mem, sizeof(int32_t) * INITIAL_SLOTS);
	fill_int32(m->state_slots, INITIAL_SLOTS, -1);

	m->cap_transitions = 16;
	m->transitions = mem_alloc(mem, sizeof(cxm_markov_transition) * (size_t) m->cap_transitions);
	m->transition_mask = 2 * INITIAL_SLOTS - 1;
	m->transition_slots = mem_alloc(mem, sizeof(int32_t) * 2 * INITIAL_SLOTS);
	fill_int32(m->transition_slots, 2 * INITIAL_SLOTS, -1);

	m->dense_stride = m->cap_channels + 2;
	m->dense = mem_alloc(mem, sizeof(int32_t) * (size_t) (m->cap_states * m->dense_stride));
	fill_int32(m->dense, (size_t) (m->cap_states * m->dense_stride), -1);

	/* the start: the empty path */
	m->path_len[0] = 0;
	m->first_transition[0] = -1;
	m->state_slots[hash_path(NULL, 0) & m->state_mask] = 0;
	m->n_states = 1;
	return m;
}

void
cxm_markov_free(cxm_markov *m)
{
	cxm_markov_alloc mem;

	if (m == NULL)
		return;
	mem = m->mem;
	mem_release(&mem, m->name_start);
	mem_release(&mem, m->name_len);
	mem_release(&mem, m->names);
	mem_release(&mem, m->channel_slots);
	mem_release(&mem, m->path_len);
	mem_release(&mem, m->paths);
	mem_release(&mem, m->first_transition);
	mem_release(&mem, m->state_slots);
	mem_release(&mem, m->transitions);
	mem_release(&mem, m->transition_slots);
	mem_release(&mem, m->dense);
	mem_release(&mem, m);
}

static inline bool
dense_affordable(const cxm_markov *m, size_t cells)
{
	return cells <= DENSE_MIN_CELLS || cells <= DENSE_CELLS_PER_TRANSITION * (size_t) m->n_transitions;
}

/*
 * The direct index at rows x stride (the capacities), from the old one or,
 * when rebuild is set, from the transitions; dropped when it would cost
 * too much, to be tried again at dense_retry transitions.
 */
static void
resize_dense(cxm_markov *m, int rows, int stride, bool rebuild)
{
	size_t		cells = (size_t) rows * (size_t) stride;
	int32_t    *dense;

	if (m->dense == NULL && !rebuild)
		return;
	if (!dense_affordable(m, cells))
	{
		mem_release(&m->mem, m->dense);
		m->dense = NULL;
		m->dense_retry = (int) (cells / DENSE_CELLS_PER_TRANSITION) + 1;
		return;
	}
	dense = mem_alloc(&m->mem, sizeof(int32_t) * cells);
	fill_int32(dense, cells, -1);
	if (m->dense != NULL)
		for (int s = 0; s < m->n_states; s++)
			memcpy(dense + (size_t) s * stride, m->dense + (size_t) s * m->dense_stride,
				   sizeof(int32_t) * (size_t) (m->dense_stride < stride ? m->dense_stride : stride));
	else
		for (int t = 0; t < m->n_transitions; t++)
			dense[(size_t) m->transitions[t].from * stride + m->transitions[t].column] = t;
	mem_release(&m->mem, m->dense);
	m->dense = dense;
	m->dense_stride = stride;
}

static void
grow_channels(cxm_markov *m)
{
	int			cap = m->cap_channels * 2;

	if (cap > CXM_MARKOV_MAX_CHANNELS)
		cap = CXM_MARKOV_MAX_CHANNELS;
	m->name_start = mem_grow(&m->mem, m->name_start, sizeof(uint32_t) * (size_t) m->n_channels,
							 sizeof(uint32_t) * (size_t) cap);
	m->name_len = mem_grow(&m->mem, m->name_len, sizeof(uint32_t) * (size_t) m->n_channels,
						   sizeof(uint32_t) * (size_t) cap);
	resize_dense(m, m->cap_states, cap + 2, false);
	m->cap_channels = cap;
}

static void
grow_states(cxm_markov *m)
{
	int			cap = m->cap_states * 2;

	if (cap > MAX_STATE_IDS)
		cap = MAX_STATE_IDS;
	m->path_len = mem_grow(&m->mem, m->path_len, (size_t) m->n_states, (size_t) cap);
	m->paths = mem_grow(&m->mem, m->paths, sizeof(int32_t) * (size_t) (m->n_states * m->order),
						sizeof(int32_t) * (size_t) (cap * m->order));
	m->first_transition = mem_grow(&m->mem, m->first_transition, sizeof(int32_t) * (size_t) m->n_states,
								   sizeof(int32_t) * (size_t) cap);
	resize_dense(m, cap, m->cap_channels + 2, false);
	m->cap_states = cap;
}

static int
compare_names(const char *a, uint32_t alen, const char *b, uint32_t blen)
{
	int			c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : (alen > blen ? 1 : 0);
}

static inline const int32_t *
state_path(const cxm_markov *m, int s)
{
	return m->paths + (size_t) s * m->order;
}

/*
 * A transition's key (from, column) hashed: both are below 2^11, packed,
 * then mixed (murmur3's finaliser) so that neighbouring keys spread over
 * the low bits the table uses.
 */
static inline uint32_t
hash_transition(int32_t from, int32_t column)
{
	uint32_t	h = ((uint32_t) from << 11) | (uint32_t) column;

	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* Doubles a hash table of ids, re-inserting each id under its hash. */
typedef enum id_kind
{
	IDS_CHANNELS,
	IDS_STATES,
	IDS_TRANSITIONS
} id_kind;

static int32_t *
rehash(cxm_markov *m, int32_t *slots, uint32_t *mask, int count, id_kind kind)
{
	uint32_t	new_mask = *mask * 2 + 1;
	int32_t    *grown = mem_alloc(&m->mem, sizeof(int32_t) * ((size_t) new_mask + 1));

	fill_int32(grown, (size_t) new_mask + 1, -1);
	for (int id = 0; id < count; id++)
	{
		uint32_t	h = kind == IDS_CHANNELS ? hash_bytes(m->names + m->name_start[id], m->name_len[id])
			: kind == IDS_STATES ? hash_path(state_path(m, id), m->path_len[id])
			: hash_transition(m->transitions[id].from, m->transitions[id].column);
		uint32_t	slot = h & new_mask;

		while (grown[slot] >= 0)
			slot = (slot + 1) & new_mask;
		grown[slot] = id;
	}
	mem_release(&m->mem, slots);
	*mask = new_mask;
	return grown;
}

/*
 * The id of a channel; a new one is added when insert is set.  Returns -1
 * when absent (or, with *status set, when the cap is reached).
 */
static int
channel_id(cxm_markov *m, const char *name, uint32_t len, bool insert, cxm_markov_status *status)
{
	uint32_t	slot = hash_bytes(name, len) & m->channel_mask;
	int			id;

	for (;;)
	{
		id = m->channel_slots[slot];
		if (id < 0)
			break;
		if (m->name_len[id] == len && memcmp(m->names + m->name_start[id], name, len) == 0)
			return id;
		slot = (slot + 1) & m->channel_mask;
	}
	if (!insert)
		return -1;
	if (m->n_channels >= CXM_MARKOV_MAX_CHANNELS)
	{
		*status = CXM_MARKOV_TOO_MANY_CHANNELS;
		return -1;
	}
	if (m->n_channels == m->cap_channels)
		grow_channels(m);
	if (m->names_used + len > m->names_cap)
	{
		size_t		cap = m->names_cap * 2;

		while (cap < m->names_used + len)
			cap *= 2;
		m->names = mem_grow(&m->mem, m->names, m->names_used, cap);
		m->names_cap = cap;
	}
	id = m->n_channels++;
	memcpy(m->names + m->names_used, name, len);
	m->name_start[id] = (uint32_t) m->names_used;
	m->name_len[id] = len;
	m->names_used += len;
	m->channel_slots[slot] = id;
	if ((uint32_t) m->n_channels * 2 > m->channel_mask)
		m->channel_slots = rehash(m, m->channel_slots, &m->channel_mask, m->n_channels, IDS_CHANNELS);
	return id;
}

/* The id of the state with this path; like channel_id. */
static int
state_id(cxm_markov *m, const int32_t *path, int len, bool insert, cxm_markov_status *status)
{
	uint32_t	slot = hash_path(path, len) & m->state_mask;
	int			id;

	for (;;)
	{
		id = m->state_slots[slot];
		if (id < 0)
			break;
		if (m->path_len[id] == len && memcmp(state_path(m, id), path, sizeof(int32_t) * (size_t) len) == 0)
			return id;
		slot = (slot + 1) & m->state_mask;
	}
	if (!insert)
		return -1;
	if (m->n_states >= MAX_STATE_IDS)
	{
		*status = CXM_MARKOV_TOO_MANY_STATES;
		return -1;
	}
	if (m->n_states == m->cap_states)
		grow_states(m);
	id = m->n_states++;
	m->path_len[id] = (uint8_t) len;
	if (len > 0)
		memcpy(m->paths + (size_t) id * m->order, path, sizeof(int32_t) * (size_t) len);
	m->first_transition[id] = -1;
	m->state_slots[slot] = id;
	if ((uint32_t) m->n_states * 2 > m->state_mask)
		m->state_slots = rehash(m, m->state_slots, &m->state_mask, m->n_states, IDS_STATES);
	return id;
}

/* The path of the state after s when channel c follows: the last `order` channels. */
static int
shifted_path(const cxm_markov *m, int s, int32_t c, int32_t *out)
{
	int			len = m->path_len[s];
	const int32_t *path = state_path(m, s);

	if (len < m->order)
	{
		memcpy(out, path, sizeof(int32_t) * (size_t) len);
		out[len] = c;
		return len + 1;
	}
	memcpy(out, path + 1, sizeof(int32_t) * (size_t) (len - 1));
	out[len - 1] = c;
	return len;
}

/* A new transition from state s to a column (count 0), in the free slot found. */
static int
transition_new(cxm_markov *m, int s, int32_t column, uint32_t slot, cxm_markov_status *status)
{
	int			id;
	int			to = -1;
	cxm_markov_transition *t;

	if (column >= CXM_MARKOV_COL_CHANNEL(0))
	{
		int32_t		path[CXM_MARKOV_MAX_ORDER];
		int			len = shifted_path(m, s, column - CXM_MARKOV_COL_CHANNEL(0), path);

		to = state_id(m, path, len, true, status);
		if (to < 0)
			return -1;
	}
	if (m->n_transitions == m->cap_transitions)
	{
		m->transitions = mem_grow(&m->mem, m->transitions,
								  sizeof(cxm_markov_transition) * (size_t) m->n_transitions,
								  sizeof(cxm_markov_transition) * (size_t) m->cap_transitions * 2);
		m->cap_transitions *= 2;
	}
	id = m->n_transitions++;
	t = &m->transitions[id];
	t->count = 0;
	t->from = s;
	t->column = column;
	t->to = to;
	/* first in its state's list: readers sort a state's transitions, so the list order does not matter */
	t->next = m->first_transition[s];
	m->first_transition[s] = id;
	m->transition_slots[slot] = id;
	if (m->dense != NULL)
		m->dense[(size_t) s * m->dense_stride + column] = id;
	else if (m->n_transitions >= m->dense_retry)
		resize_dense(m, m->cap_states, m->cap_channels + 2, true);
	if ((uint32_t) m->n_transitions * 2 > m->transition_mask)
		m->transition_slots = rehash(m, m->transition_slots, &m->transition_mask, m->n_transitions, IDS_TRANSITIONS);
	return id;
}

/*
 * The transition from state s to a column, created (count 0, and for a
 * channel the state it leads to) if new.  Returns its index, or -1 with
 * *status set when a limit is reached.
 */
static inline int
transition_of(cxm_markov *m, int s, int32_t column, cxm_markov_status *status)
{
	uint32_t	slot;

	if (m->dense != NULL && m->dense[(size_t) s * m->dense_stride + column] >= 0)
		return m->dense[(size_t) s * m->dense_stride + column];
	slot = hash_transition(s, column) & m->transition_mask;
	for (;;)
	{
		int			id = m->transition_slots[slot];

		if (id < 0)
			return transition_new(m, s, column, slot, status);
		if (m->transitions[id].from == s && m->transitions[id].column == column)
			return id;
		slot = (slot + 1) & m->transition_mask;
	}
}

static bool
add_count(uint64_t *cell, uint64_t n)
{
	if (*cell > (uint64_t) INT64_MAX - n)
		return false;
	*cell += n;
	return true;
}

cxm_markov_status
cxm_markov_add(cxm_markov *m, const cxm_markov_name *path, int n, bool converted, cxm_markov_value value)
{
	cxm_markov_status status = CXM_MARKOV_OK;
	int			s = 0;
	int			t;

	if (n <= 0)
		return CXM_MARKOV_OK;	/* a journey without touches says nothing about channels */
	if (m->journeys >= (uint64_t) INT64_MAX)
		return CXM_MARKOV_COUNT_OVERFLOW;
	for (int i = 0; i < n; i++)
	{
		int			c = channel_id(m, path[i].bytes, path[i].len, true, &status);

		if (c < 0)
			return status;
		t = transition_of(m, s, CXM_MARKOV_COL_CHANNEL(c), &status);
		if (t < 0)
			return status;
		if (!add_count(&m->transitions[t].count, 1))
			return CXM_MARKOV_COUNT_OVERFLOW;
		s = m->transitions[t].to;
	}
	t = transition_of(m, s, converted ? CXM_MARKOV_COL_CONVERSION : CXM_MARKOV_COL_NULL, &status);
	if (t < 0)
		return status;
	if (!add_count(&m->transitions[t].count, 1))
		return CXM_MARKOV_COUNT_OVERFLOW;
	m->journeys++;
	if (converted)
	{
		m->conversions++;
		if (m->has_value && !value_add(&m->value, value))
			return CXM_MARKOV_VALUE_OVERFLOW;
	}
	return CXM_MARKOV_OK;
}

cxm_markov_status
cxm_markov_merge(cxm_markov *dst, const cxm_markov *src)
{
	cxm_markov_status status = CXM_MARKOV_OK;
	int32_t    *channel_map,
			   *state_map;

	if (dst->order != src->order)
		return CXM_MARKOV_ORDER_MISMATCH;
	if (dst->has_value != src->has_value)
		return CXM_MARKOV_VALUE_MISMATCH;
	if (dst->journeys > (uint64_t) INT64_MAX - src->journeys)
		return CXM_MARKOV_COUNT_OVERFLOW;

	channel_map = mem_alloc(&dst->mem, sizeof(int32_t) * (size_t) src->n_channels);
	state_map = mem_alloc(&dst->mem, sizeof(int32_t) * (size_t) src->n_states);
	for (int c = 0; c < src->n_channels && status == CXM_MARKOV_OK; c++)
		channel_map[c] = channel_id(dst, src->names + src->name_start[c], src->name_len[c], true, &status);
	for (int s = 0; s < src->n_states && status == CXM_MARKOV_OK; s++)
	{
		int32_t		path[CXM_MARKOV_MAX_ORDER];
		int			len = src->path_len[s];

		for (int i = 0; i < len; i++)
			path[i] = channel_map[state_path(src, s)[i]];
		state_map[s] = state_id(dst, path, len, true, &status);
	}
	for (int k = 0; k < src->n_transitions && status == CXM_MARKOV_OK; k++)
	{
		const cxm_markov_transition *from = &src->transitions[k];
		int32_t		column = from->column < CXM_MARKOV_COL_CHANNEL(0) ? from->column
			: CXM_MARKOV_COL_CHANNEL(channel_map[from->column - CXM_MARKOV_COL_CHANNEL(0)]);
		int			t = transition_of(dst, state_map[from->from], column, &status);

		if (t >= 0 && !add_count(&dst->transitions[t].count, from->count))
			status = CXM_MARKOV_COUNT_OVERFLOW;
	}
	mem_release(&dst->mem, channel_map);
	mem_release(&dst->mem, state_map);
	if (status != CXM_MARKOV_OK)
		return status;
	dst->journeys += src->journeys;
	dst->conversions += src->conversions;
	if (dst->has_value && !value_add(&dst->value, src->value))
		return CXM_MARKOV_VALUE_OVERFLOW;
	return CXM_MARKOV_OK;
}

/* ---------- canonical order ---------- */

typedef int (*item_cmp) (const void *ctx, int32_t a, int32_t b);

/* Merge sort of ids by a comparator (bottom-up); tmp holds n ids. */
static void
sort_ids(int32_t *items, int n, int32_t *tmp, item_cmp cmp, const void *ctx)
{
	int32_t    *from = items,
			   *to = tmp;

	for (int width = 1; width < n; width *= 2)
	{
		for (int lo = 0; lo < n; lo += 2 * width)
		{
			int			mid = lo + width < n ? lo + width : n,
						hi = lo + 2 * width < n ? lo + 2 * width : n,
						i = lo,
						j = mid,
						k = lo;

			while (i < mid && j < hi)
				to[k++] = cmp(ctx, from[j], from[i]) < 0 ? from[j++] : from[i++];
			while (i < mid)
				to[k++] = from[i++];
			while (j < hi)
				to[k++] = from[j++];
		}
		{
			int32_t    *swap = from;

			from = to;
			to = swap;
		}
	}
	if (from != items)
		memcpy(items, from, sizeof(int32_t) * (size_t) n);
}

/* An id with an integer sort key. */
typedef struct keyed
{
	uint64_t	key;
	int32_t		id;
} keyed;

/* Merge sort by key (bottom-up); tmp holds n items. */
static void
sort_keyed(keyed *items, int n, keyed *tmp)
{
	keyed	   *from = items,
			   *to = tmp;

	for (int width = 1; width < n; width *= 2)
	{
		for (int lo = 0; lo < n; lo += 2 * width)
		{
			int			mid = lo + width < n ? lo + width : n,
						hi = lo + 2 * width < n ? lo + 2 * width : n,
						i = lo,
						j = mid,
						k = lo;

			while (i < mid && j < hi)
				to[k++] = from[j].key < from[i].key ? from[j++] : from[i++];
			while (i < mid)
				to[k++] = from[i++];
			while (j < hi)
				to[k++] = from[j++];
		}
		{
			keyed	   *swap = from;

			from = to;
			to = swap;
		}
	}
	if (from != items)
		memcpy(items, from, sizeof(keyed) * (size_t) n);
}

static int
cmp_channels(const void *ctx, int32_t a, int32_t b)
{
	const cxm_markov *m = ctx;

	return compare_names(m->names + m->name_start[a], m->name_len[a],
						 m->names + m->name_start[b], m->name_len[b]);
}

void
cxm_markov_channels_sorted(const cxm_markov *m, int32_t *ids)
{
	int32_t    *tmp = mem_alloc(&m->mem, sizeof(int32_t) * (size_t) m->n_channels);

	for (int c = 0; c < m->n_channels; c++)
		ids[c] = c;
	sort_ids(ids, m->n_channels, tmp, cmp_channels, m);
	mem_release(&m->mem, tmp);
}

/*
 * A state's place in canonical order as an integer: the ranks + 1 of its
 * channels, 10 bits each (ranks are below 1,000), first channel highest,
 * so that a tuple sorts before its extensions and the start (0) first.
 */
#define RANK_BITS 10

static uint64_t
state_key(const cxm_markov *m, const int32_t *rank, int s)
{
	uint64_t	key = 0;

	for (int i = 0; i < CXM_MARKOV_MAX_ORDER; i++)
		key = (key << RANK_BITS) | (i < m->path_len[s] ? (uint64_t) (rank[state_path(m, s)[i]] + 1) : 0);
	return key;
}

void
cxm_markov_states_sorted(const cxm_markov *m, const int32_t *rank, int32_t *states)
{
	keyed	   *items = mem_alloc(&m->mem, sizeof(keyed) * (size_t) m->n_states * 2);

	for (int s = 0; s < m->n_states; s++)
	{
		items[s].key = state_key(m, rank, s);
		items[s].id = s;
	}
	sort_keyed(items, m->n_states, items + m->n_states);
	for (int s = 0; s < m->n_states; s++)
		states[s] = items[s].id;
	mem_release(&m->mem, items);
}

uint64_t
cxm_markov_state_total(const cxm_markov *m, int s)
{
	uint64_t	total = 0;

	for (int t = m->first_transition[s]; t >= 0; t = m->transitions[t].next)
		total += m->transitions[t].count;
	return total;
}

/* The canonical place of a column: null, conversion, then channels by rank. */
static inline uint64_t
column_key(const int32_t *rank, int32_t column)
{
	return (uint64_t) (column < CXM_MARKOV_COL_CHANNEL(0) ? column
					   : CXM_MARKOV_COL_CHANNEL(rank[column - CXM_MARKOV_COL_CHANNEL(0)]));
}

int
cxm_markov_state_transitions(const cxm_markov *m, int s, const int32_t *rank, int32_t *out)
{
	keyed	   *items = mem_alloc(&m->mem, sizeof(keyed) * (size_t) (m->n_channels + 2) * 2);
	int			n = 0;

	for (int t = m->first_transition[s]; t >= 0; t = m->transitions[t].next)
	{
		items[n].key = column_key(rank, m->transitions[t].column);
		items[n++].id = t;
	}
	sort_keyed(items, n, items + n);
	for (int k = 0; k < n; k++)
		out[k] = items[k].id;
	mem_release(&m->mem, items);
	return n;
}

/*
 * The canonical order shared by the encoders: channels by name; states in
 * canonical order; transitions by state, then null, conversion, and
 * channels by rank.
 */
typedef struct canonical
{
	int32_t    *channels;		/* ids by rank */
	int32_t    *rank;			/* rank by id */
	int32_t    *transitions;	/* the transitions with a count, in order */
	int			n_transitions;
} canonical;

static void
canonical_make(const cxm_markov *m, canonical *cn)
{
	keyed	   *items = mem_alloc(&m->mem, sizeof(keyed) * (size_t) (m->n_states > m->n_transitions ? m->n_states : m->n_transitions) * 2);
	int32_t    *place = mem_alloc(&m->mem, sizeof(int32_t) * (size_t) m->n_states);
	int			n = 0;

	cn->channels = mem_alloc(&m->mem, sizeof(int32_t) * (size_t) m->n_channels);
	cn->rank = mem_alloc(&m->mem, sizeof(int32_t) * (size_t) m->n_channels);
	cn->transitions = mem_alloc(&m->mem, sizeof(int32_t) * (size_t) m->n_transitions);
	cxm_markov_channels_sorted(m, cn->channels);
	for (int r = 0; r < m->n_channels; r++)
		cn->rank[cn->channels[r]] = r;
	for (int s = 0; s < m->n_states; s++)
	{
		items[s].key = state_key(m, cn->rank, s);
		items[s].id = s;
	}
	sort_keyed(items, m->n_states, items + m->n_states);
	for (int k = 0; k < m->n_states; k++)
		place[items[k].id] = k;
	if (m->dense != NULL)
	{
		/* small: walk the direct index, states in order, columns in order */
		for (int k = 0; k < m->n_states; k++)
			for (int j = 0; j < m->n_channels + 2; j++)
			{
				int32_t		column = j < CXM_MARKOV_COL_CHANNEL(0) ? j : CXM_MARKOV_COL_CHANNEL(cn->channels[j - 2]);
				int32_t		t = m->dense[(size_t) items[k].id * m->dense_stride + column];

				if (t >= 0 && m->transitions[t].count != 0)
					cn->transitions[n++] = t;
			}
	}
	else
	{
		/* a state's place (below 2^10 + 1) above its column key (below 2^11) */
		for (int t = 0; t < m->n_transitions; t++)
			if (m->transitions[t].count != 0)
			{
				items[n].key = ((uint64_t) place[m->transitions[t].from] << 11) | column_key(cn->rank, m->transitions[t].column);
				items[n++].id = t;
			}
		sort_keyed(items, n, items + n);
		for (int k = 0; k < n; k++)
			cn->transitions[k] = items[k].id;
	}
	cn->n_transitions = n;
	mem_release(&m->mem, items);
	mem_release(&m->mem, place);
}

static void
canonical_free(const cxm_markov *m, canonical *cn)
{
	mem_release(&m->mem, cn->channels);
	mem_release(&m->mem, cn->rank);
	mem_release(&m->mem, cn->transitions);
}

/* The number that the text and binary forms write for a column. */
static inline int32_t
column_next(const canonical *cn, int32_t column)
{
	if (column == CXM_MARKOV_COL_NULL)
		return CXM_MARKOV_NEXT_NULL;
	if (column == CXM_MARKOV_COL_CONVERSION)
		return CXM_MARKOV_NEXT_CONVERSION;
	return cn->rank[column - CXM_MARKOV_COL_CHANNEL(0)] + 1;
}

/* ---------- binary form ---------- */

size_t
cxm_markov_encoded_size(const cxm_markov *m)
{
	size_t		size = 4 + 4 + 4;

	for (int c = 0; c < m->n_channels; c++)
		size += 4 + m->name_len[c];
	if (m->has_value)
		size += 16;
	for (int t = 0; t < m->n_transitions; t++)
		if (m->transitions[t].count != 0)
			size += 1 + 4 * (size_t) m->path_len[m->transitions[t].from] + 4 + 8;
	return size;
}

void
cxm_markov_encode(const cxm_markov *m, uint8_t *buf)
{
	canonical	cn;
	uint8_t    *p = buf;
	uint8_t    *count_at;
	uint32_t	transitions = 0;

	canonical_make(m, &cn);
	*p++ = CXM_MARKOV_VERSION;
	*p++ = (uint8_t) m->order;
	*p++ = m->has_value ? 1 : 0;
	*p++ = 0;
	p = cxm_be_put32(p, (uint32_t) m->n_channels);
	for (int r = 0; r < m->n_channels; r++)
	{
		int			c = cn.channels[r];

		p = cxm_be_put32(p, m->name_len[c]);
		memcpy(p, m->names + m->name_start[c], m->name_len[c]);
		p += m->name_len[c];
	}
	if (m->has_value)
	{
		p = cxm_be_put64(p, m->value.hi);
		p = cxm_be_put64(p, m->value.lo);
	}
	count_at = p;
	p += 4;
	for (int k = 0; k < cn.n_transitions; k++)
	{
		const cxm_markov_transition *t = &m->transitions[cn.transitions[k]];
		int			s = t->from;

		*p++ = m->path_len[s];
		for (int i = 0; i < m->path_len[s]; i++)
			p = cxm_be_put32(p, (uint32_t) (cn.rank[state_path(m, s)[i]] + 1));
		p = cxm_be_put32(p, (uint32_t) column_next(&cn, t->column));
		p = cxm_be_put64(p, t->count);
		transitions++;
	}
	cxm_be_put32(count_at, transitions);
	canonical_free(m, &cn);
}

/* ---------- validation, shared by the binary and text decoders ---------- */

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static bool
set_error(cxm_markov_error *err, cxm_markov_error_kind kind, const char *fmt,...)
{
	va_list		ap;

	err->kind = kind;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return false;
}

/* The decoders feed a chain through these, in canonical order, then call finish. */
typedef struct loader
{
	cxm_markov *m;
	cxm_markov_error *err;
	int32_t		prev_path[CXM_MARKOV_MAX_ORDER];
	int			prev_len;
	int64_t		prev_next;
	bool		any;
	uint64_t	transitions;
} loader;

static bool
load_channel(loader *ld, const char *name, uint64_t len)
{
	cxm_markov *m = ld->m;
	cxm_markov_status status = CXM_MARKOV_OK;

	if (len == 0)
		return set_error(ld->err, CXM_MARKOV_ERR_INVALID, "Channel %d has an empty name.", m->n_channels + 1);
	if (len > CXM_MARKOV_MAX_NAME)
		return set_error(ld->err, CXM_MARKOV_ERR_RANGE,
						 "Channel %d has a name of %" PRIu64 " bytes; the most is %d.",
						 m->n_channels + 1, len, CXM_MARKOV_MAX_NAME);
	if (memchr(name, '\0', (size_t) len) != NULL)
		return set_error(ld->err, CXM_MARKOV_ERR_INVALID, "Channel %d has a zero byte in its name.",
						 m->n_channels + 1);
	if (m->n_channels > 0)
	{
		int			last = m->n_channels - 1;

		if (compare_names(m->names + m->name_start[last], m->name_len[last], name, (uint32_t) len) >= 0)
			return set_error(ld->err, CXM_MARKOV_ERR_INVALID,
							 "Channel %d is not after channel %d in byte order (names must be sorted and distinct).",
							 m->n_channels + 1, m->n_channels);
	}
	if (channel_id(m, name, (uint32_t) len, true, &status) < 0)
		return set_error(ld->err, CXM_MARKOV_ERR_RANGE, "There are more than %d channels.",
						 CXM_MARKOV_MAX_CHANNELS);
	return true;
}

static bool
load_value(loader *ld, cxm_markov_value value)
{
	if (!value_below_cap(value))
		return set_error(ld->err, CXM_MARKOV_ERR_RANGE, "The value is 10^29 or more.");
	ld->m->value = value;
	return true;
}

/* One transition: path of channel numbers (1-based), next, count. */
static bool
load_transition(loader *ld, const int64_t *numbers, int len, int64_t next, int64_t count)
{
	cxm_markov *m = ld->m;
	cxm_markov_status status = CXM_MARKOV_OK;
	int32_t		path[CXM_MARKOV_MAX_ORDER];
	int			cmp = 0;
	int			s,
				col,
				t;
	uint64_t	n = ld->transitions + 1;

	if (len > m->order)
		return set_error(ld->err, CXM_MARKOV_ERR_INVALID,
						 "Transition %" PRIu64 " starts from %d channels; a chain of order %d has at most %d.",
						 n, len, m->order, m->order);
	for (int i = 0; i < len; i++)
	{
		if (numbers[i] < 1 || numbers[i] > m->n_channels)
			return set_error(ld->err, CXM_MARKOV_ERR_RANGE,
							 "Transition %" PRIu64 " names channel %" PRId64 "; there are %d channels.",
							 n, numbers[i], m->n_channels);
		path[i] = (int32_t) (numbers[i] - 1);
	}
	if (next < CXM_MARKOV_NEXT_NULL || next > m->n_channels)
		return set_error(ld->err, CXM_MARKOV_ERR_RANGE,
						 "Transition %" PRIu64 " leads to %" PRId64 "; it must be -1 (null), 0 (conversion) or a channel 1..%d.",
						 n, next, m->n_channels);
	if (count < 1)
		return set_error(ld->err, CXM_MARKOV_ERR_RANGE,
						 "Transition %" PRIu64 " has a count of %" PRId64 "; counts are at least 1.", n, count);

	/* strictly increasing (path, next): canonical, and no duplicates */
	if (ld->any)
	{
		for (int i = 0; i < len && i < ld->prev_len && cmp == 0; i++)
			cmp = path[i] < ld->prev_path[i] ? -1 : (path[i] > ld->prev_path[i] ? 1 : 0);
		if (cmp == 0)
			cmp = len < ld->prev_len ? -1 : (len > ld->prev_len ? 1 : 0);
		if (cmp == 0)
			cmp = next < ld->prev_next ? -1 : (next > ld->prev_next ? 1 : 0);
		if (cmp <= 0)
			return set_error(ld->err, CXM_MARKOV_ERR_INVALID,
							 "Transition %" PRIu64 " does not follow transition %" PRIu64 " in order (sorted by path, then next; no duplicates).",
							 n, n - 1);
	}
	memcpy(ld->prev_path, path, sizeof(int32_t) * (size_t) len);
	ld->prev_len = len;
	ld->prev_next = next;
	ld->any = true;
	ld->transitions = n;

	s = state_id(m, path, len, true, &status);
	if (s < 0)
		return set_error(ld->err, CXM_MARKOV_ERR_RANGE, "There are more than %d states.", CXM_MARKOV_MAX_STATES);
	col = next == CXM_MARKOV_NEXT_NULL ? CXM_MARKOV_COL_NULL
		: next == CXM_MARKOV_NEXT_CONVERSION ? CXM_MARKOV_COL_CONVERSION : CXM_MARKOV_COL_CHANNEL((int) next - 1);
	t = transition_of(m, s, col, &status);
	if (t < 0)
		return set_error(ld->err, CXM_MARKOV_ERR_RANGE, "There are more than %d states.", CXM_MARKOV_MAX_STATES);
	m->transitions[t].count = (uint64_t) count;
	return true;
}

/*
 * The checks that make a set of counts a chain: every journey that enters a
 * state leaves it, every state can be reached from the start, every channel
 * is used, and the totals fit.
 */
static bool
load_finish(loader *ld)
{
	cxm_markov *m = ld->m;
	const cxm_markov_alloc *mem = &m->mem;
	uint64_t   *in = mem_alloc(mem, sizeof(uint64_t) * (size_t) m->n_states);
	int32_t    *queue = mem_alloc(mem, sizeof(int32_t) * (size_t) m->n_states);
	bool	   *seen = mem_alloc(mem, (size_t) m->n_states);
	bool	   *used = mem_alloc(mem, (size_t) m->n_channels + 1);
	bool		ok = false;
	int			head = 0,
				tail = 0;

	memset(in, 0, sizeof(uint64_t) * (size_t) m->n_states);
	memset(seen, 0, (size_t) m->n_states);
	memset(used, 0, (size_t) m->n_channels + 1);
	m->journeys = 0;
	m->conversions = 0;
	for (int k = 0; k < m->n_transitions; k++)
	{
		const cxm_markov_transition *t = &m->transitions[k];

		if (t->column >= CXM_MARKOV_COL_CHANNEL(0))
		{
			if (!add_count(&in[t->to], t->count))
			{
				set_error(ld->err, CXM_MARKOV_ERR_RANGE, "The counts add up to more than 9223372036854775807.");
				goto done;
			}
			used[t->column - CXM_MARKOV_COL_CHANNEL(0)] = true;
		}
		if ((t->from == 0 && !add_count(&m->journeys, t->count)) ||
			(t->column == CXM_MARKOV_COL_CONVERSION && !add_count(&m->conversions, t->count)))
		{
			set_error(ld->err, CXM_MARKOV_ERR_RANGE, "The counts add up to more than 9223372036854775807.");
			goto done;
		}
	}
	if (m->journeys == 0)
	{
		set_error(ld->err, CXM_MARKOV_ERR_INVALID, "The chain holds no journey: nothing leaves the start.");
		goto done;
	}
	for (int t = m->first_transition[0]; t >= 0; t = m->transitions[t].next)
		if (m->transitions[t].column < CXM_MARKOV_COL_CHANNEL(0))
		{
			set_error(ld->err, CXM_MARKOV_ERR_INVALID, "The start leads straight to an outcome: a journey has no touch.");
			goto done;
		}
	for (int s = 1; s < m->n_states; s++)
	{
		uint64_t	out = 0;
		bool		fits = true;

		for (int t = m->first_transition[s]; t >= 0 && fits; t = m->transitions[t].next)
			fits = add_count(&out, m->transitions[t].count);
		if (!fits || in[s] != out)
		{
			char		path[64];
			int			len = 0;

			/* the state as the text form writes it; decoded ids are channel numbers - 1 */
			for (int i = 0; i < m->path_len[s]; i++)
				len += snprintf(path + len, sizeof(path) - (size_t) len, i ? ", %d" : "%d",
								state_path(m, s)[i] + 1);
			if (fits)
				set_error(ld->err, CXM_MARKOV_ERR_INVALID,
						  "%" PRIu64 " journeys enter state [%s] but %" PRIu64 " leave it.", in[s], path, out);
			else
				set_error(ld->err, CXM_MARKOV_ERR_INVALID,
						  "%" PRIu64 " journeys enter state [%s] but more than 9223372036854775807 leave it.", in[s], path);
			goto done;
		}
	}
	for (int c = 0; c < m->n_channels; c++)
		if (!used[c])
		{
			set_error(ld->err, CXM_MARKOV_ERR_INVALID, "Channel %d is never visited.", c + 1);
			goto done;
		}
	/* every state reachable from the start: then every state can reach an outcome */
	queue[tail++] = 0;
	seen[0] = true;
	while (head < tail)
	{
		int			s = queue[head++];

		for (int t = m->first_transition[s]; t >= 0; t = m->transitions[t].next)
		{
			int32_t		to = m->transitions[t].to;

			if (to >= 0 && !seen[to])
			{
				seen[to] = true;
				queue[tail++] = to;
			}
		}
	}
	if (tail != m->n_states)
	{
		set_error(ld->err, CXM_MARKOV_ERR_INVALID, "Some states cannot be reached from the start.");
		goto done;
	}

	/*
	 * What journeys of at most CXM_MARKOV_MAX_TOUCHES touches can make:
	 * no more touches (channel transitions) than that many per journey,
	 * and no state repeated (a self-loop) more than that many - 1 times per
	 * entry into it.  The total is counted as touches / limit and the rest,
	 * which cannot overflow.
	 */
	{
		uint64_t	whole = 0,
					rest = 0;

		for (int k = 0; k < m->n_transitions; k++)
		{
			const cxm_markov_transition *t = &m->transitions[k];

			if (t->to < 0)
				continue;
			whole += t->count / CXM_MARKOV_MAX_TOUCHES;
			rest += t->count % CXM_MARKOV_MAX_TOUCHES;
			if (t->to == t->from)
			{
				uint64_t	entries = in[t->to] - t->count;

				/* entries > 0: the state is reachable, so something else leads to it */
				if ((t->count + entries - 1) / entries > CXM_MARKOV_MAX_TOUCHES - 1)
				{
					char		path[64];
					int			len = 0;

					for (int i = 0; i < m->path_len[t->to]; i++)
						len += snprintf(path + len, sizeof(path) - (size_t) len, i ? ", %d" : "%d",
										state_path(m, t->to)[i] + 1);
					set_error(ld->err, CXM_MARKOV_ERR_INVALID,
							  "The journeys repeat state [%s] %" PRIu64 " times after entering it %" PRIu64 " times; "
							  "a journey of at most %d touches repeats a state at most %d times in a row.",
							  path, t->count, entries, CXM_MARKOV_MAX_TOUCHES, CXM_MARKOV_MAX_TOUCHES - 1);
					goto done;
				}
			}
		}
		if (whole + (rest + CXM_MARKOV_MAX_TOUCHES - 1) / CXM_MARKOV_MAX_TOUCHES > m->journeys)
		{
			char		touches[32];

			if (whole <= (UINT64_MAX - rest) / CXM_MARKOV_MAX_TOUCHES)
				snprintf(touches, sizeof(touches), "%" PRIu64, whole * CXM_MARKOV_MAX_TOUCHES + rest);
			else
				snprintf(touches, sizeof(touches), "more than %" PRIu64, UINT64_MAX);
			set_error(ld->err, CXM_MARKOV_ERR_INVALID,
					  "The transitions hold %s touches, more than %" PRIu64 " journeys can have (at most %d touches each).",
					  touches, m->journeys, CXM_MARKOV_MAX_TOUCHES);
			goto done;
		}
	}
	if (m->has_value && m->conversions == 0 && (m->value.hi != 0 || m->value.lo != 0))
	{
		set_error(ld->err, CXM_MARKOV_ERR_INVALID, "The chain has a value but no conversion.");
		goto done;
	}
	ok = true;
done:
	mem_release(mem, in);
	mem_release(mem, queue);
	mem_release(mem, seen);
	mem_release(mem, used);
	return ok;
}

/* ---------- binary decoding ---------- */

typedef struct reader
{
	const uint8_t *p;
	size_t		left;
} reader;

static bool
take(reader *r, size_t n, const uint8_t **out)
{
	if (r->left < n)
		return false;
	*out = r->p;
	r->p += n;
	r->left -= n;
	return true;
}

static bool
get_u32(reader *r, uint32_t *v)
{
	const uint8_t *p;

	if (!take(r, 4, &p))
		return false;
	*v = cxm_be_get32(p);
	return true;
}

static bool
get_u64(reader *r, uint64_t *v)
{
	uint32_t	hi,
				lo;

	if (!get_u32(r, &hi) || !get_u32(r, &lo))
		return false;
	*v = ((uint64_t) hi << 32) | lo;
	return true;
}

static cxm_markov *
decode_body(const cxm_markov_alloc *mem, reader *r, cxm_markov_error *err)
{
	const uint8_t *head;
	uint32_t	n_channels,
				n_transitions;
	loader		ld;
	cxm_markov *m;

	if (!take(r, 4, &head))
	{
		set_error(err, CXM_MARKOV_ERR_SYNTAX, "The value is shorter than its 4-byte header.");
		return NULL;
	}
	if (head[0] != CXM_MARKOV_VERSION)
	{
		set_error(err, head[0] > CXM_MARKOV_VERSION ? CXM_MARKOV_ERR_VERSION : CXM_MARKOV_ERR_SYNTAX,
				  "Format version %d is not known to this cxm, which reads version %d.",
				  head[0], CXM_MARKOV_VERSION);
		return NULL;
	}
	if (head[1] < 1 || head[1] > CXM_MARKOV_MAX_ORDER)
	{
		set_error(err, CXM_MARKOV_ERR_RANGE, "Order %d is not in the range 1..%d.", head[1], CXM_MARKOV_MAX_ORDER);
		return NULL;
	}
	if ((head[2] & ~1) != 0 || head[3] != 0)
	{
		set_error(err, CXM_MARKOV_ERR_SYNTAX, "Unknown flags %d or a reserved byte %d that is not zero.",
				  head[2], head[3]);
		return NULL;
	}

	m = cxm_markov_create(mem, head[1], head[2] & 1);
	memset(&ld, 0, sizeof(ld));
	ld.m = m;
	ld.err = err;
	if (!get_u32(r, &n_channels))
		goto truncated;
	if (n_channels > CXM_MARKOV_MAX_CHANNELS)
	{
		set_error(err, CXM_MARKOV_ERR_RANGE, "There are %u channels; the most is %d.", n_channels,
				  CXM_MARKOV_MAX_CHANNELS);
		goto fail;
	}
	for (uint32_t c = 0; c < n_channels; c++)
	{
		uint32_t	len;
		const uint8_t *name;

		if (!get_u32(r, &len))
			goto truncated;
		if (len > CXM_MARKOV_MAX_NAME)
		{
			set_error(err, CXM_MARKOV_ERR_RANGE, "Channel %u has a name of %u bytes; the most is %d.",
					  c + 1, len, CXM_MARKOV_MAX_NAME);
			goto fail;
		}
		if (!take(r, len, &name))
			goto truncated;
		if (!load_channel(&ld, (const char *) name, len))
			goto fail;
	}
	if (m->has_value)
	{
		cxm_markov_value value;

		if (!get_u64(r, &value.hi) || !get_u64(r, &value.lo))
			goto truncated;
		if (!load_value(&ld, value))
			goto fail;
	}
	if (!get_u32(r, &n_transitions))
		goto truncated;
	for (uint32_t t = 0; t < n_transitions; t++)
	{
		const uint8_t *len;
		int64_t		numbers[CXM_MARKOV_MAX_ORDER];
		uint32_t	number,
					next;
		uint64_t	count;

		if (!take(r, 1, &len))
			goto truncated;
		if (*len > m->order)
		{
			set_error(err, CXM_MARKOV_ERR_INVALID,
					  "Transition %u starts from %d channels; a chain of order %d has at most %d.",
					  t + 1, *len, m->order, m->order);
			goto fail;
		}
		for (int i = 0; i < *len; i++)
		{
			if (!get_u32(r, &number))
				goto truncated;
			numbers[i] = number;
		}
		if (!get_u32(r, &next) || !get_u64(r, &count))
			goto truncated;
		if (count > (uint64_t) INT64_MAX)
		{
			set_error(err, CXM_MARKOV_ERR_RANGE, "Transition %u has a count larger than 9223372036854775807.", t + 1);
			goto fail;
		}
		if (!load_transition(&ld, numbers, *len, (int32_t) next, (int64_t) count))
			goto fail;
	}
	if (!load_finish(&ld))
		goto fail;
	return m;

truncated:
	set_error(err, CXM_MARKOV_ERR_SYNTAX, "The value ends too early.");
fail:
	cxm_markov_free(m);
	return NULL;
}

cxm_markov *
cxm_markov_decode(const cxm_markov_alloc *mem, const uint8_t *buf, size_t len, cxm_markov_error *err)
{
	reader		r = {buf, len};
	cxm_markov *m = decode_body(mem, &r, err);

	if (m != NULL && r.left != 0)
	{
		set_error(err, CXM_MARKOV_ERR_SYNTAX, "There are %zu bytes after the last transition.", r.left);
		cxm_markov_free(m);
		return NULL;
	}
	return m;
}

/* ---------- text form ---------- */

size_t
cxm_markov_text_size(const cxm_markov *m)
{
	/* header and keys; a name byte takes at most 6 ("\u001f"); a number at most 24 */
	size_t		size = 200;

	for (int c = 0; c < m->n_channels; c++)
		size += 4 + 6 * (size_t) m->name_len[c];
	for (int t = 0; t < m->n_transitions; t++)
		if (m->transitions[t].count != 0)
			size += 12 + 13 * (size_t) m->path_len[m->transitions[t].from] + 13 + 22;
	return size;
}

static char *
write_name(char *p, const char *name, uint32_t len)
{
	*p++ = '"';
	for (uint32_t i = 0; i < len; i++)
	{
		unsigned char ch = (unsigned char) name[i];

		if (ch == '"' || ch == '\\')
		{
			*p++ = '\\';
			*p++ = (char) ch;
		}
		else if (ch < 0x20)
			p += sprintf(p, "\\u%04x", ch);
		else
			*p++ = (char) ch;
	}
	*p++ = '"';
	return p;
}

size_t
cxm_markov_to_text(const cxm_markov *m, char *buf)
{
	canonical	cn;
	char	   *p = buf;

	canonical_make(m, &cn);
	p += sprintf(p, "{\"version\": %d, \"order\": %d, \"channels\": [", CXM_MARKOV_VERSION, m->order);
	for (int r = 0; r < m->n_channels; r++)
	{
		int			c = cn.channels[r];

		if (r > 0)
			p += sprintf(p, ", ");
		p = write_name(p, m->names + m->name_start[c], m->name_len[c]);
	}
	p += sprintf(p, "]");
	if (m->has_value)
	{
		char		value[CXM_MARKOV_VALUE_BUFLEN];

		cxm_markov_value_format(m->value, value);
		p += sprintf(p, ", \"value\": %s", value);
	}
	p += sprintf(p, ", \"transitions\": [");
	for (int k = 0; k < cn.n_transitions; k++)
	{
		const cxm_markov_transition *t = &m->transitions[cn.transitions[k]];
		int			s = t->from;

		p += sprintf(p, k > 0 ? ", [[" : "[[");
		for (int i = 0; i < m->path_len[s]; i++)
			p += sprintf(p, i ? ", %d" : "%d", cn.rank[state_path(m, s)[i]] + 1);
		p += sprintf(p, "], %d, %" PRIu64 "]", (int) column_next(&cn, t->column), t->count);
	}
	p += sprintf(p, "]}");
	canonical_free(m, &cn);
	return (size_t) (p - buf);
}

typedef struct text_parser
{
	const char *start;
	const char *p;
	cxm_markov_error *err;
	const cxm_markov_alloc *mem;
	/* what was read, replayed through the loader at the end */
	char	   *names;
	size_t		names_used,
				names_cap;
	uint32_t   *name_end;
	int			n_names,
				cap_names;
	int64_t    *transitions;	/* records of TRANSITION_WORDS */
	size_t		n_transitions,
				cap_transitions;
} text_parser;

/* len, path[CXM_MARKOV_MAX_ORDER], next, count */
#define TRANSITION_WORDS (CXM_MARKOV_MAX_ORDER + 3)

static bool
fail_at(text_parser *tp, cxm_markov_error_kind kind, const char *what)
{
	return set_error(tp->err, kind, "%s at character %d.", what, (int) (tp->p - tp->start) + 1);
}

static void
skip_space(text_parser *tp)
{
	while (*tp->p == ' ' || *tp->p == '\t' || *tp->p == '\n' || *tp->p == '\r')
		tp->p++;
}

static bool
expect(text_parser *tp, char c)
{
	char		what[32];

	skip_space(tp);
	if (*tp->p == c)
	{
		tp->p++;
		return true;
	}
	snprintf(what, sizeof(what), "Expected \"%c\"", c);
	return fail_at(tp, CXM_MARKOV_ERR_SYNTAX, what);
}

/* Consumes c if it comes next. */
static bool
accept(text_parser *tp, char c)
{
	skip_space(tp);
	if (*tp->p != c)
		return false;
	tp->p++;
	return true;
}

/* A JSON number's span at s, 0 if none; *integral when it has no fraction or exponent. */
static size_t
number_span(const char *s, bool *integral)
{
	const char *p = s;

	*integral = true;
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	if (*p == '.')
	{
		*integral = false;
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E')
	{
		*integral = false;
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return (size_t) (p - s);
}

static bool
parse_int(text_parser *tp, int64_t *out)
{
	bool		integral,
				negative;
	size_t		len;
	uint64_t	v = 0;

	skip_space(tp);
	len = number_span(tp->p, &integral);
	if (len == 0)
		return fail_at(tp, CXM_MARKOV_ERR_SYNTAX, "Expected a whole number");
	if (!integral)
		return fail_at(tp, CXM_MARKOV_ERR_RANGE, "Expected a whole number");
	negative = *tp->p == '-';
	for (size_t i = negative ? 1 : 0; i < len; i++)
	{
		unsigned	digit = (unsigned) (tp->p[i] - '0');

		if (v > ((uint64_t) INT64_MAX - digit) / 10)
			return fail_at(tp, CXM_MARKOV_ERR_RANGE, "A number is out of range");
		v = v * 10 + digit;
	}
	tp->p += len;
	*out = negative ? -(int64_t) v : (int64_t) v;
	return true;
}

/* A value: a plain decimal (no exponent), rounded to 9 decimals. */
static bool
parse_value(text_parser *tp, cxm_markov_value *out)
{
	bool		integral;
	size_t		len;

	skip_space(tp);
	len = number_span(tp->p, &integral);
	if (len == 0)
		return fail_at(tp, CXM_MARKOV_ERR_SYNTAX, "Expected a number");
	switch (cxm_markov_value_parse(tp->p, len, out))
	{
		case CXM_MARKOV_VALUE_OK:
			break;
		case CXM_MARKOV_VALUE_NEGATIVE:
			return fail_at(tp, CXM_MARKOV_ERR_RANGE, "The value must not be negative");
		case CXM_MARKOV_VALUE_TOO_LARGE:
			return fail_at(tp, CXM_MARKOV_ERR_RANGE, "The value is 10^29 or more");
		default:
			return fail_at(tp, CXM_MARKOV_ERR_SYNTAX, "The value must be a plain decimal, without an exponent");
	}
	tp->p += len;
	return true;
}

static void
name_byte(text_parser *tp, char c)
{
	if (tp->names_used == tp->names_cap)
	{
		tp->names = mem_grow(tp->mem, tp->names, tp->names_used, tp->names_cap * 2);
		tp->names_cap *= 2;
	}
	tp->names[tp->names_used++] = c;
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * A JSON string appended to the names.  Bytes 0x80 and up pass through
 * (the caller checks the encoding); escapes \u0001..\u007f are accepted,
 * others are not, so that names stay in the database's encoding.
 */
static bool
parse_name(text_parser *tp)
{
	if (!expect(tp, '"'))
		return false;
	for (;;)
	{
		unsigned char ch = (unsigned char) *tp->p;

		if (ch == '\0')
			return fail_at(tp, CXM_MARKOV_ERR_SYNTAX, "Unterminated string");
		if (ch == '"')
		{
			tp->p++;
			break;
		}
		if (ch < 0x20)
			return fail_at(tp, CXM_MARKOV_ERR_SYNTAX, "A control character must be escaped");
		if (ch != '\\')
		{
			name_byte(tp, (char) ch);
			tp->p++;
			continue;
		}
		tp->p++;
		switch (*tp->p)
		{
			case '"':
			case '\\':
			case '/':
				name_byte(tp, *tp->p);
				break;
			case 'b':
				name_byte(tp, '\b');
				break;
			case 'f':
				name_byte(tp, '\f');
				break;
			case 'n':
				name_byte(tp, '\n');
				break;
			case 'r':
				name_byte(tp, '\r');
				break;
			case 't':
				name_byte(tp, '\t');
				break;
			case 'u':
				{
					int			code = 0;

					for (int i = 1; i <= 4; i++)
					{
						int			d = hex_digit(tp->p[i]);

						if (d < 0)
							return fail_at(tp, CXM_MARKOV_ERR_SYNTAX, "Expected four hex digits after \\u");
						code = code * 16 + d;
					}
					if (code == 0 || code > 0x7f)
						return fail_at(tp, CXM_MARKOV_ERR_SYNTAX,
									   "Only \\u0001 to \\u007f may be escaped; write other characters as they are");
					name_byte(tp, (char) code);
					tp->p += 4;
				}
				break;
			default:
				return fail_at(tp, CXM_MARKOV_ERR_SYNTAX, "Unknown escape");
		}
		tp->p++;
	}
	if (tp->n_names == tp->cap_names)
	{
		tp->name_end = mem_grow(tp->mem, tp->name_end, sizeof(uint32_t) * (size_t) tp->cap_names,
								sizeof(uint32_t) * (size_t) tp->cap_names * 2);
		tp->cap_names *= 2;
	}
	if (tp->n_names >= CXM_MARKOV_MAX_CHANNELS)
		return set_error(tp->err, CXM_MARKOV_ERR_RANGE, "There are more than %d channels.", CXM_MARKOV_MAX_CHANNELS);
	if (tp->names_used > UINT32_MAX)
		return fail_at(tp, CXM_MARKOV_ERR_RANGE, "The names are too long");
	tp->name_end[tp->n_names++] = (uint32_t) tp->names_used;
	return true;
}

static bool
parse_channels(text_parser *tp)
{
	if (!expect(tp, '['))
		return false;
	if (accept(tp, ']'))
		return true;
	do
	{
		if (!parse_name(tp))
			return false;
	} while (accept(tp, ','));
	return expect(tp, ']');
}

/* [[path...], next, count] */
static bool
parse_transition(text_parser *tp)
{
	int64_t    *rec;
	int			len = 0;

	if (tp->n_transitions == tp->cap_transitions)
	{
		size_t		words = TRANSITION_WORDS * sizeof(int64_t);

		tp->transitions = mem_grow(tp->mem, tp->transitions, words * tp->cap_transitions,
								   words * tp->cap_transitions * 2);
		tp->cap_transitions *= 2;
	}
	rec = tp->transitions + TRANSITION_WORDS * tp->n_transitions;
	if (!expect(tp, '[') || !expect(tp, '['))
		return false;
	if (!accept(tp, ']'))
	{
		do
		{
			if (len == CXM_MARKOV_MAX_ORDER)
				return fail_at(tp, CXM_MARKOV_ERR_INVALID, "A path has more channels than the highest order");
			if (!parse_int(tp, &rec[1 + len]))
				return false;
			len++;
		} while (accept(tp, ','));
		if (!expect(tp, ']'))
			return false;
	}
	rec[0] = len;
	if (!expect(tp, ',') || !parse_int(tp, &rec[1 + CXM_MARKOV_MAX_ORDER]) ||
		!expect(tp, ',') || !parse_int(tp, &rec[2 + CXM_MARKOV_MAX_ORDER]) || !expect(tp, ']'))
		return false;
	tp->n_transitions++;
	return true;
}

static bool
parse_transitions(text_parser *tp)
{
	if (!expect(tp, '['))
		return false;
	if (accept(tp, ']'))
		return true;
	do
	{
		if (!parse_transition(tp))
			return false;
	} while (accept(tp, ','));
	return expect(tp, ']');
}

enum
{
	KEY_VERSION = 1,
	KEY_ORDER = 2,
	KEY_CHANNELS = 4,
	KEY_VALUE = 8,
	KEY_TRANSITIONS = 16
};

static bool
parse_key(text_parser *tp, int *key)
{
	static const struct
	{
		const char *name;
		int			key;
	}			keys[] = {
		{"\"version\"", KEY_VERSION},
		{"\"order\"", KEY_ORDER},
		{"\"channels\"", KEY_CHANNELS},
		{"\"value\"", KEY_VALUE},
		{"\"transitions\"", KEY_TRANSITIONS},
	};

	skip_space(tp);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
	{
		size_t		len = strlen(keys[i].name);

		if (strncmp(tp->p, keys[i].name, len) == 0)
		{
			*key = keys[i].key;
			tp->p += len;
			return true;
		}
	}
	return fail_at(tp, CXM_MARKOV_ERR_SYNTAX,
				   "Expected one of the keys \"version\", \"order\", \"channels\", \"value\", \"transitions\"");
}

static void
text_parser_free(text_parser *tp)
{
	mem_release(tp->mem, tp->names);
	mem_release(tp->mem, tp->name_end);
	mem_release(tp->mem, tp->transitions);
}

/* Replays what the parser read through the loader's checks. */
static cxm_markov *
text_build(text_parser *tp, int64_t order, bool has_value, cxm_markov_value value)
{
	cxm_markov *m = cxm_markov_create(tp->mem, (int) order, has_value);
	loader		ld;
	uint32_t	from = 0;

	memset(&ld, 0, sizeof(ld));
	ld.m = m;
	ld.err = tp->err;
	for (int c = 0; c < tp->n_names; c++)
	{
		if (!load_channel(&ld, tp->names + from, tp->name_end[c] - from))
			goto fail;
		from = tp->name_end[c];
	}
	if (has_value && !load_value(&ld, value))
		goto fail;
	for (size_t t = 0; t < tp->n_transitions; t++)
	{
		const int64_t *rec = tp->transitions + TRANSITION_WORDS * t;

		if (!load_transition(&ld, rec + 1, (int) rec[0], rec[1 + CXM_MARKOV_MAX_ORDER],
							 rec[2 + CXM_MARKOV_MAX_ORDER]))
			goto fail;
	}
	if (!load_finish(&ld))
		goto fail;
	return m;
fail:
	cxm_markov_free(m);
	return NULL;
}

cxm_markov *
cxm_markov_from_text(const cxm_markov_alloc *mem, const char *text, cxm_markov_error *err)
{
	text_parser tp;
	int			seen = 0;
	int64_t		version = 0,
				order = 0;
	cxm_markov_value value = {0, 0};
	cxm_markov *m = NULL;

	memset(&tp, 0, sizeof(tp));
	tp.start = tp.p = text;
	tp.err = err;
	tp.mem = mem;
	tp.names_cap = 64;
	tp.names = mem_alloc(mem, tp.names_cap);
	tp.cap_names = 8;
	tp.name_end = mem_alloc(mem, sizeof(uint32_t) * (size_t) tp.cap_names);
	tp.cap_transitions = 16;
	tp.transitions = mem_alloc(mem, TRANSITION_WORDS * sizeof(int64_t) * tp.cap_transitions);

	if (!expect(&tp, '{'))
		goto done;
	do
	{
		int			key = 0;
		const char *key_at;

		skip_space(&tp);
		key_at = tp.p;
		if (!parse_key(&tp, &key))
			goto done;
		if (seen & key)
		{
			tp.p = key_at;
			fail_at(&tp, CXM_MARKOV_ERR_SYNTAX, "Duplicate key");
			goto done;
		}
		seen |= key;
		if (!expect(&tp, ':'))
			goto done;
		switch (key)
		{
			case KEY_VERSION:
				if (!parse_int(&tp, &version))
					goto done;
				break;
			case KEY_ORDER:
				if (!parse_int(&tp, &order))
					goto done;
				break;
			case KEY_CHANNELS:
				if (!parse_channels(&tp))
					goto done;
				break;
			case KEY_VALUE:
				if (!parse_value(&tp, &value))
					goto done;
				break;
			case KEY_TRANSITIONS:
				if (!parse_transitions(&tp))
					goto done;
				break;
		}
	} while (accept(&tp, ','));
	if (!expect(&tp, '}'))
		goto done;
	skip_space(&tp);
	if (*tp.p != '\0')
	{
		fail_at(&tp, CXM_MARKOV_ERR_SYNTAX, "Unexpected text after the closing \"}\"");
		goto done;
	}
	if ((seen & (KEY_VERSION | KEY_ORDER | KEY_CHANNELS | KEY_TRANSITIONS)) !=
		(KEY_VERSION | KEY_ORDER | KEY_CHANNELS | KEY_TRANSITIONS))
	{
		set_error(err, CXM_MARKOV_ERR_SYNTAX,
				  "The keys \"version\", \"order\", \"channels\" and \"transitions\" are required.");
		goto done;
	}
	if (version != CXM_MARKOV_VERSION)
	{
		set_error(err, version > CXM_MARKOV_VERSION ? CXM_MARKOV_ERR_VERSION : CXM_MARKOV_ERR_SYNTAX,
				  "Format version %" PRId64 " is not known to this cxm, which reads version %d.",
				  version, CXM_MARKOV_VERSION);
		goto done;
	}
	if (order < 1 || order > CXM_MARKOV_MAX_ORDER)
	{
		set_error(err, CXM_MARKOV_ERR_RANGE, "Order %" PRId64 " is not in the range 1..%d.",
				  order, CXM_MARKOV_MAX_ORDER);
		goto done;
	}
	m = text_build(&tp, order, (seen & KEY_VALUE) != 0, value);
done:
	text_parser_free(&tp);
	return m;
}

/* ---------- solving ---------- */

typedef struct interrupter
{
	void		(*fn) (void *);
	void	   *arg;
	long		work;
} interrupter;

/* Counts work and calls the interrupt check every few million operations. */
static inline void
progress(interrupter *it, long ops)
{
	it->work += ops;
	if (it->work > 4000000 && it->fn != NULL)
	{
		it->fn(it->arg);
		it->work = 0;
	}
}

/* LU factorisation in place with partial pivoting; false if singular. */
static bool
lu_factor(double *a, int n, int *pivot, interrupter *it)
{
	for (int k = 0; k < n; k++)
	{
		int			p = k;
		double		best = fabs(a[(size_t) k * n + k]);

		for (int i = k + 1; i < n; i++)
			if (fabs(a[(size_t) i * n + k]) > best)
			{
				best = fabs(a[(size_t) i * n + k]);
				p = i;
			}
		if (best == 0.0)
			return false;
		pivot[k] = p;
		if (p != k)
			for (int j = 0; j < n; j++)
			{
				double		tmp = a[(size_t) k * n + j];

				a[(size_t) k * n + j] = a[(size_t) p * n + j];
				a[(size_t) p * n + j] = tmp;
			}
		for (int i = k + 1; i < n; i++)
		{
			double		f = a[(size_t) i * n + k] / a[(size_t) k * n + k];

			a[(size_t) i * n + k] = f;
			if (f != 0.0)
				for (int j = k + 1; j < n; j++)
					a[(size_t) i * n + j] -= f * a[(size_t) k * n + j];
		}
		progress(it, (long) (n - k) * (n - k));
	}
	return true;
}

static void
lu_solve(const double *lu, int n, const int *pivot, double *b)
{
	for (int k = 0; k < n; k++)
		if (pivot[k] != k)
		{
			double		tmp = b[k];

			b[k] = b[pivot[k]];
			b[pivot[k]] = tmp;
		}
	for (int i = 1; i < n; i++)
		for (int j = 0; j < i; j++)
			b[i] -= lu[(size_t) i * n + j] * b[j];
	for (int i = n - 1; i >= 0; i--)
	{
		for (int j = i + 1; j < n; j++)
			b[i] -= lu[(size_t) i * n + j] * b[j];
		b[i] /= lu[(size_t) i * n + i];
	}
}

/*
 * I - Q and r over the states kept (all when removed is NULL): Q the
 * transition probabilities between kept states, self-loops left out (they
 * only repeat a state), r the probabilities of converting next.  index[s]
 * is a state's row, -1 if removed.
 */
static void
absorbing_system(const cxm_markov *m, const bool *removed, const int *index, int n, double *a, double *r)
{
	memset(a, 0, sizeof(double) * (size_t) n * n);
	for (int s = 0; s < m->n_states; s++)
	{
		uint64_t	total = 0,
					conversions = 0;
		int			i = index[s];

		if (i < 0)
			continue;
		for (int t = m->first_transition[s]; t >= 0; t = m->transitions[t].next)
			if (m->transitions[t].to != s)
			{
				total += m->transitions[t].count;
				if (m->transitions[t].column == CXM_MARKOV_COL_CONVERSION)
					conversions = m->transitions[t].count;
			}
		a[(size_t) i * n + i] = 1.0;
		r[i] = 0.0;
		if (total == 0)
			continue;			/* only self-loops: cannot happen in a validated chain */
		r[i] = (double) conversions / (double) total;
		for (int t = m->first_transition[s]; t >= 0; t = m->transitions[t].next)
		{
			int32_t		to = m->transitions[t].to;

			if (to < 0 || to == s || (removed != NULL && removed[to]))
				continue;
			a[(size_t) i * n + index[to]] -= (double) m->transitions[t].count / (double) total;
		}
	}
}

static bool
state_has_channel(const cxm_markov *m, int s, int c)
{
	for (int i = 0; i < m->path_len[s]; i++)
		if (state_path(m, s)[i] == c)
			return true;
	return false;
}

/*
 * The chain's transition probabilities for the elimination below: w[i][j]
 * from state i to state j (i != j: self-loops left out, they only repeat a
 * state), conversion[i] of converting next, end[i] of ending next (a
 * conversion or null).  Each is a count over the state's total, never one
 * minus something.
 */
static void
transition_probabilities(const cxm_markov *m, double *w, double *conversion, double *end)
{
	int			n = m->n_states;

	memset(w, 0, sizeof(double) * (size_t) n * n);
	for (int s = 0; s < n; s++)
	{
		uint64_t	total = 0,
					converted = 0,
					ended = 0;

		for (int t = m->first_transition[s]; t >= 0; t = m->transitions[t].next)
		{
			const cxm_markov_transition *tr = &m->transitions[t];

			if (tr->to == s)
				continue;
			total += tr->count;
			if (tr->to < 0)
				ended += tr->count;
			if (tr->column == CXM_MARKOV_COL_CONVERSION)
				converted = tr->count;
		}
		if (total == 0)
		{
			/* only self-loops: cannot happen in a validated chain; let it end */
			conversion[s] = 0.0;
			end[s] = 1.0;
			continue;
		}
		conversion[s] = (double) converted / (double) total;
		end[s] = (double) ended / (double) total;
		for (int t = m->first_transition[s]; t >= 0; t = m->transitions[t].next)
			if (m->transitions[t].to >= 0 && m->transitions[t].to != s)
				w[(size_t) s * n + m->transitions[t].to] = (double) m->transitions[t].count / (double) total;
	}
}

/*
 * I - Q = L U by Gaussian elimination without pivoting, in the manner of
 * Grassmann, Taksar and Heyman: eliminating state k folds its transitions
 * into the states after it (the chain watched only on those), and each
 * pivot is what leaves state k for a later state or an end, a sum, never
 * 1 minus what returns, which cancels to nothing when a state is left once
 * in 10^16 visits.  Every number stays non-negative, so nothing cancels.
 * On return w holds L's multipliers below the diagonal and -U above it,
 * and pivot[k] = U_kk; end is used up.  False when a pivot is not a
 * positive finite double (probabilities beyond double precision).
 */
static bool
gth_factor(double *w, double *end, int n, double *pivot, interrupter *it)
{
	for (int k = 0; k < n; k++)
	{
		const double *row = w + (size_t) k * n;
		double		d = end[k];

		for (int j = k + 1; j < n; j++)
			d += row[j];
		if (!(d > 0.0) || !isfinite(d))
			return false;
		pivot[k] = d;
		for (int i = k + 1; i < n; i++)
		{
			double	   *target = w + (size_t) i * n;
			double		f = target[k];

			if (f == 0.0)
				continue;
			f /= d;
			target[k] = f;
			/* the diagonal entry this also adds to is a self-loop: never read */
			for (int j = k + 1; j < n; j++)
				target[j] += f * row[j];
			end[i] += f * end[k];
		}
		progress(it, (long) (n - k) * (n - k));
	}
	return true;
}

/* Solves (I - Q) x = b in place with gth_factor's L U: for b >= 0, only sums of non-negative terms. */
static void
gth_solve(const double *w, const double *pivot, int n, double *b)
{
	for (int i = 1; i < n; i++)
	{
		const double *row = w + (size_t) i * n;
		double		y = b[i];

		for (int k = 0; k < i; k++)
			y += row[k] * b[k];
		b[i] = y;
	}
	for (int i = n - 1; i >= 0; i--)
	{
		const double *row = w + (size_t) i * n;
		double		x = b[i];

		for (int j = i + 1; j < n; j++)
			x += row[j] * b[j];
		b[i] = x / pivot[i];
	}
}

/*
 * The probability of converting after passing through the states in
 * `through`, from the start, given each state's conversion probability b:
 * x_0 for (I - Q') x = r on the other states, Q' the transitions among
 * them and r_i the probability of stepping from i into `through` at j
 * times b_j.  Solved by gth_factor (a factorisation per call): the stable,
 * slower way, for channels whose block of the fundamental matrix is too
 * ill-conditioned to use.  w holds n x n doubles, end and pivot n, index n
 * ints.  False as gth_factor.
 */
static bool
conversions_through(const cxm_markov *m, const bool *through, const double *b, double *w, double *end,
					double *pivot, double *r, int *index, interrupter *it, double *lost)
{
	int			n = 0;

	for (int s = 0; s < m->n_states; s++)
		index[s] = through[s] ? -1 : n++;
	memset(w, 0, sizeof(double) * (size_t) n * n);
	for (int s = 0; s < m->n_states; s++)
	{
		uint64_t	total = 0,
					ended = 0;
		int			i = index[s];

		if (i < 0)
			continue;
		for (int t = m->first_transition[s]; t >= 0; t = m->transitions[t].next)
		{
			const cxm_markov_transition *tr = &m->transitions[t];

			if (tr->to == s)
				continue;
			total += tr->count;
			/* stepping into `through` ends the walk on these states */
			if (tr->to < 0 || through[tr->to])
				ended += tr->count;
		}
		end[i] = total > 0 ? (double) ended / (double) total : 1.0;
		r[i] = 0.0;
		for (int t = m->first_transition[s]; t >= 0 && total > 0; t = m->transitions[t].next)
		{
			int32_t		to = m->transitions[t].to;
			double		q = (double) m->transitions[t].count / (double) total;

			if (to < 0 || to == s)
				continue;
			if (through[to])
				r[i] += q * b[to];
			else
				w[(size_t) i * n + index[to]] = q;
		}
	}
	if (!gth_factor(w, end, n, pivot, it))
		return false;
	gth_solve(w, pivot, n, r);
	*lost = r[0];
	return isfinite(r[0]);
}

/*
 * True when an LU factorisation of k rows (partial pivoting) lost more
 * than about 8 of a double's 16 digits: its pivots span more than 10^8.
 */
static bool
lu_ill_conditioned(const double *lu, int k)
{
	double		smallest = fabs(lu[0]),
				largest = fabs(lu[0]);

	for (int i = 1; i < k; i++)
	{
		double		d = fabs(lu[(size_t) i * k + i]);

		smallest = d < smallest ? d : smallest;
		largest = d > largest ? d : largest;
	}
	return !(smallest > largest * 1e-8);
}

bool
cxm_markov_removal_effects(const cxm_markov *m, double *probability, double *effects,
						   void (*interrupt) (void *), void *arg)
{
	const cxm_markov_alloc *mem = &m->mem;
	int			n = m->n_states;
	interrupter it = {interrupt, arg, 0};
	double	   *w = mem_alloc(mem, sizeof(double) * (size_t) n * n);
	double	   *inverse = mem_alloc(mem, sizeof(double) * (size_t) n * n);
	double	   *b = mem_alloc(mem, sizeof(double) * (size_t) n);
	double	   *end = mem_alloc(mem, sizeof(double) * (size_t) n);
	double	   *column = mem_alloc(mem, sizeof(double) * (size_t) n);
	double	   *diagonal = mem_alloc(mem, sizeof(double) * (size_t) n);
	int		   *pivot = mem_alloc(mem, sizeof(int) * (size_t) n);
	int		   *members = mem_alloc(mem, sizeof(int) * (size_t) n);
	double	   *block = mem_alloc(mem, sizeof(double) * (size_t) n * n);
	double	   *entries = mem_alloc(mem, sizeof(double) * (size_t) n);
	double	   *spare = NULL;		/* for the slower way, when a channel needs it */
	double	   *spare_pivot = NULL;
	int		   *spare_index = NULL;
	bool	   *removed = NULL;
	double		p,
				conversions = (double) m->conversions,
				rate = (double) m->conversions / (double) m->journeys;
	bool		ok = false;

	/*
	 * How many times journeys entered each state (from another state): the
	 * chain is fitted from them, so the expected visits from the start are
	 * exactly these over the journeys (N_0j = entries_j / J), as the
	 * conversion probability is conversions / J.  Effects use the counts,
	 * not their rounded solutions.
	 */
	for (int s = 0; s < n; s++)
		entries[s] = 0.0;
	for (int t = 0; t < m->n_transitions; t++)
		if (m->transitions[t].to >= 0 && m->transitions[t].to != m->transitions[t].from)
			entries[m->transitions[t].to] += (double) m->transitions[t].count;

	transition_probabilities(m, w, b, end);
	if (!gth_factor(w, end, n, diagonal, &it))
		goto done;
	gth_solve(w, diagonal, n, b);	/* b: probability of conversion from each state */
	for (int j = 0; j < n; j++)
	{
		/* column j of the fundamental matrix: expected visits to j from each state */
		memset(column, 0, sizeof(double) * (size_t) n);
		column[j] = 1.0;
		gth_solve(w, diagonal, n, column);
		for (int i = 0; i < n; i++)
			inverse[(size_t) i * n + j] = column[i];
		progress(&it, 2L * n * n);
	}
	p = b[0];
	if (!isfinite(p))
		goto done;
	*probability = p;
	for (int c = 0; c < m->n_channels; c++)
	{
		int			k = 0;
		double		effect = 0.0;

		for (int s = 1; s < n; s++)
			if (state_has_channel(m, s, c))
				members[k++] = s;
		if (k > 0 && m->conversions > 0)
		{
			/*
			 * The conversions that pass through S, over all conversions:
			 * those whose first visit to S is at state j, which happens with
			 * probability (N_0S N_SS^-1)_j, times B_j; summed, not
			 * subtracted from B_0, so that a small effect keeps its digits.
			 * With N_0S = entries_S / J and B_0 = conversions / J, the
			 * effect is entries_S N_SS^-1 B_S / conversions.
			 */
			for (int i = 0; i < k; i++)
			{
				for (int j = 0; j < k; j++)
					block[(size_t) i * k + j] = inverse[(size_t) members[i] * n + members[j]];
				column[i] = b[members[i]];
			}
			if (lu_factor(block, k, pivot, &it) && !lu_ill_conditioned(block, k))
			{
				double		lost = 0.0;

				lu_solve(block, k, pivot, column);
				for (int i = 0; i < k; i++)
					lost += entries[members[i]] * column[i];
				effect = lost / conversions;
			}
			else
			{
				double		lost;

				/*
				 * The states holding c are visited almost alike (a heavy
				 * cycle): their block is nearly singular.  Solve the chain
				 * without them instead.
				 */
				if (spare == NULL)
				{
					spare = mem_alloc(mem, sizeof(double) * (size_t) n * n);
					spare_pivot = mem_alloc(mem, sizeof(double) * (size_t) n * 2);
					spare_index = mem_alloc(mem, sizeof(int) * (size_t) n);
					removed = mem_alloc(mem, sizeof(bool) * (size_t) n);
				}
				for (int s = 0; s < n; s++)
					removed[s] = false;
				for (int i = 0; i < k; i++)
					removed[members[i]] = true;
				if (!conversions_through(m, removed, b, spare, column, spare_pivot, spare_pivot + n,
										 spare_index, &it, &lost))
					goto done;
				effect = lost / rate;
			}
		}
		if (!isfinite(effect))
			goto done;
		effects[c] = effect < 0.0 ? 0.0 : effect > 1.0 ? 1.0 : effect;
	}
	ok = true;
done:
	mem_release(mem, w);
	mem_release(mem, inverse);
	mem_release(mem, b);
	mem_release(mem, end);
	mem_release(mem, column);
	mem_release(mem, diagonal);
	mem_release(mem, pivot);
	mem_release(mem, members);
	mem_release(mem, block);
	mem_release(mem, entries);
	mem_release(mem, spare);
	mem_release(mem, spare_pivot);
	mem_release(mem, spare_index);
	mem_release(mem, removed);
	return ok;
}

bool
cxm_markov_probability_without(const cxm_markov *m, const bool *removed, double *probability)
{
	const cxm_markov_alloc *mem = &m->mem;
	int		   *index = mem_alloc(mem, sizeof(int) * (size_t) m->n_states);
	int			n = 0;
	double	   *a,
			   *r;
	int		   *pivot;
	interrupter it = {NULL, NULL, 0};
	bool		ok;

	for (int s = 0; s < m->n_states; s++)
		index[s] = removed[s] ? -1 : n++;
	a = mem_alloc(mem, sizeof(double) * (size_t) n * n);
	r = mem_alloc(mem, sizeof(double) * (size_t) n);
	pivot = mem_alloc(mem, sizeof(int) * (size_t) n);
	absorbing_system(m, removed, index, n, a, r);
	ok = lu_factor(a, n, pivot, &it);
	if (ok)
	{
		lu_solve(a, n, pivot, r);
		*probability = r[0];
	}
	mem_release(mem, index);
	mem_release(mem, a);
	mem_release(mem, r);
	mem_release(mem, pivot);
	return ok;
}
