#!/usr/bin/env bash
# Randomized differential tests (test/differential/*.sql, pgTAP): cxm against
# plain-SQL references on thousands of random data sets, serial and parallel.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$ROOT" || exit 1	# the tests read test/fixtures/ by relative path
# zz_parallel_catalog.sql comes last: it checks what the others recorded
pg_prove --verbose --ext .sql -d cxm_tap "$ROOT"/test/differential/*.sql
