#!/usr/bin/env bash
# make deb: the Debian packages postgresql-<major>-cxm_<version>_<arch>.deb,
# built the Debian way from debian/ (pg_buildext, dh --with pgxs_loop), in a
# copy of the checkout (its committed files with their uncommitted edits):
# source package and binaries, then lintian, which must report no error and
# no warning (make deb-test installs the package and runs the pg_regress
# suite against it).  The .deb files and lintian's report land in the checkout's top
# directory.  Missing build dependencies are named, and installed when run
# as root (as make test installs what it needs).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
log() { printf '== deb: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need=()
for pkg in dpkg-dev debhelper lintian postgresql-common; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
	[ "$(id -u)" -eq 0 ] || die "missing packages to build a package: ${need[*]} (sudo apt-get install ${need[*]})"
	log "installing ${need[*]}"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null ||
		die "apt-get install ${need[*]} failed"
fi

version=$(dpkg-parsechangelog -l "$ROOT/debian/changelog" -S Version) || die "unreadable debian/changelog"
upstream=${version%-*}
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
WORK=$(mktemp -d /tmp/cxm-deb.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
SRC=$WORK/cxm-$upstream
mkdir -p "$SRC"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar --null -T - -cf -) | tar -xf - -C "$SRC" || die "could not copy the checkout"
# the upstream tarball is the tree without debian/
tar -C "$WORK" --exclude="cxm-$upstream/debian" -czf "$WORK/cxm_$upstream.orig.tar.gz" "cxm-$upstream"

cd "$SRC" || exit 1
if ! unmet=$(dpkg-checkbuilddeps 2>&1); then
	unmet=$(sed -n 's/.*Unmet build dependencies: //p' <<<"$unmet")
	[ -n "$unmet" ] || die "dpkg-checkbuilddeps failed"
	[ "$(id -u)" -eq 0 ] || die "missing build dependencies: $unmet (sudo apt-get install $(sed 's/ ([^)]*)//g' <<<"$unmet"))"
	log "missing build dependencies: $unmet; installing them"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		$(sed 's/ ([^)]*)//g; s/|[^ ]*//g' <<<"$unmet") >/dev/null || die "could not install: $unmet"
fi

log "building cxm $version (dpkg-buildpackage)"
if ! nice -n 10 dpkg-buildpackage -us -uc >"$WORK/build.log" 2>&1; then
	tail -60 "$WORK/build.log"
	die "dpkg-buildpackage failed"
fi
grep -E '^(# [0-9]+:|### |ok |not ok |test |# All| *All [0-9]+ tests| *[0-9]+ of [0-9]+ tests)' "$WORK/build.log" | sed 's/^/  /' | head -40

changes=$WORK/cxm_${version}_$arch.changes
log "lintian $(lintian --version | awk '{print $2}') on $(basename "$changes")"
lintian --info --display-level '>=pedantic' "$changes" >"$WORK/lintian.txt" 2>&1
lintian_status=$?
cp "$WORK/lintian.txt" "$ROOT/lintian.txt"
rm -f "$ROOT"/postgresql-*-cxm_*.deb "$ROOT"/postgresql-*-cxm-dbgsym_*.deb
for deb in "$WORK"/*.deb; do
	cp "$deb" "$ROOT/"
	echo "$(basename "$deb")"
done
if grep -qE '^[EW]: ' "$WORK/lintian.txt" || [ $lintian_status -ne 0 ]; then
	cat "$WORK/lintian.txt"
	die "lintian reports errors or warnings (above; also in lintian.txt)"
fi
echo "lintian: no error, no warning ($(grep -cE '^[IPX]: ' "$WORK/lintian.txt") info/pedantic/experimental tags: lintian.txt)"
