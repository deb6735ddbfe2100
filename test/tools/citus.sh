#!/usr/bin/env bash
# make test-citus: every cxm aggregate and window function on a throwaway
# Citus cluster (a coordinator and two workers on a private socket
# directory), against the single-node answer on the same data
# (test/citus/).  Needs Citus installed into the PostgreSQL that PG_CONFIG
# names; without it, prints one TAP line saying so, a skip.  Prints TAP.
# CXM_CITUS_PGBIN: the bin directory of a server copy cxm is already
# installed into (make test's), used instead of building and staging again.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if ! cxm_citus_installed; then
	echo "1..0 # skip Citus is not installed into $("$PG_CONFIG" --pkglibdir) (see the README, Parallel query and Citus, for how to build it)"
	exit 0
fi
# pgTAP as make test finds it: in the server PG_CONFIG names (a source-built
# one has it built in; only Debian's own servers get Debian's package)
cxm_need_extension pgtap "postgresql-$PG_MAJOR-pgtap"
cxm_need_packages libtap-parser-sourcehandler-pgtap-perl
if [ -n "${CXM_CITUS_PGBIN:-}" ]; then
	# run by make test (test/tools/suites/citus.sh): the private server copy
	# it installed cxm into, as it is, rather than another build and copy
	CXM_PGBIN_OVERRIDE=$CXM_CITUS_PGBIN
else
	cxm_stage_install >&2
fi
cxm_citus_start cxm_citus >&2
cxm_psql -d cxm_citus -c 'CREATE EXTENSION pgtap' >&2 || cxm_die "CREATE EXTENSION pgtap failed"
cxm_log "loading the demo data set and its distributed copy"
for f in "$CXM_ROOT"/test/demo/data/*.sql "$CXM_ROOT"/test/citus/setup.sql; do
	cxm_psql -d cxm_citus -f "$f" >/dev/null || cxm_die "loading $(basename "$f") failed"
done
cd "$CXM_ROOT" && pg_prove --verbose --ext .sql -d cxm_citus test/citus/aggregates.sql
