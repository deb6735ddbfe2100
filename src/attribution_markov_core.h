/*
 * attribution_markov_core.h - data-driven attribution: a Markov chain of
 * channel transitions fitted from journeys, stored and merged as transition
 * counts, and the removal effect of each channel solved exactly.
 *
 * States: the start, one state per channel (per tuple of the last `order`
 * channels for higher orders; a journey's first touches make the shorter
 * tuples), and two absorbing outcomes, conversion and null (the journey
 * ended without one).  A chain holds, for every state, how many journeys
 * went on to each next channel or outcome; merging chains adds the counts.
 *
 * Plain C, no PostgreSQL headers: unit-tested and fuzzed on its own.  All
 * memory comes from the caller's allocator; every decoder validates every
 * byte and reports errors through return values.
 */
#ifndef CXM_ATTRIBUTION_MARKOV_CORE_H
#define CXM_ATTRIBUTION_MARKOV_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CXM_MARKOV_VERSION 1
#define CXM_MARKOV_MAX_ORDER 4
/* Channel states (the start not counted) and channels a chain may hold. */
#define CXM_MARKOV_MAX_STATES 1000
#define CXM_MARKOV_MAX_CHANNELS 1000
/* Longest channel name, in bytes. */
#define CXM_MARKOV_MAX_NAME 1000
/* Most touches in one journey (path). */
#define CXM_MARKOV_MAX_TOUCHES 10000

/* What follows a state, in the text and binary forms: a channel number (1..), or: */
#define CXM_MARKOV_NEXT_CONVERSION 0
#define CXM_MARKOV_NEXT_NULL (-1)

/* The caller's memory: alloc never returns NULL (it fails on its own terms). */
typedef struct cxm_markov_alloc
{
	void	   *(*alloc) (void *ctx, size_t size);
	void		(*release) (void *ctx, void *ptr);
	void	   *ctx;
} cxm_markov_alloc;

typedef struct cxm_markov_name
{
	const char *bytes;
	uint32_t	len;
} cxm_markov_name;

/*
 * Conversion values are kept exactly, as a 128-bit count of 10^-9 units,
 * so that sums do not depend on the order of merging.  A chain's total
 * stays below 10^38 units (10^29).
 */
#define CXM_MARKOV_VALUE_SCALE 9

typedef struct cxm_markov_value
{
	uint64_t	hi;
	uint64_t	lo;
} cxm_markov_value;

typedef enum cxm_markov_value_status
{
	CXM_MARKOV_VALUE_OK,
	CXM_MARKOV_VALUE_NEGATIVE,
	CXM_MARKOV_VALUE_NOT_FINITE,
	CXM_MARKOV_VALUE_TOO_LARGE,
	CXM_MARKOV_VALUE_SYNTAX
} cxm_markov_value_status;

/*
 * Reads a plain decimal ("1234.50", as numeric_out writes it; "NaN" and
 * "Infinity" are refused), rounded half up to 9 decimals.
 */
cxm_markov_value_status cxm_markov_value_parse(const char *text, size_t len, cxm_markov_value *out);

/* Writes a value in plain decimal, trailing zeros of the fraction dropped. */
#define CXM_MARKOV_VALUE_BUFLEN 48
void		cxm_markov_value_format(cxm_markov_value v, char *buf);

double		cxm_markov_value_double(cxm_markov_value v);

typedef enum cxm_markov_status
{
	CXM_MARKOV_OK = 0,
	CXM_MARKOV_TOO_MANY_CHANNELS,
	CXM_MARKOV_TOO_MANY_STATES,
	CXM_MARKOV_COUNT_OVERFLOW,	/* a count would pass INT64_MAX */
	CXM_MARKOV_VALUE_OVERFLOW,	/* the sum of values reaches 10^29 */
	CXM_MARKOV_ORDER_MISMATCH,	/* merging chains of different orders */
	CXM_MARKOV_VALUE_MISMATCH	/* merging a chain with values and one without */
} cxm_markov_status;

