#!/usr/bin/env bash
# make bench: build, install, start a throwaway cluster sized for the
# benchmark, run test/bench/*.sql in name order, print medians and ratios.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cxm_base_packages
cxm_stage_install
cxm_cluster_start "shared_buffers = '2GB'" "work_mem = '256MB'" "max_parallel_workers_per_gather = 0" \
	"jit = off" "max_wal_size = '8GB'" "checkpoint_timeout = '30min'" "synchronous_commit = off"

cores=$(nproc 2>/dev/null || echo '?')
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)
machine="$cores cores ($cpu), $mem RAM"

cxm_psql -d postgres -c 'CREATE DATABASE cxm_bench' || cxm_die "could not create the bench database"
cxm_psql -d cxm_bench -c 'CREATE EXTENSION cxm' || cxm_die "CREATE EXTENSION cxm failed"
files=("$CXM_ROOT"/test/bench/[0-9]*.sql)
if [ -n "${BENCH_ONLY:-}" ]; then	# e.g. BENCH_ONLY=ratings make bench
	files=("$CXM_ROOT/test/bench/00_harness.sql" "$CXM_ROOT"/test/bench/*_"$BENCH_ONLY".sql "$CXM_ROOT/test/bench/99_report.sql")
fi
cat "${files[@]}" | cxm_psql -d cxm_bench -P footer=off -v machine="$machine" -f - ||
	cxm_die "the benchmark failed: a query errored, or an answer check failed (see the FAILED lines above)"
