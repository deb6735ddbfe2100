#!/usr/bin/env bash
# make bench-compare [BENCH_REF=main] [BENCH_ROUNDS=9] [BENCH_ONLY=rfm,retention] [BENCH_CPU=1]:
# the same queries on two builds of cxm at once.  A is built from the git ref BENCH_REF (a copy
# of it in a scratch directory, from git archive; the working tree is not
# touched), B from the working tree as it is.  Each is installed into its own
# private copy of the server and runs its own throwaway cluster; both get the
# same data (test/bench/compare/data.sql), and test/bench/compare/compare.sql,
# run from a third database through dblink, times every query on both,
# interleaved, serial and in parallel, and compares their answers.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

BENCH_REF=${BENCH_REF:-main}
BENCH_ROUNDS=${BENCH_ROUNDS:-9}
[[ "$BENCH_ROUNDS" =~ ^[1-9][0-9]*$ ]] || cxm_die "BENCH_ROUNDS must be a positive number, not '$BENCH_ROUNDS'"

cxm_base_packages
[ -f "$("$PG_CONFIG" --sharedir)/extension/dblink.control" ] ||
	cxm_die "the dblink extension (PostgreSQL's contrib) is not installed into $("$PG_CONFIG" --sharedir)"
ref_commit=$(git -C "$CXM_ROOT" rev-parse --verify --quiet "$BENCH_REF^{commit}") ||
	cxm_die "BENCH_REF=$BENCH_REF is not a commit of $CXM_ROOT"
ref_name="$BENCH_REF ($(git -C "$CXM_ROOT" log -1 --format='%h %s' "$ref_commit" | cut -c1-60))"
tree_name="the working tree ($(git -C "$CXM_ROOT" log -1 --format='%h %s' HEAD | cut -c1-60)$(
	[ -n "$(git -C "$CXM_ROOT" status --porcelain --untracked-files=no)" ] && echo ', with uncommitted changes'))"

# Cluster A is stopped by this hook, registered before the private server
# copies whose removal would take its pg_ctl away; cluster B is the one
# common.sh stops itself.
A_DIR= A_PGBIN=
cmp_stop_a() {
	[ -n "$A_DIR" ] && CXM_CLUSTER_DIR=$A_DIR CXM_PGBIN=$A_PGBIN cxm_cluster_stop
	A_DIR=
}
cxm_on_exit cmp_stop_a

REF_TREE=$(mktemp -d /tmp/cxm-bench-ref.XXXXXX)
cxm_on_exit "rm -rf '$REF_TREE'"
git -C "$CXM_ROOT" archive "$ref_commit" | tar -x -C "$REF_TREE" || cxm_die "git archive of $BENCH_REF failed"
cxm_log "A: $ref_name"
CXM_ROOT=$REF_TREE cxm_stage_install
A_BIN=$CXM_PGBIN_OVERRIDE
cxm_log "B: $tree_name"
cxm_stage_install
B_BIN=$CXM_PGBIN_OVERRIDE

# Commits are synchronous: with synchronous_commit = off, VACUUM right after
# a load may find the commit not yet flushed, set no hint bits and leave
# pages not all-visible, at random on one side (data.sql checks it).
settings=("shared_buffers = '1GB'" "work_mem = '256MB'" "max_parallel_workers_per_gather = 0" "jit = off"
	"max_wal_size = '8GB'" "checkpoint_timeout = '30min'" "autovacuum = off")
CXM_PGBIN_OVERRIDE=$A_BIN cxm_cluster_start "${settings[@]}"
A_DIR=$CXM_CLUSTER_DIR A_PGBIN=$CXM_PGBIN A_HOST=$PGHOST A_PORT=$PGPORT
CXM_CLUSTER_DIR=
CXM_PGBIN_OVERRIDE=$B_BIN cxm_cluster_start "${settings[@]}"
B_HOST=$PGHOST B_PORT=$PGPORT

# the data, loaded into both at once (from the top of the checkout: the CDNOW fixture)
cmp_load() {
	cd "$CXM_ROOT" &&
		cxm_psql -h "$1" -p "$2" -d postgres -c 'CREATE DATABASE cxm_compare' &&
		cxm_psql -h "$1" -p "$2" -d cxm_compare -f test/bench/compare/data.sql -f test/bench/compare/harness.sql \
			-c 'CREATE EXTENSION cxm'
}
cxm_log "loading the data into both clusters"
cmp_load "$A_HOST" "$A_PORT" & load_a=$!
cmp_load "$B_HOST" "$B_PORT" & load_b=$!
wait "$load_a" || cxm_die "loading the data into cluster A failed"
wait "$load_b" || cxm_die "loading the data into cluster B failed"

# serial runs on one core (BENCH_CPU, default the last one; BENCH_CPU= not to pin)
cpu_pin=${BENCH_CPU-$(($(nproc --all 2>/dev/null || echo 1) - 1))}
command -v taskset >/dev/null 2>&1 || cpu_pin=
cores=$(nproc 2>/dev/null || echo '?')
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)
cxm_psql -h "$A_HOST" -p "$A_PORT" -d postgres -c 'CREATE DATABASE cxm_compare_control' ||
	cxm_die "could not create the controller's database"
cxm_psql -h "$A_HOST" -p "$A_PORT" -d cxm_compare_control -P footer=off \
	-v conn_a="host=$A_HOST port=$A_PORT user=postgres dbname=cxm_compare" \
	-v conn_b="host=$B_HOST port=$B_PORT user=postgres dbname=cxm_compare" \
	-v rounds="$BENCH_ROUNDS" -v ref="$ref_name" -v tree="$tree_name" -v only="${BENCH_ONLY:-}" -v cpu="$cpu_pin" \
	-v machine="$cores cores ($cpu), $mem RAM, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start" \
	-f "$CXM_ROOT/test/bench/compare/compare.sql" ||
	cxm_die "bench-compare failed: a query errored, or A and B gave different answers (see the FAILED lines above)"
cxm_log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
