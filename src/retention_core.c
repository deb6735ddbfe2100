/*
 * retention_core.c - retention flags, per-customer period activity and
 * cohort shares.
 */
#include "retention_core.h"

#include <string.h>

#include "decimal_core.h"

/* ---------- retention(cond1, ..., condN) ---------- */

void
cxm_ret_flags_result(const cxm_ret_flags *f, int32_t *out)
{
	bool		first = (f->met & 1) != 0;

	out[0] = first;
	for (int k = 1; k < f->conditions; k++)
		out[k] = first && (f->met >> k & 1);
}

void
cxm_ret_flags_serialize(const cxm_ret_flags *f, unsigned char *out)
{
	out[0] = 1;
	out[CXM_RET_FLAGS_CONDITIONS_AT] = (unsigned char) f->conditions;
	out[2] = out[3] = 0;
	cxm_sess_put_u64(out + CXM_RET_FLAGS_MET_AT, f->met);
}

cxm_ret_status
cxm_ret_flags_deserialize(const unsigned char *in, size_t len, cxm_ret_flags *f)
{
	int			n;
	uint64_t	met;

	if (len != CXM_RET_FLAGS_SIZE || in[0] != 1 || in[2] || in[3])
		return CXM_RET_BAD_STATE;
	n = in[CXM_RET_FLAGS_CONDITIONS_AT];
	met = cxm_sess_get_u64(in + CXM_RET_FLAGS_MET_AT);
	if (n < 1 || n > CXM_RET_MAX_CONDITIONS || (n < 64 && met >> n != 0))
		return CXM_RET_BAD_STATE;
	f->conditions = n;
	f->met = met;
	return CXM_RET_OK;
}

/* ---------- exact arithmetic on bucket numbers ---------- */

/*
 * Calendar periods number the buckets origin + j * period.  Between two
 * timestamps 290,000 years apart the differences pass int64, so they are
 * computed as 65-bit integers: a sign and a magnitude (never a negative 0).
 */
typedef struct wide
{
	bool		negative;
	uint64_t	magnitude;
} wide;

/* a - b, exactly */
static wide
wide_diff(int64_t a, int64_t b)
{
	wide		w;

	w.negative = a < b;
	w.magnitude = a < b ? (uint64_t) b - (uint64_t) a : (uint64_t) a - (uint64_t) b;
	return w;
}

/* a + b for b >= 0 small enough that a + b < 2^64 */
static wide
wide_add(int64_t a, uint64_t b)
{
	wide		w;
	uint64_t	below = a < 0 ? (uint64_t) -(a + 1) + 1 : 0;	/* |a| when a < 0 */

	if (a >= 0)
	{
		w.negative = false;
		w.magnitude = (uint64_t) a + b;
	}
	else
	{
		w.negative = below > b;
		w.magnitude = below > b ? below - b : b - below;
	}
	return w;
}

/* floor(w / step), step > 0 */
static wide
wide_floor_div(wide w, uint64_t step)
{
	wide		q;

	q.magnitude = w.negative ? (w.magnitude - 1) / step + 1 : w.magnitude / step;
	q.negative = w.negative;
	return q;
}

/* ceil(w / step), step > 0 */
static wide
wide_ceil_div(wide w, uint64_t step)
{
	wide		q;

	q.magnitude = w.negative ? w.magnitude / step : (w.magnitude == 0 ? 0 : (w.magnitude - 1) / step + 1);
	q.negative = w.negative && q.magnitude != 0;
	return q;
}

/* a <= b */
static bool
wide_le(wide a, wide b)
{
	if (a.negative != b.negative)
		return a.negative;
	return a.negative ? a.magnitude >= b.magnitude : a.magnitude <= b.magnitude;
}

static wide
wide_of(int64_t v)
{
	return wide_add(v, 0);
}

