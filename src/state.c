/*
 * state.c - the cxm_state type and the expanded form of aggregate states
 * (see state.h for the design).
 */
#include "state.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"

/* The kinds this cxm reads, by their stored number. */
static const CxmStateKind *const state_kinds[CXM_STATE_KIND_MAX + 1] = {
	/* the business rooms (kinds 2 to 7) */
	[CXM_STATE_SHARE] = &cxm_state_share,
	[CXM_STATE_DURATIONS] = &cxm_state_durations,
	[CXM_STATE_DURATION_LIST] = &cxm_state_duration_list,
	[CXM_STATE_RFM] = &cxm_state_rfm,
	[CXM_STATE_PURCHASES] = &cxm_state_purchases,
	[CXM_STATE_FIT_ROWS] = &cxm_state_fit_rows,
	[CXM_STATE_CUSTOMER_FLOW] = &cxm_state_customer_flow,
	[CXM_STATE_FUNNEL] = &cxm_state_funnel,
	[CXM_STATE_SEQUENCE] = &cxm_state_sequence,
	[CXM_STATE_RETENTION] = &cxm_state_retention,
	[CXM_STATE_ACTIVITY] = &cxm_state_activity,
	[CXM_STATE_SESSIONS] = &cxm_state_sessions,
	[CXM_STATE_PATHS] = &cxm_state_paths,
	[CXM_STATE_COHORT] = &cxm_state_cohort,
	[CXM_STATE_MARKOV] = &cxm_state_markov,
};

#define BODY_OFFSET CXM_STATE_BODY_OFFSET
#define OBJECT_BODY(obj) ((void *) ((char *) (obj) + BODY_OFFSET))
#define BODY_OBJECT(body) ((CxmStateObject *) ((char *) (body) - BODY_OFFSET))

static Size state_flat_size(ExpandedObjectHeader *eohptr);
static void state_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

/* One methods table per kind number (see state.h): the same functions. */
#define STATE_METHODS {state_flat_size, state_flatten}
StaticAssertDecl(CXM_STATE_KIND_MAX == 15, "a new kind needs its methods table below");
const ExpandedObjectMethods cxm_state_methods[CXM_STATE_KIND_MAX + 1] = {
	STATE_METHODS, STATE_METHODS, STATE_METHODS, STATE_METHODS,
	STATE_METHODS, STATE_METHODS, STATE_METHODS, STATE_METHODS,
	STATE_METHODS, STATE_METHODS, STATE_METHODS, STATE_METHODS,
	STATE_METHODS, STATE_METHODS, STATE_METHODS, STATE_METHODS
};

/* The kind of an expanded state of ours, from its methods table. */
static inline const CxmStateKind *
object_kind(const CxmStateObject *obj)
{
	return state_kinds[obj->header.eoh_methods - cxm_state_methods];
}

/* ---------- the flat form ---------- */

static size_t
payload_size(const CxmStateObject *obj)
{
	const CxmStateKind *kind = object_kind(obj);
	size_t		size = kind->payload_size(OBJECT_BODY(obj));

	if (size > MaxAllocSize - VARHDRSZ - CXM_STATE_HEADER_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s state of %zu bytes is too large to pass on", kind->name, size),
				 errdetail("A partial state sent to a parallel leader or a Citus coordinator holds at most 1 GB."),
				 errhint("Group by a finer key, or turn parallel query off for this query.")));
	return size;
}

static Size
state_flat_size(ExpandedObjectHeader *eohptr)
{
	return VARHDRSZ + CXM_STATE_HEADER_SIZE + payload_size((CxmStateObject *) eohptr);
}

static void
state_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	CxmStateObject *obj = (CxmStateObject *) eohptr;
	const CxmStateKind *kind = object_kind(obj);
	uint8	   *bytes = (uint8 *) VARDATA(result);

	SET_VARSIZE(result, allocated_size);
	bytes[0] = CXM_STATE_FORMAT;
	bytes[1] = (uint8) kind->kind;
	kind->encode(OBJECT_BODY(obj), bytes + CXM_STATE_HEADER_SIZE);
}

/*
 * Checks the header of a stored value and returns its kind; errors carry
 * errcode (22P02 for text, 22P03 for binary input, data corruption for a
 * value that reached a function).
 */
