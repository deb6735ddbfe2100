#!/usr/bin/env bash
# make bench-citus: test/bench/citus/bench.sql on a throwaway Citus cluster
# (coordinator and two workers on this machine) sized for the benchmark.
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
cxm_psql -d cxm_bench -P footer=off -v machine="$cores cores ($cpu), $mem RAM" -f "$CXM_ROOT/test/bench/citus/bench.sql" | tee "$out" ||
	cxm_die "the benchmark failed"
! grep -q 'FAILED' "$out"
