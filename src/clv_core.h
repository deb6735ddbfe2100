/*
 * clv_core.h - customer lifetime value: closed forms, the per-customer
 * purchase summary, and the BG/NBD and Gamma-Gamma models (Fader, Hardie &
 * Lee 2005; Hardie's note 025), with the definitions of the `lifetimes`
 * Python library.
 *
 * Plain C, no PostgreSQL headers: unit-tested and fuzzed on its own.  The
 * fits allocate nothing: they sort the caller's rows in place and keep a few
 * numbers on the stack.
 */
#ifndef CXM_CLV_CORE_H
#define CXM_CLV_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Sorts and loops over a whole group (and the fits' likelihood evaluations)
 * call this about every CXM_CLV_TICK_EVERY units of work, so that the glue
 * can honour a cancel (CHECK_FOR_INTERRUPTS, which may not return).  NULL:
 * no checks.
 */
typedef void (*cxm_interrupt_fn) (void);
#define CXM_CLV_TICK_EVERY 65536

/* The digamma function psi(x) = d/dx ln Gamma(x), x > 0. */
double		cxm_digamma(double x);

/*
 * Gauss hypergeometric series 2F1(a, b; c; z) - 1 for 0 <= z < 1 (the -1 keeps
 * full relative precision of small sums).  False when c is zero or a negative
 * integer, or when the series has not converged after max_terms terms.
 */
bool		cxm_hyp2f1_minus_one(double a, double b, double c, double z, long max_terms, double *out);

/* ---------- input rows ---------- */

/* Why a (frequency, recency, age) triple is not a valid purchase history. */
typedef enum cxm_history_status
{
	CXM_HISTORY_OK,
	CXM_HISTORY_NOT_FINITE,
	CXM_HISTORY_FREQUENCY_NOT_WHOLE,	/* negative or fractional */
	CXM_HISTORY_RECENCY_NEGATIVE,
	CXM_HISTORY_RECENCY_AFTER_AGE,
	CXM_HISTORY_RECENCY_WITHOUT_REPEAT	/* frequency 0 with recency > 0 */
} cxm_history_status;

cxm_history_status cxm_check_history(double frequency, double recency, double age);

typedef struct cxm_bgnbd_row
{
	double		x;				/* repeat purchases */
	double		t_x;			/* recency: time of the last purchase since the first */
	double		T;				/* age: time since the first purchase */
	double		w;				/* weight: customers with this history */
} cxm_bgnbd_row;

typedef struct cxm_gg_row
{
	double		x;				/* repeat purchases, >= 1 */
	double		m;				/* mean value of the repeat purchases, > 0 */
	double		w;
} cxm_gg_row;

/*
 * Sorts rows and merges equal histories (adding weights), so that a fit
 * reads them in one order whatever order they came in: results do not
 * depend on plans or parallel workers.  Returns the new count.
 */
size_t		cxm_bgnbd_compact(cxm_bgnbd_row *rows, size_t n, cxm_interrupt_fn interrupt);
size_t		cxm_gg_compact(cxm_gg_row *rows, size_t n, cxm_interrupt_fn interrupt);

/* ---------- fits ---------- */

typedef enum cxm_fit_status
{
	CXM_FIT_OK,
	CXM_FIT_NO_REPEAT,			/* no row with x > 0: the model is not identified */
	CXM_FIT_ZERO_AGE,			/* every age is 0 (BG/NBD) */
	CXM_FIT_NOT_CONVERGED,
	CXM_FIT_DIVERGED,			/* a parameter ran off toward 0 or infinity: no maximum inside */
	CXM_FIT_OUT_OF_RANGE		/* the weights, or the likelihood at the start or at the end, pass double precision */
} cxm_fit_status;

typedef struct cxm_fit_info
{
	int			iterations;
	double		gradient_norm;	/* max |d objective / d log parameter| at the end */
	double		log_likelihood; /* sum over customers, weighted, without the penalty */
	double		total_weight;
	int			diverged;		/* CXM_FIT_DIVERGED: which parameter (0-based) */
	double		diverged_value; /* ... and where it stopped */
} cxm_fit_info;

typedef struct cxm_bgnbd
{
	double		r,
				alpha,
				a,
				b;
} cxm_bgnbd;

typedef struct cxm_gg
{
	double		p,
				q,
				v;
} cxm_gg;


/* Iteration limit and the gradient size that counts as converged. */
#define CXM_FIT_MAX_ITERATIONS 1000
#define CXM_FIT_GRADIENT_TOLERANCE 1e-7

/*
 * A fitted parameter (times scaled to a greatest age of 1) outside
 * [1e-6, 1e6] means the likelihood rises toward a boundary, where it is flat
 * and the stopping point is arbitrary: reported as CXM_FIT_DIVERGED.
 */
#define CXM_FIT_PARAMETER_BOUND 1e6