/* w as an int64; false when it does not fit */
static bool
wide_to_i64(wide w, int64_t *out)
{
	if (!w.negative)
	{
		if (w.magnitude > (uint64_t) INT64_MAX)
			return false;
		*out = (int64_t) w.magnitude;
		return true;
	}
	if (w.magnitude > (uint64_t) INT64_MAX + 1)
		return false;
	*out = -(int64_t) (w.magnitude - 1) - 1;
	return true;
}

/* ---------- retention_periods ---------- */

bool
cxm_ret_parse_mode(const char *text, size_t len, bool *on_or_after)
{
	if (len == 2 && memcmp(text, "on", 2) == 0)
		*on_or_after = false;
	else if (len == 11 && memcmp(text, "on_or_after", 11) == 0)
		*on_or_after = true;
	else
		return false;
	return true;
}

bool
cxm_ret_params_equal(const cxm_ret_params *a, const cxm_ret_params *b)
{
	return a->period == b->period && a->periods == b->periods && a->mode == b->mode &&
		a->as_of == b->as_of && a->origin == b->origin;
}

void
cxm_ret_activity_init(cxm_ret_activity *a, const cxm_ret_params *params)
{
	memset(a, 0, sizeof(*a));
	a->params = *params;
}

void
cxm_ret_activity_free(cxm_ret_activity *a, const cxm_sess_allocator *mem)
{
	if (a->positions)
		mem->release(mem->ctx, a->positions);
	a->positions = NULL;
	a->n = a->cap = 0;
}

static bool
calendar(const cxm_ret_params *p)
{
	return (p->mode & CXM_RET_CALENDAR) != 0;
}

/*
 * The position of ts (finite): itself (rolling) or its bucket on the grid
 * (calendar), floor((ts - origin) / period), exact at any distance.  Only a
 * period of one microsecond can give a bucket number past int64, for an
 * event more than 292,000 years from the origin.
 */
static cxm_ret_status
position_of(const cxm_ret_params *p, int64_t ts, int64_t *pos)
{
	if (!calendar(p))
	{
		*pos = ts;
		return CXM_RET_OK;
	}
	if (!wide_to_i64(wide_floor_div(wide_diff(ts, p->origin), (uint64_t) p->period), pos))
		return CXM_RET_OUT_OF_RANGE;
	return CXM_RET_OK;
}

/* pos (>= first) lies after period N of a customer whose earliest position is first? */
static bool
beyond_horizon(const cxm_ret_params *p, int64_t first, int64_t pos)
{
	uint64_t	distance = (uint64_t) pos - (uint64_t) first;

	if (calendar(p))
		return distance > (uint64_t) p->periods;
	/* rolling: period k = distance / period */
	return distance / (uint64_t) p->period > (uint64_t) p->periods;
}

/* Sorts, drops repeats and positions past the horizon (noting them as late). */
static void
compact_positions(cxm_ret_activity *a, cxm_sess_tick tick)
{
	int64_t		kept = 0;

	cxm_sess_sort_i64(a->positions, (size_t) a->n, tick);
	for (int64_t k = 0; k < a->n; k++)
	{
		int64_t		pos = a->positions[k];

		if (beyond_horizon(&a->params, a->first, pos))
			a->late = true;
		else if (kept == 0 || a->positions[kept - 1] != pos)
			a->positions[kept++] = pos;
	}
	a->n = kept;
}

