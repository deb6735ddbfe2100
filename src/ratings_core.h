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

/*
 * Format versions: 1, and 2 for a weighted value whose scale is not 0 (the
 * same layout with the scale where version 1 has two reserved zero bytes).
 * Writers use version 1 whenever they can, so values of ordinary weights read
 * the same as in cxm 0.2.0.
 */
#define CXM_RATINGS_VERSION 1
#define CXM_RATINGS_VERSION_SCALED 2

/*
 * The logical value every statistic reads: answers per score and, when
 * weighted, the sums of weights and squared weights per score.
 *
 * Weights are kept in units of 2^scale (squared weights in units of
 * 2^(2 scale)), so that sums of weights from the smallest subnormal to the
 * largest double, and of their squares, never overflow or lose their
 * precision: scale follows the largest weight (cxm_weight_scale), 0 for any
 * weight between 2^-256 and 2^256.  Every statistic is a ratio of these sums,
 * so none depends on the scale.
 */
typedef struct cxm_ratings
{
	bool		weighted;
	int			scale;			/* weights in units of 2^scale; 0 when unweighted */
	int64_t		count[CXM_SCORES];	/* answers per score */
	double		sum_w[CXM_SCORES];	/* sum of weights per score (weighted only) */
	double		sum_w2[CXM_SCORES]; /* sum of squared weights per score (weighted only) */
} cxm_ratings;

/* The scales a value may carry: multiples of 512 from -1024 to 1024. */
#define CXM_SCALE_STEP 512
#define CXM_SCALE_MIN (-1024)
#define CXM_SCALE_MAX 1024

/*
 * The scale for a weight w > 0: 512 k with w in [2^(512k - 256), 2^(512k + 256)).
 * Subnormal weights share the scale of the smallest normal ones (-1024).
 */
static inline int
cxm_weight_scale(double w)
{
	union
	{
		double		d;
		uint64_t	u;
	}			bits = {w};
	int			exponent = (int) ((bits.u >> 52) & 0x7ff) - 1023;

	return CXM_SCALE_STEP * ((exponent + 256 + 1024) / CXM_SCALE_STEP - 2);
}

/*
 * The stored form (on disk and as an aggregate's state), versions 1 and 2:
 *
 *   4 bytes   PostgreSQL's varlena length word (owned by the glue)
 *   1 byte    version (1; 2 when the scale is not 0)
 *   1 byte    flags: bit 0 weighted; bits 1-2 count width (0: 8 bytes,
 *             1: 4 bytes, 2: 2 bytes); other bits zero
 *   2 bytes   version 1: reserved, zero; version 2: the scale (int16)
 *   11 counts of that width, native byte order
 *   weighted: padding to 8 bytes, then 11 sums of weights and 11 sums of
 *             squared weights (double), in units of 2^scale and 2^(2 scale)
 *
 * Counts are stored at the narrowest width that holds them, so a summary of
 * a few answers takes 32 bytes: many small GROUP BY states stay in cache.
 * The binary wire form (send/recv) is independent of this: always 8-byte
 * big-endian counts.
 */
typedef struct cxm_packed
{
	uint32_t	length_word;	/* owned by the PostgreSQL glue */
	uint8_t		version;
	uint8_t		flags;
	int16_t		scale;			/* zero in version 1 */
} cxm_packed;

#define CXM_FLAG_WEIGHTED 0x01
#define CXM_FLAG_WIDTH_MASK 0x06
#define CXM_FLAG_WIDTH_8 0x00
#define CXM_FLAG_WIDTH_4 0x02
#define CXM_FLAG_WIDTH_2 0x04
#define CXM_PACKED_KNOWN_FLAGS (CXM_FLAG_WEIGHTED | CXM_FLAG_WIDTH_MASK)
/* Largest stored value (8-byte counts, weighted). */
#define CXM_PACKED_MAX (8 + 8 * CXM_SCORES + 16 * CXM_SCORES)

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
	CXM_ERR_VERSION,			/* written by a newer cxm */
	CXM_ERR_INCONSISTENT		/* numbers that no aggregation produces together */
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

/* Adds one answer; the score must already be checked to lie in 0..10. */
cxm_status	cxm_ratings_add(cxm_ratings *r, int score);

/*
 * Adds one weighted answer; r must be weighted, weight finite and >= 0.
 * Rescales r when the weight calls for a larger scale.
 */
cxm_status	cxm_ratings_add_weighted(cxm_ratings *r, int score, double weight);

