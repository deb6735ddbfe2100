/*
 * paths_core.c - journey paths: interned steps, events, sort and collapse.
 */
#include "paths_core.h"

#include <string.h>

/* ---------- step texts ---------- */

static uint64_t
hash_bytes(const char *s, uint32_t len)
{
	uint64_t	h = UINT64_C(1469598103934665603);	/* FNV-1a */

	for (uint32_t i = 0; i < len; i++)
	{
		h ^= (unsigned char) s[i];
		h *= UINT64_C(1099511628211);
	}
	return h ^ (h >> 29);
}

/* The hash table behind the cap entries of the steps' one allocation. */
static inline uint32_t *
step_slots(const cxm_path_steps *d)
{
	return (uint32_t *) (d->table + d->cap);
}

/* Where the text of entry e is. */
static inline const char *
step_bytes(const cxm_path_steps *d, const cxm_path_step *e)
{
	return e->length <= CXM_PATH_INLINE ? e->at.text : d->bytes + e->at.offset;
}

static bool
step_equals(const cxm_path_steps *d, uint32_t id, const char *s, uint32_t len)
{
	const cxm_path_step *e = &d->table[id];

	if (e->length != len)
		return false;
	if (len <= CXM_PATH_INLINE)
	{
		/* one comparison of the zero-padded words, no call */
		char		padded[CXM_PATH_INLINE] = {0};

		memcpy(padded, s, len);
		return memcmp(padded, e->at.text, CXM_PATH_INLINE) == 0;
	}
	return memcmp(d->bytes + e->at.offset, s, len) == 0;
}

/* Bytewise order of two step texts; a prefix sorts first. */
static int
step_compare(const cxm_path_steps *d, uint32_t a, uint32_t b)
{
	uint32_t	la = d->table[a].length,
				lb = d->table[b].length;
	int			c;

	if (a == b)
		return 0;
	c = memcmp(step_bytes(d, &d->table[a]), step_bytes(d, &d->table[b]), la < lb ? la : lb);
	if (c != 0)
		return c;
	return la < lb ? -1 : la > lb ? 1 : 0;
}

static void *
grow_array(void *array, uint64_t old_count, uint64_t new_count, size_t elem, const cxm_sess_allocator *mem)
{
	if (new_count > SIZE_MAX / elem / 2)
		return NULL;
	if (array == NULL)
		return mem->alloc(mem->ctx, (size_t) new_count * elem);
	return mem->grow(mem->ctx, array, (size_t) old_count * elem, (size_t) new_count * elem);
}

static void
slots_insert(uint32_t *slots, uint32_t n_slots, uint64_t hash, uint32_t id)
{
	uint32_t	mask = n_slots - 1;
	uint32_t	i = (uint32_t) hash & mask;

	while (slots[i] != 0)
		i = (i + 1) & mask;
	slots[i] = id + 1;
}

/*
 * Room for twice the entries (8 at first): a new allocation with the entries
 * copied and the hash table, twice as large, rebuilt, so that it is never
 * more than half full.
 */
static bool
steps_grow(cxm_path_steps *d, const cxm_sess_allocator *mem)
{
	uint32_t	cap = d->cap == 0 ? 8 : d->cap * 2;
	size_t		entry = sizeof(cxm_path_step) + 2 * sizeof(uint32_t);
	cxm_path_step *table;
	uint32_t   *slots;

	if (d->cap > (UINT32_C(1) << 29) || (size_t) cap > SIZE_MAX / entry / 2)
		return false;
	table = mem->alloc(mem->ctx, (size_t) cap * entry);
	if (table == NULL)
		return false;
	if (d->n > 0)
		memcpy(table, d->table, (size_t) d->n * sizeof(cxm_path_step));
	slots = (uint32_t *) (table + cap);
	memset(slots, 0, (size_t) cap * 2 * sizeof(uint32_t));
	for (uint32_t id = 0; id < d->n; id++)
		slots_insert(slots, cap * 2, hash_bytes(step_bytes(d, &table[id]), table[id].length), id);
	if (d->table)
		mem->release(mem->ctx, d->table);
	d->table = table;
	d->cap = cap;
	return true;
}

/*
 * The number of step text s, added when new.  *added tells which (and is
 * only written when the step is new).
 */
