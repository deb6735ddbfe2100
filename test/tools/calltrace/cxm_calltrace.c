/*
 * cxm_calltrace - a test-only server module: logs every cxm function that a
 * test resolves in a query, and every cxm support function that runs.
 *
 * make test preloads it in its throwaway cluster; at the end
 * test/tools/called.sh reads the server log and fails when a function of
 * the extension was never called by any suite.  Two sources, because
 * neither sees everything:
 *
 * - post_parse_analyze_hook: the function, aggregate and window-function
 *   calls of each query as the parser resolved them (the exact overload),
 *   including queries inside PL/pgSQL and EXPLAIN / CREATE TABLE AS.
 *   track_functions cannot do this: it never sees aggregates or window
 *   functions.
 * - fmgr_hook: type input/output and the combine, serial and deserial
 *   functions of aggregates, which no query names; they are called by the
 *   server itself (a cast, a binary COPY, a parallel plan).  Per-row
 *   transition functions are not hooked (they count through their
 *   aggregates, and hooking them would slow the 10-million-row tests).
 *
 * Each function is logged once per backend:
 *   cxm_calltrace: resolved proname(argtype,...)
 *   cxm_calltrace: executed proname(argtype,...)
 * Argument types are written as regprocedure writes them, without a schema
 * (cxm is installed into several schemas by the suites).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "nodes/parsenodes.h"
#include "parser/analyze.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

static post_parse_analyze_hook_type prev_post_parse_analyze = NULL;
static needs_fmgr_hook_type prev_needs_fmgr = NULL;
static fmgr_hook_type prev_fmgr = NULL;

typedef enum
{
	NOT_CXM = 0,
	CXM_NOT_LOGGED,
	CXM_LOGGED
} trace_state;

typedef struct
{
	Oid			oid;
	trace_state resolved;
	trace_state executed;
	bool		hooked;			/* a support function: the fmgr hook logs it */
	bool		looked_up;
} trace_entry;

static HTAB *seen = NULL;

static trace_entry *
entry_for(Oid oid)
{
	bool		found;
	trace_entry *e;

	if (seen == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(Oid);
		ctl.entrysize = sizeof(trace_entry);
		ctl.hcxt = TopMemoryContext;
		seen = hash_create("cxm_calltrace", 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	e = hash_search(seen, &oid, HASH_ENTER, &found);
	if (!found)
	{
		e->resolved = NOT_CXM;
		e->executed = NOT_CXM;
		e->hooked = false;
		e->looked_up = false;
	}
	return e;
}

static bool
name_ends_with(const char *name, const char *suffix)
{
	size_t		n = strlen(name),
				s = strlen(suffix);

	return n >= s && strcmp(name + n - s, suffix) == 0;
}

/* Looks the function up once: is it cxm's, and is it a support function? */
static void
look_up(trace_entry *e)
{
	HeapTuple	tuple;

	e->looked_up = true;
	if (e->oid < FirstNormalObjectId)
		return;
	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(e->oid));
	if (!HeapTupleIsValid(tuple))
		return;
	{
		Form_pg_proc proc = (Form_pg_proc) GETSTRUCT(tuple);
		bool		isnull;
		Datum		probin = SysCacheGetAttr(PROCOID, tuple, Anum_pg_proc_probin, &isnull);
		const char *name = NameStr(proc->proname);
		bool		is_cxm;

		if (proc->prokind == PROKIND_AGGREGATE || proc->prokind == PROKIND_WINDOW || isnull)
		{
			/* aggregates have no probin: ask pg_depend */
			Oid			ext = getExtensionOfObject(ProcedureRelationId, e->oid);
			char	   *extname = OidIsValid(ext) ? get_extension_name(ext) : NULL;

			is_cxm = extname != NULL && strcmp(extname, "cxm") == 0;
		}
		else
		{
			char	   *bin = TextDatumGetCString(probin);

			is_cxm = name_ends_with(bin, "/cxm") || strcmp(bin, "cxm") == 0;
		}
		if (is_cxm)
		{
			e->resolved = CXM_NOT_LOGGED;
			e->executed = CXM_NOT_LOGGED;
			e->hooked = proc->prokind == PROKIND_FUNCTION &&
				(name_ends_with(name, "_in") || name_ends_with(name, "_out") ||
				 name_ends_with(name, "_recv") || name_ends_with(name, "_send") ||
				 name_ends_with(name, "_combine") || name_ends_with(name, "_serial") ||
				 name_ends_with(name, "_serialize") || name_ends_with(name, "_deserial") ||
				 name_ends_with(name, "_deserialize"));
		}
	}
	ReleaseSysCache(tuple);
}

/* proname(type,type): pg_catalog types as format_type writes them, others by bare name */
static char *
signature(Oid oid)
{
	HeapTuple	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(oid));
	Form_pg_proc proc;
	StringInfoData buf;
	int			i;

	if (!HeapTupleIsValid(tuple))
		return NULL;
	proc = (Form_pg_proc) GETSTRUCT(tuple);
	initStringInfo(&buf);
	appendStringInfo(&buf, "%s(", NameStr(proc->proname));
	for (i = 0; i < proc->pronargs; i++)
	{
		Oid			type = proc->proargtypes.values[i];
		HeapTuple	t = SearchSysCache1(TYPEOID, ObjectIdGetDatum(type));

		if (i > 0)
			appendStringInfoChar(&buf, ',');
		if (HeapTupleIsValid(t) && ((Form_pg_type) GETSTRUCT(t))->typnamespace != PG_CATALOG_NAMESPACE)
			appendStringInfoString(&buf, NameStr(((Form_pg_type) GETSTRUCT(t))->typname));
		else
			appendStringInfoString(&buf, format_type_be(type));
		if (HeapTupleIsValid(t))
			ReleaseSysCache(t);
	}
	appendStringInfoChar(&buf, ')');
	ReleaseSysCache(tuple);
	return buf.data;
}

