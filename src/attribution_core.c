/*
 * attribution_core.c - rule-based attribution models and exact credits.
 */
#include "attribution_core.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const cxm_attr_model_names[CXM_ATTR_MODELS] = {
	"first_touch", "last_touch", "last_non_direct", "linear", "time_decay",
	"position_based", "w_shaped"
};

bool
cxm_attr_model_parse(const char *name, size_t len, cxm_attr_model *out)
{
	for (int k = 0; k < CXM_ATTR_MODELS; k++)
	{
		if (strlen(cxm_attr_model_names[k]) == len && memcmp(cxm_attr_model_names[k], name, len) == 0)
		{
			*out = (cxm_attr_model) k;
			return true;
		}
	}
	return false;
}

void
cxm_attr_params_init(cxm_attr_params *p)
{
	static const double position[CXM_ATTR_POSITION_SHARES] = {0.4, 0.2, 0.4};
	static const double w[CXM_ATTR_W_SHARES] = {0.3, 0.3, 0.1, 0.3};

	memset(p, 0, sizeof(*p));
	p->half_life = INT64_C(7) * 24 * 3600 * 1000000;
	memcpy(p->position_shares, position, sizeof(position));
	memcpy(p->w_shares, w, sizeof(w));
}

bool
cxm_attr_shares_valid(const double *shares, int n)
{
	double		sum = 0.0;

	for (int k = 0; k < n; k++)
	{
		if (!isfinite(shares[k]) || shares[k] < 0.0)
			return false;
		sum += shares[k];
	}
	return fabs(sum - 1.0) <= 1e-9;
}

/* ---------- which touches count, in which order ---------- */

/* Journey order: by time, then by position in the input. */
static inline bool
touch_before(const int64_t *at, int32_t a, int32_t b)
{
	return at[a] < at[b] || (at[a] == at[b] && a < b);
}

static void
sift_down(const int64_t *at, int32_t *order, int root, int n)
{
	for (;;)
	{
		int			child = 2 * root + 1;
		int32_t		tmp;

		if (child >= n)
			return;
		if (child + 1 < n && touch_before(at, order[child], order[child + 1]))
			child++;
		if (!touch_before(at, order[root], order[child]))
			return;
		tmp = order[root];
		order[root] = order[child];
		order[child] = tmp;
		root = child;
	}
}

/*
 * Heapsort: in place, O(n log n).  The key (time, index) is a total order,
 * so the result is the same as a stable sort by time.
 */
static void
sort_touches(const int64_t *at, int32_t *order, int n)
{
	for (int k = n / 2 - 1; k >= 0; k--)
		sift_down(at, order, k, n);
	for (int end = n - 1; end > 0; end--)
	{
		int32_t		tmp = order[0];

		order[0] = order[end];
		order[end] = tmp;
		sift_down(at, order, 0, end);
	}
}

int
cxm_attr_order(const int64_t *at, int n, int64_t converted_at, const cxm_attr_params *p,
			   int32_t *order)
{
	int			m = 0;
	bool		sorted = true;
	int64_t		earliest = CXM_ATTR_TIME_MINUS_INFINITY;	/* no lookback: every touch before the conversion */

	/*
	 * converted_at - lookback: infinite stays infinite; a finite one
	 * saturates at the earliest finite microsecond, so that a touch at
	 * -infinity, infinitely older, is never within a lookback.
	 */
	if (p->has_lookback && converted_at != CXM_ATTR_TIME_MINUS_INFINITY)
	{
		if (converted_at == CXM_ATTR_TIME_INFINITY)
			earliest = CXM_ATTR_TIME_INFINITY;
		else if (converted_at < CXM_ATTR_TIME_MINUS_INFINITY + 1 + p->lookback)
			earliest = CXM_ATTR_TIME_MINUS_INFINITY + 1;
		else
			earliest = converted_at - p->lookback;
	}
	for (int i = 0; i < n; i++)
	{
		if (at[i] > converted_at || at[i] < earliest)
			continue;
		if (m > 0 && at[i] < at[order[m - 1]])
			sorted = false;
		order[m++] = (int32_t) i;
	}
	if (!sorted)
		sort_touches(at, order, m);
	return m;
}

/* ---------- weights ---------- */

/*
 * Role-based models: each touch holds one role and gets that role's share,
 * the middle share being split equally among the middle touches; then the
 * weights are divided by their sum, so that a path lacking some roles is
 * renormalised over the roles it has.  If those add up to 0, every touch
 * gets an equal part.
 */
