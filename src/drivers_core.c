/*
 * drivers_core.c - key driver analysis in plain C: the driver_stats summary
 * (merge, validation, text and binary forms) and the statistics.
 *
 * Every statistic is a function of the correlation matrix of the outcome
 * and the drivers (Grömping 2006), which the co-moments give exactly:
 *   R² = r' Rxx⁻¹ r, beta = Rxx⁻¹ r (r: correlations of the drivers with
 *   the outcome, Rxx: their correlation matrix);
 *   LMG / Shapley: each driver's R² increment averaged over the k! orders
 *   of entry, from the R² of all 2^k subset models;
 *   relative weights (Johnson 2000): from Rxx = V Λ Vᵀ.
 */
#include "drivers_core.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal_core.h"
#include "wire_core.h"

/*
 * A driver whose residual variance, given the drivers before it, is below
 * this share of its variance is a linear combination of them (R² of that
 * regression above 1 - 1e-10): the betas would be noise, so it is refused.
 */
#define COLLINEAR_TOLERANCE 1e-10

void
cxm_drv_init(cxm_drv_packed *s, int k)
{
	memset(s, 0, cxm_drv_size(k));
	s->version = CXM_DRV_VERSION;
	s->drivers = (uint8_t) k;
}

cxm_drv_merge_result
cxm_drv_merge(cxm_drv_packed *dst, const cxm_drv_packed *src)
{
	int			p = dst->drivers + 1;
	const double *origin = dst->values;
	double	   *mean = dst->values + p;
	double	   *c = dst->values + 2 * p;
	const double *src_origin = src->values;
	const double *src_mean = src->values + p;
	const double *src_c = src->values + 2 * p;
	double		total,
				share,
				cross;
	double		delta[CXM_DRV_MAX_VARS];
	double		merged_mean[CXM_DRV_MAX_VARS];

	if (src->drivers != dst->drivers)
		return CXM_DRV_MERGE_DRIVERS;
	if (src->rows > INT64_MAX - dst->rows)
		return CXM_DRV_MERGE_ROWS;
	total = dst->weight + src->weight;
	if (!isfinite(total))
		return CXM_DRV_MERGE_OVERFLOW;
	share = src->weight / total;
	/* wa wb / (wa + wb), written so that it cannot overflow */
	cross = dst->weight * share;
	for (int i = 0; i < p; i++)
	{
		/* both relative to dst's origin; the origins differ by about the spread */
		delta[i] = (src_origin[i] - origin[i]) + (src_mean[i] - mean[i]);
		merged_mean[i] = mean[i] + delta[i] * share;
		if (!isfinite(delta[i]))
			return CXM_DRV_MERGE_OVERFLOW;
	}
	/* check before writing, so that dst is unchanged on error */
	for (int i = 0, at = 0; i < p; at += p - i, i++)
		if (!isfinite(c[at] + src_c[at] + cross * delta[i] * delta[i]))
			return CXM_DRV_MERGE_OVERFLOW;
	for (int i = 0, at = 0; i < p; i++)
		for (int j = i; j < p; j++, at++)
			c[at] += src_c[at] + cross * delta[i] * delta[j];
	memcpy(mean, merged_mean, sizeof(double) * p);
	dst->rows += src->rows;
	dst->weight = total;
	return CXM_DRV_MERGE_OK;
}

/* ---------- validation ---------- */

