#!/usr/bin/env bash
# make matrix: the whole make test suite on every PostgreSQL major that
# Debian's archive carries, one after the other, then a summary table.
#
# A major whose server-dev package is installed here (15 on Debian 12) is
# used as installed.  Any other major is built once from Debian's source
# package (the upstream tree in it, plain ./configure --prefix) into
# $CXM_MATRIX_CACHE (default /var/cache/cxm-matrix), together with pgTAP, and
# reused by the next run.  The source packages are fetched through a private
# apt state in the cache: the machine's apt sources, lists and installed
# PostgreSQL are never touched.  A major that cannot be obtained is reported
# as skipped, never as passed, and the others go on.
#
#   CXM_MATRIX_MAJORS="13 14 15 16 17 18"   majors to try
#   CXM_MATRIX_SUITES="bullseye bookworm trixie sid"   Debian suites searched, in order
#   CXM_MATRIX_CACHE=/var/cache/cxm-matrix   builds and apt state, kept between runs
#   CXM_MATRIX_REFRESH=1                     re-read the suites' source lists now
#   CXM_DEBIAN_MIRROR=URI                    default: the mirror the machine's apt uses
#
# Exits non-zero if any obtained major fails or does not build.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${CXM_MATRIX_CACHE:-/var/cache/cxm-matrix}
MAJORS=${CXM_MATRIX_MAJORS:-13 14 15 16 17 18}
SUITES=${CXM_MATRIX_SUITES:-bullseye bookworm trixie sid}
# the CPU is shared: one PostgreSQL build at a time, two jobs, lowest priority
JOBS=${CXM_MATRIX_JOBS:-2}
NICE=(nice -n 19)

log() { printf '== matrix: %s\n' "$*" >&2; }
mkdir -p "$CACHE/apt" "$CACHE/pg" "$CACHE/logs" || { echo "error: cannot create $CACHE" >&2; exit 1; }

# The Debian mirror this machine's apt already uses for its own suite, so
# nothing here names a host.
debian_mirror() {
	[ -n "${CXM_DEBIAN_MIRROR:-}" ] && { echo "$CXM_DEBIAN_MIRROR"; return; }
	local codename
	codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
	apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
		awk -v s="$codename" '$2 == s { print $1; exit }'
}

# apt_private SUITE apt-get|apt-cache args...: apt with a state of its own
# for SUITE (sources list, lists, caches under $CACHE/apt/SUITE).
apt_private() {
	local suite=$1 tool=$2
	shift 2
	local d=$CACHE/apt/$suite
	"$tool" -q -o Dir::State="$d/state" -o Dir::State::Lists="$d/lists" \
		-o Dir::State::status=/var/lib/dpkg/status \
		-o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts="$d/parts.d" \
		-o Dir::Cache="$d/cache" -o APT::Sandbox::User=root "$@"
}

# suite_ready SUITE: its source lists, read once (again with CXM_MATRIX_REFRESH=1
# or when older than a week).
declare -A SUITE_STATE
suite_ready() {
	local suite=$1 d=$CACHE/apt/$1 mirror
	[ -n "${SUITE_STATE[$suite]:-}" ] && { [ "${SUITE_STATE[$suite]}" = ok ]; return; }
	mkdir -p "$d/state" "$d/lists/partial" "$d/parts.d" "$d/cache/archives/partial"
	if [ "${CXM_MATRIX_REFRESH:-0}" = 1 ] || [ -z "$(find "$d/lists" -maxdepth 1 -name '*Sources*' -mtime -7 2>/dev/null)" ]; then
		mirror=$(debian_mirror)
		if [ -z "$mirror" ]; then
			SUITE_STATE[$suite]=failed
			log "no Debian mirror configured in apt (set CXM_DEBIAN_MIRROR)"
			return 1
		fi
		echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" >"$d/sources.list"
		log "reading the $suite source lists"
		if ! apt_private "$suite" apt-get update >"$CACHE/logs/apt-$suite.log" 2>&1; then
			SUITE_STATE[$suite]=failed
			log "apt-get update for $suite failed (see $CACHE/logs/apt-$suite.log)"
			return 1
		fi
	fi
	SUITE_STATE[$suite]=ok
}

# source_version SUITE PACKAGE: the version SUITE carries, or nothing.
source_version() {
	suite_ready "$1" || return 0
	apt_private "$1" apt-cache showsrc "$2" 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -1
}

