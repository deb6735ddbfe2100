/*
 * drivers_core.h - key driver analysis: the `driver_stats` summary (count,
 * total weight, means and co-moment matrix of an outcome and its drivers)
 * and the relative-importance statistics computed from it: correlations,
 * standardized betas, R², Johnson's relative weights and the Shapley
 * decomposition of R² (LMG).
 *
 * The summary is updated one row at a time with the weighted Welford/West
 * recurrence and two summaries merge exactly with Chan, Golub & LeVeque's
 * pairwise formula, so summaries stored per day roll up to what one pass
 * over all the rows gives (to floating-point rounding).
 *
 * Plain C, no PostgreSQL headers: unit-tested and fuzzed on its own.
 */
#ifndef CXM_DRIVERS_CORE_H
#define CXM_DRIVERS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CXM_DRV_VERSION 1
#define CXM_DRV_MAX_DRIVERS 64
#define CXM_DRV_MAX_VARS (CXM_DRV_MAX_DRIVERS + 1)
/* Exact Shapley values (2^k subset models) up to this many drivers. */
#define CXM_DRV_SHAPLEY_MAX 20

/*
 * The stored form (on disk and as the aggregate's state), version 1.
 * Variable 0 is the outcome, variables 1..drivers the drivers; p = drivers + 1.
 *
 *   4 bytes   PostgreSQL's varlena length word (owned by the glue)
 *   1 byte    version (1)
 *   1 byte    flags (none defined: zero)
 *   1 byte    number of drivers, 0..64 (0 only for the empty summary)
 *   1 byte    reserved, zero
 *   8 bytes   rows used (int64)
 *   8 bytes   total weight (the rows when unweighted)
 *   p doubles           origin: the first row's values
 *   p doubles           weighted means, less the origin
 *   p(p+1)/2 doubles    co-moments sum w (x_i - mean_i)(x_j - mean_j),
 *                       upper triangle row by row (i <= j)
 *
 * The recurrences run on x - origin, so a variable far from zero (1e6 +
 * 0.001 u) keeps the digits of its spread instead of losing them to the
 * rounding of a large running mean.  The size is fixed by the number of
 * drivers, so the aggregate updates its state in place.  The empty summary
 * (no rows yet) has no origin, means or co-moments.
 */
typedef struct cxm_drv_packed
{
	uint32_t	length_word;	/* owned by the PostgreSQL glue */
	uint8_t		version;
	uint8_t		flags;
	uint8_t		drivers;
	uint8_t		reserved;
	int64_t		rows;
	double		weight;
	double		values[];		/* origin, means less origin, co-moments */
} cxm_drv_packed;

#define CXM_DRV_HEADER_SIZE 24

/* Co-moments of p variables. */
static inline size_t
cxm_drv_pairs(int p)
{
	return (size_t) p * (size_t) (p + 1) / 2;
}

/* Numbers after the header with k drivers. */
static inline size_t
cxm_drv_numbers(int k)
{
	return k == 0 ? 0 : 2 * (size_t) (k + 1) + cxm_drv_pairs(k + 1);
}

/* Bytes of the stored form with k drivers. */
static inline size_t
cxm_drv_size(int k)
{
	return CXM_DRV_HEADER_SIZE + 8 * cxm_drv_numbers(k);
}

#define CXM_DRV_SIZE_MAX (CXM_DRV_HEADER_SIZE + 8 * (2 * CXM_DRV_MAX_VARS + CXM_DRV_MAX_VARS * (CXM_DRV_MAX_VARS + 1) / 2))

/* Bytes of the binary (send/recv) form with k drivers: the stored form less the length word. */
static inline size_t
cxm_drv_wire_size(int k)
{
	return cxm_drv_size(k) - 4;
}

/* Longest text form with k drivers, with the terminating zero. */
static inline size_t
cxm_drv_text_size(int k)
{
	return 180 + 26 * cxm_drv_numbers(k);
}