static bool input_error(cxm_drv_input_error *err, cxm_drv_input_status status, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

static bool
input_error(cxm_drv_input_error *err, cxm_drv_input_status status, const char *fmt,...)
{
	va_list		args;

	err->status = status;
	va_start(args, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, args);
	va_end(args);
	return false;
}

/* The checks on the numbers, shared by every way in. */
static bool
validate_values(const cxm_drv_packed *s, cxm_drv_input_error *err)
{
	int			k = s->drivers;
	int			p = k + 1;
	const double *c = s->values + 2 * p;

	if (k > CXM_DRV_MAX_DRIVERS)
		return input_error(err, CXM_DRV_INPUT_RANGE, "It has %d drivers; at most %d are allowed.", k,
						   CXM_DRV_MAX_DRIVERS);
	if (s->rows < 0)
		return input_error(err, CXM_DRV_INPUT_RANGE, "Its row count %" PRId64 " is negative.", s->rows);
	if ((k == 0) != (s->rows == 0))
		return input_error(err, CXM_DRV_INPUT_RANGE,
						   k == 0 ? "It has rows but no drivers." : "It has drivers but no rows.");
	if (k == 0)
	{
		if (s->weight != 0.0 || signbit(s->weight))
			return input_error(err, CXM_DRV_INPUT_RANGE, "An empty summary must have a total weight of 0.");
		return true;
	}
	if (!(s->weight > 0.0) || !isfinite(s->weight))
		return input_error(err, CXM_DRV_INPUT_RANGE, "Its total weight must be positive and finite.");
	for (int i = 0; i < 2 * p; i++)
		if (!isfinite(s->values[i]))
			return input_error(err, CXM_DRV_INPUT_RANGE, "%s %d is not a finite number.", i < p ? "Origin" : "Mean",
							   i % p + 1);
	/* the text and binary forms read none, and no summary makes one */
	for (size_t i = 0; i < cxm_drv_numbers(k); i++)
		if (s->values[i] == 0.0 && signbit(s->values[i]))
			return input_error(err, CXM_DRV_INPUT_RANGE, "Number %zu is a negative zero, which no summary holds.",
							   i + 1);
	for (int i = 0; i < p; i++)
		if (!isfinite(s->values[i] + s->values[p + i]))
			return input_error(err, CXM_DRV_INPUT_RANGE, "Mean %d is out of range.", i + 1);
	for (size_t i = 0; i < cxm_drv_pairs(p); i++)
		if (!isfinite(c[i]))
			return input_error(err, CXM_DRV_INPUT_RANGE, "Co-moment %zu is not a finite number.", i + 1);
	for (int i = 0; i < p; i++)
		if (c[cxm_drv_pair_index(p, i, i)] < 0.0)
			return input_error(err, CXM_DRV_INPUT_RANGE, "The co-moment of variable %d with itself is negative.", i + 1);
	/*
	 * No Cauchy-Schwarz test on the co-moments: the one-pass update of data
	 * with a large offset can pass the bound by rounding.  The statistics
	 * clamp correlations to [-1, 1] and refuse a correlation matrix that is
	 * not positive definite, so no value can make them misbehave.
	 */
	if (s->rows == 1)
		for (size_t i = p; i < cxm_drv_numbers(k); i++)
			if (s->values[i] != 0.0)
				return input_error(err, CXM_DRV_INPUT_RANGE,
								   "A summary of one row is its origin: its means less the origin and its co-moments are 0.");
	return true;
}

bool
cxm_drv_validate(const cxm_drv_packed *s, size_t size, cxm_drv_input_error *err)
{
	if (size < CXM_DRV_HEADER_SIZE)
		return input_error(err, CXM_DRV_INPUT_SYNTAX, "It is %zu bytes long; at least %d are needed.", size,
						   CXM_DRV_HEADER_SIZE);
	if (s->version != CXM_DRV_VERSION)
		return input_error(err, CXM_DRV_INPUT_VERSION,
						   "Format version %u is not known to this cxm, which reads version %d.",
						   (unsigned) s->version, CXM_DRV_VERSION);
	if (s->flags != 0 || s->reserved != 0)
		return input_error(err, CXM_DRV_INPUT_SYNTAX, "Reserved bits are set (flags %u, reserved %u).",
						   (unsigned) s->flags, (unsigned) s->reserved);
	if (s->drivers > CXM_DRV_MAX_DRIVERS)
		return input_error(err, CXM_DRV_INPUT_RANGE, "It has %u drivers; at most %d are allowed.",
						   (unsigned) s->drivers, CXM_DRV_MAX_DRIVERS);
	if (size != cxm_drv_size(s->drivers))
		return input_error(err, CXM_DRV_INPUT_SYNTAX, "It is %zu bytes long; a summary of %u drivers has %zu.",
						   size, (unsigned) s->drivers, cxm_drv_size(s->drivers));
	return validate_values(s, err);
}

/* ---------- text form ---------- */

static char *
write_doubles(char *p, const double *v, size_t n)
{
	*p++ = '[';
	for (size_t i = 0; i < n; i++)
	{
		if (i)
		{
			*p++ = ',';
			*p++ = ' ';
		}
		cxm_format_double(p, v[i]);
		p += strlen(p);
	}
	*p++ = ']';
	return p;
}

size_t
cxm_drv_to_text(const cxm_drv_packed *s, char *buf)
{
	char	   *p = buf;
	int			k = s->drivers;
	char		weight[CXM_NUMBER_BUFLEN];

	cxm_format_double(weight, s->weight);
	p += sprintf(p, "{\"version\": %d, \"drivers\": %d, \"rows\": %" PRId64 ", \"weight\": %s, \"origin\": ",
				 CXM_DRV_VERSION, k, s->rows, weight);
	p = write_doubles(p, s->values, k == 0 ? 0 : (size_t) k + 1);
	p += sprintf(p, ", \"means\": ");
	p = write_doubles(p, s->values + (k + 1), k == 0 ? 0 : (size_t) k + 1);
	p += sprintf(p, ", \"comoments\": ");
	p = write_doubles(p, s->values + 2 * (k + 1), k == 0 ? 0 : cxm_drv_pairs(k + 1));
	*p++ = '}';
	*p = '\0';
	return (size_t) (p - buf);
}

typedef struct parser
{
	const char *start;
	const char *p;
	cxm_drv_input_error *err;
} parser;

static bool
fail(parser *ps, cxm_drv_input_status status, const char *what)
{
	return input_error(ps->err, status, "%s at character %d.", what, (int) (ps->p - ps->start) + 1);
}

static void
skip_space(parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

static bool
expect(parser *ps, char c, const char *what)
{
	skip_space(ps);
	if (*ps->p != c)
		return fail(ps, CXM_DRV_INPUT_SYNTAX, what);
	ps->p++;
	return true;
}

/* Length of the JSON number at s, 0 if there is none. */
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
parse_whole(parser *ps, int64_t *out)
{
	bool		integral;
	size_t		len;
	uint64_t	v = 0;
	bool		negative;

	skip_space(ps);
	len = number_span(ps->p, &integral);
	if (len == 0)
		return fail(ps, CXM_DRV_INPUT_SYNTAX, "Expected a whole number");
	if (!integral)
		return fail(ps, CXM_DRV_INPUT_RANGE, "Expected a whole number, not a fraction");
	negative = *ps->p == '-';
	for (size_t i = negative ? 1 : 0; i < len; i++)
	{
		unsigned	digit = (unsigned) (ps->p[i] - '0');

		if (v > ((uint64_t) INT64_MAX - digit) / 10)
			return fail(ps, CXM_DRV_INPUT_RANGE, "A whole number is out of range");
		v = v * 10 + digit;
	}
	ps->p += len;
	*out = negative ? -(int64_t) v : (int64_t) v;
	return true;
}

static bool
parse_double(parser *ps, double *out)
{
	bool		integral;
	size_t		len;
	char		tmp[400];
	double		v;

	skip_space(ps);
	len = number_span(ps->p, &integral);
	if (len == 0)
		return fail(ps, CXM_DRV_INPUT_SYNTAX, "Expected a number");
	if (len >= sizeof(tmp))
		return fail(ps, CXM_DRV_INPUT_RANGE, "A number has too many digits");
	memcpy(tmp, ps->p, len);
	tmp[len] = '\0';
	v = strtod(tmp, NULL);
	if (!isfinite(v))
		return fail(ps, CXM_DRV_INPUT_RANGE, "A number is out of range");
	ps->p += len;
	*out = v == 0.0 ? 0.0 : v;	/* no negative zero */
	return true;
}

/* A JSON array of at most max numbers; *n receives how many. */
static bool
parse_doubles(parser *ps, double *out, size_t max, size_t *n, const char *what)
{
	*n = 0;
	if (!expect(ps, '[', "Expected \"[\""))
		return false;
	skip_space(ps);
	if (*ps->p == ']')
	{
		ps->p++;
		return true;
	}
	for (;;)
	{
		if (*n == max)
			return fail(ps, CXM_DRV_INPUT_SYNTAX, what);
		if (!parse_double(ps, &out[*n]))
			return false;
		(*n)++;
		skip_space(ps);
		if (*ps->p == ']')
		{
			ps->p++;
			return true;
		}
		if (!expect(ps, ',', "Expected \",\" or \"]\""))
			return false;
	}
}

enum
{
	KEY_VERSION = 1,
	KEY_DRIVERS = 2,
	KEY_ROWS = 4,
	KEY_WEIGHT = 8,
	KEY_MEANS = 16,
	KEY_COMOMENTS = 32,
	KEY_ORIGIN = 64,
	KEY_ALL = 127
};

static bool
parse_key(parser *ps, int *key)
{
	static const struct
	{
		const char *name;
		int			key;
	}			keys[] = {
		{"\"version\"", KEY_VERSION},
		{"\"drivers\"", KEY_DRIVERS},
		{"\"rows\"", KEY_ROWS},
		{"\"weight\"", KEY_WEIGHT},
		{"\"means\"", KEY_MEANS},
		{"\"origin\"", KEY_ORIGIN},
		{"\"comoments\"", KEY_COMOMENTS},
	};

	skip_space(ps);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
	{
		size_t		len = strlen(keys[i].name);

		if (strncmp(ps->p, keys[i].name, len) == 0)
		{
			*key = keys[i].key;
			ps->p += len;
			return true;
		}
	}
	return fail(ps, CXM_DRV_INPUT_SYNTAX,
				"Expected one of the keys \"version\", \"drivers\", \"rows\", \"weight\", \"origin\", \"means\", \"comoments\"");
}

bool
cxm_drv_from_text(const char *text, cxm_drv_packed *out, cxm_drv_input_error *err)
{
	parser		ps = {text, text, err};
	int			seen = 0;
	int64_t		version = 0,
				drivers = 0,
				rows = 0;
	double		weight = 0.0;
	size_t		n_means = 0,
				n_origin = 0,
				n_comoments = 0;
	/* the co-moments are read into out's value area and moved into place after */
	double	   *comoments = out->values + 2 * CXM_DRV_MAX_VARS;
	double		means[CXM_DRV_MAX_VARS];
	double		origin[CXM_DRV_MAX_VARS];

	memset(out, 0, CXM_DRV_HEADER_SIZE);
	if (!expect(&ps, '{', "Expected \"{\""))
		return false;
	for (;;)
	{
		int			key = 0;
		const char *key_at;

		skip_space(&ps);
		key_at = ps.p;
		if (!parse_key(&ps, &key))
			return false;
		if (seen & key)
		{
			ps.p = key_at;
			return fail(&ps, CXM_DRV_INPUT_SYNTAX, "Duplicate key");
		}
		seen |= key;
		if (!expect(&ps, ':', "Expected \":\""))
			return false;
		switch (key)
		{
			case KEY_VERSION:
				if (!parse_whole(&ps, &version))
					return false;
				break;
			case KEY_DRIVERS:
				if (!parse_whole(&ps, &drivers))
					return false;
				break;
			case KEY_ROWS:
				if (!parse_whole(&ps, &rows))
					return false;
				break;
			case KEY_WEIGHT:
				if (!parse_double(&ps, &weight))
					return false;
				break;
			case KEY_MEANS:
				if (!parse_doubles(&ps, means, CXM_DRV_MAX_VARS, &n_means,
								   "Too many means: a summary has at most 65 (the outcome and 64 drivers)"))
					return false;
				break;
			case KEY_ORIGIN:
				if (!parse_doubles(&ps, origin, CXM_DRV_MAX_VARS, &n_origin,
								   "Too many origin values: a summary has at most 65 (the outcome and 64 drivers)"))
					return false;
				break;
			case KEY_COMOMENTS:
				if (!parse_doubles(&ps, comoments, cxm_drv_pairs(CXM_DRV_MAX_VARS), &n_comoments,
								   "Too many co-moments: a summary has at most 2145"))
					return false;
				break;
		}
		skip_space(&ps);
		if (*ps.p == ',')
		{
			ps.p++;
			continue;
		}
		if (!expect(&ps, '}', "Expected \",\" or \"}\""))
			return false;
		break;
	}
	skip_space(&ps);
	if (*ps.p != '\0')
		return fail(&ps, CXM_DRV_INPUT_SYNTAX, "Unexpected text after the closing \"}\"");
	if (seen != KEY_ALL)
		return input_error(err, CXM_DRV_INPUT_SYNTAX,
						   "The keys \"version\", \"drivers\", \"rows\", \"weight\", \"origin\", \"means\" and \"comoments\" are all required.");
	if (version != CXM_DRV_VERSION)
		return input_error(err, version > CXM_DRV_VERSION ? CXM_DRV_INPUT_VERSION : CXM_DRV_INPUT_SYNTAX,
						   "Format version %" PRId64 " is not known to this cxm, which reads version %d.",
						   version, CXM_DRV_VERSION);
	if (drivers < 0 || drivers > CXM_DRV_MAX_DRIVERS)
		return input_error(err, CXM_DRV_INPUT_RANGE, "It has %" PRId64 " drivers; 0 to %d are allowed.",
						   drivers, CXM_DRV_MAX_DRIVERS);
	if (n_origin != (drivers == 0 ? 0 : (size_t) drivers + 1))
		return input_error(err, CXM_DRV_INPUT_SYNTAX,
						   "It has %zu origin values; a summary of %" PRId64 " drivers has %zu (the outcome's, then each driver's).",
						   n_origin, drivers, drivers == 0 ? (size_t) 0 : (size_t) drivers + 1);
	if (n_means != (drivers == 0 ? 0 : (size_t) drivers + 1))
		return input_error(err, CXM_DRV_INPUT_SYNTAX,
						   "It has %zu means; a summary of %" PRId64 " drivers has %zu (the outcome's, then each driver's).",
						   n_means, drivers, drivers == 0 ? (size_t) 0 : (size_t) drivers + 1);
	if (n_comoments != (drivers == 0 ? 0 : cxm_drv_pairs((int) drivers + 1)))
		return input_error(err, CXM_DRV_INPUT_SYNTAX,
						   "It has %zu co-moments; a summary of %" PRId64 " drivers has %zu.",
						   n_comoments, drivers, drivers == 0 ? (size_t) 0 : cxm_drv_pairs((int) drivers + 1));
	out->version = CXM_DRV_VERSION;
	out->drivers = (uint8_t) drivers;
	out->rows = rows;
	out->weight = weight;
	memmove(out->values + 2 * n_means, comoments, n_comoments * sizeof(double));
	memcpy(out->values, origin, n_origin * sizeof(double));
	memcpy(out->values + n_origin, means, n_means * sizeof(double));
	return validate_values(out, err);
}

/* ---------- binary form ---------- */

size_t
cxm_drv_encode(const cxm_drv_packed *s, uint8_t *buf)
{
	uint8_t    *p = buf;
	size_t		n = cxm_drv_numbers(s->drivers);

	*p++ = s->version;
	*p++ = s->flags;
	*p++ = s->drivers;
	*p++ = s->reserved;
	p = cxm_be_put64(p, (uint64_t) s->rows);
	p = cxm_be_put_double(p, s->weight);
	for (size_t i = 0; i < n; i++)
		p = cxm_be_put_double(p, s->values[i]);
	return (size_t) (p - buf);
}

bool
cxm_drv_decode(const uint8_t *buf, size_t len, cxm_drv_packed *out, cxm_drv_input_error *err)
{
	size_t		n;

	memset(out, 0, CXM_DRV_HEADER_SIZE);
	if (len < CXM_DRV_HEADER_SIZE - 4)
		return input_error(err, CXM_DRV_INPUT_SYNTAX, "The value is %zu bytes long; at least %d are needed.",
						   len, CXM_DRV_HEADER_SIZE - 4);
	if (buf[0] != CXM_DRV_VERSION)
		return input_error(err, buf[0] > CXM_DRV_VERSION ? CXM_DRV_INPUT_VERSION : CXM_DRV_INPUT_SYNTAX,
						   "Format version %u is not known to this cxm, which reads version %d.",
						   (unsigned) buf[0], CXM_DRV_VERSION);
	if (buf[1] != 0 || buf[3] != 0)
		return input_error(err, CXM_DRV_INPUT_SYNTAX, "Reserved bits are set (flags %u, reserved %u).",
						   (unsigned) buf[1], (unsigned) buf[3]);
	if (buf[2] > CXM_DRV_MAX_DRIVERS)
		return input_error(err, CXM_DRV_INPUT_RANGE, "It has %u drivers; at most %d are allowed.",
						   (unsigned) buf[2], CXM_DRV_MAX_DRIVERS);
	if (len != cxm_drv_wire_size(buf[2]))
		return input_error(err, CXM_DRV_INPUT_SYNTAX, "The value is %zu bytes long; a summary of %u drivers has %zu.",
						   len, (unsigned) buf[2], cxm_drv_wire_size(buf[2]));
	out->version = buf[0];
	out->drivers = buf[2];
	out->rows = (int64_t) cxm_be_get64(buf + 4);
	out->weight = cxm_be_get_double(buf + 12);
	n = cxm_drv_numbers(out->drivers);
	for (size_t i = 0; i < n; i++)
	{
		double		v = cxm_be_get_double(buf + 20 + 8 * i);

		out->values[i] = v == 0.0 ? 0.0 : v;	/* no negative zero, as in the text form */
	}
	if (out->weight == 0.0)
		out->weight = 0.0;
	return validate_values(out, err);
}

/* ---------- statistics ---------- */

/* The workspace, carved into pieces. */
typedef struct workspace
{
	double	   *corr;			/* p x p correlation matrix: drivers 0..k-1, outcome k */
	double	   *chol;			/* k x k Cholesky factor of the drivers' correlations */
	double	   *eigen;			/* k x k: the matrix Jacobi diagonalises */
	double	   *vectors;		/* k x k eigenvectors, one per row */
	double	   *root;			/* k x k symmetric square root of Rxx */
	double	   *levels;			/* (k + 1) p x p matrices, one per depth of the subset search */
	double	   *r2;				/* 2^k subset R² */
	uint8_t    *size;			/* 2^k subset sizes */
} workspace;

static size_t
workspace_layout(int k, int want, char *base, workspace *ws)
{
	int			p = k + 1;
	size_t		used = 0;
	double	   *at = (double *) base;
	size_t		kk = (size_t) k * (size_t) k;
	bool		shapley = (want & CXM_DRV_WANT_SHAPLEY) && k <= CXM_DRV_SHAPLEY_MAX;

#define TAKE(field, count) do { if (ws) ws->field = base ? at + used : NULL; used += (count); } while (0)
	TAKE(corr, (size_t) p * p);
	TAKE(chol, kk);
	TAKE(eigen, (want & CXM_DRV_WANT_WEIGHTS) ? kk : 0);
	TAKE(vectors, (want & CXM_DRV_WANT_WEIGHTS) ? kk : 0);
	TAKE(root, (want & CXM_DRV_WANT_WEIGHTS) ? kk : 0);
	TAKE(levels, shapley ? (size_t) (k + 1) * p * p : 0);
	TAKE(r2, shapley ? (size_t) 1 << k : 0);
#undef TAKE
	if (ws)
		ws->size = base && shapley ? (uint8_t *) (at + used) : NULL;
	if (shapley)
		used += ((size_t) 1 << k) / sizeof(double) + 1;
	return used * sizeof(double);
}

size_t
cxm_drv_workspace_size(int k, int want)
{
	return workspace_layout(k, want, NULL, NULL);
}

/*
 * Cholesky factor of the drivers' correlation matrix, in the order of the
 * drivers.  Returns the first driver (0-based) whose residual variance given
 * the drivers before it vanishes, or -1 when the matrix is positive definite.
 */
static int
cholesky(const double *corr, int k, int p, double *l)
{
	for (int j = 0; j < k; j++)
	{
		double		d = corr[j * p + j];

		for (int m = 0; m < j; m++)
			d -= l[j * k + m] * l[j * k + m];
		if (!(d > COLLINEAR_TOLERANCE))
			return j;
		l[j * k + j] = sqrt(d);
		for (int i = j + 1; i < k; i++)
		{
			double		v = corr[i * p + j];

			for (int m = 0; m < j; m++)
				v -= l[i * k + m] * l[j * k + m];
			l[i * k + j] = v / l[j * k + j];
		}
	}
	return -1;
}

/* Solves L z = b (forward) in place, for the first n rows of l. */
static void
forward(const double *l, int k, int n, double *b)
{
	for (int i = 0; i < n; i++)
	{
		double		v = b[i];

		for (int m = 0; m < i; m++)
			v -= l[i * k + m] * b[m];
		b[i] = v / l[i * k + i];
	}
}

/* Solves Lᵀ x = z (backward) in place, for the first n rows of l. */
static void
backward(const double *l, int k, int n, double *b)
{
	for (int i = n - 1; i >= 0; i--)
	{
		double		v = b[i];

		for (int m = i + 1; m < n; m++)
			v -= l[m * k + i] * b[m];
		b[i] = v / l[i * k + i];
	}
}

typedef struct subset_search
{
	int			k;
	int			p;
	double	   *levels;
	double	   *r2;
	cxm_drv_progress progress;
	void	   *arg;
	unsigned	visits;
} subset_search;

/*
 * Depth-first search over the subsets of drivers in increasing order.  m
 * is the correlation matrix with the drivers of mask swept out (their
 * effect partialled out of every other variable); only the rows and columns
 * of drivers from next on, and of the outcome, are still needed.  The
 * outcome's remaining variance is 1 - R² of the subset model.  Sweeping a
 * driver updates only the part of the matrix later subsets read, so all
 * 2^k models cost about 6 * 2^k multiply-adds.
 */
static void
visit(subset_search *ss, int depth, uint32_t mask, int next, const double *m)
{
	int			p = ss->p;
	int			y = ss->k;

	ss->r2[mask] = 1.0 - m[y * p + y];
	if ((++ss->visits & 4095) == 0 && ss->progress)
		ss->progress(ss->arg);
	for (int j = next; j < ss->k; j++)
	{
		double	   *child = ss->levels + (size_t) (depth + 1) * p * p;
		double		pivot = m[j * p + j];

		for (int r = j + 1; r <= y; r++)
		{
			double		f = m[r * p + j] / pivot;

			for (int s = r; s <= y; s++)
				child[r * p + s] = child[s * p + r] = m[r * p + s] - f * m[j * p + s];
		}
		visit(ss, depth + 1, mask | ((uint32_t) 1 << j), j + 1, child);
	}
}

static void
shapley_values(const double *corr, int k, workspace *ws, cxm_drv_progress progress, void *arg, double *out)
{
	int			p = k + 1;
	subset_search ss = {k, p, ws->levels, ws->r2, progress, arg, 0};
	uint32_t	subsets = (uint32_t) 1 << k;
	double		weight[CXM_DRV_SHAPLEY_MAX + 1];

	memcpy(ws->levels, corr, sizeof(double) * p * p);
	visit(&ss, 0, 0, 0, ws->levels);

	/* a subset of s other drivers comes first in s! (k - s - 1)! of the k! orders */
	for (int s = 0; s < k; s++)
	{
		double		choose = 1.0;	/* C(k - 1, s) */

		for (int i = 1; i <= s; i++)
			choose = choose * (k - s - 1 + i) / i;
		weight[s] = 1.0 / ((double) k * choose);
	}
	weight[k] = 0.0;
	for (uint32_t mask = 0; mask < subsets; mask++)
		ws->size[mask] = (uint8_t) __builtin_popcount(mask);

	/*
	 * The subsets without driver j come in runs of 2^j masks, each followed
	 * by the same run with j added: a branch-free sweep in memory order.
	 */
	for (int j = 0; j < k; j++)
	{
		uint32_t	step = (uint32_t) 1 << j;
		double		sum = 0.0;

		for (uint32_t base = 0; base < subsets; base += 2 * step)
		{
			const double *without = ws->r2 + base;
			const double *with = without + step;
			const uint8_t *size = ws->size + base;

			for (uint32_t m = 0; m < step; m++)
				sum += weight[size[m]] * (with[m] - without[m]);
			if (progress && ((base + 2 * step) & 65535) == 0)
				progress(arg);
		}
		out[j] = sum;
	}
}

/*
 * Applies the rotation to rows p and q (contiguous, vectorizable), then
 * copies them into columns p and q to keep the matrix symmetric.
 */
static inline void
rotate_rows(double *a, int n, int p, int q, double c, double s)
{
	double	   *rp = a + (size_t) p * n;
	double	   *rq = a + (size_t) q * n;

	for (int r = 0; r < n; r++)
	{
		double		x = rp[r];
		double		y = rq[r];

		rp[r] = c * x - s * y;
		rq[r] = s * x + c * y;
	}
	for (int r = 0; r < n; r++)
	{
		a[(size_t) r * n + p] = rp[r];
		a[(size_t) r * n + q] = rq[r];
	}
}

int
cxm_drv_jacobi(double *a, int n, double *values, double *vectors, cxm_drv_progress progress, void *arg)
{
	int			sweep;

	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			vectors[i * n + j] = i == j ? 1.0 : 0.0;
	for (sweep = 0; sweep < 100; sweep++)
	{
		int			rotations = 0;
		double		skip_below = 0.0;

		if (progress)
			progress(arg);
		/* first sweeps: leave the small elements for later (Rutishauser) */
		if (sweep < 3)
		{
			double		off = 0.0;

			for (int p = 0; p < n - 1; p++)
				for (int q = p + 1; q < n; q++)
					off += fabs(a[p * n + q]);
			skip_below = 0.2 * off / ((double) n * n);
		}
		for (int p = 0; p < n - 1; p++)
			for (int q = p + 1; q < n; q++)
			{
				double		apq = a[p * n + q];
				double		app = a[p * n + p];
				double		aqq = a[q * n + q];
				double		theta,
							t,
							c,
							s;

				/* negligible next to both diagonal entries: relative accuracy (Demmel & Veselić) */
				if (fabs(apq) <= 1e-17 * sqrt(fabs(app * aqq)) || apq == 0.0)
				{
					a[p * n + q] = a[q * n + p] = 0.0;
					continue;
				}
				if (fabs(apq) < skip_below)
				{
					rotations++;	/* not converged yet */
					continue;
				}
				rotations++;
				theta = (aqq - app) / (2.0 * apq);
				t = (theta >= 0.0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
				if (!isfinite(theta * theta))
					t = 1.0 / (2.0 * theta);
				c = 1.0 / sqrt(t * t + 1.0);
				s = t * c;
				rotate_rows(a, n, p, q, c, s);
				/* the 2 x 2 block exactly: the pivot vanishes */
				a[p * n + p] = app - t * apq;
				a[q * n + q] = aqq + t * apq;
				a[p * n + q] = a[q * n + p] = 0.0;
				{
					double	   *vp = vectors + (size_t) p * n;
					double	   *vq = vectors + (size_t) q * n;

					for (int r = 0; r < n; r++)
					{
						double		x = vp[r];
						double		y = vq[r];

						vp[r] = c * x - s * y;
						vq[r] = s * x + c * y;
					}
				}
			}
		if (rotations == 0)
			break;
	}
	for (int i = 0; i < n; i++)
		values[i] = a[i * n + i];
	return sweep;
}

/*
 * Johnson's relative weights: with Rxx = V Λ Vᵀ, the orthogonal
 * counterparts Z of the drivers relate to them by Λxz = V Λ^½ Vᵀ; the
 * outcome's regression on Z has weights β* = V Λ^-½ Vᵀ r, and driver j's
 * weight is Σ_m Λxz[j][m]² β*_m².
 */
static void
relative_weights(const double *corr, const double *r, int k, workspace *ws, cxm_drv_progress progress,
				 void *arg, double *out)
{
	int			p = k + 1;
	double		lambda[CXM_DRV_MAX_DRIVERS];
	double		projected[CXM_DRV_MAX_DRIVERS];
	double		beta_star[CXM_DRV_MAX_DRIVERS];

	for (int i = 0; i < k; i++)
		for (int j = 0; j < k; j++)
			ws->eigen[i * k + j] = corr[i * p + j];
	cxm_drv_jacobi(ws->eigen, k, lambda, ws->vectors, progress, arg);
	/* Vᵀ r, then Λ^-½, then V */
	for (int m = 0; m < k; m++)
	{
		double		v = 0.0;

		for (int i = 0; i < k; i++)
			v += ws->vectors[m * k + i] * r[i];
		projected[m] = v / sqrt(lambda[m]);
	}
	for (int i = 0; i < k; i++)
	{
		double		v = 0.0;

		for (int m = 0; m < k; m++)
			v += ws->vectors[m * k + i] * projected[m];
		beta_star[i] = v;
	}
	/* Λxz = V Λ^½ Vᵀ from the eigenvectors scaled by λ^¼, one contiguous row each */
	for (int m = 0; m < k; m++)
	{
		double		scale = sqrt(sqrt(lambda[m]));

		for (int i = 0; i < k; i++)
			ws->eigen[i * k + m] = ws->vectors[m * k + i] * scale;
	}
	for (int i = 0; i < k; i++)
		for (int j = i; j < k; j++)
		{
			const double *ri = ws->eigen + (size_t) i * k;
			const double *rj = ws->eigen + (size_t) j * k;
			double		v = 0.0;

			for (int m = 0; m < k; m++)
				v += ri[m] * rj[m];
			ws->root[i * k + j] = ws->root[j * k + i] = v;
		}
	for (int j = 0; j < k; j++)
	{
		double		v = 0.0;

		for (int m = 0; m < k; m++)
			v += ws->root[j * k + m] * ws->root[j * k + m] * beta_star[m] * beta_star[m];
		out[j] = v;
	}
}

cxm_drv_fit_status
cxm_drv_compute(const cxm_drv_packed *s, int want, void *workspace_bytes, cxm_drv_progress progress, void *arg,
				cxm_drv_fit *out)
{
	int			k = s->drivers;
	int			p = k + 1;
	const double *c = s->values + 2 * p;
	workspace	ws;
	double		sd[CXM_DRV_MAX_VARS];
	double		z[CXM_DRV_MAX_DRIVERS];
	int			failed;

	memset(out, 0, sizeof(*out));
	out->drivers = k;
	workspace_layout(k, want, workspace_bytes, &ws);
	if (s->rows <= (int64_t) k + 1)
		return CXM_DRV_FIT_TOO_FEW;

	/* drivers that never vary: exactly zero, as the recurrences keep them */
	for (int i = 1; i < p; i++)
		if (c[cxm_drv_pair_index(p, i, i)] == 0.0)
			out->concerned |= (uint64_t) 1 << (i - 1);
	if (out->concerned)
		return CXM_DRV_FIT_ZERO_VARIANCE;

	/* correlations: drivers 0..k-1 first, the outcome last */
	for (int i = 0; i < p; i++)
		sd[i] = sqrt(c[cxm_drv_pair_index(p, i, i)]);
	for (int i = 0; i < p; i++)
		for (int j = i; j < p; j++)
		{
			int			a = i == 0 ? k : i - 1;
			int			b = j == 0 ? k : j - 1;
			double		v = i == j ? 1.0 : c[cxm_drv_pair_index(p, i, j)] / sd[i] / sd[j];

			if (i != j && sd[0] == 0.0 && i == 0)
				v = 0.0;		/* a constant outcome: filled, never used */
			v = v > 1.0 ? 1.0 : v < -1.0 ? -1.0 : v;
			ws.corr[a * p + b] = ws.corr[b * p + a] = v;
		}

	failed = cholesky(ws.corr, k, p, ws.chol);
	if (failed >= 0)
	{
		/* which earlier drivers it is a combination of: its regression on them */
		double		coef[CXM_DRV_MAX_DRIVERS];
		double		largest = 0.0;

		for (int i = 0; i < failed; i++)
			coef[i] = ws.corr[i * p + failed];
		forward(ws.chol, k, failed, coef);
		backward(ws.chol, k, failed, coef);
		for (int i = 0; i < failed; i++)
			largest = fmax(largest, fabs(coef[i]));
		out->concerned = (uint64_t) 1 << failed;
		for (int i = 0; i < failed; i++)
			if (fabs(coef[i]) > 1e-6 * largest)
				out->concerned |= (uint64_t) 1 << i;
		return CXM_DRV_FIT_COLLINEAR;
	}
	if (sd[0] == 0.0)
		return CXM_DRV_FIT_CONSTANT_OUTCOME;

	for (int j = 0; j < k; j++)
		out->correlation[j] = z[j] = ws.corr[j * p + k];
	forward(ws.chol, k, k, z);
	out->r2 = 0.0;
	for (int j = 0; j < k; j++)
		out->r2 += z[j] * z[j];
	out->r2 = fmin(out->r2, 1.0);
	memcpy(out->beta, z, sizeof(double) * k);
	backward(ws.chol, k, k, out->beta);

	if (want & CXM_DRV_WANT_WEIGHTS)
		relative_weights(ws.corr, out->correlation, k, &ws, progress, arg, out->relative_weight);
	if ((want & CXM_DRV_WANT_SHAPLEY) && k <= CXM_DRV_SHAPLEY_MAX)
	{
		shapley_values(ws.corr, k, &ws, progress, arg, out->shapley);
		out->shapley_exact = true;
	}
	return CXM_DRV_FIT_OK;
}
