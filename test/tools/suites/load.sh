#!/usr/bin/env bash
# Under load: pgbench, 8 clients for CXM_LOAD_SECONDS (default 20), running
# test/load/transaction.sql (the README's kinds of queries).  Zero errors,
# and no backend's memory grows from one transaction to the next once warm.
# Prints TAP.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
BIN=$("${PG_CONFIG:-pg_config}" --bindir)
SECONDS_RUN=${CXM_LOAD_SECONDS:-20}
q() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
q -d postgres -c 'DROP DATABASE IF EXISTS cxm_load' -c 'CREATE DATABASE cxm_load' >/dev/null || exit 1
q -d cxm_load -c 'CREATE EXTENSION cxm' -f "$ROOT/test/load/setup.sql" >/dev/null || exit 1

log=$(mktemp /tmp/cxm-load.XXXXXX)
transaction=$ROOT/test/load/transaction.sql
# pg_backend_memory_contexts exists from PostgreSQL 14: before, the same
# queries run without the memory sample, and check 2 is skipped
server=$(q -d cxm_load -At -c "SELECT current_setting('server_version_num')::int")
if [ "$server" -lt 140000 ]; then
	transaction=$(mktemp /tmp/cxm-load-tx.XXXXXX)
	grep -v pg_backend_memory_contexts "$ROOT/test/load/transaction.sql" >"$transaction"
fi
"$BIN/pgbench" -n -c 8 -j 2 -T "$SECONDS_RUN" -f "$transaction" cxm_load >"$log" 2>&1
status=$?
tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$log")
failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$log")
if [ $status -eq 0 ] && [ -n "$tx" ] && [ "$tx" -gt 0 ] && [ "${failed:-0}" -eq 0 ]; then
	echo "ok 1 - pgbench, 8 clients, ${SECONDS_RUN}s: $tx transactions, 0 errors"
else
	echo "not ok 1 - pgbench failed (status $status, ${tx:-0} transactions, ${failed:-?} failed)"
	sed 's/^/# /' "$log" | tail -20
fi
# per backend: memory over its last half of transactions never exceeds its
# peak over the second quarter (after warm-up) by more than 64 kB
growth=$(q -d cxm_load -At -c "
    WITH ranked AS (SELECT pid, bytes, row_number() OVER w AS k, count(*) OVER (PARTITION BY pid) AS n
                    FROM load_memory WINDOW w AS (PARTITION BY pid ORDER BY at))
    SELECT coalesce(string_agg(format('pid %s: %s -> %s bytes', pid, warm, late), '; '), '')
    FROM (SELECT pid, max(bytes) FILTER (WHERE k > n / 4 AND k <= n / 2) AS warm,
                 max(bytes) FILTER (WHERE k > n / 2) AS late
          FROM ranked WHERE n >= 8 GROUP BY pid) x
    WHERE late > warm + 65536")
backends=$(q -d cxm_load -At -c "SELECT count(DISTINCT pid) FROM load_memory")
if [ "$server" -lt 140000 ]; then
	echo "ok 2 # SKIP backend memory is not measurable before PostgreSQL 14 (no pg_backend_memory_contexts)"
	rm -f "$transaction"
elif [ -z "$growth" ] && [ "${backends:-0}" -ge 8 ]; then
	echo "ok 2 - backend memory flat from one transaction to the next ($backends backends)"
else
	echo "not ok 2 - backend memory grows: ${growth:-no samples}"
fi
q -d cxm_load -At -c "SELECT format('# memory per backend: %s to %s kB', min(bytes) / 1024, max(bytes) / 1024) FROM load_memory"
rm -f "$log"
q -d postgres -c 'DROP DATABASE cxm_load' >/dev/null
echo "1..2"
