#!/usr/bin/env bash
# Every function of cxm is called by some test.  Reads the lines that the
# test-only module test/tools/calltrace (preloaded by make test) wrote to the
# server log while the suites ran, and compares them with the catalog of a
# fresh install.  Prints TAP.
#
#   user-facing functions (every aggregate, window function and plain
#   function, including ratings_combine and markov_chain_combine) must have
#   been resolved in a query; the support functions of an aggregate
#   (transition, final, combine, serial, deserial: those over internal or
#   cxm_state, the partial-state type no user handles) count through it;
#   type input/output functions and every combine, serial and deserial
#   function must have run.
#
# Usage: called.sh server.log   (PGHOST, PGPORT, PGUSER set)
set -uo pipefail
LOG=$1
BIN=$("${PG_CONFIG:-pg_config}" --bindir)
q() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
WORK=$(mktemp -d /tmp/cxm-called.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

q -d postgres -c 'SET client_min_messages = warning' -c 'DROP DATABASE IF EXISTS cxm_called' -c 'CREATE DATABASE cxm_called' >/dev/null &&
	q -d cxm_called -c 'CREATE EXTENSION cxm' >/dev/null || { echo "not ok 1 - could not install cxm to read its catalog"; exit 1; }

sed -n 's/.*cxm_calltrace: resolved \(.*\)$/\1/p' "$LOG" | sort -u >"$WORK/resolved"
sed -n 's/.*cxm_calltrace: executed \(.*\)$/\1/p' "$LOG" | sort -u >"$WORK/executed"

# one row per function: signature (as the module writes it) and its role
q -d cxm_called -At -F '|' >"$WORK/catalog" <<'SQL'
WITH fn AS (
    SELECT p.oid, p.proname, p.prokind,
           p.proname || '(' || coalesce((SELECT string_agg(CASE WHEN t.typnamespace = 'pg_catalog'::regnamespace
                                                               THEN format_type(t.oid, NULL) ELSE t.typname::text END,
                                                          ',' ORDER BY a.ord)
                                         FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(typ, ord)
                                         JOIN pg_type t ON t.oid = a.typ), '') || ')' AS signature
    FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
    WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cxm')),
type_io AS (
    SELECT unnest(ARRAY[typinput, typoutput, typreceive, typsend]) AS oid FROM pg_type),
parallel_support AS (
    SELECT unnest(ARRAY[aggcombinefn, aggserialfn, aggdeserialfn]) AS oid FROM pg_aggregate),
agg_support AS (
    SELECT unnest(ARRAY[aggtransfn, aggfinalfn, aggcombinefn, aggserialfn, aggdeserialfn]) AS oid FROM pg_aggregate)
SELECT fn.signature,
       CASE WHEN fn.oid IN (SELECT oid FROM type_io) THEN 'type_io'
            WHEN fn.oid IN (SELECT oid FROM agg_support)
                 AND ('internal'::regtype = ANY (p.proargtypes::oid[]) OR p.prorettype = 'internal'::regtype
                      OR 'cxm_state'::regtype = ANY (p.proargtypes::oid[]) OR p.prorettype = 'cxm_state'::regtype
                      OR fn.proname ~ '_trans$')
                 THEN 'support'
            ELSE 'user' END,
       fn.oid IN (SELECT oid FROM parallel_support)
FROM fn JOIN pg_proc p ON p.oid = fn.oid
ORDER BY 1;
SQL
q -d postgres -c 'DROP DATABASE cxm_called' >/dev/null

n=0
status=0
report() {	# report "description" file-of-missing
	n=$((n + 1))
	if [ -s "$2" ]; then
		echo "not ok $n - $1"
		echo "# never: $(wc -l <"$2") of them"
		sed 's/^/#   /' "$2"
		status=1
	else
		echo "ok $n - $1"
	fi
}
awk -F'|' '$2 == "user" {print $1}' "$WORK/catalog" | sort -u >"$WORK/user"
awk -F'|' '$2 == "type_io" {print $1}' "$WORK/catalog" | sort -u >"$WORK/type_io"
awk -F'|' '$3 == "t" {print $1}' "$WORK/catalog" | sort -u >"$WORK/parallel"
comm -23 "$WORK/user" "$WORK/resolved" >"$WORK/user_missing"
comm -23 "$WORK/type_io" "$WORK/executed" >"$WORK/type_io_missing"
comm -23 "$WORK/parallel" "$WORK/executed" >"$WORK/parallel_missing"
if [ ! -s "$WORK/resolved" ]; then
	echo "not ok 1 - the server log holds no cxm_calltrace line: was test/tools/calltrace preloaded?"
	echo "1..1"
	exit 1
fi
report "every one of the $(wc -l <"$WORK/user") user-facing functions, aggregates and window functions is called by some test" "$WORK/user_missing"
report "every type input, output, receive and send function ran ($(wc -l <"$WORK/type_io"))" "$WORK/type_io_missing"
report "every combine, serial and deserial function of an aggregate ran ($(wc -l <"$WORK/parallel"))" "$WORK/parallel_missing"
echo "1..$n"
exit $status
