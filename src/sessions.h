/*
 * sessions.h - glue helpers of the journey rooms (sessions, retention,
 * paths), defined in sessions.c.
 */
#ifndef CXM_SESSIONS_H
#define CXM_SESSIONS_H

#include "cxm.h"
#include "sessions_core.h"

#ifdef __GNUC__
#define CXM_SESS_NORETURN __attribute__((noreturn))
#else
#define CXM_SESS_NORETURN
#endif

/* A core allocator that allocates in context (huge allocations allowed). */
void		cxm_sess_allocator_in(MemoryContext context, cxm_sess_allocator *mem);

/* The core's tick: lets cancel and statement_timeout stop long loops. */
void		cxm_sess_check_interrupts(void);

/*
 * The aggregate memory context; an error naming fname when called outside
 * an aggregate (the state functions are callable from SQL).
 */
MemoryContext cxm_sess_agg_context(FunctionCallInfo fcinfo, const char *fname);

/* Errors for a parameter that must not be NULL. */
void		cxm_sess_null_parameter(const char *fname, const char *argname) CXM_SESS_NORETURN;

/* Errors for a serialized state that no cxm writes. */
void		cxm_sess_bad_state(const char *fname) CXM_SESS_NORETURN;

/* A bytea of size data bytes for a serialized state of fname. */
bytea	   *cxm_sess_new_bytea(size_t size, const char *fname);

/* Errors for a state that outgrew what one allocation can hold. */
void		cxm_sess_state_too_large(const char *fname) CXM_SESS_NORETURN;

#endif