# fetch_dsc PACKAGE VERSION DIR: the upstream tarball of a source package
# version that the suite's lists do not name, from the mirror's pool: checked
# against the sha256 sum in its .dsc, and the .dsc's signature against
# debian-keyring when that is installed.  Prints what was checked.
fetch_dsc() {
	local pkg=$1 version=$2 dir=$3 base sum size name checked="checksum"
	base=$(debian_mirror)
	base=${base%/}/pool/main/${pkg:0:1}/$pkg
	/usr/lib/apt/apt-helper download-file "$base/${pkg}_$version.dsc" "$dir/${pkg}_$version.dsc" >&2 || return 1
	if [ -r /usr/share/keyrings/debian-keyring.gpg ]; then
		gpgv --keyring /usr/share/keyrings/debian-keyring.gpg "$dir/${pkg}_$version.dsc" >&2 || return 1
		checked="signature and checksum"
	fi
	while read -r sum size name; do
		case "$name" in *.orig.tar.*) ;; *) continue ;; esac
		/usr/lib/apt/apt-helper download-file "$base/$name" "$dir/$name" "SHA256:$sum" >&2 || return 1
	done < <(sed -n '/^Checksums-Sha256:/,/^[^ ]/{/^ /p}' "$dir/${pkg}_$version.dsc")
	echo "$checked"
}