static cxm_path_status
step_id(cxm_path_steps *d, const char *s, uint32_t len, const cxm_sess_allocator *mem,
		uint32_t *id, bool *added)
{
	uint64_t	hash = hash_bytes(s, len);

	if (d->cap > 0)
	{
		const uint32_t *slots = step_slots(d);
		uint32_t	mask = d->cap * 2 - 1;

		for (uint32_t i = (uint32_t) hash & mask; slots[i] != 0; i = (i + 1) & mask)
		{
			if (step_equals(d, slots[i] - 1, s, len))
			{
				*id = slots[i] - 1;
				return CXM_PATH_OK;
			}
		}
	}
	if (d->n == d->cap && !steps_grow(d, mem))
		return CXM_PATH_NO_MEMORY;
	memset(&d->table[d->n], 0, sizeof(cxm_path_step));
	d->table[d->n].length = len;
	if (len <= CXM_PATH_INLINE)
		memcpy(d->table[d->n].at.text, s, len);
	else
	{
		if (d->used + len > d->bytes_cap)
		{
			uint64_t	new_cap = d->bytes_cap < 256 ? 256 : d->bytes_cap * 2;
			void	   *bytes;

			while (new_cap < d->used + len)
				new_cap *= 2;
			bytes = grow_array(d->bytes, d->bytes_cap, new_cap, 1, mem);
			if (bytes == NULL)
				return CXM_PATH_NO_MEMORY;
			d->bytes = bytes;
			d->bytes_cap = new_cap;
		}
		memcpy(d->bytes + d->used, s, len);
		d->table[d->n].at.offset = d->used;
		d->used += len;
	}
	*id = d->n++;
	*added = true;
	slots_insert(step_slots(d), d->cap * 2, hash, *id);
	return CXM_PATH_OK;
}

static void
steps_free(cxm_path_steps *d, const cxm_sess_allocator *mem)
{
	if (d->table)
		mem->release(mem->ctx, d->table);
	if (d->bytes)
		mem->release(mem->ctx, d->bytes);
	memset(d, 0, sizeof(*d));
}

/* ---------- events ---------- */

void
cxm_path_init(cxm_path *p, int32_t max_steps, bool keep_first)
{
	memset(p, 0, sizeof(*p));
	p->max_steps = max_steps;
	p->keep_first = keep_first;
	p->sorted = true;
}

void
cxm_path_free(cxm_path *p, const cxm_sess_allocator *mem)
{
	steps_free(&p->steps, mem);
	if (p->events)
		mem->release(mem->ctx, p->events);
	cxm_path_init(p, p->max_steps, p->keep_first);
}

static int
event_compare(const cxm_path_steps *d, const cxm_path_event *a, const cxm_path_event *b)
{
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	return step_compare(d, a->step, b->step);
}

static int
event_compare_cb(const void *a, const void *b, void *arg)
{
	return event_compare(arg, a, b);
}

static cxm_path_status
reserve_events(cxm_path *p, int64_t extra, const cxm_sess_allocator *mem)
{
	int64_t		new_cap;
	void	   *grown;

	if (p->n + extra <= p->cap)
		return CXM_PATH_OK;
	new_cap = p->cap < 16 ? 16 : p->cap + p->cap / 2;
	if (new_cap < p->n + extra)
		new_cap = p->n + extra;
	grown = grow_array(p->events, (uint64_t) p->cap, (uint64_t) new_cap, sizeof(cxm_path_event), mem);
	if (grown == NULL)
		return CXM_PATH_NO_MEMORY;
	p->events = grown;
	p->cap = new_cap;
	return CXM_PATH_OK;
}

cxm_path_status
cxm_path_add(cxm_path *p, int64_t ts, const char *step, uint32_t len, const cxm_sess_allocator *mem)
{
	uint32_t	id;
	bool		added = false;
	cxm_path_status st;
	cxm_path_event *last = p->n > 0 ? &p->events[p->n - 1] : NULL;

	/* rows of one step usually come in runs: skip the hash lookup */
	if (last != NULL && step_equals(&p->steps, p->last_step, step, len))
		id = p->last_step;
	else if ((st = step_id(&p->steps, step, len, mem, &id, &added)) != CXM_PATH_OK)
		return st;
	p->last_step = id;
	if (last != NULL)
	{
		cxm_path_event e = {ts, id, 0};
		int			c = event_compare(&p->steps, last, &e);

		if (c == 0)
			return CXM_PATH_OK; /* the same event again */
		if (c > 0)
			p->sorted = false;
	}
	if ((st = reserve_events(p, 1, mem)) != CXM_PATH_OK)
		return st;
	p->events[p->n].ts = ts;
	p->events[p->n].step = id;
	p->events[p->n].reserved = 0;
	p->n++;
	return CXM_PATH_OK;
}