/* Room for extra more positions: compact first, grow when that is not enough. */
static cxm_ret_status
reserve_positions(cxm_ret_activity *a, int64_t extra, const cxm_sess_allocator *mem, cxm_sess_tick tick)
{
	int64_t		need,
				new_cap;
	void	   *grown;

	if (a->n + extra <= a->cap)
		return CXM_RET_OK;
	if (a->n > 0)
	{
		compact_positions(a, tick);
		if (a->n + extra <= a->cap && a->n <= a->cap / 2)
			return CXM_RET_OK;
	}
	need = a->n + extra;
	new_cap = a->cap < 16 ? 16 : a->cap + a->cap / 2;
	if (new_cap < need)
		new_cap = need;
	if ((uint64_t) new_cap > SIZE_MAX / sizeof(int64_t) / 2)
		return CXM_RET_NO_MEMORY;
	grown = a->positions == NULL ? mem->alloc(mem->ctx, (size_t) new_cap * sizeof(int64_t))
		: mem->grow(mem->ctx, a->positions, (size_t) a->cap * sizeof(int64_t), (size_t) new_cap * sizeof(int64_t));
	if (grown == NULL)
		return CXM_RET_NO_MEMORY;
	a->positions = grown;
	a->cap = new_cap;
	return CXM_RET_OK;
}

cxm_ret_status
cxm_ret_activity_add(cxm_ret_activity *a, int64_t ts, const cxm_sess_allocator *mem, cxm_sess_tick tick)
{
	int64_t		pos;
	cxm_ret_status st;

	if (ts >= a->params.as_of)
		return CXM_RET_OK;		/* not observed yet */
	if ((st = position_of(&a->params, ts, &pos)) != CXM_RET_OK)
		return st;
	if (!a->any)
	{
		a->any = true;
		a->first = pos;
	}
	else if (pos < a->first)
		a->first = pos;
	else if (beyond_horizon(&a->params, a->first, pos))
	{
		a->late = true;
		return CXM_RET_OK;
	}
	if (a->n > 0 && a->positions[a->n - 1] == pos)
		return CXM_RET_OK;
	if ((st = reserve_positions(a, 1, mem, tick)) != CXM_RET_OK)
		return st;
	a->positions[a->n++] = pos;
	return CXM_RET_OK;
}

cxm_ret_status
cxm_ret_activity_merge(cxm_ret_activity *a, const cxm_ret_activity *other, const cxm_sess_allocator *mem,
					   cxm_sess_tick tick)
{
	cxm_ret_status st;

	if (!other->any)
		return CXM_RET_OK;
	if ((st = reserve_positions(a, other->n, mem, tick)) != CXM_RET_OK)
		return st;
	if (!a->any || other->first < a->first)
		a->first = other->first;
	a->any = true;
	a->late |= other->late;
	memcpy(a->positions + a->n, other->positions, (size_t) other->n * sizeof(int64_t));
	a->n += other->n;
	return CXM_RET_OK;
}

/*
 * The end of period k of a customer whose first position is first (an
 * observed one, so before as_of) is at or before as_of?  Exact at any
 * distance; every end, even one past the last timestamp there is, is
 * before as_of = infinity.
 */
static bool
period_complete(const cxm_ret_params *p, int64_t first, int32_t k)
{
	if (p->as_of == CXM_TS_NOEND)
		return true;
	if (calendar(p))
	{
		/* origin + (first + k + 1) * period <= as_of */
		return wide_le(wide_add(first, (uint64_t) k + 1),
					   wide_floor_div(wide_diff(p->as_of, p->origin), (uint64_t) p->period));
	}
	/* first + (k + 1) * period <= as_of, first < as_of */
	return (uint64_t) k + 1 <= ((uint64_t) p->as_of - (uint64_t) first) / (uint64_t) p->period;
}

void
cxm_ret_activity_result(const cxm_ret_activity *a, int32_t *values, bool *nulls, cxm_sess_tick tick)
{
	const cxm_ret_params *p = &a->params;
	int32_t		n = p->periods;
	bool		later = a->late;

	memset(values, 0, sizeof(int32_t) * (size_t) (n + 1));
	for (int64_t i = 0; i < a->n; i++)
	{
		uint64_t	distance = (uint64_t) a->positions[i] - (uint64_t) a->first;
		uint64_t	k = calendar(p) ? distance : distance / (uint64_t) p->period;

		if (k > (uint64_t) n)
			later = true;
		else
			values[k] = 1;
		if (tick && (i & (CXM_SESS_TICK_EVERY - 1)) == CXM_SESS_TICK_EVERY - 1)
			tick();
	}
	if (p->mode & CXM_RET_ON_OR_AFTER)
	{
		/* active in period k or any later one */
		for (int32_t k = n; k >= 0; k--)
		{
			later |= values[k] != 0;
			values[k] = later;
		}
	}
	/* period 0 holds the first activity; later periods count once they have ended */
	values[0] = 1;
	nulls[0] = false;
	for (int32_t k = 1; k <= n; k++)
	{
		nulls[k] = !period_complete(p, a->first, k);
		if (nulls[k])
			values[k] = 0;
	}
}