/*
 * What follows a state, as a column of its transitions: the null outcome,
 * the conversion, or channel c at CXM_MARKOV_COL_CHANNEL(c).
 */
#define CXM_MARKOV_COL_NULL 0
#define CXM_MARKOV_COL_CONVERSION 1
#define CXM_MARKOV_COL_CHANNEL(c) (2 + (c))

/*
 * One transition seen: from a state to a column, how many times.  A state's
 * transitions form a list through `next`, in the order they were first
 * seen.
 */
typedef struct cxm_markov_transition
{
	uint64_t	count;
	int32_t		from;
	int32_t		column;
	int32_t		to;				/* the state a channel column leads to; -1 for an outcome */
	int32_t		next;			/* the next transition of the same state; -1 at the end */
} cxm_markov_transition;

/*
 * A chain.  Channel ids are 0..n_channels-1; a decoded chain has them in
 * byte order of the names (a built one in order of first appearance).
 * State 0 is the start.  Transitions are kept sparse, as seen: the memory
 * of a chain follows its channels, states and transitions, never their
 * product.
 */
typedef struct cxm_markov
{
	cxm_markov_alloc mem;
	int			order;
	bool		has_value;
	cxm_markov_value value;		/* sum of the values of converted journeys */
	uint64_t	journeys;
	uint64_t	conversions;

	int			n_channels;
	int			cap_channels;
	uint32_t   *name_start;		/* offsets into names */
	uint32_t   *name_len;
	char	   *names;
	size_t		names_used;
	size_t		names_cap;
	int32_t    *channel_slots;	/* hash table of channel ids, -1 empty */
	uint32_t	channel_mask;	/* slots - 1; a power of two, at least twice the channels */

	int			n_states;
	int			cap_states;
	uint8_t    *path_len;
	int32_t    *paths;			/* state s: paths[s * order .. + path_len[s]] */
	int32_t    *state_slots;	/* hash table of state ids, -1 empty */
	uint32_t	state_mask;
	int32_t    *first_transition;	/* per state: its first transition, -1 if none */

	int			n_transitions;
	int			cap_transitions;
	cxm_markov_transition *transitions;
	int32_t    *transition_slots;	/* hash table of transitions by (from, column), -1 empty */
	uint32_t	transition_mask;

	/*
	 * While states x columns stays small, a direct index of the same
	 * transitions (-1 none), row `dense_stride` columns wide: the common
	 * small chain is built without hashing.  NULL while it would cost more
	 * than the transitions it indexes; built again once enough transitions make it worth it
	 * (at dense_retry transitions).
	 */
	int32_t    *dense;
	int			dense_stride;
	int			dense_retry;
} cxm_markov;

/* A new empty chain; order 1..CXM_MARKOV_MAX_ORDER. */
cxm_markov *cxm_markov_create(const cxm_markov_alloc *mem, int order, bool has_value);
void		cxm_markov_free(cxm_markov *m);

/*
 * Adds one journey: n channel names (each 1..CXM_MARKOV_MAX_NAME bytes,
 * checked by the caller), whether it converted, and its value (ignored
 * unless converted and the chain keeps values).  A journey without touches
 * (n = 0) says nothing about channels and is ignored.  On an error the
 * chain must be discarded.
 */
cxm_markov_status cxm_markov_add(cxm_markov *m, const cxm_markov_name *path, int n,
								 bool converted, cxm_markov_value value);

/* dst += src.  On an error dst must be discarded. */
cxm_markov_status cxm_markov_merge(cxm_markov *dst, const cxm_markov *src);

/* ---------- text and binary forms ---------- */

typedef enum cxm_markov_error_kind
{
	CXM_MARKOV_ERR_SYNTAX,		/* malformed text or bytes */
	CXM_MARKOV_ERR_RANGE,		/* a number outside its range */
	CXM_MARKOV_ERR_INVALID,		/* well formed, but not a chain cxm writes */
	CXM_MARKOV_ERR_VERSION		/* written by a newer cxm */
} cxm_markov_error_kind;