static inline double *
cxm_drv_origin(cxm_drv_packed *s)
{
	return s->values;
}

/* The means less the origin. */
static inline double *
cxm_drv_offsets(cxm_drv_packed *s)
{
	return s->values + s->drivers + 1;
}

static inline double *
cxm_drv_comoments(cxm_drv_packed *s)
{
	return s->values + 2 * (s->drivers + 1);
}

/* The mean of variable i (0: the outcome, 1..k: the drivers). */
static inline double
cxm_drv_mean(const cxm_drv_packed *s, int i)
{
	return s->values[i] + s->values[s->drivers + 1 + i];
}

/* Index of co-moment (i, j), i <= j, among p variables. */
static inline size_t
cxm_drv_pair_index(int p, int i, int j)
{
	return (size_t) i * (size_t) (2 * p - i + 1) / 2 + (size_t) (j - i);
}

/* An empty summary, or one for k drivers with no rows, in size cxm_drv_size(k). */
void		cxm_drv_init(cxm_drv_packed *s, int k);

typedef enum cxm_drv_add_result
{
	CXM_DRV_ADD_OK,
	CXM_DRV_ADD_OVERFLOW		/* a sum left the range of double precision */
} cxm_drv_add_result;

/*
 * Adds one row (outcome y, drivers x[0..k-1], weight w > 0, all finite) to a
 * summary of k >= 1 drivers, in place, without allocating.  On overflow the
 * summary is left damaged: the caller raises an error.
 */
static inline cxm_drv_add_result
cxm_drv_add(cxm_drv_packed *s, double y, const double *x, double w)
{
	int			p = s->drivers + 1;
	double	   *origin = s->values;
	double	   *mean = s->values + p;
	double	   *c = s->values + 2 * p;
	double		total = s->weight + w;
	double		share = w / total;	/* exactly 1 on the first row */
	double		d[CXM_DRV_MAX_VARS];
	double		e[CXM_DRV_MAX_VARS];
	double		diagonal = 0.0;

	if (s->rows == 0)
	{
		/* + 0.0: a '-0' row leaves no negative zero, which no form keeps */
		origin[0] = y + 0.0;
		for (int i = 1; i < p; i++)
			origin[i] = x[i - 1] + 0.0;
	}
	d[0] = (y - origin[0]) - mean[0];
	mean[0] += d[0] * share;
	e[0] = (y - origin[0]) - mean[0];
	for (int i = 1; i < p; i++)
	{
		double		z = x[i - 1] - origin[i];

		d[i] = z - mean[i];
		mean[i] += d[i] * share;
		e[i] = z - mean[i];
	}
	for (int i = 0; i < p; i++)
	{
		double		wd = w * d[i];

		diagonal += (c[0] += wd * e[i]);
		for (int j = i + 1; j < p; j++)
			c[j - i] += wd * e[j];
		c += p - i;
	}
	s->rows++;
	s->weight = total;
	/* the diagonal bounds every co-moment (Cauchy-Schwarz) */
	return __builtin_isfinite(diagonal) && __builtin_isfinite(total) ? CXM_DRV_ADD_OK : CXM_DRV_ADD_OVERFLOW;
}

typedef enum cxm_drv_merge_result
{
	CXM_DRV_MERGE_OK,
	CXM_DRV_MERGE_DRIVERS,		/* different numbers of drivers */
	CXM_DRV_MERGE_ROWS,			/* the row count would pass INT64_MAX */
	CXM_DRV_MERGE_OVERFLOW		/* a sum left the range of double precision */
} cxm_drv_merge_result;

/*
 * dst += src (Chan, Golub & LeVeque 1979), in place; both have the same
 * number of drivers and at least one row.  dst is unchanged on error.
 */
cxm_drv_merge_result cxm_drv_merge(cxm_drv_packed *dst, const cxm_drv_packed *src);

/* ---------- validation, text and binary forms ---------- */

