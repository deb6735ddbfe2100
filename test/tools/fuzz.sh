#!/usr/bin/env bash
# make fuzz [FUZZ_SECONDS=60]: builds every test/fuzz/fuzz_*.c with libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer against the plain-C core
# (src/*_core.c) and runs each for FUZZ_SECONDS, starting from its committed
# seed corpus test/fuzz/corpus/<harness>/ (which also holds every input that
# once crashed it).  New corpus entries go to a scratch directory; a crash
# leaves its input in test/fuzz/artifacts/.  Prints TAP and, per harness,
# the number of executions.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SECONDS_EACH=${FUZZ_SECONDS:-60}
CLANG=${CLANG-$(command -v clang-14 || command -v clang)}
if [ -z "$CLANG" ]; then
	# make test counts a harness that cannot run as skipped, never as passed;
	# make fuzz, asked for fuzzing, fails
	echo "1..0 # SKIP clang not found (apt-get install clang-14), no harness was fuzzed"
	[ "${CXM_FUZZ_SKIP_OK:-0}" = 1 ]
	exit
fi
BUILD=$ROOT/test/fuzz/build
mkdir -p "$BUILD" "$ROOT/test/fuzz/artifacts"
SCRATCH=$(mktemp -d /tmp/cxm-fuzz.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT

n=0
status=0
for harness in "$ROOT"/test/fuzz/fuzz_*.c; do
	name=$(basename "$harness" .c)
	n=$((n + 1))
	if ! "$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-I"$ROOT/src" -o "$BUILD/$name" "$harness" "$ROOT"/src/*_core.c -lm 2>"$SCRATCH/$name.build"; then
		echo "not ok $n - $name does not build"
		sed 's/^/# /' "$SCRATCH/$name.build" | head -20
		status=1
		continue
	fi
	mkdir -p "$ROOT/test/fuzz/corpus/$name" "$SCRATCH/$name"
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$BUILD/$name" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$ROOT/test/fuzz/artifacts/$name-" \
		"$SCRATCH/$name" "$ROOT/test/fuzz/corpus/$name" >"$SCRATCH/$name.log" 2>&1
	result=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$SCRATCH/$name.log" | tail -1)
	if [ $result -eq 0 ]; then
		echo "ok $n - $name: ${runs:-?} executions in ${SECONDS_EACH}s, no crash"
	else
		echo "not ok $n - $name crashed (input saved in test/fuzz/artifacts/)"
		grep -E 'ERROR|runtime error|SUMMARY|deadly' "$SCRATCH/$name.log" | head -10 | sed 's/^/# /'
		status=1
	fi
done
echo "1..$n"
exit $status
