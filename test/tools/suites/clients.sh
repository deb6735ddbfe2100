#!/usr/bin/env bash
# The README's examples and every SQLSTATE cxm raises, through three real
# drivers (test/clients/): pgJDBC (what Metabase uses), psycopg 3 and
# node-postgres, one process each, each in its own database as a non-superuser
# that installs cxm itself.  A driver whose tools are missing is reported as
# skipped (make test-clients installs them).  JDBC needs TCP: the cluster must
# run with CXM_CLUSTER_LOOPBACK=1 (make test and make test-clients do).
# Prints TAP.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
BIN=$("${PG_CONFIG:-pg_config}" --bindir)
JDBC_JAR=/usr/share/java/postgresql.jar
PYTHON=/usr/bin/python3		# Debian's python3-psycopg is for Debian's python
WORK=$(mktemp -d /tmp/cxm-clients.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
q() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

jdbc_missing= psycopg_missing= node_missing=
if ! command -v java >/dev/null 2>&1 || [ ! -f "$JDBC_JAR" ]; then
	jdbc_missing="java or $JDBC_JAR not installed (packages default-jdk-headless, libpostgresql-jdbc-java)"
elif [ "$(q -At -d postgres -c 'SHOW listen_addresses')" != 127.0.0.1 ]; then
	jdbc_missing="the cluster does not listen on 127.0.0.1 (start it with CXM_CLUSTER_LOOPBACK=1)"
fi
if ! "$PYTHON" -c 'import psycopg' 2>/dev/null; then
	psycopg_missing="psycopg 3 not installed for $PYTHON (package python3-psycopg)"
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	node_missing="node or npm not installed"
elif [ ! -f "$ROOT/test/clients/node_modules/pg/package.json" ] ||
	[ "$ROOT/test/clients/package-lock.json" -nt "$ROOT/test/clients/node_modules/.package-lock.json" ]; then
	(cd "$ROOT/test/clients" && nice -n 19 npm ci --no-audit --no-fund) >"$WORK/npm.log" 2>&1 ||
		node_missing="npm ci of test/clients (node-postgres) failed: $(tail -1 "$WORK/npm.log")"
fi
if [ -n "$jdbc_missing" ] && [ -n "$psycopg_missing" ] && [ -n "$node_missing" ]; then
	echo "1..0 # skip no client driver installed (make test-clients installs them)"
	exit 0
fi

# A role of its own, with a password for TCP (pg_hba lets only it in over 127.0.0.1)
PASSWORD=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
q -d postgres >/dev/null <<-EOF || exit 1
	SET client_min_messages = warning;
	DROP DATABASE IF EXISTS cxm_client_jdbc;
	DROP DATABASE IF EXISTS cxm_client_psycopg;
	DROP DATABASE IF EXISTS cxm_client_node;
	DROP ROLE IF EXISTS cxm_client;
	-- pg_hba asks for scram-sha-256; PostgreSQL 13 stores md5 by default
	SET password_encryption = 'scram-sha-256';
	CREATE ROLE cxm_client LOGIN PASSWORD '$PASSWORD';
EOF
for db in cxm_client_jdbc cxm_client_psycopg cxm_client_node; do
	q -d postgres -c "CREATE DATABASE $db OWNER cxm_client" >/dev/null &&
		q -d "$db" -U cxm_client -c 'CREATE EXTENSION cxm' >/dev/null &&
		# XX001 needs a damaged stored value (see test/clients/sqlstates.tsv)
		q -d "$db" -c 'CREATE CAST (bytea AS markov_chain) WITHOUT FUNCTION' >/dev/null || exit 1
done
python3 "$ROOT/test/tools/readme_doctest.py" --cases "$ROOT/README.md" >"$WORK/cases.tsv" || exit 1

python3 "$ROOT/test/clients/sqlstates_coverage.py" "$ROOT" "$("${PG_CONFIG:-pg_config}" --includedir-server)" >"$WORK/all.tap"

# run NAME MISSING COMMAND...: one driver's TAP lines, or one skip line
run() {
	local name=$1 missing=$2 status
	shift 2
	if [ -n "$missing" ]; then
		echo "ok - $name: README examples and SQLSTATEs # SKIP $missing" >>"$WORK/all.tap"
		return
	fi
	"$@" >"$WORK/out" 2>"$WORK/err"
	status=$?
	cat "$WORK/out" >>"$WORK/all.tap"
	if [ $status -ne 0 ] && ! grep -q '^not ok' "$WORK/out"; then
		echo "not ok - $name: exited with status $status" >>"$WORK/all.tap"
		sed 's/^/#   /' "$WORK/err" | tail -20 >>"$WORK/all.tap"
	fi
}
run pgJDBC "$jdbc_missing" env CXM_CLIENT_PASSWORD="$PASSWORD" java -Duser.timezone=UTC -cp "$JDBC_JAR" \
	"$ROOT/test/clients/JdbcClient.java" "$ROOT" "$WORK/cases.tsv" \
	"jdbc:postgresql://127.0.0.1:$PGPORT/cxm_client_jdbc" cxm_client
run psycopg "$psycopg_missing" "$PYTHON" "$ROOT/test/clients/psycopg_client.py" "$ROOT" \
	"host=$PGHOST port=$PGPORT dbname=cxm_client_psycopg user=cxm_client"
run node-postgres "$node_missing" env TZ=UTC PGUSER=cxm_client PGDATABASE=cxm_client_node \
	node "$ROOT/test/clients/pg_client.mjs" "$ROOT" "$WORK/cases.tsv"

awk '/^(not )?ok /{ n++; sub(/^ok( [0-9]+)?/, "ok " n); sub(/^not ok( [0-9]+)?/, "not ok " n) } { print } END { print "1.." n }' "$WORK/all.tap"
for db in cxm_client_jdbc cxm_client_psycopg cxm_client_node; do
	q -d postgres -c "DROP DATABASE $db" >/dev/null
done
q -d postgres -c 'DROP ROLE cxm_client' >/dev/null