# fetch_upstream SUITE PACKAGE VERSION DIR: the upstream tarball of a source
# package (a plain build needs nothing else), its URI and sha256 sum taken
# from the suite's signed lists, unpacked into DIR; prints the unpacked
# directory and writes the version used to DIR/.version.  A mirror may list
# a version whose tarball it does not serve: then
# CXM_MATRIX_SOURCE_<package, with _ for ->=<version> names another version
# of the same package to take from the pool instead (see fetch_dsc).
fetch_upstream() {
	local suite=$1 pkg=$2 version=$3 dir=$4 uri name size hash orig="" top fallback_var checked
	local flog=$CACHE/logs/fetch-$pkg.log
	rm -rf "$dir" && mkdir -p "$dir" || return 1
	while read -r uri name size hash; do
		case "$name" in *.orig.tar.*) ;; *) continue ;; esac
		/usr/lib/apt/apt-helper download-file "${uri//\'/}" "$dir/$name" "$hash" >>"$flog" 2>&1 && orig=$dir/$name
	done < <(apt_private "$suite" apt-get source --print-uris "$pkg=$version" 2>>"$flog" | grep "^'")
	echo "$version" >"$dir/.version"
	if [ -z "$orig" ]; then
		fallback_var=CXM_MATRIX_SOURCE_${pkg//-/_}
		[ -n "${!fallback_var:-}" ] || return 1
		log "$pkg $version is listed but its tarball is not served; taking $pkg ${!fallback_var} from the pool ($fallback_var)"
		checked=$(fetch_dsc "$pkg" "${!fallback_var}" "$dir" 2>>"$flog") || return 1
		echo "${!fallback_var} (the listed $version is not served by the mirror; $checked checked)" >"$dir/.fetch-note"
		echo "${!fallback_var}" >"$dir/.version"
		orig=$(ls "$dir"/*.orig.tar.* 2>/dev/null | head -1)
		[ -n "$orig" ] || return 1
	fi
	top=$(tar -tf "$orig" | head -1 | cut -d/ -f1)
	tar -xf "$orig" -C "$dir" || return 1
	echo "$dir/$top"
}

# has_postgres_fdw PREFIX: the build at PREFIX has contrib's postgres_fdw
has_postgres_fdw() {
	[ -f "$("$1/bin/pg_config" --sharedir 2>/dev/null)/extension/postgres_fdw.control" ]
}

# The build dependencies of a plain PostgreSQL build with ICU (bison and flex:
# tarballs of 17 and later no longer carry the generated parsers), and of pgTAP.
need_build_packages() {
	local missing=() pkg
	for pkg in gcc make bison flex pkg-config libicu-dev zlib1g-dev perl xz-utils bzip2; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing build dependencies: ${missing[*]}"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# obtain MAJOR: sets PGCONFIG_OF[MAJOR] and ORIGIN_OF[MAJOR], or REASON_OF[MAJOR].
declare -A PGCONFIG_OF ORIGIN_OF REASON_OF
obtain() {
	local major=$1 suite version="" upstream prefix src log tap_suite tap_version tap_src fallback_var candidate note
	if [ -x "/usr/lib/postgresql/$major/bin/pg_config" ] && [ -d "/usr/include/postgresql/$major/server" ]; then
		PGCONFIG_OF[$major]=/usr/lib/postgresql/$major/bin/pg_config
		ORIGIN_OF[$major]="installed package $(dpkg-query -W -f='${Version}' "postgresql-$major" 2>/dev/null)"
		return 0
	fi
	for suite in $SUITES; do
		version=$(source_version "$suite" "postgresql-$major")
		[ -n "$version" ] && break
	done
	if [ -z "$version" ]; then
		REASON_OF[$major]="no postgresql-$major source package in Debian $(echo $SUITES | sed 's/ /, /g')"
		return 1
	fi
	# a build of the listed version, or of the fallback named for it, is reused
	fallback_var=CXM_MATRIX_SOURCE_postgresql_$major
	for candidate in "$version" "${!fallback_var:-}"; do
		prefix=$CACHE/pg/postgresql-${candidate%%-*}
		if [ -n "$candidate" ] && [ -f "$prefix/.cxm-matrix-complete" ] && has_postgres_fdw "$prefix"; then
			PGCONFIG_OF[$major]=$prefix/bin/pg_config
			ORIGIN_OF[$major]="$(cat "$prefix/.cxm-matrix-complete") (cached)"
			return 0
		fi
	done
	need_build_packages || { REASON_OF[$major]="could not install the build dependencies"; return 1; }
	log "PostgreSQL $major: fetching postgresql-$major $version from $suite"
	if ! src=$(fetch_upstream "$suite" "postgresql-$major" "$version" "$CACHE/build/postgresql-$major"); then
		# a build of an earlier minor of this major is better than none: said so in the table
		prefix=$(ls -d "$CACHE/pg/postgresql-$major".*/.cxm-matrix-complete 2>/dev/null | sort -V | tail -1)
		if [ -n "$prefix" ]; then
			prefix=$(dirname "$prefix")
			PGCONFIG_OF[$major]=$prefix/bin/pg_config
			ORIGIN_OF[$major]="$(cat "$prefix/.cxm-matrix-complete") (cached; $suite's $version could not be fetched)"
			return 0
		fi
		REASON_OF[$major]="could not fetch postgresql-$major $version from $suite (see $CACHE/logs/fetch-postgresql-$major.log)"
		return 1
	fi
	note=$(cat "$CACHE/build/postgresql-$major/.fetch-note" 2>/dev/null)
	upstream=$(cat "$CACHE/build/postgresql-$major/.version")
	upstream=${upstream%%-*}
	prefix=$CACHE/pg/postgresql-$upstream
	# the server and pgTAP are built once each: a failed pgTAP build does not
	# cost another server build
	log=$CACHE/logs/build-postgresql-$upstream.log
	if [ ! -f "$prefix/.cxm-matrix-postgresql" ]; then
		log "PostgreSQL $upstream: building into $prefix (nice, -j$JOBS; 15 to 30 minutes)"
		rm -rf "$prefix"
		if ! (cd "$src" && "${NICE[@]}" ./configure --prefix="$prefix" --with-icu --without-readline \
				--without-llvm --enable-debug CFLAGS='-O2 -g' &&
			"${NICE[@]}" make -j"$JOBS" -s && make -s install) >"$log" 2>&1; then
			REASON_OF[$major]="PostgreSQL $upstream did not build (see $log)"
			return 1
		fi
		echo "Debian $suite postgresql-$major ${note:-$version}" >"$prefix/.cxm-matrix-postgresql"
	fi
	# postgres_fdw (contrib, built with PGXS): test/pgtap/fdw.sql ships cxm's
	# aggregates through it; a cache from before this step gets it added
	if ! has_postgres_fdw "$prefix"; then
		log "PostgreSQL $upstream: building contrib/postgres_fdw"
		(cd "$src/contrib/postgres_fdw" && "${NICE[@]}" make -s USE_PGXS=1 PG_CONFIG="$prefix/bin/pg_config" &&
			make -s USE_PGXS=1 PG_CONFIG="$prefix/bin/pg_config" install) >>"$log" 2>&1 ||
			{ REASON_OF[$major]="postgres_fdw did not build against PostgreSQL $upstream (see $log)"; return 1; }
	fi
	# pgTAP: the newest that the mirror serves (each supports every major
	# here), built with PGXS against this installation
	tap_version=
	for tap_suite in $(echo "$SUITES" | tr ' ' '\n' | tac); do
		tap_version=$(source_version "$tap_suite" pgtap)
		[ -n "$tap_version" ] || continue
		tap_src=$(fetch_upstream "$tap_suite" pgtap "$tap_version" "$CACHE/build/pgtap-$major") && break
		log "pgTAP $tap_version from $tap_suite could not be fetched"
		tap_version=
	done
	[ -n "$tap_version" ] || { REASON_OF[$major]="no pgTAP source package could be fetched"; return 1; }
	log "PostgreSQL $upstream: pgTAP $tap_version from $tap_suite"
	(cd "$tap_src" && "${NICE[@]}" make PG_CONFIG="$prefix/bin/pg_config" &&
		make PG_CONFIG="$prefix/bin/pg_config" install) >>"$log" 2>&1 ||
		{ REASON_OF[$major]="pgTAP did not build against PostgreSQL $upstream (see $log)"; return 1; }
	chmod -R a+rX "$prefix"
	rm -rf "$CACHE/build/postgresql-$major" "$CACHE/build/pgtap-$major"
	echo "built from $(cat "$prefix/.cxm-matrix-postgresql"), pgTAP $tap_version" >"$prefix/.cxm-matrix-complete"
	PGCONFIG_OF[$major]=$prefix/bin/pg_config
	ORIGIN_OF[$major]=$(cat "$prefix/.cxm-matrix-complete")
}

