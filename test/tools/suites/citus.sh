#!/usr/bin/env bash
# make test-citus inside make test: every aggregate on a throwaway Citus
# cluster (test/tools/citus.sh) when Citus is installed into the PostgreSQL
# that PG_CONFIG names, else one "1..0 # skip" line with the reason.  The
# Citus nodes are a cluster of their own (their own directory, socket
# directory and free ports, removed at the end); checked here: none of its
# ports or sockets is make test's, whose cluster still answers afterwards.
# Prints TAP.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}
if [ ! -f "$("$PG_CONFIG" --sharedir)/extension/citus.control" ] || [ ! -f "$("$PG_CONFIG" --pkglibdir)/citus.so" ]; then
	echo "1..0 # skip Citus is not installed into $("$PG_CONFIG" --pkglibdir) (see the README, Parallel query and Citus, for how to build it)"
	exit 0
fi
WORK=$(mktemp -d /tmp/cxm-citus-suite.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# make test's private server copy, cxm installed: its bin directory is first in PATH
CXM_CITUS_PGBIN=$(dirname "$(command -v pg_ctl)") bash "$ROOT/test/tools/citus.sh" 2>"$WORK/stderr"
status=$?
sed 's/^/# /' "$WORK/stderr" | grep -v '^# == ' | tail -40
grep '^== ' "$WORK/stderr" | sed 's/^/# /'

# what the Citus cluster used, from its log lines
citus_ports=$(sed -n 's/^== Citus cluster up: coordinator port \([0-9]*\), workers \(.*\)$/\1 \2/p' "$WORK/stderr")
citus_socket=$(sed -n 's/^== throwaway cluster up: socket \([^,]*\),.*/\1/p' "$WORK/stderr")
if [ -n "$citus_ports" ] && [ -n "$citus_socket" ] && [ "$citus_socket" != "$PGHOST" ] &&
	! printf '%s\n' $citus_ports | grep -qx "$PGPORT"; then
	echo "ok 1 - the Citus cluster had ports and a socket directory of its own ($citus_ports in $citus_socket; make test's: $PGPORT in $PGHOST)"
else
	echo "not ok 1 - the Citus cluster had ports and a socket directory of its own (Citus: '$citus_ports' in '$citus_socket'; make test's: $PGPORT in $PGHOST)"
fi
if [ ! -e "$citus_socket" ] && "$(dirname "$(command -v pg_ctl)")/psql" -X -At -d postgres -c 'SELECT 1' 2>/dev/null | grep -qx 1; then
	echo "ok 2 - make test's cluster still answers, and the Citus cluster is removed"
else
	echo "not ok 2 - make test's cluster still answers, and the Citus cluster is removed"
fi
exit $status
