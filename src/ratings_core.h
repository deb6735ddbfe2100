/*
 * ratings_core.h - the `ratings` summary: a histogram of answers on a 0..10
 * scale, with per-score sums of weights and squared weights when weighted.
 *
 * Every survey metric (NPS, CSAT, CES) and every interval is a function of
 * this histogram, and two histograms merge by adding bins, so summaries
 * stored per day roll up to exactly what the raw rows give.
 *
 * Plain C, no PostgreSQL headers: unit-tested and fuzzed on its own.
 */
#ifndef CXM_RATINGS_CORE_H
#define CXM_RATINGS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CXM_SCORE_MAX 10
#define CXM_SCORES (CXM_SCORE_MAX + 1)

#define CXM_RATINGS_VERSION 1
#define CXM_RATINGS_WEIGHTED 0x01	/* sum_w and sum_w2 are present */
#define CXM_RATINGS_KNOWN_FLAGS CXM_RATINGS_WEIGHTED

/*
 * In-memory and on-disk layout.  The first word belongs to PostgreSQL (the
 * varlena length); the core never reads or writes it.  An unweighted value
 * ends after count[], so it takes 96 bytes; a weighted one 272.
 */
typedef struct cxm_ratings
{
	uint32_t	length_word;	/* owned by the PostgreSQL glue */
	uint8_t		version;		/* CXM_RATINGS_VERSION */
	uint8_t		flags;			/* CXM_RATINGS_* bits, others zero */
	uint16_t	reserved;		/* always zero */
	int64_t		count[CXM_SCORES];	/* answers per score */
	double		sum_w[CXM_SCORES];	/* sum of weights per score */
	double		sum_w2[CXM_SCORES]; /* sum of squared weights per score */
} cxm_ratings;

#define CXM_RATINGS_PLAIN_SIZE offsetof(cxm_ratings, sum_w)
#define CXM_RATINGS_WEIGHTED_SIZE sizeof(cxm_ratings)
/* Bytes of the binary (send/recv) form. */
#define CXM_RATINGS_WIRE_PLAIN (4 + 8 * CXM_SCORES)
#define CXM_RATINGS_WIRE_WEIGHTED (CXM_RATINGS_WIRE_PLAIN + 16 * CXM_SCORES)
/* Longest text form, with the terminating zero. */
#define CXM_RATINGS_TEXT_MAX 1400

typedef enum cxm_status
{
	CXM_OK = 0,
	CXM_ERR_COUNT_OVERFLOW,		/* a count would pass INT64_MAX */
	CXM_ERR_WEIGHT_OVERFLOW,	/* a sum of weights is no longer finite */
	CXM_ERR_SYNTAX,				/* malformed text or binary */
	CXM_ERR_RANGE,				/* a number out of its valid range */
	CXM_ERR_VERSION				/* written by a newer cxm */
} cxm_status;

/* An input error: what went wrong, and where (byte offset, -1 if none). */
typedef struct cxm_input_error
{
	cxm_status	status;
	int			position;
	char		message[160];
} cxm_input_error;

typedef enum cxm_nps_method
{
	CXM_NPS_ADJUSTED_WALD,
	CXM_NPS_WALD,
	CXM_NPS_SCORE
} cxm_nps_method;

/* Interval bounds on the metric's own scale (NPS -100..100, CSAT 0..100). */
typedef struct cxm_interval
{
	double		lower;
	double		upper;
	double		margin;			/* half-width, before clipping */
} cxm_interval;

void		cxm_ratings_init(cxm_ratings *r, bool weighted);
size_t		cxm_ratings_size(const cxm_ratings *r);

static inline bool
cxm_ratings_is_weighted(const cxm_ratings *r)
{
	return (r->flags & CXM_RATINGS_WEIGHTED) != 0;
}

/* Adds one answer; the score must already be checked to lie in 0..10. */
static inline void
cxm_ratings_add(cxm_ratings *r, int score)
{
	r->count[score]++;
}

/* Adds one weighted answer; r must be weighted, weight finite and >= 0. */
cxm_status	cxm_ratings_add_weighted(cxm_ratings *r, int score, double weight);

/*
 * Turns an unweighted value into a weighted one in place (every answer
 * weighing 1).  r must have room for CXM_RATINGS_WEIGHTED_SIZE bytes.
 */
void		cxm_ratings_make_weighted(cxm_ratings *r);

/* dst += src.  dst must be weighted if src is. */
cxm_status	cxm_ratings_merge(cxm_ratings *dst, const cxm_ratings *src);

/* Checks every field of a value that arrived from outside. */
bool		cxm_ratings_validate(const cxm_ratings *r, cxm_input_error *err);

/* True when every answer lies in lo..hi. */
bool		cxm_ratings_within(const cxm_ratings *r, int lo, int hi);

/* Counts and weights. */
int64_t		cxm_ratings_responses(const cxm_ratings *r);
int64_t		cxm_ratings_count_range(const cxm_ratings *r, int lo, int hi);
double		cxm_ratings_weight_range(const cxm_ratings *r, int lo, int hi);
double		cxm_ratings_total_weight(const cxm_ratings *r);
double		cxm_ratings_effective_size(const cxm_ratings *r);

/*
 * Point estimates as numeric text.  False means SQL NULL (no answers, or a
 * total weight of zero).  Unweighted results are exact fractions of counts.
 */
bool		cxm_nps_text(const cxm_ratings *r, char *buf);
bool		cxm_share_text(const cxm_ratings *r, int lo, int hi, char *buf);	/* percent in lo..hi */
bool		cxm_mean_text(const cxm_ratings *r, char *buf);

/* Intervals.  False means SQL NULL.  confidence must lie in (0, 1). */
bool		cxm_nps_interval(const cxm_ratings *r, double confidence, cxm_nps_method method,
							 cxm_interval *out);
bool		cxm_share_interval(const cxm_ratings *r, int lo, int hi, double confidence,
							   cxm_interval *out);	/* Wilson, percent */
bool		cxm_mean_interval(const cxm_ratings *r, double confidence, double clip_lo,
							  double clip_hi, cxm_interval *out);	/* Student t */
bool		cxm_nps_pvalue(const cxm_ratings *a, const cxm_ratings *b, double *p);

/* Text form: a JSON object.  to_text returns the length written. */
size_t		cxm_ratings_to_text(const cxm_ratings *r, char *buf);
bool		cxm_ratings_from_text(const char *text, cxm_ratings *out, cxm_input_error *err);

/* Binary form: big-endian; encode returns the length written. */
size_t		cxm_ratings_encode(const cxm_ratings *r, uint8_t *buf);
bool		cxm_ratings_decode(const uint8_t *buf, size_t len, cxm_ratings *out,
							   cxm_input_error *err);

/* Parses 'adjusted_wald' | 'wald' | 'score'. */
bool		cxm_nps_method_parse(const char *name, cxm_nps_method *out);

#endif
