/*
 * attribution_core.h - rule-based touchpoint attribution: which touches of a
 * journey count, the weight each model gives them, and the exact split of a
 * conversion value into decimal credits.
 *
 * Plain C, no PostgreSQL headers: unit-tested on its own.  Times are
 * microseconds (PostgreSQL's timestamptz).
 */
#ifndef CXM_ATTRIBUTION_CORE_H
#define CXM_ATTRIBUTION_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * PostgreSQL's -infinity and infinity timestamps.  Each is infinitely far
 * from every finite time, and touches at the same infinity are at the same
 * time: so time decay gives 0 to a touch infinitely older than the latest
 * one, and infinity minus a lookback is still infinity.
 */
#define CXM_ATTR_TIME_MINUS_INFINITY INT64_MIN
#define CXM_ATTR_TIME_INFINITY INT64_MAX

/* Longest journey (touches in one call) and longest channel name, in bytes. */
#define CXM_ATTR_MAX_TOUCHES 10000
#define CXM_ATTR_MAX_NAME 1000

typedef enum cxm_attr_model
{
	CXM_ATTR_FIRST_TOUCH,
	CXM_ATTR_LAST_TOUCH,
	CXM_ATTR_LAST_NON_DIRECT,
	CXM_ATTR_LINEAR,
	CXM_ATTR_TIME_DECAY,
	CXM_ATTR_POSITION_BASED,
	CXM_ATTR_W_SHAPED
} cxm_attr_model;

#define CXM_ATTR_MODELS 7

/* The SQL names, indexed by cxm_attr_model. */
extern const char *const cxm_attr_model_names[CXM_ATTR_MODELS];

/* Parses a model name (exact, lowercase); len bytes, not zero-terminated. */
bool		cxm_attr_model_parse(const char *name, size_t len, cxm_attr_model *out);

/* Shares of the roles in the position-based and W-shaped models. */
#define CXM_ATTR_POSITION_SHARES 3	/* first, middle, last */
#define CXM_ATTR_W_SHARES 4		/* first, key, middle, last */

typedef struct cxm_attr_params
{
	int64_t		half_life;		/* time decay: microseconds, > 0 */
	bool		has_lookback;
	int64_t		lookback;		/* touches older than conversion - lookback do not count */
	bool		has_lead;
	int64_t		lead_created_at;	/* W-shaped: the key touch is the last at or before this */
	double		position_shares[CXM_ATTR_POSITION_SHARES];
	double		w_shares[CXM_ATTR_W_SHARES];
} cxm_attr_params;

/* The defaults: 7 days, no lookback, no lead time, 40/20/40, 30/30/10/30. */
void		cxm_attr_params_init(cxm_attr_params *p);

/* True when n shares are finite, not negative and add up to 1 (within 1e-9). */
bool		cxm_attr_shares_valid(const double *shares, int n);

/*
 * The touches that count, in journey order: those at or before converted_at
 * and, with a lookback, at or after converted_at - lookback (which is never
 * -infinity for a finite converted_at, and is infinity for infinity).  Writes their
 * indexes into order[] sorted by (time, index), so that touches at the same
 * time keep the order of the input, and returns how many there are.
 */
int			cxm_attr_order(const int64_t *at, int n, int64_t converted_at,
						   const cxm_attr_params *p, int32_t *order);

/*
 * The weights of the m touches order[0..m-1] (in journey order) under a
 * model; direct[i] tells whether input touch i is on the direct channel.
 * The weights are >= 0 and add up to 1 (up to rounding) when m > 0.
 */
void		cxm_attr_weights(cxm_attr_model model, const int64_t *at, const bool *direct,
							 const int32_t *order, int m, const cxm_attr_params *p, double *w);

/* ---------- exact decimal credits ---------- */

/*
 * A non-negative decimal as integer units of 10^-scale: value = units * 10^-scale,
 * with min_scale the decimals the value was written with.
 */
typedef struct cxm_attr_decimal
{
	uint64_t	units;
	int			scale;
	int			min_scale;
} cxm_attr_decimal;

/*
 * Credits get 10 decimals, fewer for large values: no more than 15
 * significant digits, the precision of the double weights they come from.
 * They never get fewer decimals than the value itself, so that they add up
 * to it exactly; a value needs at most 18 significant digits.
 */
#define CXM_ATTR_CREDIT_SCALE 10
#define CXM_ATTR_CREDIT_DIGITS 15
#define CXM_ATTR_VALUE_DIGITS 18

typedef enum cxm_attr_value_status
{
	CXM_ATTR_VALUE_OK,
	CXM_ATTR_VALUE_NEGATIVE,
	CXM_ATTR_VALUE_NOT_FINITE,
	CXM_ATTR_VALUE_TOO_PRECISE,	/* more than CXM_ATTR_VALUE_DIGITS significant digits */
	CXM_ATTR_VALUE_SYNTAX
} cxm_attr_value_status;

/*
 * Reads a conversion value written by numeric_out ("1234.50", "NaN",
 * "Infinity") as units of 10^-scale, where scale is CXM_ATTR_CREDIT_SCALE
 * or, for large values, the most decimals within CXM_ATTR_CREDIT_DIGITS
 * significant digits, but never fewer than the value's own decimals.
 */
cxm_attr_value_status cxm_attr_value_parse(const char *text, cxm_attr_decimal *out);

/*
 * Splits total units over m weights (>= 0, not all zero): credit k is
 * round(total * C_k) - round(total * C_(k-1)), where C_k is the sum of the
 * first k normalised weights (a double) and C_m = 1.  Products are exact
 * (128-bit), rounding is half up; so every credit is >= 0, within one unit
 * of total * C_k - total * C_(k-1), and the credits add up to total exactly.
 */
void		cxm_attr_apportion(uint64_t total, const double *w, int m, uint64_t *out);

/*
 * Writes units * 10^-scale in plain decimal, trailing zeros dropped down to
 * min_scale decimals.  buf holds at least CXM_ATTR_DECIMAL_BUFLEN(scale).
 */
#define CXM_ATTR_DECIMAL_BUFLEN(scale) ((size_t) (scale) + 24)
void		cxm_attr_format_units(char *buf, uint64_t units, int scale, int min_scale);

/*
 * floor((a * b + 2^(shift-1)) / 2^shift): a 64 x 64-bit product rounded half
 * up at bit shift (0 < shift), exact; saturates at UINT64_MAX.  Exposed for
 * the unit tests.
 */
uint64_t	cxm_attr_mul_shift_round(uint64_t a, uint64_t b, int shift);

#endif
