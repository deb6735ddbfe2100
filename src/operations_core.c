/*
 * operations_core.c - customer flow, shares and resolution times.
 */
#include "operations_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "decimal_core.h"
#include "wire_core.h"

#define WIRE_VERSION 1

static bool
add_u64(uint64_t *a, uint64_t b)
{
	if (*a > (uint64_t) INT64_MAX - b)
		return false;
	*a += b;
	return true;
}

/* 100 * num / den as exact decimal text, num <= den, den > 0 */
static void
percent_text(uint64_t num, uint64_t den, char *buf)
{
	uint64_t	whole,
				rem;

	cxm_mul_div(num, 100, den, &whole, &rem);
	cxm_format_fraction(buf, false, whole, rem, den);
}

/* ---------- customer flow ---------- */

cxm_flow_merge_status
cxm_flow_merge(cxm_flow *a, const cxm_flow *b)
{
	cxm_flow	sum;

	if (!b->has_period)
		return CXM_FLOW_MERGED;
	if (!a->has_period)
	{
		*a = *b;
		return CXM_FLOW_MERGED;
	}
	if (a->period_start != b->period_start || a->period_end != b->period_end || a->time_kind != b->time_kind)
		return CXM_FLOW_PERIOD_DIFFERS;
	sum = *a;
	if (!add_u64(&sum.at_start, b->at_start) || !add_u64(&sum.lost, b->lost) ||
		!add_u64(&sum.acquired, b->acquired) || !add_u64(&sum.acquired_and_lost, b->acquired_and_lost) ||
		sum.acquired > (uint64_t) INT64_MAX - sum.at_start)
		return CXM_FLOW_OVERFLOW;	/* at_end, at most at_start + acquired, must fit a bigint */
	*a = sum;
	return CXM_FLOW_MERGED;
}

bool
cxm_flow_churn_text(const cxm_flow *f, char *buf)
{
	if (f->at_start == 0)
		return false;
	percent_text(f->lost, f->at_start, buf);
	return true;
}

bool
cxm_flow_retention_text(const cxm_flow *f, char *buf)
{
	if (f->at_start == 0)
		return false;
	/* (E - N) / S: E - N = S - lost, N being the acquired customers still there */
	percent_text(f->at_start - f->lost, f->at_start, buf);
	return true;
}

void
cxm_flow_encode(const cxm_flow *f, uint8_t *out)
{
	out[0] = WIRE_VERSION;
	out[1] = f->has_period ? 1 : 0;
	out[2] = f->time_kind;
	out[3] = 0;
	cxm_be_put64(out + 4, (uint64_t) f->period_start);
	cxm_be_put64(out + 12, (uint64_t) f->period_end);
	cxm_be_put64(out + 20, f->at_start);
	cxm_be_put64(out + 28, f->lost);
	cxm_be_put64(out + 36, f->acquired);
	cxm_be_put64(out + 44, f->acquired_and_lost);
}

/* A value of the time type of the given kind, finite or infinite. */
static bool
valid_time(uint8_t kind, int64_t value)
{
	if (kind == CXM_TIME_KIND_DATE)
		return value == INT32_MIN || value == INT32_MAX ||
			(value >= CXM_OPS_FIRST_DAY && value <= CXM_OPS_LAST_DAY);
	return value == INT64_MIN || value == INT64_MAX || (value >= CXM_OPS_FIRST_USEC && value < CXM_OPS_END_USEC);
}

