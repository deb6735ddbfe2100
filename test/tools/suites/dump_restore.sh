#!/usr/bin/env bash
# Every cxm stored type survives pg_dump / pg_restore (plain and custom
# format) and a binary COPY round trip.  The sample values of each type come
# from test/tools/samples.sql.  Prints TAP.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
BIN=$("${PG_CONFIG:-pg_config}" --bindir)
WORK=$(mktemp -d /tmp/cxm-dump.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
chmod 777 "$WORK"
n=0
status=0
check() {	# check "description" command...
	n=$((n + 1))
	if "${@:2}" >"$WORK/out" 2>&1; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		sed 's/^/# /' "$WORK/out" | head -20
		status=1
	fi
}
q() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
# every samples_* table, each row as its text form, in a stable order
snapshot() {
	local t
	for t in $(q -d "$1" -At -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'samples\_%' ORDER BY 1"); do
		echo "== $t"
		q -d "$1" -At -c "SELECT s::text FROM $t s ORDER BY 1"
	done
}

for db in cxm_dump_src cxm_dump_plain cxm_dump_custom; do
	q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
done
check "a database with a table of every cxm type" \
	bash -c "$BIN/psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'CREATE DATABASE cxm_dump_src' &&
	         $BIN/psql -X -q -v ON_ERROR_STOP=1 -d cxm_dump_src -c 'CREATE EXTENSION cxm' -f '$ROOT/test/tools/samples.sql'"
snapshot cxm_dump_src >"$WORK/before"
check "the samples are not empty" grep -q '^== samples_ratings' "$WORK/before"

check "pg_dump, plain format" bash -c "'$BIN/pg_dump' -d cxm_dump_src -f '$WORK/plain.sql'"
check "restore of the plain dump" bash -c "$BIN/psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'CREATE DATABASE cxm_dump_plain' &&
	$BIN/psql -X -q -v ON_ERROR_STOP=1 -d cxm_dump_plain -f '$WORK/plain.sql'"
snapshot cxm_dump_plain >"$WORK/plain"
check "every value equal after the plain dump and restore" diff "$WORK/before" "$WORK/plain"

check "pg_dump, custom format" bash -c "'$BIN/pg_dump' -Fc -d cxm_dump_src -f '$WORK/custom.dump'"
check "pg_restore of the custom dump" bash -c "$BIN/psql -X -q -d postgres -c 'CREATE DATABASE cxm_dump_custom' &&
	'$BIN/pg_restore' --exit-on-error -d cxm_dump_custom '$WORK/custom.dump'"
snapshot cxm_dump_custom >"$WORK/custom"
check "every value equal after the custom dump and pg_restore" diff "$WORK/before" "$WORK/custom"

# binary COPY of every samples_* table into a twin in another schema
copy_back() {
	local t
	q -d cxm_dump_src -c 'CREATE SCHEMA back' || return 1
	for t in $(q -d cxm_dump_src -At -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'samples\_%'"); do
		q -d cxm_dump_src -c "\\copy $t TO '$WORK/$t.bin' WITH (FORMAT binary)" \
			-c "CREATE TABLE back.$t (LIKE public.$t)" \
			-c "\\copy back.$t FROM '$WORK/$t.bin' WITH (FORMAT binary)" || return 1
	done
}
check "binary COPY of every table out and back in" copy_back
# the copies take the originals' place, so the same snapshot reads them; if
# that failed, the snapshot would compare the originals with themselves
copies=$(q -d cxm_dump_src -At -c "SELECT string_agg(oid::text, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'back'::regnamespace AND relname LIKE 'samples\_%'")
check "the copies take the originals' place" \
	q -d cxm_dump_src -c 'ALTER SCHEMA public RENAME TO original' -c 'ALTER SCHEMA back RENAME TO public'
check "the snapshot now reads the copies" \
	test "$(q -d cxm_dump_src -At -c "SELECT string_agg(oid::text, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname LIKE 'samples\_%'")" = "${copies:-none}"
snapshot cxm_dump_src >"$WORK/binary"
check "every value equal after the binary COPY round trip" diff "$WORK/before" "$WORK/binary"

for db in cxm_dump_src cxm_dump_plain cxm_dump_custom; do
	q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
done
echo "1..$n"
exit $status
