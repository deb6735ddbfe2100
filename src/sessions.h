/*
 * sessions.h - glue helpers of the journey rooms (sessions, retention,
 * paths), defined in sessions.c.
 */
#ifndef CXM_SESSIONS_H
#define CXM_SESSIONS_H

#include "cxm.h"
#include "sessions_core.h"
#include "state.h"

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
 * Where what a final function adds to the body of argument argno, read with
 * cxm_state_read, must go: the pool of an expanded state (a window
 * aggregate's state lives on), else this call's memory (a stored state is
 * read into a copy of its own).
 */
MemoryContext cxm_sess_read_memory(FunctionCallInfo fcinfo, int argno, const void *body);

/* Errors for a parameter that must not be NULL. */
void		cxm_sess_null_parameter(const char *fname, const char *argname) CXM_SESS_NORETURN;

/* Errors for a state that outgrew what one allocation can hold. */
void		cxm_sess_state_too_large(const char *fname) CXM_SESS_NORETURN;

#endif