# ---- main ----
if [ "${1:-}" = --obtain-only ]; then	# fill the cache, run nothing
	for major in $MAJORS; do
		obtain "$major" && log "$major: ${ORIGIN_OF[$major]}" || log "$major: skipped: ${REASON_OF[$major]}"
	done
	exit 0
fi

# run MAJOR: builds cxm against it with warnings as errors and runs make test;
# fills the row of the summary.
declare -A ROW
overall=0
run() {
	local major=$1 pgc start minor blog tlog warnings=0 totals passed failed skipped status
	start=$(date +%s)
	if ! obtain "$major"; then
		echo "$major: skipped: ${REASON_OF[$major]}"
		ROW[$major]="$major|-|-|-|-|skipped|-|${REASON_OF[$major]}"
		return
	fi
	pgc=${PGCONFIG_OF[$major]}
	minor=$("$pgc" --version | awk '{print $2}')
	blog=$CACHE/logs/cxm-build-$major.log
	tlog=$CACHE/logs/cxm-test-$major.log
	log "PostgreSQL $minor (${ORIGIN_OF[$major]}): building cxm, then make test (log: $tlog)"
	# objects of another major must not be linked into this one
	make -C "$ROOT" -s clean >/dev/null 2>&1
	if ! make -C "$ROOT" PG_CONFIG="$pgc" >"$blog" 2>&1; then
		# count what -Werror stopped at, and report the version as failed
		make -C "$ROOT" -s clean >/dev/null 2>&1
		make -C "$ROOT" PG_CONFIG="$pgc" WERROR= >"$blog.nowerror" 2>&1
		warnings=$(grep -c 'warning:' "$blog.nowerror")
		echo "$major: not ok - cxm does not build against PostgreSQL $minor with -Werror ($warnings warnings; $blog)"
		grep -E 'warning:|error:' "$blog" | head -20
		ROW[$major]="$major|$minor|$warnings|-|-|-|$(( ($(date +%s) - start + 30) / 60 ))|build failed"
		overall=1
		return
	fi
	warnings=$(grep -c 'warning:' "$blog")
	PG_CONFIG=$pgc PG_MAJOR=$major bash "$ROOT/test/tools/run-tests.sh" >"$tlog" 2>&1
	status=$?
	# "N passed, N failed" with ", N skipped" when the runner counts skips
	totals=$(grep -E '^([[:alpha:]]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$tlog" | tail -1)
	if [[ $totals =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)? ]]; then
		passed=${BASH_REMATCH[1]} failed=${BASH_REMATCH[2]} skipped=${BASH_REMATCH[4]:-0}
		# a runner that stopped early printed a step's line, not the totals: a failure
		if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
			failed=1
			totals="$totals, then make test stopped (exit $status; see $tlog)"
			tail -5 "$tlog"
		fi
		echo "$major: $totals"
		[ "$failed" -eq 0 ] || { grep -E '^[[:space:]]*not ok' "$tlog" | head -20; overall=1; }
	else
		passed=0 failed=1 skipped=0
		echo "$major: make test printed no totals line (see $tlog)"
		tail -20 "$tlog"
		overall=1
	fi
	ROW[$major]="$major|$minor|$warnings|$passed|$failed|$skipped|$(( ($(date +%s) - start + 30) / 60 ))|${ORIGIN_OF[$major]}"
}

for major in $MAJORS; do
	run "$major"
done
# the checkout's objects are for the last major: leave none behind
make -C "$ROOT" -s clean >/dev/null 2>&1

echo
echo "| PostgreSQL | minor | build warnings | passed | failed | skipped | minutes | from |"
echo "|---|---|---|---|---|---|---|---|"
for major in $(echo "$MAJORS" | tr ' ' '\n' | sort -n); do
	IFS='|' read -r m minor warnings passed failed skipped minutes from <<<"${ROW[$major]}"
	if [ "$skipped" = skipped ]; then	# not obtained: counted as skipped, never as passed
		echo "| $m | - | - | - | - | skipped | - | not available: $from |"
	else
		echo "| $m | $minor | $warnings | $passed | $failed | $skipped | $minutes | $from |"
	fi
done
tested=0 skipped_majors=0
for major in $MAJORS; do
	case "${ROW[$major]}" in *"|skipped|"*) skipped_majors=$((skipped_majors + 1)) ;; *) tested=$((tested + 1)) ;; esac
done
echo
echo "matrix: $tested majors run, $skipped_majors skipped, $([ $overall -eq 0 ] && echo 'all passed' || echo 'FAILURES')"
exit $overall