/* Makes r weighted, every answer so far weighing 1. */
void		cxm_ratings_make_weighted(cxm_ratings *r);

/* dst += src; dst becomes weighted if src is.  Unchanged on error. */
cxm_status	cxm_ratings_merge(cxm_ratings *dst, const cxm_ratings *src);

/*
 * Checks every field of a value that arrived from outside: ranges, and the
 * relations that the sums of any real weights obey (sum w^2 between
 * (sum w)^2 / n and (sum w)^2 per score, within rounding).  May rescale r
 * (see cxm_ratings_normalize).
 */
bool		cxm_ratings_validate(cxm_ratings *r, cxm_input_error *err);

/*
 * Raises the scale of a weighted value whose total weight or total squared
 * weight passes the range of double (possible in values stored by cxm 0.2.0,
 * which had no scale), so that every statistic can sum them.
 */
void		cxm_ratings_normalize(cxm_ratings *r);

/* True when every answer lies in lo..hi. */
bool		cxm_ratings_within(const cxm_ratings *r, int lo, int hi);

/*
 * Counts and weights.  Weights are in units of 2^r->scale: the total weight
 * is cxm_ratings_total_weight(r) * 2^r->scale.
 */
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
/* 100 * (mean - lo) / (hi - lo): the mean rescaled to 0..100; answers must lie in lo..hi. */
bool		cxm_scaled_mean_text(const cxm_ratings *r, int lo, int hi, char *buf);

/*
 * Intervals.  False means SQL NULL.  confidence must lie in (0, 1); the
 * quantiles come from the tail (1 - confidence) / 2, so a level as close to 1
 * as a double gets still has a finite one.
 */
bool		cxm_nps_interval(const cxm_ratings *r, double confidence, cxm_nps_method method,
							 cxm_interval *out);
bool		cxm_share_interval(const cxm_ratings *r, int lo, int hi, double confidence,
							   cxm_interval *out);	/* Wilson, percent */
bool		cxm_mean_interval(const cxm_ratings *r, double confidence, double clip_lo,
							  double clip_hi, cxm_interval *out);	/* Student t */
bool		cxm_nps_pvalue(const cxm_ratings *a, const cxm_ratings *b, double *p);

/* ---------- stored form ---------- */

/* Size of the stored form of r at the narrowest count width. */
size_t		cxm_packed_size_for(const cxm_ratings *r);

/* Size that a stored value's flags call for (0 for unknown flags). */
size_t		cxm_packed_size(const cxm_packed *p);

/* Writes r in its narrowest stored form; dst has cxm_packed_size_for(r) bytes. */
void		cxm_pack(const cxm_ratings *r, cxm_packed *dst);

/*
 * Reads a stored value of size bytes (length word included).  False when
 * the header or the size is not one that cxm_pack writes.
 */
bool		cxm_unpack(const cxm_packed *src, size_t size, cxm_ratings *out);

typedef enum cxm_add_result
{
	CXM_ADD_OK,
	CXM_ADD_UNPACK				/* a count is full at this width, or the weight needs
								 * another scale: unpack, add, repack */
} cxm_add_result;

/* Adds one unweighted answer to an unweighted stored value, in place. */
static inline cxm_add_result
cxm_packed_add(cxm_packed *p, int score)
{
	char	   *counts = (char *) (p + 1);

	switch (p->flags & CXM_FLAG_WIDTH_MASK)
	{
		case CXM_FLAG_WIDTH_2:	/* most GROUP BY states */
			{
				uint16_t   *c = (uint16_t *) counts + score;

				if (*c == UINT16_MAX)
					return CXM_ADD_UNPACK;
				(*c)++;
				return CXM_ADD_OK;
			}
		case CXM_FLAG_WIDTH_4:
			{
				uint32_t   *c = (uint32_t *) counts + score;

				if (*c == UINT32_MAX)
					return CXM_ADD_UNPACK;
				(*c)++;
				return CXM_ADD_OK;
			}
		default:
			{
				int64_t    *c = (int64_t *) counts + score;

				if (*c == INT64_MAX)
					return CXM_ADD_UNPACK;	/* the logical path reports the overflow */
				(*c)++;
				return CXM_ADD_OK;
			}
	}
}

/* Adds one weighted answer to a weighted stored value, in place. */
cxm_add_result cxm_packed_add_weighted(cxm_packed *p, int score, double weight);

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