cxm_path_status
cxm_path_merge(cxm_path *p, const cxm_path *other, const cxm_sess_allocator *mem)
{
	uint32_t   *map;
	cxm_path_status st = CXM_PATH_OK;
	int64_t		start = p->n;

	if (other->n == 0)
		return CXM_PATH_OK;
	map = mem->alloc(mem->ctx, (size_t) other->steps.n * sizeof(uint32_t));
	if (map == NULL)
		return CXM_PATH_NO_MEMORY;
	for (uint32_t k = 0; k < other->steps.n && st == CXM_PATH_OK; k++)
	{
		bool		added = false;

		st = step_id(&p->steps, step_bytes(&other->steps, &other->steps.table[k]), other->steps.table[k].length,
					 mem, &map[k], &added);
	}
	if (st == CXM_PATH_OK)
		st = reserve_events(p, other->n, mem);
	if (st == CXM_PATH_OK)
	{
		for (int64_t k = 0; k < other->n; k++)
		{
			p->events[p->n].ts = other->events[k].ts;
			p->events[p->n].step = map[other->events[k].step];
			p->events[p->n].reserved = 0;
			p->n++;
		}
		p->sorted = p->sorted && other->sorted &&
			(start == 0 || event_compare(&p->steps, &p->events[start - 1], &p->events[start]) <= 0);
		p->last_step = p->events[p->n - 1].step;
	}
	mem->release(mem->ctx, map);
	return st;
}

int64_t
cxm_path_result_size(const cxm_path *p)
{
	return p->max_steps > 0 && p->max_steps < p->n ? p->max_steps : p->n;
}

int64_t
cxm_path_result(cxm_path *p, uint32_t *out, cxm_sess_tick tick)
{
	int64_t		limit = cxm_path_result_size(p);
	int64_t		count = 0;

	if (!p->sorted)
	{
		cxm_sess_sort_records(p->events, (size_t) p->n, sizeof(cxm_path_event), event_compare_cb,
							  &p->steps, tick);
		p->sorted = true;
	}
	if (p->max_steps > 0 && !p->keep_first)
	{
		/* the last steps: read backwards, then turn around */
		for (int64_t k = p->n - 1; k >= 0 && count < limit; k--)
		{
			if (count == 0 || out[count - 1] != p->events[k].step)
				out[count++] = p->events[k].step;
			if (tick && (k & (CXM_SESS_TICK_EVERY - 1)) == 0)
				tick();
		}
		for (int64_t i = 0, j = count - 1; i < j; i++, j--)
		{
			uint32_t	t = out[i];

			out[i] = out[j];
			out[j] = t;
		}
		return count;
	}
	for (int64_t k = 0; k < p->n && count < limit; k++)
	{
		if (count == 0 || out[count - 1] != p->events[k].step)
			out[count++] = p->events[k].step;
		if (tick && (k & (CXM_SESS_TICK_EVERY - 1)) == CXM_SESS_TICK_EVERY - 1)
			tick();
	}
	return count;
}

const char *
cxm_path_step_text(const cxm_path *p, uint32_t id, uint32_t *len)
{
	*len = p->steps.table[id].length;
	return step_bytes(&p->steps, &p->steps.table[id]);
}

/* ---------- serialized form ---------- */

size_t
cxm_path_serialized_size(const cxm_path *p)
{
	size_t		size = CXM_PATH_HEADER + (size_t) p->n * 12;

	for (uint32_t k = 0; k < p->steps.n; k++)
		size += 4 + (size_t) p->steps.table[k].length;
	return size;
}