bool
cxm_flow_decode(const uint8_t *in, size_t len, cxm_flow *f, const char **why)
{
	if (len != CXM_FLOW_WIRE_SIZE)
	{
		*why = "wrong length";
		return false;
	}
	if (in[0] != WIRE_VERSION || in[1] > 1 || in[2] > CXM_TIME_KIND_MAX || in[3] != 0)
	{
		*why = "unknown version or flags";
		return false;
	}
	memset(f, 0, sizeof(*f));
	f->has_period = in[1] == 1;
	f->time_kind = in[2];
	f->period_start = (int64_t) cxm_be_get64(in + 4);
	f->period_end = (int64_t) cxm_be_get64(in + 12);
	f->at_start = cxm_be_get64(in + 20);
	f->lost = cxm_be_get64(in + 28);
	f->acquired = cxm_be_get64(in + 36);
	f->acquired_and_lost = cxm_be_get64(in + 44);
	if (f->at_start > INT64_MAX || f->acquired > (uint64_t) INT64_MAX - f->at_start ||
		f->lost > f->at_start || f->acquired_and_lost > f->acquired)
	{
		*why = "inconsistent counts";
		return false;
	}
	/* the transition function starts every state with its period */
	if (!f->has_period || f->period_start >= f->period_end || !valid_time(f->time_kind, f->period_start) ||
		!valid_time(f->time_kind, f->period_end))
	{
		*why = "invalid period";
		return false;
	}
	return true;
}

/* ---------- shares ---------- */

bool
cxm_share_merge(cxm_share *a, const cxm_share *b)
{
	cxm_share	sum = *a;

	if (!add_u64(&sum.yes, b->yes) || !add_u64(&sum.total, b->total))
		return false;
	*a = sum;
	return true;
}

bool
cxm_share_percent_text(const cxm_share *s, char *buf)
{
	if (s->total == 0)
		return false;
	percent_text(s->yes, s->total, buf);
	return true;
}

void
cxm_share_encode(const cxm_share *s, uint8_t *out)
{
	out[0] = WIRE_VERSION;
	out[1] = out[2] = out[3] = 0;
	cxm_be_put64(out + 4, s->yes);
	cxm_be_put64(out + 12, s->total);
}

bool
cxm_share_decode(const uint8_t *in, size_t len, cxm_share *s, const char **why)
{
	if (len != CXM_SHARE_WIRE_SIZE)
	{
		*why = "wrong length";
		return false;
	}
	if (in[0] != WIRE_VERSION || in[1] != 0 || in[2] != 0 || in[3] != 0)
	{
		*why = "unknown version or flags";
		return false;
	}
	s->yes = cxm_be_get64(in + 4);
	s->total = cxm_be_get64(in + 12);
	if (s->total > INT64_MAX || s->yes > s->total)
	{
		*why = "inconsistent counts";
		return false;
	}
	return true;
}

/* ---------- mean durations ---------- */

bool
cxm_durations_merge(cxm_durations *a, const cxm_durations *b)
{
	cxm_durations sum = *a;

	sum.sum_lo += b->sum_lo;
	sum.sum_hi += b->sum_hi + (sum.sum_lo < b->sum_lo);
	if (sum.sum_hi < a->sum_hi ||
		!add_u64(&sum.resolved, b->resolved) || !add_u64(&sum.unresolved, b->unresolved))
		return false;
	*a = sum;
	return true;
}

/* (hi * 2^64 + lo) / n by long division; false when the quotient passes 64 bits */
static bool
divide_u128(uint64_t hi, uint64_t lo, uint64_t n, uint64_t *quotient, uint64_t *remainder)
{
	uint64_t	q = 0,
				r = hi;

	if (n == 0 || hi >= n)
		return false;
	for (int i = 63; i >= 0; i--)
	{
		bool		carry = (r >> 63) != 0;

		r = (r << 1) | ((lo >> i) & 1);
		q <<= 1;
		if (carry || r >= n)
		{
			r -= n;
			q |= 1;
		}
	}
	*quotient = q;
	*remainder = r;
	return true;
}

bool
cxm_durations_mean(const cxm_durations *d, int64_t *mean)
{
	uint64_t	q,
				r;

	if (d->resolved == 0 || !divide_u128(d->sum_hi, d->sum_lo, d->resolved, &q, &r))
		return false;
	/* each duration is at most INT64_MAX (checked on input), so is the mean; round half up */
	if (r >= d->resolved - r)
		q++;
	*mean = (int64_t) q;
	return true;
}

void
cxm_durations_encode(const cxm_durations *d, uint8_t *out)
{
	out[0] = WIRE_VERSION;
	out[1] = out[2] = out[3] = 0;
	cxm_be_put64(out + 4, d->sum_hi);
	cxm_be_put64(out + 12, d->sum_lo);
	cxm_be_put64(out + 20, d->resolved);
	cxm_be_put64(out + 28, d->unresolved);
}