/*
 * Maximum likelihood by BFGS on the log parameters, as lifetimes does:
 * starts at log parameters 0.1, minimises the mean negative log-likelihood
 * plus penalizer * (sum of squared parameters), with times scaled so that
 * the greatest age is 1 (BG/NBD).  Rows must be compacted first.
 */
cxm_fit_status cxm_bgnbd_fit(const cxm_bgnbd_row *rows, size_t n, double penalizer, cxm_interrupt_fn interrupt,
							 cxm_bgnbd *model, cxm_fit_info *info);
cxm_fit_status cxm_gg_fit(const cxm_gg_row *rows, size_t n, double penalizer, cxm_interrupt_fn interrupt,
						  cxm_gg *model, cxm_fit_info *info);

/* The log-likelihood of one customer (exposed for tests). */
double		cxm_bgnbd_log_likelihood(const cxm_bgnbd *m, double x, double t_x, double T);
double		cxm_gg_log_likelihood(const cxm_gg *m, double x, double mean_value);

/* ---------- predictions ---------- */

/* P(alive | x, t_x, T). */
double		cxm_bgnbd_probability_alive(const cxm_bgnbd *m, double x, double t_x, double T);

typedef enum cxm_predict_status
{
	CXM_PREDICT_OK,
	CXM_PREDICT_OUT_OF_RANGE,	/* the result passes the range of double precision */
	CXM_PREDICT_HORIZON,		/* t more than CXM_MAX_HORIZON times alpha + T */
	CXM_PREDICT_NOT_CONVERGED	/* the integral did not settle (not seen in the accepted range) */
} cxm_predict_status;

/*
 * The longest horizon predicted, as a multiple of alpha + T (alpha + age):
 * far beyond any use, and the integrals keep their precision up to it.
 */
#define CXM_MAX_HORIZON 1e100
#define CXM_LOG_MAX_HORIZON 230.25850929940458	/* ln 1e100 */

/* E[Y(t) | x, t_x, T]: expected repeat purchases in the next t. */
cxm_predict_status cxm_bgnbd_expected(const cxm_bgnbd *m, double t, double x, double t_x, double T, double *out);

/* P(X(t) = n) for a customer drawn from the population. */
double		cxm_bgnbd_probability_of_purchases(const cxm_bgnbd *m, double t, double n);

/* E[M | x, mean_value]: expected mean value of future purchases.  Requires q > 1. */
double		cxm_gg_expected_value(const cxm_gg *m, double x, double mean_value);

/*
 * Discounted value over months months, as lifetimes' customer_lifetime_value:
 * sum over k of value * (E[Y(k f)] - E[Y((k-1) f)]) / (1 + discount)^k with f
 * the model's time units per month.
 */
cxm_predict_status cxm_bgnbd_clv(const cxm_bgnbd *m, double value, double x, double t_x, double T, int months,
								 double monthly_discount, double units_per_month, cxm_interrupt_fn interrupt,
								 double *out);

/* ---------- closed-form checks ---------- */

/* Parameters of a fitted or given model: finite and > 0. */
bool		cxm_bgnbd_valid(const cxm_bgnbd *m);

/*
 * The predictions are accurate (checked against 40-digit arithmetic) for r,
 * a and b in [1e-6, 1e6], the range a fit can return (CXM_FIT_PARAMETER_BOUND),
 * and any finite positive alpha (a scale of time).  Returns the index of the
 * first of r, alpha, a, b outside, or -1.
 */
#define CXM_BGNBD_SHAPE_MIN 1e-6
#define CXM_BGNBD_SHAPE_MAX 1e6
int			cxm_bgnbd_outside_range(const cxm_bgnbd *m);
bool		cxm_gg_valid(const cxm_gg *m);

/* ---------- per-customer purchase summary (lifetimes' summary data) ---------- */

typedef enum cxm_period
{
	CXM_PERIOD_DAY = 0,
	CXM_PERIOD_WEEK = 1			/* Monday to Sunday, as pandas' 'W' */
} cxm_period;

/* The period number of a day number (PostgreSQL's: days since 2000-01-01). */
int32_t		cxm_period_of_day(int32_t day, cxm_period period);

typedef struct cxm_purchase
{
	int32_t		period;
	double		amount;
} cxm_purchase;

typedef struct cxm_summary
{
	int64_t		frequency;		/* periods with a purchase, less the first */
	int32_t		recency;		/* last purchase period - first */
	int32_t		age;			/* observation end period - first */
	double		monetary_value; /* mean of the per-period sums after the first; 0 without */
} cxm_summary;

/*
 * Sorts purchases (n > 0, none after end) and summarises them.  The mean
 * value is infinite only when it passes the range of double precision
 * (sums that pass it on the way are rescaled).
 */
void		cxm_summarise(cxm_purchase *purchases, size_t n, int32_t end, cxm_interrupt_fn interrupt, cxm_summary *out);