static const CxmStateKind *
check_header(const uint8 *bytes, size_t len, int errcode_on_bad)
{
	uint8		format = 0,
				kind = 0;

	switch (cxm_state_header_read(bytes, len, &format, &kind))
	{
		case CXM_STATE_HEADER_OK:
			if (state_kinds[kind] != NULL)
				return state_kinds[kind];
			ereport(ERROR,
					(errcode(errcode_on_bad),
					 errmsg("invalid cxm_state value"),
					 errdetail("Kind %u is not a kind of aggregate state.", kind)));
			break;
		case CXM_STATE_HEADER_SHORT:
			ereport(ERROR,
					(errcode(errcode_on_bad),
					 errmsg("invalid cxm_state value"),
					 errdetail("It is %zu bytes long; a state has at least %d.", len, CXM_STATE_HEADER_SIZE)));
			break;
		case CXM_STATE_HEADER_BAD_FORMAT:
			ereport(ERROR,
					(errcode(errcode_on_bad),
					 errmsg("invalid cxm_state value"),
					 errdetail("Its format number is 0.")));
			break;
		case CXM_STATE_HEADER_BAD_KIND:
			ereport(ERROR,
					(errcode(errcode_on_bad),
					 errmsg("invalid cxm_state value"),
					 errdetail("Its kind number is 0.")));
			break;
		case CXM_STATE_HEADER_NEWER:
			ereport(ERROR,
					(errcode(errcode_on_bad),
					 errmsg("cxm_state value from a newer version of cxm"),
					 errdetail("It has format %u and kind %u; cxm %s reads format %d and kinds up to %d.",
							   format, kind, CXM_VERSION, CXM_STATE_FORMAT, CXM_STATE_KIND_MAX),
					 errhint("Run the same cxm version on every server that exchanges aggregate states "
							 "(every Citus node): ALTER EXTENSION cxm UPDATE.")));
			break;
	}
	return NULL;				/* not reached */
}

/* Decodes a payload into body, reporting a bad one with errcode. */
static void
decode_into(const CxmStateKind *kind, void *body, const uint8 *bytes, size_t len,
			MemoryContext memory, int errcode_on_bad)
{
	const char *why = kind->decode(body, bytes + CXM_STATE_HEADER_SIZE, len - CXM_STATE_HEADER_SIZE, memory);

	if (why != NULL)
		ereport(ERROR,
				(errcode(errcode_on_bad),
				 errmsg("invalid cxm_state value"),
				 errdetail("The %s state is malformed: %s.", kind->name, why)));
}

/* ---------- aggregate support ---------- */

#define POOL_NAME "cxm aggregate states"

/*
 * The pool of an aggregate context: found among its first children (it is
 * usually the only one), else made.  Looking is cheap and done only when a
 * group's state is made, and needs no cache that could outlive the pool.
 */
static MemoryContext
state_pool(MemoryContext aggcontext)
{
	int			looked = 0;

	for (MemoryContext child = aggcontext->firstchild; child != NULL && looked < 8;
		 child = child->nextchild, looked++)
	{
		if (strcmp(child->name, POOL_NAME) == 0)
			return child;
	}
	return AllocSetContextCreate(aggcontext, POOL_NAME, ALLOCSET_DEFAULT_SIZES);
}

static MemoryContext
aggregate_context(FunctionCallInfo fcinfo, const char *fname)
{
	MemoryContext context = cxm_agg_context(fcinfo);

	if (context == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s can only be called as part of an aggregate", fname),
				 errhint("It is a support function of cxm's aggregates.")));
	return context;
}

/*
 * States are carved from slabs of the pool, each on a cache line of its own
 * (64 bytes, rounded up): header and body together, no allocator header
 * between them and no rounding to a power of two.  A transition function
 * reads the header's pointers and then the body; with many groups each row
 * meets its group's state cold, and a small state (header and body within
 * 64 bytes) then costs one cache miss, as an `internal` state did.  States
 * are never freed one by one (see state.h): the slabs go with the pool.
 */
#define STATE_LINE CXM_STATE_LINE
#define SLAB_FIRST_BYTES 1024	/* a window partition's one state: in the pool's first block */
#define SLAB_MAX_BYTES 8192		/* AllocSet's largest chunk: no block of its own */
#define SLAB_MAX_STATE 512		/* larger states are allocated alone */
StaticAssertDecl(SLAB_MAX_STATE + STATE_LINE <= SLAB_FIRST_BYTES, "a new slab holds any state carved from it");

