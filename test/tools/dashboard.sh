#!/usr/bin/env bash
# make dashboard / make dashboard-test: the dashboard of examples/dashboard/
# over the demo data set.
#
#   build  starts a throwaway cluster with the demo data (test/demo/data), runs
#          npm ci from the pinned lockfile, and renders the pages with ECharts
#          from the Evidence project's queries (sources/cxm/*.sql) into
#          examples/dashboard/build-echarts/.  With CXM_EVIDENCE=1 it also
#          builds the Evidence site (evidence sources, evidence build:strict)
#          into examples/dashboard/build/: Evidence's DuckDB-Wasm downloads its
#          parquet extension from DuckDB's extension host while it builds and
#          again in the viewer's browser, so that needs a machine that reaches
#          it (this project's machines reach only the package registries).
#   test   builds, then opens every page in headless Chromium (Debian's
#          chromium) through a local HTTP server on 127.0.0.1, fails on any
#          page error or empty chart, and saves a screenshot of each page in
#          examples/dashboard/screenshots/.  The last line is the total.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MODE=${1:-build}
DASH=$CXM_ROOT/examples/dashboard
PAGES=(index surveys funnel retention paths attribution drivers)

cxm_base_packages
command -v node >/dev/null 2>&1 || cxm_need_packages nodejs
command -v npm >/dev/null 2>&1 || cxm_need_packages npm
[ "$MODE" = test ] && cxm_need_packages chromium
if [ ! -f "$DASH/node_modules/.package-lock.json" ] || [ "$DASH/package-lock.json" -nt "$DASH/node_modules/.package-lock.json" ]; then
	cxm_log "installing the dashboard's npm packages from its lockfile (a few minutes)"
	(cd "$DASH" && nice -n 19 npm ci --no-audit --no-fund >/dev/null) || cxm_die "npm ci in examples/dashboard failed"
fi

cxm_stage_install
cxm_cluster_start
cxm_psql -d postgres -c 'CREATE DATABASE cxm_demo' || cxm_die "could not create the demo database"
cxm_psql -d cxm_demo -c 'CREATE EXTENSION cxm' || cxm_die "CREATE EXTENSION cxm failed"
cxm_log "loading the demo data set (test/demo/data)"
for f in "$CXM_ROOT"/test/demo/data/*.sql; do
	cxm_psql -d cxm_demo -f "$f" >/dev/null || cxm_die "loading $(basename "$f") failed"
done

cxm_log "rendering the dashboard with ECharts into examples/dashboard/build-echarts/"
rm -rf "$DASH/build-echarts"
PGDATABASE=cxm_demo node "$DASH/echarts/render.mjs" "$DASH/build-echarts" || cxm_die "rendering the dashboard failed"

if [ "${CXM_EVIDENCE:-0}" = 1 ]; then
	cxm_log "building the Evidence site into examples/dashboard/build/"
	(cd "$DASH" &&
		export EVIDENCE_SOURCE__cxm__host=$PGHOST EVIDENCE_SOURCE__cxm__port=$PGPORT SEND_ANONYMOUS_USAGE_STATS=no &&
		timeout "${CXM_EVIDENCE_TIMEOUT:-900}" nice -n 19 npx evidence sources &&
		timeout "${CXM_EVIDENCE_TIMEOUT:-900}" nice -n 19 npx evidence build:strict) ||
		cxm_die "the Evidence build failed (it needs to reach DuckDB's extension host for the parquet extension)"
fi
cxm_cluster_stop
echo "dashboard: $DASH/build-echarts/index.html"
[ "${CXM_EVIDENCE:-0}" = 1 ] && echo "Evidence site: $DASH/build/index.html (serve the directory over HTTP)"
[ "$MODE" = test ] || exit 0

# test: the rendered site through a local HTTP server, every page in Chromium
# (the Evidence site is not tested here: this machine cannot build it)
LOG=$(mktemp /tmp/cxm-dashboard-test.XXXXXX)
cxm_on_exit 'rm -f "$LOG"'
port=$(cxm_free_port)
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$DASH/build-echarts" >/dev/null 2>&1 &
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
