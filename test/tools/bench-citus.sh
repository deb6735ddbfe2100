#!/usr/bin/env bash
# make bench-citus: on a throwaway Citus cluster (coordinator and two
# workers on this machine), (1) test/bench/citus/state_sizes.sql, the size
# of one partial state per group and shard for every aggregate family, on
# the demo data set and its distributed copy (test/citus/setup.sql); then
# (2) test/bench/citus/bench.sql, one node against Citus on tables of
# millions of rows, with the bytes the coordinator receives.
# BENCH_ONLY=sizes runs (1) only.  Exits non-zero when a check prints FAILED.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cxm_base_packages
cxm_citus_installed || cxm_die "Citus is not installed into $("$PG_CONFIG" --pkglibdir) (see the README, Parallel query and Citus)"
cxm_stage_install
cxm_citus_start cxm_bench "shared_buffers = '1GB'" "work_mem = '256MB'" "max_parallel_workers_per_gather = 0" \
	"jit = off" "max_wal_size = '8GB'" "synchronous_commit = off"
cores=$(nproc 2>/dev/null || echo '?')
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)
out=$(mktemp /tmp/cxm-bench-citus.XXXXXX)
cxm_on_exit "rm -f '$out'"

cxm_log "loading the demo data set and its distributed copy"
for f in "$CXM_ROOT"/test/demo/data/*.sql "$CXM_ROOT"/test/citus/setup.sql; do
	cxm_psql -d cxm_bench -f "$f" >/dev/null || cxm_die "loading $(basename "$f") failed"
done
cxm_psql -d cxm_bench -P footer=off -f "$CXM_ROOT/test/bench/citus/state_sizes.sql" | tee "$out" ||
	cxm_die "the state sizes failed"
if [ "${BENCH_ONLY:-}" != sizes ]; then
	cxm_psql -d cxm_bench -P footer=off -v machine="$cores cores ($cpu), $mem RAM" -f "$CXM_ROOT/test/bench/citus/bench.sql" |
		tee -a "$out" || cxm_die "the benchmark failed"
fi
! grep -q 'FAILED' "$out"