bool
cxm_durations_decode(const uint8_t *in, size_t len, cxm_durations *d, const char **why)
{
	uint64_t	q,
				r;

	if (len != CXM_DURATIONS_WIRE_SIZE)
	{
		*why = "wrong length";
		return false;
	}
	if (in[0] != WIRE_VERSION || in[1] != 0 || in[2] != 0 || in[3] != 0)
	{
		*why = "unknown version or flags";
		return false;
	}
	d->sum_hi = cxm_be_get64(in + 4);
	d->sum_lo = cxm_be_get64(in + 12);
	d->resolved = cxm_be_get64(in + 20);
	d->unresolved = cxm_be_get64(in + 28);
	if (d->resolved > INT64_MAX || d->unresolved > INT64_MAX)
	{
		*why = "count out of range";
		return false;
	}
	/* each duration is at most INT64_MAX, so the sum is at most resolved * INT64_MAX */
	if (d->resolved == 0 ? (d->sum_hi | d->sum_lo) != 0
		: !divide_u128(d->sum_hi, d->sum_lo, d->resolved, &q, &r) || q > INT64_MAX ||
		(q == INT64_MAX && r != 0))
	{
		*why = "inconsistent sum and counts";
		return false;
	}
	return true;
}

/* ---------- percentiles ---------- */

/* Counts work down to the next call of the caller's interrupt check. */
typedef struct ticker
{
	cxm_ops_interrupt_fn check;
	size_t		left;
} ticker;

static ticker
ticker_of(cxm_ops_interrupt_fn check)
{
	ticker		t = {check, CXM_OPS_TICK_EVERY};

	return t;
}

static inline void
tick(ticker *t, size_t work)
{
	if (t->check == NULL)
		return;
	if (t->left > work)
	{
		t->left -= work;
		return;
	}
	t->left = CXM_OPS_TICK_EVERY;
	t->check();
}

static void
swap_int64(int64_t *a, int64_t *b)
{
	int64_t		t = *a;

	*a = *b;
	*b = t;
}

static void
sift_down(int64_t *a, size_t root, size_t n)
{
	int64_t		v = a[root];

	for (;;)
	{
		size_t		child = 2 * root + 1;

		if (child >= n)
			break;
		if (child + 1 < n && a[child] < a[child + 1])
			child++;
		if (v >= a[child])
			break;
		a[root] = a[child];
		root = child;
	}
	a[root] = v;
}

/* Heapsort: O(n log n) on any input, and it ticks (qsort could not be interrupted). */
static void
heap_sort(int64_t *a, size_t n, ticker *t)
{
	for (size_t i = n / 2; i-- > 0;)
	{
		sift_down(a, i, n);
		tick(t, 32);
	}
	for (size_t end = n; end-- > 1;)
	{
		swap_int64(&a[0], &a[end]);
		sift_down(a, 0, end);
		tick(t, 32);
	}
}

/*
 * Puts the k-th smallest value at values[k], smaller ones before, larger
 * after (Hoare's selection, median-of-three pivots).  After a budget of
 * partitions that only adversarial input exhausts, the rest is sorted, so the
 * worst case stays O(n log n).
 */