/* ---------- wire forms of the aggregate states ---------- */

/*
 * Common header: version, flags (bit 0: the options are set), a kind byte,
 * a reserved zero byte, one 8-byte option, then an 8-byte count of items.
 * The option is the penalizer (fits) or the period and end (summary).
 */
#define CXM_WIRE_HEADER 20

size_t		cxm_bgnbd_rows_size(size_t n);
void		cxm_bgnbd_rows_encode(bool has_penalizer, double penalizer, const cxm_bgnbd_row *rows, size_t n,
								  uint8_t *out, cxm_interrupt_fn interrupt);
bool		cxm_bgnbd_rows_decode_header(const uint8_t *in, size_t len, bool *has_penalizer, double *penalizer,
										 size_t *n, const char **why);
/*
 * Reads the rows, each a valid history with a finite positive weight, in the
 * strictly increasing order the encoder is given them (compacted).
 */
bool		cxm_bgnbd_rows_decode(const uint8_t *in, size_t n, cxm_bgnbd_row *rows, const char **why,
								  cxm_interrupt_fn interrupt);

size_t		cxm_gg_rows_size(size_t n);
void		cxm_gg_rows_encode(bool has_penalizer, double penalizer, const cxm_gg_row *rows, size_t n, uint8_t *out,
							   cxm_interrupt_fn interrupt);
bool		cxm_gg_rows_decode_header(const uint8_t *in, size_t len, bool *has_penalizer, double *penalizer,
									  size_t *n, const char **why);
/* Reads the rows: x whole and at least 1, m and w finite and positive, (x, m) strictly increasing. */
bool		cxm_gg_rows_decode(const uint8_t *in, size_t n, cxm_gg_row *rows, const char **why,
							   cxm_interrupt_fn interrupt);

/* The model whose rows a fit's wire form holds: the kind byte of its header. */
typedef enum cxm_fit_model
{
	CXM_FIT_MODEL_BGNBD = 1,
	CXM_FIT_MODEL_GG = 2
} cxm_fit_model;

/*
 * Reads the header of either model's rows, as cxm_bgnbd_rows_decode_header
 * or cxm_gg_rows_decode_header does, and which model they are for; then
 * read the rows with that model's decoder.
 */
bool		cxm_fit_rows_decode_header(const uint8_t *in, size_t len, cxm_fit_model *model, bool *has_penalizer,
									   double *penalizer, size_t *n, const char **why);

/*
 * Days (since 2000-01-01) of PostgreSQL's finite dates, 4713 BC to 5874897
 * AD: any two differ by less than 2^31, so recency and age fit an int32.
 */
#define CXM_FIRST_DAY (-2451545)
#define CXM_LAST_DAY 2145031948

/* The summary state: period kind, observation end day, purchases (period numbers). */
size_t		cxm_purchases_size(size_t n);
void		cxm_purchases_encode(cxm_period period, int32_t end_day, const cxm_purchase *purchases, size_t n,
								 uint8_t *out, cxm_interrupt_fn interrupt);
bool		cxm_purchases_decode_header(const uint8_t *in, size_t len, cxm_period *period, int32_t *end_day,
										size_t *n, const char **why);
/* Reads the purchases, each in a period no later than the end day's. */
bool		cxm_purchases_decode(const uint8_t *in, size_t n, cxm_period period, int32_t end_day,
								 cxm_purchase *purchases, const char **why, cxm_interrupt_fn interrupt);

/*
 * PostgreSQL's finite timestamps, microseconds since 2000-01-01: from
 * 4714-11-24 BC (included) to 294277-01-01 AD (excluded).
 */
#define CXM_FIRST_USEC INT64_C(-211813488000000000)
#define CXM_END_USEC INT64_C(9223371331200000000)

/*
 * RFM state: as_of, last order, order count, and the sum as decimal text in
 * the form numeric output writes (no leading zeros, no negative zero, at
 * most 131072 digits before the point and 16383 after), so numeric input
 * reads it back without error.  kind: 0..2, how the times are typed
 * (timestamptz, timestamp, date); the times are finite values of that type,
 * and without orders the last order is 0 and the sum "0".
 */
typedef struct cxm_rfm_wire
{
	uint8_t		kind;
	int64_t		as_of;
	int64_t		last;
	int64_t		orders;
	const char *sum_text;		/* points into the input, NUL-free, length sum_len */
	size_t		sum_len;
} cxm_rfm_wire;

#define CXM_RFM_KIND_MAX 2
#define CXM_RFM_WIRE_FIXED 32
size_t		cxm_rfm_size(size_t sum_len);
void		cxm_rfm_encode(const cxm_rfm_wire *state, uint8_t *out);
bool		cxm_rfm_decode(const uint8_t *in, size_t len, cxm_rfm_wire *state, const char **why);

#endif