size_t
cxm_ret_activity_serialized_size(const cxm_ret_activity *a)
{
	return CXM_RET_ACTIVITY_HEADER + (size_t) a->n * 8;
}

void
cxm_ret_activity_serialize(const cxm_ret_activity *a, unsigned char *out)
{
	out[0] = 1;
	out[1] = (unsigned char) (a->params.mode | (a->any ? 0x04 : 0) | (a->late ? 0x08 : 0));
	out[2] = out[3] = 0;
	cxm_sess_put_u32(out + 4, (uint32_t) a->params.periods);
	cxm_sess_put_u64(out + 8, (uint64_t) a->params.period);
	cxm_sess_put_u64(out + 16, (uint64_t) a->params.as_of);
	cxm_sess_put_u64(out + 24, (uint64_t) a->params.origin);
	cxm_sess_put_u64(out + 32, (uint64_t) a->first);
	cxm_sess_put_u64(out + 40, (uint64_t) a->n);
	out += CXM_RET_ACTIVITY_HEADER;
	for (int64_t k = 0; k < a->n; k++, out += 8)
		cxm_sess_put_u64(out, (uint64_t) a->positions[k]);
}

/*
 * A position an observed event can have: at or after first; a finite
 * timestamp before as_of (rolling), or a bucket holding one (calendar).
 */
static bool
position_valid(const cxm_ret_params *p, int64_t first, int64_t pos)
{
	wide		bucket = wide_of(pos);

	if (pos < first)
		return false;
	if (!calendar(p))
		return pos >= CXM_TS_MIN && pos < CXM_TS_END && pos < p->as_of;
	/* the bucket starts before as_of and before the end of time, and ends after the start of time */
	return !wide_le(wide_ceil_div(wide_diff(p->as_of, p->origin), (uint64_t) p->period), bucket) &&
		wide_le(bucket, wide_floor_div(wide_diff(CXM_TS_END - 1, p->origin), (uint64_t) p->period)) &&
		wide_le(wide_floor_div(wide_diff(CXM_TS_MIN, p->origin), (uint64_t) p->period), bucket);
}