static void
role_weights(int m, int key, double first, double key_share, double middle, double last,
			 double *w)
{
	int			middles = 0;
	double		sum = 0.0;

	if (m == 1)
	{
		w[0] = 1.0;
		return;
	}
	for (int k = 1; k < m - 1; k++)
		if (k != key)
			middles++;
	for (int k = 0; k < m; k++)
	{
		if (k == 0)
			w[k] = first;
		else if (k == m - 1)
			w[k] = last;
		else if (k == key)
			w[k] = key_share;
		else
			w[k] = middle / middles;
		sum += w[k];
	}
	for (int k = 0; k < m; k++)
		w[k] = sum > 0.0 ? w[k] / sum : 1.0 / m;
}

void
cxm_attr_weights(cxm_attr_model model, const int64_t *at, const bool *direct,
				 const int32_t *order, int m, const cxm_attr_params *p, double *w)
{
	if (m <= 0)
		return;
	for (int k = 0; k < m; k++)
		w[k] = 0.0;
	switch (model)
	{
		case CXM_ATTR_FIRST_TOUCH:
			w[0] = 1.0;
			break;
		case CXM_ATTR_LAST_TOUCH:
			w[m - 1] = 1.0;
			break;
		case CXM_ATTR_LAST_NON_DIRECT:
			{
				int			k = m - 1;

				/* the last non-direct touch; if every touch is direct, the last one */
				while (k > 0 && direct[order[k]])
					k--;
				if (direct[order[k]])
					k = m - 1;
				w[k] = 1.0;
			}
			break;
		case CXM_ATTR_LINEAR:
			for (int k = 0; k < m; k++)
				w[k] = 1.0 / m;
			break;
		case CXM_ATTR_TIME_DECAY:
			{
				/*
				 * 2^(-(T - t)/h) normalised; measured from the latest touch
				 * instead of T, which cancels and cannot underflow them all
				 * (the latest weighs 1, so the sum is at least 1).  The gap
				 * latest - t is at most 2^64 - 1 microseconds: exact in
				 * unsigned arithmetic, where a signed difference would
				 * overflow.  A touch infinitely older than the latest gets 0.
				 */
				int64_t		latest = at[order[m - 1]];
				double		sum = 0.0;

				for (int k = 0; k < m; k++)
				{
					int64_t		t = at[order[k]];

					if (t == latest)
						w[k] = 1.0;
					else if (latest == CXM_ATTR_TIME_INFINITY || t == CXM_ATTR_TIME_MINUS_INFINITY)
						w[k] = 0.0;
					else
						w[k] = exp2(-(double) ((uint64_t) latest - (uint64_t) t) / (double) p->half_life);
					sum += w[k];
				}
				for (int k = 0; k < m; k++)
					w[k] /= sum;
			}
			break;
		case CXM_ATTR_POSITION_BASED:
			role_weights(m, -1, p->position_shares[0], 0.0, p->position_shares[1],
						 p->position_shares[2], w);
			break;
		case CXM_ATTR_W_SHAPED:
			{
				int			key;

				if (p->has_lead)
				{
					/* the touch that created the lead: the last one at or before it */
					key = 0;
					for (int k = 0; k < m; k++)
						if (at[order[k]] <= p->lead_created_at)
							key = k;
				}
				else
					key = (m + 1) / 2 - 1; /* the middle touch; the earlier of two */
				role_weights(m, key, p->w_shares[0], p->w_shares[1], p->w_shares[2],
							 p->w_shares[3], w);
			}
			break;
	}
}

/* ---------- exact decimal credits ---------- */

uint64_t
cxm_attr_mul_shift_round(uint64_t a, uint64_t b, int shift)
{
	uint64_t	a0 = a & 0xffffffffu,
				a1 = a >> 32,
				b0 = b & 0xffffffffu,
				b1 = b >> 32;
	uint64_t	p00 = a0 * b0,
				p01 = a0 * b1,
				p10 = a1 * b0,
				p11 = a1 * b1;
	uint64_t	mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
	uint64_t	lo = (p00 & 0xffffffffu) | (mid << 32);
	uint64_t	hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);

	if (shift > 128)
		return 0;
	/* add half of the last kept unit; b < 2^63 keeps the sum below 2^128 */
	if (shift <= 64)
	{
		uint64_t	half = UINT64_C(1) << (shift - 1);

		lo += half;
		if (lo < half)
			hi++;
	}
	else
		hi += UINT64_C(1) << (shift - 65);
	if (shift == 128)
		return 0;
	if (shift >= 64)
		return hi >> (shift - 64);
	if ((hi >> shift) != 0)
		return UINT64_MAX;
	return (lo >> shift) | (hi << (64 - shift));
}

