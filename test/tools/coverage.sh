#!/usr/bin/env bash
# make coverage: builds cxm with gcov (--coverage -O0) in a scratch copy of
# the tree, runs the suites of make test against it (its own private server
# copy and throwaway cluster), and reports the function and line coverage of
# src/*.c and the call counts of every aggregate's combine, serial and
# deserial function.  The backends, run by the cluster's OS user, write
# their counts under GCOV_PREFIX; they are gathered next to the build's
# .gcno files for lcov.  Results: coverage/ (summary.txt, lcov.info, html/).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cxm_base_packages
cxm_need_packages lcov "postgresql-$PG_MAJOR-pgtap" libtap-parser-sourcehandler-pgtap-perl

OUT="$CXM_ROOT/coverage"
WORK=$(mktemp -d /tmp/cxm-coverage.XXXXXX)
chmod 755 "$WORK"
cxm_on_exit 'rm -rf "$WORK"'
TREE="$WORK/tree"
mkdir -p "$TREE" "$WORK/gcda"
chmod 755 "$WORK/gcda"
git -C "$CXM_ROOT" ls-files -co --exclude-standard -z | grep -zv '^coverage/\|^mutate-results/' |
	(cd "$CXM_ROOT" && tar --null -T - -cf -) | tar -xf - -C "$TREE" || cxm_die "could not copy the tree"

cxm_log "make test's suites against a gcov build (log: $OUT/make-test.log)"
rm -rf "$OUT"
mkdir -p "$OUT"
started=$(date +%s)
CXM_COVERAGE=1 CXM_GCOV_PREFIX="$WORK/gcda" bash "$TREE/test/tools/run-tests.sh" >"$OUT/make-test.log" 2>&1
test_status=$?
elapsed=$(( $(date +%s) - started ))
totals=$(tail -1 "$OUT/make-test.log")
cxm_log "suites done in ${elapsed}s: $totals"

# the counts the backends wrote, next to the .gcno files of the build
counted=0
if [ -d "$WORK/gcda$TREE" ]; then
	(cd "$WORK/gcda$TREE" && find . -name '*.gcda' -print0 | tar --null -T - -cf -) | tar -xf - -C "$TREE"
	counted=$(find "$TREE/src" -name '*.gcda' | wc -l)
fi
[ "$counted" -gt 0 ] || cxm_die "no coverage counts were written (see $OUT/make-test.log)"

lcov --quiet --capture --initial --directory "$TREE/src" --output-file "$WORK/base.info" >/dev/null 2>&1 ||
	cxm_die "lcov --initial failed"
lcov --quiet --capture --directory "$TREE/src" --output-file "$WORK/test.info" >/dev/null 2>&1 ||
	cxm_die "lcov --capture failed"
lcov --quiet --add-tracefile "$WORK/base.info" --add-tracefile "$WORK/test.info" \
	--output-file "$WORK/total.info" >/dev/null 2>&1 || cxm_die "lcov --add-tracefile failed"
# paths of this checkout, not of the scratch copy: make mutate and genhtml read them
sed "s|^SF:$TREE/|SF:$CXM_ROOT/|" "$WORK/total.info" >"$OUT/lcov.info"
genhtml --quiet --output-directory "$OUT/html" "$OUT/lcov.info" >/dev/null 2>&1 ||
	cxm_log "genhtml failed; the text summary is complete"

{
	python3 "$CXM_ROOT/test/tools/coverage_report.py" "$OUT/lcov.info" "$TREE/src"
	echo
	echo "make test against the gcov build (${elapsed}s): $totals"
} | tee "$OUT/summary.txt"
[ $test_status -eq 0 ] || echo "warning: make test failed against the gcov build (see $OUT/make-test.log)"
echo "coverage: $OUT/summary.txt, $OUT/lcov.info, $OUT/html/index.html"
