#!/usr/bin/env bash
# make unit: compiles each test/unit/*_test.c against the plain-C core files
# (no PostgreSQL) and runs it; the output is TAP.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CC=${CC:-gcc}
CFLAGS=${CFLAGS:--O1 -g -Wall -Wextra -Werror -std=gnu99}
status=0
for t in "$ROOT"/test/unit/*_test.c; do
	bin="${t%.c}.bin"
	if ! $CC $CFLAGS -I"$ROOT/src" -o "$bin" "$t" "$ROOT"/src/*_core.c -lm; then
		echo "not ok - $(basename "$t") does not build"
		status=1
		continue
	fi
	echo "# $(basename "$t")"
	"$bin" || status=1
done
exit $status