/* round(total * c) for 0 <= c <= 1, exactly. */
static uint64_t
scaled_round(uint64_t total, double c)
{
	int			e;
	double		f;

	if (c <= 0.0)
		return 0;
	if (c >= 1.0)
		return total;
	f = frexp(c, &e);			/* c = f * 2^e, 0.5 <= f < 1, e <= 0 */
	return cxm_attr_mul_shift_round(total, (uint64_t) ldexp(f, 53), 53 - e);
}

void
cxm_attr_apportion(uint64_t total, const double *w, int m, uint64_t *out)
{
	double		sum = 0.0,
				running = 0.0;
	uint64_t	before = 0;

	for (int k = 0; k < m; k++)
		sum += w[k];
	for (int k = 0; k < m; k++)
	{
		uint64_t	upto;

		running += w[k];
		upto = k == m - 1 ? total : scaled_round(total, running / sum);
		/* running sums of non-negative numbers only grow: upto >= before */
		out[k] = upto - before;
		before = upto;
	}
}

cxm_attr_value_status
cxm_attr_value_parse(const char *text, cxm_attr_decimal *out)
{
	const char *p = text;
	bool		negative = false;
	bool		point = false;
	int			fraction_digits = 0;
	int			digits = 0;		/* significant digits so far */
	uint64_t	units = 0;

	if (strcmp(text, "NaN") == 0 || strcmp(text, "Infinity") == 0 || strcmp(text, "-Infinity") == 0)
		return CXM_ATTR_VALUE_NOT_FINITE;
	if (*p == '-')
	{
		negative = true;
		p++;
	}
	if (!(*p >= '0' && *p <= '9'))
		return CXM_ATTR_VALUE_SYNTAX;
	for (; *p; p++)
	{
		if (*p == '.' && !point)
		{
			point = true;
			continue;
		}
		if (!(*p >= '0' && *p <= '9'))
			return CXM_ATTR_VALUE_SYNTAX;
		if (point)
			fraction_digits++;
		if (digits > 0 || *p != '0')
		{
			if (++digits > CXM_ATTR_VALUE_DIGITS)
				return CXM_ATTR_VALUE_TOO_PRECISE;
			units = units * 10 + (uint64_t) (*p - '0');
		}
	}
	if (point && fraction_digits == 0)
		return CXM_ATTR_VALUE_SYNTAX;
	if (negative && units != 0)
		return CXM_ATTR_VALUE_NEGATIVE;

	/* ten decimals, or as many as 15 significant digits allow, at least the value's own */
	out->min_scale = fraction_digits;
	out->scale = fraction_digits;
	if (fraction_digits < CXM_ATTR_CREDIT_SCALE)
	{
		int			room = CXM_ATTR_CREDIT_DIGITS - digits;
		int			extra = CXM_ATTR_CREDIT_SCALE - fraction_digits;

		if (extra > room)
			extra = room > 0 ? room : 0;
		for (int k = 0; k < extra; k++)
			units *= 10;
		out->scale += extra;
	}
	out->units = units;
	return CXM_ATTR_VALUE_OK;
}

void
cxm_attr_format_units(char *buf, uint64_t units, int scale, int min_scale)
{
	char		digits[24];
	int			n = snprintf(digits, sizeof(digits), "%" PRIu64, units);
	int			from = n > scale ? n - scale : 0;	/* first digit of the fraction */
	char	   *p = buf;

	if (from > 0)
	{
		memcpy(p, digits, (size_t) from);
		p += from;
	}
	else
		*p++ = '0';
	if (scale > 0)
	{
		char	   *point = p;

		*p++ = '.';
		for (int k = 0; k < scale - n; k++)
			*p++ = '0';
		memcpy(p, digits + from, (size_t) (n - from));
		p += n - from;
		/* drop trailing zeros, keeping min_scale decimals */
		while (p > point + 1 + min_scale && p[-1] == '0')
			p--;
		if (p == point + 1)
			p = point;
	}
	*p = '\0';
}
