#!/usr/bin/env bash
# make test: unit tests, then the pg_regress and pgTAP suites on a throwaway
# cluster.  Exits non-zero on any failure; the last line is the plain total.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cxm_base_packages
cxm_need_extension pgtap "postgresql-$PG_MAJOR-pgtap"
cxm_need_packages libtap-parser-sourcehandler-pgtap-perl
cxm_stage_install
# the test-only module that logs which cxm functions the suites call (checked at the end)
# (cleaned first: a module left by a build for another major must not be installed)
make -C "$CXM_ROOT/test/tools/calltrace" -s PG_CONFIG="$PG_CONFIG" clean >/dev/null &&
	make -C "$CXM_ROOT/test/tools/calltrace" -s PG_CONFIG="$PG_CONFIG" >/dev/null &&
	make -C "$CXM_ROOT/test/tools/calltrace" -s PG_CONFIG="$PG_CONFIG" DESTDIR="$CXM_STAGE" install >/dev/null &&
	chmod -R a+rX "$CXM_STAGE" || cxm_die "could not build test/tools/calltrace"

PASSED=0
FAILED=0
SKIPPED=0
LOGDIR=$(mktemp -d /tmp/cxm-test-logs.XXXXXX)
cxm_on_exit 'rm -rf "$LOGDIR"'

# count_tap file: adds the TAP results of a log to the totals.  A test
# skipped ("ok N # skip ...", pgTAP's skip()), a TODO test and a file
# skipped whole ("1..0 # skip ...") count as skipped, never as passed, and
# each skip is printed with its reason.
count_tap() {
	local directive='[^#]*#[[:space:]]*' ok notok skip todo_ok todo_notok planskip
	ok=$(grep -cE '^[[:space:]]*ok [0-9]+' "$1")
	notok=$(grep -cE '^[[:space:]]*not ok [0-9]+' "$1")
	skip=$(grep -ciE "^[[:space:]]*ok [0-9]+${directive}skip" "$1")
	todo_ok=$(grep -ciE "^[[:space:]]*ok [0-9]+${directive}todo" "$1")
	todo_notok=$(grep -ciE "^[[:space:]]*not ok [0-9]+${directive}todo" "$1")
	planskip=$(grep -ciE '^[[:space:]]*1\.\.0[[:space:]]*#[[:space:]]*skip' "$1")
	grep -iE "^[[:space:]]*(not )?ok [0-9]+${directive}(skip|todo)|^[[:space:]]*1\.\.0[[:space:]]*#[[:space:]]*skip" "$1" |
		sed 's/^[[:space:]]*/  skipped: /'
	ok=$((ok - skip - todo_ok))
	notok=$((notok - todo_notok))
	skip=$((skip + todo_ok + todo_notok + planskip))
	PASSED=$((PASSED + ok))
	FAILED=$((FAILED + notok))
	SKIPPED=$((SKIPPED + skip))
	echo "$ok passed, $notok failed, $skip skipped"
}

# 1. plain-C unit tests of the core files
cxm_log "unit tests (test/unit)"
if bash "$CXM_ROOT/test/tools/unit.sh" >"$LOGDIR/unit.log" 2>&1; then
	count_tap "$LOGDIR/unit.log"
else
	grep -E 'not ok|error|Error' "$LOGDIR/unit.log" | head -50
	count_tap "$LOGDIR/unit.log"
	grep -qE '^[[:space:]]*not ok' "$LOGDIR/unit.log" || FAILED=$((FAILED + 1))	# did not build or crashed
fi

# static checks of the sources (SQLSTATEs, trusted-script rules, core purity)
cxm_log "static checks (test/tools/lint.py)"
python3 "$CXM_ROOT/test/tools/lint.py" >"$LOGDIR/lint.log" 2>&1
grep -E '^not ok|^#' "$LOGDIR/lint.log"
count_tap "$LOGDIR/lint.log"

# 2. a short fuzzing run of every harness from its seed corpus (make fuzz runs longer)
cxm_log "fuzz smoke run (test/fuzz, ${CXM_FUZZ_SECONDS:-3}s each)"
CXM_FUZZ_SKIP_OK=1 FUZZ_SECONDS=${CXM_FUZZ_SECONDS:-3} bash "$CXM_ROOT/test/tools/fuzz.sh" >"$LOGDIR/fuzz.log" 2>&1
fuzz_status=$?
grep -E '^not ok|^#|executions' "$LOGDIR/fuzz.log" | head -20
count_tap "$LOGDIR/fuzz.log"
if [ $fuzz_status -ne 0 ] && ! grep -q '^not ok' "$LOGDIR/fuzz.log"; then
	FAILED=$((FAILED + 1))
	tail -20 "$LOGDIR/fuzz.log"
fi

# the calltrace module logs every function called (test/tools/called.sh);
# loopback TCP for the JDBC client tests (test/tools/suites/clients.sh)
CXM_CLUSTER_LOOPBACK=1 cxm_cluster_start "shared_preload_libraries = 'cxm_calltrace'"