typedef enum cxm_drv_input_status
{
	CXM_DRV_INPUT_OK,
	CXM_DRV_INPUT_SYNTAX,		/* malformed text or binary */
	CXM_DRV_INPUT_RANGE,		/* numbers that no summary can hold */
	CXM_DRV_INPUT_VERSION		/* written by a newer cxm */
} cxm_drv_input_status;

typedef struct cxm_drv_input_error
{
	cxm_drv_input_status status;
	char		message[200];
} cxm_drv_input_error;

/*
 * Checks every field of a stored value of size bytes (length word
 * included): header, size, counts, finite numbers, non-negative variances,
 * no spread in a summary of one row.
 */
bool		cxm_drv_validate(const cxm_drv_packed *s, size_t size, cxm_drv_input_error *err);

/* Text form: a JSON object; returns the length written (buf has cxm_drv_text_size bytes). */
size_t		cxm_drv_to_text(const cxm_drv_packed *s, char *buf);

/* Parses and validates text into out, which has CXM_DRV_SIZE_MAX bytes; the length word is left to the caller. */
bool		cxm_drv_from_text(const char *text, cxm_drv_packed *out, cxm_drv_input_error *err);

/* Binary form: the stored form without the length word, numbers big-endian. */
size_t		cxm_drv_encode(const cxm_drv_packed *s, uint8_t *buf);
bool		cxm_drv_decode(const uint8_t *buf, size_t len, cxm_drv_packed *out, cxm_drv_input_error *err);

/* ---------- statistics ---------- */

typedef enum cxm_drv_fit_status
{
	CXM_DRV_FIT_OK,
	CXM_DRV_FIT_TOO_FEW,		/* rows <= drivers + 1: NULL statistics */
	CXM_DRV_FIT_CONSTANT_OUTCOME,	/* nothing to explain: NULL statistics */
	CXM_DRV_FIT_ZERO_VARIANCE,	/* drivers that never vary: an error */
	CXM_DRV_FIT_COLLINEAR		/* perfectly collinear drivers: an error */
} cxm_drv_fit_status;

typedef struct cxm_drv_fit
{
	int			drivers;
	bool		shapley_exact;	/* drivers <= CXM_DRV_SHAPLEY_MAX and asked for */
	double		r2;
	double		correlation[CXM_DRV_MAX_DRIVERS];
	double		beta[CXM_DRV_MAX_DRIVERS];
	double		relative_weight[CXM_DRV_MAX_DRIVERS];
	double		shapley[CXM_DRV_MAX_DRIVERS];
	uint64_t	concerned;		/* ZERO_VARIANCE, COLLINEAR: bit i-1 for driver i */
} cxm_drv_fit;

/* What to compute beyond R², correlations and betas. */
#define CXM_DRV_WANT_WEIGHTS 1
#define CXM_DRV_WANT_SHAPLEY 2

/* Called every few thousand steps of a long computation (the glue checks for interrupts). */
typedef void (*cxm_drv_progress) (void *arg);

/* Bytes of workspace cxm_drv_compute needs for k drivers. */
size_t		cxm_drv_workspace_size(int k, int want);

/*
 * The statistics of a valid summary with k >= 1 drivers.  workspace has
 * cxm_drv_workspace_size(k, want) bytes, aligned for doubles.
 */
cxm_drv_fit_status cxm_drv_compute(const cxm_drv_packed *s, int want, void *workspace,
								   cxm_drv_progress progress, void *arg, cxm_drv_fit *out);

/*
 * Eigen-decomposition of the symmetric n x n matrix a (row-major,
 * destroyed) by cyclic Jacobi rotations: eigenvalues in values[n],
 * eigenvectors in the rows of vectors (n x n).  Returns the sweeps used.
 */
int			cxm_drv_jacobi(double *a, int n, double *values, double *vectors,
						   cxm_drv_progress progress, void *arg);

#endif
