#!/usr/bin/env bash
# The README's examples, run against a fresh database: each shown result must
# still be what cxm returns.  Prints TAP.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
psql -X -q -d postgres -c 'DROP DATABASE IF EXISTS cxm_readme' -c 'CREATE DATABASE cxm_readme' >/dev/null || exit 1
psql -X -q -d cxm_readme -c 'CREATE EXTENSION cxm' >/dev/null || exit 1
PGDATABASE=cxm_readme python3 "$ROOT/test/tools/readme_doctest.py" "$ROOT/README.md"