# 3. pg_regress (sql/, expected/)
cxm_log "pg_regress suite (sql/, expected/)"
rm -f "$CXM_ROOT/regression.diffs"
make -C "$CXM_ROOT" -s PG_CONFIG="$PG_CONFIG" installcheck >"$LOGDIR/regress.log" 2>&1
regress_status=$?
sed -n '/^\(test\|ok\|not ok\|     \|# \|parallel\)/p' "$LOGDIR/regress.log" | sed 's/^/  /' | grep -v '^  *$' | head -100
summary=$(grep -E 'tests? (passed|failed)|failed \(ignored\)' "$LOGDIR/regress.log" | tail -1)
if [[ $summary =~ All\ ([0-9]+)\ tests\ passed ]]; then
	PASSED=$((PASSED + BASH_REMATCH[1]))
elif [[ $summary =~ ([0-9]+)\ of\ ([0-9]+)\ tests\ failed ]]; then
	FAILED=$((FAILED + BASH_REMATCH[1]))
	PASSED=$((PASSED + BASH_REMATCH[2] - BASH_REMATCH[1]))
else
	FAILED=$((FAILED + 1))
	cat "$LOGDIR/regress.log"
fi
if [ $regress_status -ne 0 ] && [ -f "$CXM_ROOT/regression.diffs" ]; then
	echo "---- regression.diffs ----"
	cat "$CXM_ROOT/regression.diffs"
fi

# 4. pgTAP (test/pgtap) through pg_prove
cxm_log "pgTAP suite (test/pgtap)"
cxm_psql -d postgres -c 'CREATE DATABASE cxm_tap' &&
	cxm_psql -d cxm_tap -c 'CREATE EXTENSION pgtap' -c 'CREATE EXTENSION cxm' ||
	cxm_die "could not prepare the pgTAP database"
pg_prove --verbose --ext .sql -d cxm_tap "$CXM_ROOT"/test/pgtap/*.sql >"$LOGDIR/pgtap.log" 2>&1
tap_status=$?
grep -E '^[[:space:]]*not ok|^#|Failed|Result' "$LOGDIR/pgtap.log" | head -80
count_tap "$LOGDIR/pgtap.log"
# a file that died part-way: every planned test it did not run is a failure
unrun=$(grep -oE 'You planned [0-9]+ tests? but ran [0-9]+' "$LOGDIR/pgtap.log" |
	awk '$3 > $7 { n += $3 - $7 } END { print n + 0 }')
if [ "$unrun" -gt 0 ]; then
	echo "$unrun planned tests did not run (counted as failed)"
	FAILED=$((FAILED + unrun))
elif [ $tap_status -ne 0 ] && ! grep -qE '^[[:space:]]*not ok' "$LOGDIR/pgtap.log"; then
	FAILED=$((FAILED + 1))	# a file died or its plan did not match
	tail -40 "$LOGDIR/pgtap.log"
fi

# 5. extra suites that need the cluster (test/tools/suites/*.sh), each printing TAP
for suite in "$CXM_ROOT"/test/tools/suites/*.sh; do
	[ -e "$suite" ] || continue
	name=$(basename "$suite" .sh)
	cxm_log "suite $name"
	bash "$suite" >"$LOGDIR/$name.log" 2>&1
	suite_status=$?
	grep -E '^[[:space:]]*not ok|^#|^ok .*(transactions|executions|cases)|# (SKIP|skip)' "$LOGDIR/$name.log" | head -40
	count_tap "$LOGDIR/$name.log"
	if [ $suite_status -ne 0 ] && ! grep -qE '^[[:space:]]*not ok' "$LOGDIR/$name.log"; then
		FAILED=$((FAILED + 1))
		tail -40 "$LOGDIR/$name.log"
	fi
done

# 6. every function of the extension was called by some suite (the calltrace log)
cxm_log "every function called (test/tools/called.sh)"
bash "$CXM_ROOT/test/tools/called.sh" "$CXM_CLUSTER_DIR/server.log" >"$LOGDIR/called.log" 2>&1
called_status=$?
grep -E '^[[:space:]]*not ok|^#' "$LOGDIR/called.log" | head -60
count_tap "$LOGDIR/called.log"
if [ $called_status -ne 0 ] && ! grep -qE '^[[:space:]]*not ok' "$LOGDIR/called.log"; then
	FAILED=$((FAILED + 1))
	tail -20 "$LOGDIR/called.log"
fi

# 7. with CXM_SANITIZE=1: any ASan or UBSan report from the server fails the run
if [ "${CXM_SANITIZE:-0}" = 1 ]; then
	cxm_log "sanitizer reports"
	reports=$(cxm_sanitizer_reports)
	if [ -n "$reports" ]; then
		FAILED=$((FAILED + 1))
		echo "not ok - sanitizer reports:"
		for r in $reports; do sed 's/^/  /' "$r" | head -60; done
	elif grep -qE 'AddressSanitizer|runtime error:' "$CXM_CLUSTER_DIR/server.log"; then
		FAILED=$((FAILED + 1))
		grep -E -A20 'AddressSanitizer|runtime error:' "$CXM_CLUSTER_DIR/server.log" | head -60
	else
		PASSED=$((PASSED + 1))
		echo "ok - no sanitizer report from the server"
	fi
fi

cxm_cluster_stop
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" -eq 0 ]
