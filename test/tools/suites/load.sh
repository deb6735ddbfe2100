#!/usr/bin/env bash
# Under load: pgbench, 8 clients, each running CXM_LOAD_TRANSACTIONS
# (default 24) transactions of test/load/transaction.sql (the README's kinds
# of queries, every room).  Zero errors, and no backend's memory grows from
# one transaction to the next once warm.  A fixed number of transactions per
# client (not a duration) gives every backend the same number of memory
# samples, so none is left out of the check.  Prints TAP.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
BIN=$("${PG_CONFIG:-pg_config}" --bindir)
CLIENTS=8
TRANSACTIONS=${CXM_LOAD_TRANSACTIONS:-24}
q() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
q -d postgres -c 'SET client_min_messages = warning' -c 'DROP DATABASE IF EXISTS cxm_load' -c 'CREATE DATABASE cxm_load' >/dev/null || exit 1
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
"$BIN/pgbench" -n -c "$CLIENTS" -j 2 -t "$TRANSACTIONS" -f "$transaction" cxm_load >"$log" 2>&1
status=$?
tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$log")
failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$log")
if [ $status -eq 0 ] && [ "${tx:-0}" -eq $((CLIENTS * TRANSACTIONS)) ] && [ "${failed:-0}" -eq 0 ]; then
	echo "ok 1 - pgbench, $CLIENTS clients x $TRANSACTIONS transactions of every room's queries: $tx done, 0 errors"
else
	echo "not ok 1 - pgbench failed (status $status, ${tx:-0} of $((CLIENTS * TRANSACTIONS)) transactions, ${failed:-?} failed)"
	sed 's/^/# /' "$log" | tail -20
fi
# every backend has all its samples; per backend, memory over its last half
# of transactions never exceeds its peak over the second quarter (after
# warm-up) by more than 64 kB
samples=$(q -d cxm_load -At -c "
    SELECT coalesce(string_agg(format('pid %s: %s samples', pid, n), '; '), '')
    FROM (SELECT pid, count(*) AS n FROM load_memory GROUP BY pid) s WHERE n <> $TRANSACTIONS")
backends=$(q -d cxm_load -At -c "SELECT count(DISTINCT pid) FROM load_memory")
growth=$(q -d cxm_load -At -c "
    WITH ranked AS (SELECT pid, bytes, row_number() OVER w AS k, count(*) OVER (PARTITION BY pid) AS n
                    FROM load_memory WINDOW w AS (PARTITION BY pid ORDER BY at))
    SELECT coalesce(string_agg(format('pid %s: %s -> %s bytes', pid, warm, late), '; '), '')
    FROM (SELECT pid, max(bytes) FILTER (WHERE k > n / 4 AND k <= n / 2) AS warm,
                 max(bytes) FILTER (WHERE k > n / 2) AS late
          FROM ranked GROUP BY pid) x
    WHERE late IS DISTINCT FROM warm AND NOT late <= warm + 65536")
if [ "$server" -lt 140000 ]; then
	echo "ok 2 # SKIP backend memory is not measurable before PostgreSQL 14 (no pg_backend_memory_contexts)"
	rm -f "$transaction"
elif [ "${backends:-0}" -eq "$CLIENTS" ] && [ -z "$samples" ] && [ -z "$growth" ]; then
	echo "ok 2 - backend memory flat from one transaction to the next ($backends backends, $TRANSACTIONS samples each)"
else
	echo "not ok 2 - backend memory: ${backends:-0} of $CLIENTS backends sampled${samples:+; missing samples: $samples}${growth:+; grows: $growth}"
fi
q -d cxm_load -At -c "SELECT format('# memory per backend: %s to %s kB', min(bytes) / 1024, max(bytes) / 1024) FROM load_memory"
rm -f "$log"
q -d postgres -c 'DROP DATABASE cxm_load' >/dev/null
echo "1..2"