static void
select_kth(int64_t *values, size_t n, size_t k, ticker *t)
{
	size_t		lo = 0,
				hi = n - 1;
	int			budget = 16;

	for (size_t m = n; m > 1; m >>= 1)
		budget += 2;
	while (hi > lo)
	{
		size_t		mid = lo + (hi - lo) / 2,
					i,
					j;
		int64_t		pivot;

		if (budget-- == 0)
		{
			heap_sort(values + lo, hi - lo + 1, t);
			return;
		}
		if (values[mid] < values[lo])
			swap_int64(&values[mid], &values[lo]);
		if (values[hi] < values[lo])
			swap_int64(&values[hi], &values[lo]);
		if (values[hi] < values[mid])
			swap_int64(&values[hi], &values[mid]);
		pivot = values[mid];
		i = lo;
		j = hi;
		while (i <= j)
		{
			size_t		from_i = i,
						from_j = j;

			while (values[i] < pivot)
				i++;
			while (values[j] > pivot)
				j--;
			/* the values just scanned; ticks come between scans */
			tick(t, (i - from_i) + (from_j - j) + 1);
			if (i <= j)
			{
				swap_int64(&values[i], &values[j]);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		/* now values[lo..j] <= pivot <= values[i..hi], and j < i */
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;				/* values[j+1..i-1] all equal the pivot */
	}
}

int64_t
cxm_percentile_cont(int64_t *values, size_t n, double fraction, cxm_ops_interrupt_fn interrupt)
{
	ticker		t = ticker_of(interrupt);
	double		position = fraction * (double) (n - 1);
	size_t		first = (size_t) floor(position);
	double		proportion = position - (double) first;
	int64_t		low,
				high;

	if (first >= n - 1)
	{
		select_kth(values, n, n - 1, &t);
		return values[n - 1];
	}
	select_kth(values, n, first, &t);
	low = values[first];
	if (proportion == 0.0)
		return low;
	/* the next order statistic is the least of the values above */
	high = values[first + 1];
	for (size_t i = first + 2; i < n; i++)
	{
		tick(&t, 1);
		if (values[i] < high)
			high = values[i];
	}
	return low + (int64_t) rint(proportion * (double) (high - low));
}

size_t
cxm_duration_list_size(size_t n)
{
	return CXM_DURATION_LIST_HEADER + 8 * n;
}

void
cxm_duration_list_encode(bool has_fraction, double fraction, const int64_t *values, size_t n, uint8_t *out,
						 cxm_ops_interrupt_fn interrupt)
{
	ticker		t = ticker_of(interrupt);
	uint64_t	bits;

	out[0] = WIRE_VERSION;
	out[1] = has_fraction ? 1 : 0;
	out[2] = out[3] = 0;
	memcpy(&bits, &fraction, sizeof(bits));
	cxm_be_put64(out + 4, has_fraction ? bits : 0);
	cxm_be_put64(out + 12, (uint64_t) n);
	for (size_t i = 0; i < n; i++)
	{
		tick(&t, 1);
		cxm_be_put64(out + CXM_DURATION_LIST_HEADER + 8 * i, (uint64_t) values[i]);
	}
}

bool
cxm_duration_list_decode_header(const uint8_t *in, size_t len, bool *has_fraction, double *fraction,
								size_t *n, const char **why)
{
	uint64_t	bits,
				count;

	if (len < CXM_DURATION_LIST_HEADER)
	{
		*why = "too short";
		return false;
	}
	if (in[0] != WIRE_VERSION || in[1] > 1 || in[2] != 0 || in[3] != 0)
	{
		*why = "unknown version or flags";
		return false;
	}
	*has_fraction = in[1] == 1;
	bits = cxm_be_get64(in + 4);
	memcpy(fraction, &bits, sizeof(bits));
	if (*has_fraction ? !(*fraction >= 0.0 && *fraction <= 1.0) : bits != 0)
	{
		*why = "invalid fraction";
		return false;
	}
	count = cxm_be_get64(in + 12);
	if (count != (len - CXM_DURATION_LIST_HEADER) / 8 || (len - CXM_DURATION_LIST_HEADER) % 8 != 0)
	{
		*why = "length does not match the count";
		return false;
	}
	*n = (size_t) count;
	return true;
}

bool
cxm_duration_list_decode_values(const uint8_t *in, size_t n, int64_t *out, const char **why,
								cxm_ops_interrupt_fn interrupt)
{
	ticker		t = ticker_of(interrupt);

	for (size_t i = 0; i < n; i++)
	{
		uint64_t	v = cxm_be_get64(in + CXM_DURATION_LIST_HEADER + 8 * i);

		tick(&t, 1);
		if (v > INT64_MAX)
		{
			*why = "negative duration";
			return false;
		}
		out[i] = (int64_t) v;
	}
	return true;
}
