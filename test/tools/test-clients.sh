#!/usr/bin/env bash
# make test-clients: installs the three drivers (Debian's pgJDBC and psycopg 3,
# node-postgres from test/clients/package-lock.json), builds cxm into a private
# copy of the server, starts a throwaway cluster that also listens on
# 127.0.0.1 for JDBC, and runs test/tools/suites/clients.sh.  The last line is
# the total.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cxm_base_packages
cxm_need_packages default-jdk-headless libpostgresql-jdbc-java python3-psycopg
# Node from Debian unless one is installed already (a newer one bundles npm)
command -v node >/dev/null 2>&1 || cxm_need_packages nodejs
command -v npm >/dev/null 2>&1 || cxm_need_packages npm
(cd "$CXM_ROOT/test/clients" && nice -n 19 npm ci --no-audit --no-fund >/dev/null) ||
	cxm_die "npm ci in test/clients failed"
cxm_stage_install
CXM_CLUSTER_LOOPBACK=1 cxm_cluster_start

cxm_log "client tests (test/clients: pgJDBC, psycopg 3, node-postgres)"
LOG=$(mktemp /tmp/cxm-clients-log.XXXXXX)
cxm_on_exit 'rm -f "$LOG"'
bash "$CXM_ROOT/test/tools/suites/clients.sh" >"$LOG" 2>&1
status=$?
grep -E '^not ok|^#|# (SKIP|skip)' "$LOG"
passed=$(grep -E '^ok [0-9]+' "$LOG" | grep -cviE '# skip')
failed=$(grep -cE '^not ok [0-9]+' "$LOG")
skipped=$(grep -ciE '^ok [0-9]+.*# skip|^1\.\.0 # skip' "$LOG")
if [ $status -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1
	tail -20 "$LOG"
fi
cxm_cluster_stop
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
