#!/usr/bin/env bash
# make deb-test: the package as a DBA installs it.  Installs
# ./postgresql-<major>-cxm_*.deb (built by make deb, which this runs first
# when there is none) with apt-get into the machine's PostgreSQL, starts a
# throwaway cluster of that PostgreSQL (not a private copy: the server must
# find cxm where the package put it), runs CREATE EXTENSION cxm and the
# pg_regress suite (make installcheck), then purges the package and checks
# that no cxm file is left.  Prints TAP and "N passed, N failed".
#
# Not part of make test: it installs into, and removes from, the system's
# PostgreSQL directories (the other test runs use private copies, so they do
# not see it), and building the package takes a few minutes.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ "$(id -u)" -eq 0 ] || cxm_die "make deb-test installs a package: run it as root"
cxm_base_packages
PKG=postgresql-$PG_MAJOR-cxm
cd "$CXM_ROOT" || exit 1
debs=(./"$PKG"_*.deb)
if [ ! -e "${debs[0]}" ]; then
	bash "$CXM_ROOT/test/tools/deb.sh" || cxm_die "make deb failed"
	debs=(./"$PKG"_*.deb)
fi
deb=${debs[-1]}
version=$(dpkg-deb -f "$deb" Version)
extversion=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" cxm.control)

n=0 passed=0 failed=0
check() {	# check "description" command...
	n=$((n + 1))
	if "${@:2}" >"$LOG" 2>&1; then
		echo "ok $n - $1"
		passed=$((passed + 1))
	else
		echo "not ok $n - $1"
		sed 's/^/# /' "$LOG" | tail -30
		failed=$((failed + 1))
	fi
}
LOG=$(mktemp /tmp/cxm-deb-test.XXXXXX)
cxm_on_exit 'rm -f "$LOG"'
# a failed run must not leave the package behind
cxm_on_exit 'dpkg-query -W -f="\${Status}" "$PKG" 2>/dev/null | grep -q "ok installed" && DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "$PKG" >/dev/null 2>&1'

if dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'ok installed'; then
	cxm_die "$PKG is already installed; purge it first (apt-get purge $PKG)"
fi
check "apt-get install $deb" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb"
check "dpkg reports $PKG $version installed" bash -c "dpkg-query -W -f='\${Status} \${Version}' $PKG | grep -qx 'install ok installed $version'"
mapfile -t files < <(dpkg-query -L "$PKG" 2>/dev/null | while read -r f; do [ -f "$f" ] && echo "$f"; done)
check "the package installed cxm.so and cxm.control into PostgreSQL $PG_MAJOR" \
	test -f "$("$PG_CONFIG" --pkglibdir)/cxm.so" -a -f "$("$PG_CONFIG" --sharedir)/extension/cxm.control"

cxm_cluster_start
check "CREATE EXTENSION cxm installs version $extversion" bash -c "
	$CXM_PGBIN/psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'CREATE DATABASE cxm_deb' &&
	$CXM_PGBIN/psql -X -q -v ON_ERROR_STOP=1 -d cxm_deb -c 'CREATE EXTENSION cxm' &&
	test \"\$($CXM_PGBIN/psql -X -At -d cxm_deb -c \"SELECT extversion FROM pg_extension WHERE extname = 'cxm'\")\" = '$extversion' &&
	test \"\$($CXM_PGBIN/psql -X -At -d cxm_deb -c 'SELECT round(nps(s), 1) FROM unnest(ARRAY[10, 9, 7, 3]) s')\" = '25.0'"
rm -f regression.diffs
check "make installcheck (the pg_regress suite) against the installed package" \
	make -s PG_CONFIG="$PG_CONFIG" installcheck
[ -f regression.diffs ] && head -60 regression.diffs | sed 's/^/# /'
cxm_cluster_stop

check "apt-get purge $PKG" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "$PKG"
check "dpkg no longer knows $PKG" bash -c "! dpkg-query -W -f='\${Status}' $PKG 2>/dev/null | grep -q installed"
left=()
for f in "${files[@]}"; do [ -e "$f" ] && left+=("$f"); done
while IFS= read -r f; do left+=("$f"); done < <(find /usr/lib/postgresql /usr/share/postgresql /usr/share/doc \
	\( -name 'cxm*' -o -name "$PKG" \) 2>/dev/null)
check "no cxm file left (${#files[@]} files were installed)" test ${#left[@]} -eq 0 ||
	printf '# left: %s\n' "${left[@]}"
echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