static void
log_call(Oid oid, bool executed)
{
	trace_entry *e = entry_for(oid);
	trace_state *state;
	char	   *sig;

	if (!e->looked_up)
		look_up(e);
	state = executed ? &e->executed : &e->resolved;
	if (*state != CXM_NOT_LOGGED)
		return;
	*state = CXM_LOGGED;
	sig = signature(oid);
	if (sig)
		ereport(LOG, (errhidestmt(true), errhidecontext(true),
					  errmsg("cxm_calltrace: %s %s", executed ? "executed" : "resolved", sig)));
}

static bool
resolved_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, FuncExpr))
		log_call(((FuncExpr *) node)->funcid, false);
	else if (IsA(node, Aggref))
		log_call(((Aggref *) node)->aggfnoid, false);
	else if (IsA(node, WindowFunc))
		log_call(((WindowFunc *) node)->winfnoid, false);
	else if (IsA(node, Query))
	{
		Query	   *query = (Query *) node;
		Node	   *inner = NULL;

		/* utility statements whose query was analyzed with them */
		if (query->utilityStmt && IsA(query->utilityStmt, ExplainStmt))
			inner = ((ExplainStmt *) query->utilityStmt)->query;
		else if (query->utilityStmt && IsA(query->utilityStmt, CreateTableAsStmt))
			inner = ((CreateTableAsStmt *) query->utilityStmt)->query;
		else if (query->utilityStmt && IsA(query->utilityStmt, DeclareCursorStmt))
			inner = ((DeclareCursorStmt *) query->utilityStmt)->query;
		if (inner && IsA(inner, Query))
			resolved_walker(inner, context);
		return query_tree_walker(query, resolved_walker, context, 0);
	}
	return expression_tree_walker(node, resolved_walker, context);
}

#if PG_VERSION_NUM >= 140000
static void
trace_post_parse_analyze(ParseState *pstate, Query *query, JumbleState *jstate)
{
	if (prev_post_parse_analyze)
		prev_post_parse_analyze(pstate, query, jstate);
#else
static void
trace_post_parse_analyze(ParseState *pstate, Query *query)
{
	if (prev_post_parse_analyze)
		prev_post_parse_analyze(pstate, query);
#endif
	if (IsTransactionState())
		resolved_walker((Node *) query, NULL);
}

static bool
trace_needs_fmgr(Oid fn_oid)
{
	trace_entry *e;

	if (prev_needs_fmgr && prev_needs_fmgr(fn_oid))
		return true;
	if (fn_oid < FirstNormalObjectId || !IsTransactionState())
		return false;
	e = entry_for(fn_oid);
	if (!e->looked_up)
		look_up(e);
	return e->hooked && e->executed == CXM_NOT_LOGGED;
}

static void
trace_fmgr(FmgrHookEventType event, FmgrInfo *flinfo, Datum *arg)
{
	if (prev_fmgr)
		prev_fmgr(event, flinfo, arg);
	if (event == FHET_START && IsTransactionState())
	{
		trace_entry *e = entry_for(flinfo->fn_oid);

		if (e->hooked && e->executed == CXM_NOT_LOGGED)
			log_call(flinfo->fn_oid, true);
	}
}

void
_PG_init(void)
{
	prev_post_parse_analyze = post_parse_analyze_hook;
	post_parse_analyze_hook = trace_post_parse_analyze;
	prev_needs_fmgr = needs_fmgr_hook;
	needs_fmgr_hook = trace_needs_fmgr;
	prev_fmgr = fmgr_hook;
	fmgr_hook = trace_fmgr;
}