void
cxm_path_serialize(const cxm_path *p, unsigned char *out)
{
	out[0] = 1;
	out[1] = p->keep_first ? 1 : 0;
	out[2] = out[3] = 0;
	cxm_sess_put_u32(out + 4, (uint32_t) p->max_steps);
	cxm_sess_put_u32(out + 8, p->steps.n);
	cxm_sess_put_u64(out + 12, (uint64_t) p->n);
	out += CXM_PATH_HEADER;
	for (uint32_t k = 0; k < p->steps.n; k++)
	{
		const cxm_path_step *s = &p->steps.table[k];

		cxm_sess_put_u32(out, s->length);
		memcpy(out + 4, step_bytes(&p->steps, s), s->length);
		out += 4 + s->length;
	}
	for (int64_t k = 0; k < p->n; k++, out += 12)
	{
		cxm_sess_put_u64(out, (uint64_t) p->events[k].ts);
		cxm_sess_put_u32(out + 8, p->events[k].step);
	}
}

cxm_path_status
cxm_path_deserialize(const unsigned char *in, size_t len, cxm_path *p, const cxm_sess_allocator *mem)
{
	uint32_t	max_steps,
				n_steps;
	uint64_t	n_events;
	size_t		at = CXM_PATH_HEADER;
	cxm_path_status st = CXM_PATH_OK;

	cxm_path_init(p, 0, false);
	if (len < CXM_PATH_HEADER || in[0] != 1 || (in[1] & ~1u) || in[2] || in[3])
		return CXM_PATH_BAD_STATE;
	max_steps = cxm_sess_get_u32(in + 4);
	n_steps = cxm_sess_get_u32(in + 8);
	n_events = cxm_sess_get_u64(in + 12);
	if (max_steps > INT32_MAX || n_steps > (len - at) / 4 || n_events > (len - at) / 12)
		return CXM_PATH_BAD_STATE;
	cxm_path_init(p, (int32_t) max_steps, (in[1] & 1) != 0);
	for (uint32_t k = 0; k < n_steps && st == CXM_PATH_OK; k++)
	{
		uint32_t	step_len,
					id;
		bool		added = false;

		if (len - at < 4)
			st = CXM_PATH_BAD_STATE;
		else if ((step_len = cxm_sess_get_u32(in + at)) > len - at - 4 ||
				 memchr(in + at + 4, 0, step_len) != NULL)
			st = CXM_PATH_BAD_STATE;
		else if ((st = step_id(&p->steps, (const char *) in + at + 4, step_len, mem, &id, &added)) == CXM_PATH_OK &&
				 !added)
			st = CXM_PATH_BAD_STATE;	/* the same text twice */
		at += 4 + (st == CXM_PATH_OK ? step_len : 0);
	}
	if (st == CXM_PATH_OK && len - at != n_events * 12)
		st = CXM_PATH_BAD_STATE;
	if (st == CXM_PATH_OK)
		st = reserve_events(p, (int64_t) n_events, mem);
	for (uint64_t k = 0; k < n_events && st == CXM_PATH_OK; k++, at += 12)
	{
		cxm_path_event e = {(int64_t) cxm_sess_get_u64(in + at), cxm_sess_get_u32(in + at + 8), 0};

		if (e.step >= n_steps || !cxm_ts_valid(e.ts))
			st = CXM_PATH_BAD_STATE;
		else
		{
			if (p->n > 0 && event_compare(&p->steps, &p->events[p->n - 1], &e) > 0)
				p->sorted = false;
			p->events[p->n++] = e;
		}
	}
	/* a step text is only ever stored with an event: every one is used */
	if (st == CXM_PATH_OK && n_steps > 0)
	{
		uint8_t    *used = mem->alloc(mem->ctx, n_steps);
		uint32_t	unused = n_steps;

		if (used == NULL)
			st = CXM_PATH_NO_MEMORY;
		else
		{
			memset(used, 0, n_steps);
			for (int64_t k = 0; k < p->n && unused > 0; k++)
				if (!used[p->events[k].step])
				{
					used[p->events[k].step] = 1;
					unused--;
				}
			mem->release(mem->ctx, used);
			if (unused > 0)
				st = CXM_PATH_BAD_STATE;
		}
	}
	if (st != CXM_PATH_OK)
	{
		cxm_path_free(p, mem);
		return st;
	}
	if (p->n > 0)
		p->last_step = p->events[p->n - 1].step;
	return CXM_PATH_OK;
}
