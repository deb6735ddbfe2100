#!/usr/bin/env bash
# Huge inputs (test/limits/*.sql, pgTAP): 10-million-row groups through every
# aggregate and window function, and statement_timeout stopping them.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$ROOT" || exit 1	# the tests read test/fixtures/ by relative path
pg_prove --verbose --ext .sql -d cxm_tap "$ROOT"/test/limits/*.sql