cxm_ret_status
cxm_ret_activity_deserialize(const unsigned char *in, size_t len, cxm_ret_activity *a,
							 const cxm_sess_allocator *mem)
{
	cxm_ret_params p;
	unsigned	flags;
	uint64_t	n;
	int64_t		first;
	bool		any,
				late,
				first_seen = false;

	memset(a, 0, sizeof(*a));
	if (len < CXM_RET_ACTIVITY_HEADER || in[0] != 1 || (in[1] & ~0x0Fu) || in[2] || in[3])
		return CXM_RET_BAD_STATE;
	flags = in[1];
	p.mode = (uint8_t) (flags & (CXM_RET_ON_OR_AFTER | CXM_RET_CALENDAR));
	any = (flags & 0x04) != 0;
	late = (flags & 0x08) != 0;
	if (cxm_sess_get_u32(in + 4) < 1 || cxm_sess_get_u32(in + 4) > CXM_RET_MAX_PERIODS)
		return CXM_RET_BAD_STATE;
	p.periods = (int32_t) cxm_sess_get_u32(in + 4);
	p.period = (int64_t) cxm_sess_get_u64(in + 8);
	p.as_of = (int64_t) cxm_sess_get_u64(in + 16);
	p.origin = (int64_t) cxm_sess_get_u64(in + 24);
	first = (int64_t) cxm_sess_get_u64(in + 32);
	n = cxm_sess_get_u64(in + 40);
	if (p.period <= 0 || (!calendar(&p) && p.origin != 0) || !cxm_ts_valid(p.as_of) ||
		(calendar(&p) && (p.origin < CXM_TS_MIN || p.origin >= CXM_TS_END)) ||
		n > (len - CXM_RET_ACTIVITY_HEADER) / 8 || len != CXM_RET_ACTIVITY_HEADER + n * 8 ||
		any != (n > 0) || (!any && (first != 0 || late)))
		return CXM_RET_BAD_STATE;
	in += CXM_RET_ACTIVITY_HEADER;
	for (uint64_t k = 0; k < n; k++)
	{
		int64_t		pos = (int64_t) cxm_sess_get_u64(in + k * 8);

		if (!position_valid(&p, first, pos))
			return CXM_RET_BAD_STATE;
		first_seen |= pos == first;
	}
	if (any && !first_seen)
		return CXM_RET_BAD_STATE;

	cxm_ret_activity_init(a, &p);
	a->any = any;
	a->late = late;
	a->first = first;
	if (n > 0)
	{
		a->positions = mem->alloc(mem->ctx, (size_t) n * sizeof(int64_t));
		if (a->positions == NULL)
			return CXM_RET_NO_MEMORY;
		for (uint64_t k = 0; k < n; k++)
			a->positions[k] = (int64_t) cxm_sess_get_u64(in + k * 8);
		a->n = a->cap = (int64_t) n;
	}
	return CXM_RET_OK;
}

/* ---------- cohort_retention ---------- */

void
cxm_ret_cohort_init(cxm_ret_cohort *c, int32_t decimals)
{
	memset(c, 0, sizeof(*c));
	c->decimals = decimals;
}

/* Makes the arrays at least length long, new entries zero. */
static cxm_ret_status
cohort_widen(cxm_ret_cohort *c, int32_t length, const cxm_sess_allocator *mem)
{
	int64_t    *retained,
			   *known;

	if (length <= c->length)
		return CXM_RET_OK;
	retained = mem->alloc(mem->ctx, (size_t) length * sizeof(int64_t));
	known = mem->alloc(mem->ctx, (size_t) length * sizeof(int64_t));
	if (retained == NULL || known == NULL)
		return CXM_RET_NO_MEMORY;
	memset(retained, 0, (size_t) length * sizeof(int64_t));
	memset(known, 0, (size_t) length * sizeof(int64_t));
	if (c->length > 0)
	{
		memcpy(retained, c->retained, (size_t) c->length * sizeof(int64_t));
		memcpy(known, c->known, (size_t) c->length * sizeof(int64_t));
		mem->release(mem->ctx, c->retained);
		mem->release(mem->ctx, c->known);
	}
	c->retained = retained;
	c->known = known;
	c->length = length;
	return CXM_RET_OK;
}

cxm_ret_status
cxm_ret_cohort_add(cxm_ret_cohort *c, const int32_t *values, const bool *nulls, int32_t length,
				   const cxm_sess_allocator *mem, int32_t *bad)
{
	cxm_ret_status st;

	if (length > CXM_RET_MAX_PERIODS + 1)
		return CXM_RET_TOO_LONG;
	for (int32_t k = 0; k < length; k++)
	{
		if (!nulls[k] && values[k] != 0 && values[k] != 1)
		{
			*bad = k;
			return CXM_RET_NOT_BINARY;
		}
	}
	/* only customers who met the first condition (who are in the cohort) count */
	if (length == 0 || nulls[0] || values[0] != 1)
		return CXM_RET_OK;
	if ((st = cohort_widen(c, length, mem)) != CXM_RET_OK)
		return st;
	for (int32_t k = 0; k < length; k++)
	{
		if (!nulls[k])
		{
			c->known[k]++;
			c->retained[k] += values[k];
		}
	}
	return CXM_RET_OK;
}

