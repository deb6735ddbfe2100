#!/usr/bin/env bash
# make dashboard / make dashboard-test: the dashboard of examples/dashboard/
# over the demo data set.
#
#   build  starts a throwaway cluster with the demo data (test/demo/data), runs
#          npm ci from the pinned lockfile, and builds the Evidence site
#          (evidence sources, evidence build:strict) into
#          examples/dashboard/build/.  Evidence 39 is pinned because its
#          DuckDB-Wasm (1.28) has the parquet reader built in: from Evidence
#          40 on, DuckDB-Wasm downloads the parquet extension from DuckDB's
#          extension host, while building and in each viewer's browser, and
#          these machines reach only the package registries.
#   test   builds, then opens every page in headless Chromium (Debian's
#          chromium) through a local HTTP server on 127.0.0.1, fails on any
#          page error, request to another host, Evidence error box or empty
#          chart, and saves a screenshot of each page in
#          examples/dashboard/screenshots/.  The last line is the total.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MODE=${1:-build}
DASH=$CXM_ROOT/examples/dashboard
PAGES=(index surveys funnel retention paths attribution drivers)

cxm_base_packages
command -v node >/dev/null 2>&1 || cxm_need_packages nodejs
command -v npm >/dev/null 2>&1 || cxm_need_packages npm
[ "$MODE" = test ] && cxm_need_packages chromium
# node_modules/.cxm-lockfile: the lockfile node_modules was installed from
if ! cmp -s "$DASH/package-lock.json" "$DASH/node_modules/.cxm-lockfile"; then
	cxm_log "installing the dashboard's npm packages from its lockfile (a few minutes)"
	(cd "$DASH" && nice -n 19 npm ci --no-audit --no-fund >/dev/null) || cxm_die "npm ci in examples/dashboard failed"
	cp "$DASH/package-lock.json" "$DASH/node_modules/.cxm-lockfile"
fi

cxm_stage_install
cxm_cluster_start
cxm_psql -d postgres -c 'CREATE DATABASE cxm_demo' || cxm_die "could not create the demo database"
cxm_psql -d cxm_demo -c 'CREATE EXTENSION cxm' || cxm_die "CREATE EXTENSION cxm failed"
cxm_log "loading the demo data set (test/demo/data)"
for f in "$CXM_ROOT"/test/demo/data/*.sql; do
	cxm_psql -d cxm_demo -f "$f" >/dev/null || cxm_die "loading $(basename "$f") failed"
done

cxm_log "building the Evidence site into examples/dashboard/build/ (several minutes)"
EVLOG=$(mktemp /tmp/cxm-evidence-build.XXXXXX)
cxm_on_exit 'rm -f "$EVLOG"'
if ! (cd "$DASH" &&
	export EVIDENCE_SOURCE__cxm__host=$PGHOST EVIDENCE_SOURCE__cxm__port=$PGPORT SEND_ANONYMOUS_USAGE_STATS=no &&
	timeout "${CXM_EVIDENCE_TIMEOUT:-1200}" nice -n 19 npx evidence sources &&
	timeout "${CXM_EVIDENCE_TIMEOUT:-1200}" nice -n 19 npx evidence build:strict) >"$EVLOG" 2>&1; then
	tail -n 40 "$EVLOG"
	cxm_die "the Evidence build failed"
fi
grep -E 'Finished, wrote|Build complete' "$EVLOG"
cxm_cluster_stop
echo "Evidence site: $DASH/build/index.html (serve the directory over HTTP, e.g. python3 -m http.server -d $DASH/build)"
[ "$MODE" = test ] || exit 0

# test: the built site through a local HTTP server, every page in Chromium
LOG=$(mktemp /tmp/cxm-dashboard-test.XXXXXX)
cxm_on_exit 'rm -f "$LOG"'
port=$(cxm_free_port)
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$DASH/build" >/dev/null 2>&1 &
SERVER=$!
cxm_on_exit 'kill "$SERVER" 2>/dev/null'
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
cxm_log "headless Chromium over every page"
node "$DASH/browser_test.mjs" "http://127.0.0.1:$port" "$DASH/screenshots" "${PAGES[@]}" >"$LOG" 2>&1
status=$?
cat "$LOG"
passed=$(grep -cE '^ok [0-9]+' "$LOG")
failed=$(grep -cE '^not ok [0-9]+' "$LOG")
if [ $status -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "screenshots: $DASH/screenshots/"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
