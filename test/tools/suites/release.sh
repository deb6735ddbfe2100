#!/usr/bin/env bash
# Release checks (test/tools/release_lint.py): versions agree across
# cxm.control, META.json, the README, debian/ and extension/; META.json is
# valid PGXN metadata; the supported range and the PG_VERSION_NUM guards are
# documented; an unsupported major stops the build.  Prints TAP.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
python3 "$ROOT/test/tools/release_lint.py"
