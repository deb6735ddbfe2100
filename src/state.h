/*
 * state.h - cxm_state, the state type of cxm's aggregates (PostgreSQL side).
 *
 * An aggregate's state is a real type, not `internal`, so that Citus ships
 * partial states from its workers through the type's output and input
 * functions, and parallel workers hand them to the leader as plain values.
 *
 * While an aggregate runs, its state is a PostgreSQL expanded object (see
 * utils/expandeddatum.h): a header and the room's own C struct (the "body"),
 * updated in place on every row with no allocation, exactly as an `internal`
 * state would be.  Only when PostgreSQL needs the value itself (a parallel
 * worker's result, Citus, a direct call) is it flattened into the stored
 * form of state_core.h by the kind's encoder; a flat value reaching a
 * transition or combine function is decoded, checked, into a new body.
 * (retention, whose body is 16 bytes, is the exception: its running state
 * is its stored form itself, updated in place; see retention.c.)
 *
 * Every group's state is allocated in one memory context per aggregate
 * context (the "pool"), a child of the aggregate context: hash aggregation
 * counts it when deciding to spill, and it is freed with the aggregate
 * context.  States are carved from slabs of the pool, each on whole cache
 * lines (state.c).  Because the pool is shared and the slabs are, a state
 * must never be handed to DeleteExpandedObject nor freed alone: the
 * functions here always return the very state they were given once it is
 * expanded, which is the case in which the executor (nodeAgg,
 * nodeWindowAgg, Citus) neither copies nor deletes it.
 */
#ifndef CXM_STATE_H
#define CXM_STATE_H

#include "cxm.h"

#include "utils/expandeddatum.h"

#include "state_core.h"

/* What a room provides for its kind of state. */
typedef struct CxmStateKind
{
	cxm_state_kind kind;
	const char *name;			/* the aggregates it serves, for messages */
	size_t		body_size;		/* size of the room's C struct */

	/* Bytes of the payload that encode writes for body. */
	size_t		(*payload_size) (const void *body);
	/* Writes the payload (payload_size bytes). */
	void		(*encode) (const void *body, uint8 *out);

	/*
	 * Decodes and checks a payload into body (zeroed, body_size bytes),
	 * allocating what the body points to in memory: NULL when the payload
	 * is valid, else what is wrong with it (for an error detail).
	 */
	const char *(*decode) (void *body, const uint8 *payload, size_t len, MemoryContext memory);
} CxmStateKind;

/*
 * An expanded state: the header PostgreSQL knows, then the body (at
 * CXM_STATE_BODY_OFFSET).  The kind is told by the header's methods table:
 * there is one per kind, cxm_state_methods[kind], all with the same
 * functions, so no field of its own sits between header and body.  What a
 * transition reads on every row (the header's pointers, then the body) then
 * spans as few cache lines, and a group's state takes as little memory, as
 * they can: with many groups in random order each row meets its group's
 * state cold, and every cache line more costs.  Only cxm_state_arg's inline
 * test reads it outside state.c.
 */
typedef struct CxmStateObject
{
	ExpandedObjectHeader header;
} CxmStateObject;

#define CXM_STATE_BODY_OFFSET MAXALIGN(sizeof(CxmStateObject))

/*
 * States start on a cache line of this size (state.c's slabs); a
 * transition fetches up to CXM_STATE_PREFETCH_LINES of them at once.
 */
#define CXM_STATE_LINE 64
#define CXM_STATE_PREFETCH_LINES 4

extern const ExpandedObjectMethods cxm_state_methods[CXM_STATE_KIND_MAX + 1];

void	   *cxm_state_arg_other(FunctionCallInfo fcinfo, int argno, const CxmStateKind *kind, const char *fname);

/*
 * The state of argument argno of an aggregate support function, as a
 * writable body of kind: NULL when the argument is NULL; an expanded state
 * is returned as it is; a flat one (from a parallel worker, Citus or
 * INITCOND) is decoded into a new body in the aggregate's pool.  Errors
 * name fname when not called as part of an aggregate.  Inline, for the
 * transition function's every row: the state it returned on the last one
 * is found in a few loads.
 */
static inline void *
cxm_state_arg(FunctionCallInfo fcinfo, int argno, const CxmStateKind *kind, const char *fname)
{
	if (likely(!PG_ARGISNULL(argno)))
	{
		Pointer		value = DatumGetPointer(PG_GETARG_DATUM(argno));

		/*
		 * The R/W pointer PostgreSQL hands back is the one inside our
		 * header, so the object's address is known before its bytes are
		 * read: the body's further cache lines are then fetched alongside
		 * the header's (misses at once, not one after the other), and the
		 * pointer is checked below before anything is trusted.
		 */
		CxmStateObject *obj = (CxmStateObject *) (value - offsetof(ExpandedObjectHeader, eoh_rw_ptr));

		for (size_t line = CXM_STATE_LINE; line < CXM_STATE_BODY_OFFSET + kind->body_size &&
			 line < CXM_STATE_PREFETCH_LINES * CXM_STATE_LINE; line += CXM_STATE_LINE)
			__builtin_prefetch((char *) obj + line, 1);
		if (likely(VARATT_IS_EXTERNAL_EXPANDED_RW(value)))
		{
			varatt_expanded ref;

			memcpy(&ref, VARDATA_EXTERNAL(value), sizeof(ref));
			if (likely((CxmStateObject *) ref.eohptr == obj &&
					   obj->header.eoh_methods == &cxm_state_methods[kind->kind]))
				return (char *) obj + CXM_STATE_BODY_OFFSET;
		}
	}
	return cxm_state_arg_other(fcinfo, argno, kind, fname);
}

/* A new zeroed body of kind in the aggregate's pool (fname as above). */
void	   *cxm_state_new(FunctionCallInfo fcinfo, const CxmStateKind *kind, const char *fname);

/*
 * The Datum of a body made by cxm_state_arg or cxm_state_new: return it.
 * Inline, for every row: an address computed, nothing read.
 */
static inline Datum
cxm_state_datum(void *body)
{
	return EOHPGetRWDatum(&((CxmStateObject *) ((char *) body - CXM_STATE_BODY_OFFSET))->header);
}

/* The pool, for what a body points to (arrays that grow). */
MemoryContext cxm_state_memory(const void *body);

/*
 * The state of argument argno for reading (final functions): an expanded
 * state's body as it is, a flat one decoded into memory of this call.
 */
const void *cxm_state_read(FunctionCallInfo fcinfo, int argno, const CxmStateKind *kind);

/* The kinds of the rooms (each defined in its room's glue). */
/* the business rooms (operations.c, clv.c): kinds 2 to 7 */
extern const CxmStateKind cxm_state_share;
extern const CxmStateKind cxm_state_durations;
extern const CxmStateKind cxm_state_duration_list;
extern const CxmStateKind cxm_state_rfm;
extern const CxmStateKind cxm_state_purchases;
extern const CxmStateKind cxm_state_fit_rows;
extern const CxmStateKind cxm_state_customer_flow;
extern const CxmStateKind cxm_state_funnel;
extern const CxmStateKind cxm_state_sequence;
extern const CxmStateKind cxm_state_retention;
extern const CxmStateKind cxm_state_activity;
extern const CxmStateKind cxm_state_sessions;
extern const CxmStateKind cxm_state_paths;
extern const CxmStateKind cxm_state_cohort;

/* attribution: markov_model (attribution_markov.c) */
extern const CxmStateKind cxm_state_markov;

#endif