typedef struct cxm_markov_error
{
	cxm_markov_error_kind kind;
	char		message[200];
} cxm_markov_error;

/*
 * The binary form, big-endian: version, order, flags (bit 0: has values),
 * a zero byte; u32 channel count and for each channel u32 length and its
 * bytes, in strictly increasing byte order; when flagged, the value as two
 * u64 (high, low) counting 10^-9 units; u32
 * transition count and for each, in strictly increasing (path, next)
 * order: u8 path length, u32 channel numbers (1-based), i32 next, u64 count.
 * It is also the stored form of a markov_chain.
 */
size_t		cxm_markov_encoded_size(const cxm_markov *m);
void		cxm_markov_encode(const cxm_markov *m, uint8_t *buf);

/* A validated chain from bytes, or NULL with err set. */
cxm_markov *cxm_markov_decode(const cxm_markov_alloc *mem, const uint8_t *buf, size_t len,
							  cxm_markov_error *err);

/* Text form: a JSON object; text_size is an upper bound with the final zero. */
size_t		cxm_markov_text_size(const cxm_markov *m);
size_t		cxm_markov_to_text(const cxm_markov *m, char *buf);
cxm_markov *cxm_markov_from_text(const cxm_markov_alloc *mem, const char *text,
								 cxm_markov_error *err);

/* ---------- reading a chain ---------- */

/* Channel ids in byte order of their names (the identity for a decoded chain). */
void		cxm_markov_channels_sorted(const cxm_markov *m, int32_t *ids);

/*
 * States in canonical order (by the byte order of their channels, a
 * tuple before its extensions, the start first), given each channel's
 * rank in byte order.
 */
void		cxm_markov_states_sorted(const cxm_markov *m, const int32_t *rank, int32_t *states);

/* Total count of the transitions out of state s. */
uint64_t	cxm_markov_state_total(const cxm_markov *m, int s);

/*
 * The transitions of state s (indexes into m->transitions) in canonical
 * order: null, conversion, then channels by rank; returns how many.  out
 * holds at least n_channels + 2.
 */
int			cxm_markov_state_transitions(const cxm_markov *m, int s, const int32_t *rank, int32_t *out);

/*
 * Removal effects: for each channel c (by id), 1 - P_c / P, where P is the
 * probability of reaching conversion from the start and P_c that
 * probability when every state holding c leads to null instead.  Solved
 * exactly: one factorisation of I - Q by Gaussian elimination in the
 * manner of Grassmann, Taksar and Heyman (each pivot the sum of what
 * leaves a state, never 1 minus what stays, so a state left once in 10^16
 * visits keeps its digits), the absorption probabilities B and the
 * fundamental matrix N = (I - Q)^-1; then P - P_c = N_0S (N_SS)^-1 B_S for
 * S the states holding c (first-passage decomposition), summed rather than
 * subtracted, with N_0S and B_0 taken from the counts (the entries into
 * S and the conversions, over the journeys: exact for a fitted chain).
 * When N_SS is too ill-conditioned (its states visited almost
 * alike), the chain without S is factorised instead.  Self-loops are left
 * out of Q: they change no absorption probability.  interrupt(arg) is
 * called every few million operations.  Returns false when a probability
 * is beyond double precision (a pivot underflows).
 */
bool		cxm_markov_removal_effects(const cxm_markov *m, double *probability, double *effects,
									   void (*interrupt) (void *), void *arg);

/*
 * The conversion probability from the start when every state in `removed`
 * (a flag per state) leads to null, solved directly on the remaining
 * states.  A second, independent method, for the unit tests.
 */
bool		cxm_markov_probability_without(const cxm_markov *m, const bool *removed,
										   double *probability);

#endif