typedef struct StateSlab
{
	MemoryContextCallback found_by;	/* on the pool's reset callbacks */
	char	   *next;
	char	   *end;
	Size		next_bytes;		/* of the next slab: doubling up to SLAB_MAX_BYTES */
} StateSlab;

/* Marks the pool's slab among its reset callbacks; the memory goes with the pool. */
static void
state_slab_callback(void *arg)
{
	(void) arg;
}

/*
 * The pool's slab cursor: kept in the pool and found through its reset
 * callback, so that it can never outlive the pool.
 */
static StateSlab *
pool_slab(MemoryContext pool)
{
	StateSlab  *slab;

	for (MemoryContextCallback *cb = pool->reset_cbs; cb != NULL; cb = cb->next)
	{
		if (cb->func == state_slab_callback)
			return (StateSlab *) cb->arg;
	}
	slab = MemoryContextAllocZero(pool, sizeof(StateSlab));
	slab->found_by.func = state_slab_callback;
	slab->found_by.arg = slab;
	slab->next_bytes = SLAB_FIRST_BYTES;
	MemoryContextRegisterResetCallback(pool, &slab->found_by);
	return slab;
}

static void *
new_body(MemoryContext pool, const CxmStateKind *kind)
{
	Size		size = TYPEALIGN(STATE_LINE, BODY_OFFSET + kind->body_size);
	CxmStateObject *obj;

	if (size > SLAB_MAX_STATE)
		obj = (CxmStateObject *) TYPEALIGN(STATE_LINE, MemoryContextAlloc(pool, size + STATE_LINE - 1));
	else
	{
		StateSlab  *slab = pool_slab(pool);

		if (slab->next == NULL || (Size) (slab->end - slab->next) < size)
		{
			char	   *bytes = MemoryContextAlloc(pool, slab->next_bytes);

			slab->next = (char *) TYPEALIGN(STATE_LINE, bytes);
			slab->end = bytes + slab->next_bytes;
			slab->next_bytes = Min(slab->next_bytes * 2, SLAB_MAX_BYTES);
		}
		obj = (CxmStateObject *) slab->next;
		slab->next += size;
	}
	memset(obj, 0, BODY_OFFSET + kind->body_size);
	EOH_init_header(&obj->header, &cxm_state_methods[kind->kind], pool);
	return OBJECT_BODY(obj);
}

void *
cxm_state_new(FunctionCallInfo fcinfo, const CxmStateKind *kind, const char *fname)
{
	return new_body(state_pool(aggregate_context(fcinfo, fname)), kind);
}

MemoryContext
cxm_state_memory(const void *body)
{
	return BODY_OBJECT(body)->header.eoh_context;
}

/* An expanded state of ours, or NULL. */
static inline CxmStateObject *
expanded_state(Datum value)
{
	ExpandedObjectHeader *eoh;

	if (!VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(value)))
		return NULL;
	eoh = DatumGetEOHP(value);
	/* one of our methods tables: its address is within the array */
	if ((uintptr_t) eoh->eoh_methods - (uintptr_t) cxm_state_methods < sizeof(cxm_state_methods))
		return (CxmStateObject *) eoh;
	return NULL;
}

static pg_noinline void
wrong_kind_error(const CxmStateKind *got, const CxmStateKind *wanted)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("cxm_state of %s passed where a state of %s is expected", got->name, wanted->name),
			 errhint("A state can only be finished or combined by the aggregates that made it.")));
}

/* A flat (or read-only) value decoded into a new body in the pool. */
static pg_noinline void *
expand_flat(FunctionCallInfo fcinfo, Datum value, const CxmStateKind *kind, const char *fname)
{
	MemoryContext pool = state_pool(aggregate_context(fcinfo, fname));
	struct varlena *flat = PG_DETOAST_DATUM(value);
	const uint8 *bytes = (const uint8 *) VARDATA(flat);
	size_t		len = VARSIZE(flat) - VARHDRSZ;
	const CxmStateKind *got = check_header(bytes, len, ERRCODE_DATA_CORRUPTED);
	void	   *body;

	if (got != kind)
		wrong_kind_error(got, kind);
	body = new_body(pool, kind);
	decode_into(kind, body, bytes, len, pool, ERRCODE_DATA_CORRUPTED);
	return body;
}