cxm_ret_status
cxm_ret_cohort_merge(cxm_ret_cohort *c, const cxm_ret_cohort *other, const cxm_sess_allocator *mem)
{
	cxm_ret_status st;

	if ((st = cohort_widen(c, other->length, mem)) != CXM_RET_OK)
		return st;
	for (int32_t k = 0; k < other->length; k++)
	{
		if (c->known[k] > INT64_MAX - other->known[k])
			return CXM_RET_COUNT_OVERFLOW;
		c->known[k] += other->known[k];
		c->retained[k] += other->retained[k];
	}
	return CXM_RET_OK;
}

bool
cxm_ret_cohort_percent(const cxm_ret_cohort *c, int32_t k, char *buf)
{
	uint64_t	whole,
				rem;

	if (k < 0 || k >= c->length || c->known[k] == 0)
		return false;
	cxm_mul_div((uint64_t) c->retained[k], 100, (uint64_t) c->known[k], &whole, &rem);
	cxm_format_fraction(buf, false, whole, rem, (uint64_t) c->known[k]);
	return true;
}

size_t
cxm_ret_cohort_serialized_size(const cxm_ret_cohort *c)
{
	return CXM_RET_COHORT_HEADER + (size_t) c->length * 16;
}

void
cxm_ret_cohort_serialize(const cxm_ret_cohort *c, unsigned char *out)
{
	out[0] = 1;
	out[1] = (unsigned char) (c->decimals + 1);
	out[2] = out[3] = 0;
	cxm_sess_put_u32(out + 4, (uint32_t) c->length);
	out += CXM_RET_COHORT_HEADER;
	for (int32_t k = 0; k < c->length; k++, out += 16)
	{
		cxm_sess_put_u64(out, (uint64_t) c->retained[k]);
		cxm_sess_put_u64(out + 8, (uint64_t) c->known[k]);
	}
}

cxm_ret_status
cxm_ret_cohort_deserialize(const unsigned char *in, size_t len, cxm_ret_cohort *c,
						   const cxm_sess_allocator *mem)
{
	uint32_t	length;
	cxm_ret_status st;

	cxm_ret_cohort_init(c, -1);
	if (len < CXM_RET_COHORT_HEADER || in[0] != 1 || in[1] > CXM_RET_MAX_DECIMALS + 1 || in[2] || in[3])
		return CXM_RET_BAD_STATE;
	c->decimals = (int32_t) in[1] - 1;
	length = cxm_sess_get_u32(in + 4);
	if (length > CXM_RET_MAX_PERIODS + 1 || len != CXM_RET_COHORT_HEADER + (size_t) length * 16)
		return CXM_RET_BAD_STATE;
	in += CXM_RET_COHORT_HEADER;
	for (uint32_t k = 0; k < length; k++)
	{
		uint64_t	retained = cxm_sess_get_u64(in + k * 16);
		uint64_t	known = cxm_sess_get_u64(in + k * 16 + 8);

		/*
		 * Only customers with r[1] = 1 are counted, each in period 0 and in
		 * the periods they know: period 0 is retained by all of them and
		 * known to at least one, no period to more.
		 */
		if (known > (uint64_t) INT64_MAX || retained > known ||
			(k == 0 ? retained != known || known == 0 : known > cxm_sess_get_u64(in + 8)))
			return CXM_RET_BAD_STATE;
	}
	if ((st = cohort_widen(c, (int32_t) length, mem)) != CXM_RET_OK)
		return st;
	for (uint32_t k = 0; k < length; k++)
	{
		c->retained[k] = (int64_t) cxm_sess_get_u64(in + k * 16);
		c->known[k] = (int64_t) cxm_sess_get_u64(in + k * 16 + 8);
	}
	return CXM_RET_OK;
}