/* cxm_state_arg when the argument is not an expanded state of kind */
void *
cxm_state_arg_other(FunctionCallInfo fcinfo, int argno, const CxmStateKind *kind, const char *fname)
{
	Datum		value;

	if (PG_ARGISNULL(argno))
		return NULL;
	value = PG_GETARG_DATUM(argno);
	if (likely(VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(value))))
	{
		CxmStateObject *obj = expanded_state(value);

		if (likely(obj != NULL && object_kind(obj) == kind))
			return OBJECT_BODY(obj);
		if (obj != NULL)
			wrong_kind_error(object_kind(obj), kind);
	}
	return expand_flat(fcinfo, value, kind, fname);
}

const void *
cxm_state_read(FunctionCallInfo fcinfo, int argno, const CxmStateKind *kind)
{
	Datum		value = PG_GETARG_DATUM(argno);
	CxmStateObject *obj = expanded_state(value);
	struct varlena *flat;
	const uint8 *bytes;
	size_t		len;
	const CxmStateKind *got;
	void	   *body;

	if (obj != NULL)
	{
		if (object_kind(obj) != kind)
			wrong_kind_error(object_kind(obj), kind);
		return OBJECT_BODY(obj);
	}
	flat = PG_DETOAST_DATUM(value);
	bytes = (const uint8 *) VARDATA(flat);
	len = VARSIZE(flat) - VARHDRSZ;
	got = check_header(bytes, len, ERRCODE_DATA_CORRUPTED);
	if (got != kind)
		wrong_kind_error(got, kind);
	body = palloc0(kind->body_size);
	decode_into(kind, body, bytes, len, CurrentMemoryContext, ERRCODE_DATA_CORRUPTED);
	return body;
}

/* ---------- input and output ---------- */

/* Checks a whole stored value (header and payload) and returns it as a Datum. */
static Datum
checked_value(const uint8 *bytes, size_t len, int errcode_on_bad)
{
	const CxmStateKind *kind = check_header(bytes, len, errcode_on_bad);
	MemoryContext scratch = AllocSetContextCreate(CurrentMemoryContext, "cxm_state check", ALLOCSET_DEFAULT_SIZES);
	struct varlena *result;

	decode_into(kind, MemoryContextAllocZero(scratch, kind->body_size), bytes, len, scratch, errcode_on_bad);
	MemoryContextDelete(scratch);
	result = palloc(VARHDRSZ + len);
	SET_VARSIZE(result, VARHDRSZ + len);
	memcpy(VARDATA(result), bytes, len);
	PG_RETURN_POINTER(result);
}

PG_FUNCTION_INFO_V1(pgcxm_state_in);
Datum
pgcxm_state_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	size_t		len = 0;
	uint8	   *bytes = palloc(strlen(text) / 2 + 1);
	const char *why = NULL;

	if (!cxm_state_text_read(text, bytes, &len, &why))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type cxm_state"),
				 errdetail("The value is not in cxm_state's text form: %s.", why),
				 errhint("A cxm_state is written as \\x followed by hexadecimal digits, as cxm_state_out prints it.")));
	return checked_value(bytes, len, ERRCODE_INVALID_TEXT_REPRESENTATION);
}

PG_FUNCTION_INFO_V1(pgcxm_state_out);
Datum
pgcxm_state_out(PG_FUNCTION_ARGS)
{
	struct varlena *flat = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	size_t		len = VARSIZE(flat) - VARHDRSZ;
	char	   *text = palloc(cxm_state_text_length(len) + 1);

	cxm_state_text_write((const uint8 *) VARDATA(flat), len, text);
	PG_RETURN_CSTRING(text);
}

PG_FUNCTION_INFO_V1(pgcxm_state_recv);
Datum
pgcxm_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	const uint8 *bytes = (const uint8 *) pq_getmsgbytes(buf, len);

	return checked_value(bytes, (size_t) len, ERRCODE_INVALID_BINARY_REPRESENTATION);
}

PG_FUNCTION_INFO_V1(pgcxm_state_send);
Datum
pgcxm_state_send(PG_FUNCTION_ARGS)
{
	struct varlena *flat = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, VARDATA(flat), VARSIZE(flat) - VARHDRSZ);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
