# common.sh - sourced by the make test / demo / bench runners.
#
# Installs what is missing (Debian), builds and installs cxm, and runs a
# throwaway PostgreSQL cluster: its own data directory and private socket
# directory under /tmp, a free port, run by an unprivileged OS user, stopped
# and removed on exit, failure or Ctrl-C.  Never touches any other cluster.

set -uo pipefail

CXM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# PG_CONFIG of any installation (a Debian package's, or a source build's
# --prefix) chooses the server, and its major wins over PG_MAJOR.
if [ -n "${PG_CONFIG:-}" ] && "$PG_CONFIG" --version >/dev/null 2>&1; then
	PG_MAJOR=$("$PG_CONFIG" --version | sed -n 's/^PostgreSQL \([0-9]*\).*/\1/p')
fi
PG_MAJOR=${PG_MAJOR:-15}
if [ -z "${PG_CONFIG:-}" ]; then
	if [ -x "/usr/lib/postgresql/$PG_MAJOR/bin/pg_config" ]; then
		PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
	else
		PG_CONFIG=pg_config
	fi
fi
export PG_CONFIG

cxm_log() { printf '== %s\n' "$*" >&2; }

# A sanitizer run may use a PostgreSQL whose own tools are built with ASan:
# their exit-time leak reports are not ours.
if [ "${CXM_SANITIZE:-0}" = 1 ]; then
	export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
fi
cxm_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# cxm_need_packages pkg...: installs the Debian packages that are missing.
cxm_need_packages() {
	local missing=() pkg
	command -v dpkg-query >/dev/null 2>&1 || return 0	# not Debian: trust the environment
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		cxm_die "missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
	fi
	cxm_log "installing ${missing[*]}"
	apt-get update -qq || cxm_die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
		cxm_die "apt-get install ${missing[*]} failed"
	if cxm_debian_server && [ -x "/usr/lib/postgresql/$PG_MAJOR/bin/pg_config" ]; then
		PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
	fi
}

# cxm_debian_server: true when PG_CONFIG is the one of Debian's packages (or
# none is installed yet), whose packages may then be installed; a PostgreSQL
# built elsewhere (PG_CONFIG=/opt/pg17/bin/pg_config) is used as it is.
cxm_debian_server() {
	case "$PG_CONFIG" in
	pg_config) ! command -v pg_config >/dev/null 2>&1 || [ "$(command -v pg_config)" = /usr/bin/pg_config ] ;;
	/usr/lib/postgresql/*/bin/pg_config | /usr/bin/pg_config) return 0 ;;
	*) return 1 ;;
	esac
}

cxm_base_packages() {
	if cxm_debian_server; then
		cxm_need_packages make gcc "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" python3
	else
		cxm_need_packages make gcc python3
		"$PG_CONFIG" --version >/dev/null 2>&1 || cxm_die "$PG_CONFIG does not run"
		[ -x "$("$PG_CONFIG" --bindir)/initdb" ] || cxm_die "no initdb beside $PG_CONFIG"
	fi
}

# cxm_need_extension NAME DEBIAN-PACKAGE: an extension the tests load (pgTAP):
# the Debian package for Debian's server, otherwise it must already be
# installed into PG_CONFIG's share directory.
cxm_need_extension() {
	if cxm_debian_server; then
		cxm_need_packages "$2"
	else
		[ -f "$("$PG_CONFIG" --sharedir)/extension/$1.control" ] ||
			cxm_die "extension $1 is not installed in $("$PG_CONFIG" --sharedir) (build it with PG_CONFIG=$PG_CONFIG; make matrix does)"
	fi
}

# cxm_build_install [make args...]: builds with warnings as errors and installs.
# With CXM_SANITIZE=1 the build is instrumented with ASan and UBSan.
cxm_build_install() {
	local extra=()
	if [ "${CXM_SANITIZE:-0}" = 1 ]; then
		extra=(SANITIZE=1)
		make -C "$CXM_ROOT" -s clean >/dev/null
	fi
	cxm_log "building cxm ($("$PG_CONFIG" --version))${extra:+ with sanitizers}"
	make -C "$CXM_ROOT" -s PG_CONFIG="$PG_CONFIG" "${extra[@]}" "$@" >/dev/null || cxm_die "build failed"
	make -C "$CXM_ROOT" -s PG_CONFIG="$PG_CONFIG" "${extra[@]}" "$@" install >/dev/null || cxm_die "make install failed"
	if [ "${CXM_SANITIZE:-0}" = 1 ]; then
		make -C "$CXM_ROOT" -s clean >/dev/null	# the next plain build starts clean
	fi
}

# cxm_stage_install [make args...]: builds cxm as cxm_build_install does but
# installs it into a private copy of the server (bin, lib and share
# directories under /tmp, removed on exit) instead of the system's
# PostgreSQL.  The server finds its lib and share directories relative to its
# own binary, so the throwaway cluster started afterwards loads this build:
# test runs of several checkouts never see each other's cxm, and the
# system's installation is left as it was.
CXM_STAGE=
cxm_stage_install() {
	local extra=() dir
	if [ "${CXM_SANITIZE:-0}" = 1 ]; then
		extra=(SANITIZE=1)
		make -C "$CXM_ROOT" -s clean >/dev/null
	fi
	if [ "${CXM_COVERAGE:-0}" = 1 ]; then	# make coverage, on its scratch copy of the tree
		extra+=(COVERAGE=1)
		make -C "$CXM_ROOT" -s clean >/dev/null
	fi
	cxm_log "building cxm ($("$PG_CONFIG" --version))${extra:+ with ${extra[*]}}, installed into a private copy of the server"
	make -C "$CXM_ROOT" -s PG_CONFIG="$PG_CONFIG" "${extra[@]}" "$@" >/dev/null || cxm_die "build failed"
	CXM_STAGE=$(mktemp -d /tmp/cxm-stage.XXXXXX)
	chmod 755 "$CXM_STAGE"
	cxm_on_exit "rm -rf '$CXM_STAGE'"	# this copy, also when a second call makes another
	for dir in bindir pkglibdir sharedir; do
		dir=$("$PG_CONFIG" --"$dir")
		mkdir -p "$CXM_STAGE$(dirname "$dir")"
		cp -a "$dir" "$CXM_STAGE$dir" || cxm_die "could not copy $dir"
	done
	make -C "$CXM_ROOT" -s PG_CONFIG="$PG_CONFIG" "${extra[@]}" "$@" DESTDIR="$CXM_STAGE" install >/dev/null ||
		cxm_die "make install into $CXM_STAGE failed"
	chmod -R a+rX "$CXM_STAGE"
	if [ "${CXM_SANITIZE:-0}" = 1 ]; then
		make -C "$CXM_ROOT" -s clean >/dev/null	# the next plain build starts clean
	fi
	CXM_PGBIN_OVERRIDE=$CXM_STAGE$("$PG_CONFIG" --bindir)
	[ "$("$CXM_PGBIN_OVERRIDE/pg_config" --sharedir)" = "$CXM_STAGE$("$PG_CONFIG" --sharedir)" ] ||
		cxm_die "the private copy of the server does not find its own share directory"
}
CXM_PGBIN_OVERRIDE=

# Sanitizer reports of the cluster's processes (CXM_SANITIZE=1), one file each.
cxm_sanitizer_reports() {
	[ -n "$CXM_CLUSTER_DIR" ] && ls "$CXM_CLUSTER_DIR"/sanitizer/* 2>/dev/null
}

CXM_CLUSTER_DIR=
CXM_CLUSTER_USER=
CXM_PGBIN=

# Cleanup on exit, failure or Ctrl-C: the cluster, then whatever a runner
# registered with cxm_on_exit.
CXM_EXIT_HOOKS=()
cxm_on_exit() { CXM_EXIT_HOOKS+=("$1"); }
cxm_exit() {
	local hook
	cxm_cluster_stop
	for hook in "${CXM_EXIT_HOOKS[@]}"; do eval "$hook"; done
}
trap 'cxm_exit' EXIT
trap 'cxm_exit; trap - EXIT; exit 130' INT
trap 'cxm_exit; trap - EXIT; exit 143' TERM

cxm_as_cluster_user() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$CXM_CLUSTER_USER" -- "$@"
	else
		"$@"
	fi
}

cxm_cluster_stop() {
	if [ -n "$CXM_CLUSTER_DIR" ] && [ -d "$CXM_CLUSTER_DIR" ]; then
		local node
		for node in "$CXM_CLUSTER_DIR"/worker* "$CXM_CLUSTER_DIR/data"; do	# workers of a Citus cluster first
			if [ -f "$node/postmaster.pid" ]; then
				cxm_as_cluster_user "$CXM_PGBIN/pg_ctl" -D "$node" -m immediate -w stop >/dev/null 2>&1 || true
			fi
		done
		rm -rf "$CXM_CLUSTER_DIR"
		cxm_log "throwaway cluster removed"
	fi
	CXM_CLUSTER_DIR=
}

cxm_free_port() {
	local port
	for _ in $(seq 1 200); do
		port=$((20000 + RANDOM % 30000))
		if command -v ss >/dev/null 2>&1 && ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
			continue
		fi
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			continue
		fi
		echo "$port"
		return 0
	done
	cxm_die "no free port found"
}

# cxm_cluster_start [postgres -c settings...]: starts the throwaway cluster and
# exports PGHOST, PGPORT, PGUSER and PGDATABASE for it.  With
# CXM_CLUSTER_LOOPBACK=1 it also listens on 127.0.0.1, for one role by password.
cxm_cluster_start() {
	local port setting opts=()
	CXM_PGBIN=${CXM_PGBIN_OVERRIDE:-$("$PG_CONFIG" --bindir)}
	[ -x "$CXM_PGBIN/initdb" ] || cxm_die "$CXM_PGBIN/initdb not found (package postgresql-$PG_MAJOR)"

	if [ "$(id -u)" -eq 0 ]; then
		CXM_CLUSTER_USER=postgres
		if ! id "$CXM_CLUSTER_USER" >/dev/null 2>&1; then
			CXM_CLUSTER_USER=cxmtest
			id "$CXM_CLUSTER_USER" >/dev/null 2>&1 ||
				useradd --system --no-create-home --shell /usr/sbin/nologin "$CXM_CLUSTER_USER"
		fi
	else
		CXM_CLUSTER_USER=$(id -un)
	fi

	CXM_CLUSTER_DIR=$(mktemp -d /tmp/cxm-cluster.XXXXXX)
	mkdir -p "$CXM_CLUSTER_DIR/sock"
	chmod 755 "$CXM_CLUSTER_DIR"
	[ "$(id -u)" -eq 0 ] && chown -R "$CXM_CLUSTER_USER" "$CXM_CLUSTER_DIR"
	chmod 700 "$CXM_CLUSTER_DIR/sock"

	cxm_as_cluster_user "$CXM_PGBIN/initdb" -D "$CXM_CLUSTER_DIR/data" -U postgres --auth=trust \
		--encoding=UTF8 --locale=C >"$CXM_CLUSTER_DIR/initdb.log" 2>&1 ||
		{ cat "$CXM_CLUSTER_DIR/initdb.log" >&2; cxm_die "initdb failed"; }

	port=$(cxm_free_port)
	local listen=''
	if [ "${CXM_CLUSTER_LOOPBACK:-0}" = 1 ]; then
		# JDBC clients need TCP: loopback only, and only for the role
		# cxm_client with a password (test/tools/suites/clients.sh sets it);
		# everyone else still comes in through the private socket directory.
		listen=127.0.0.1
		printf 'local all all trust\nhost all cxm_client 127.0.0.1/32 scram-sha-256\n' \
			>"$CXM_CLUSTER_DIR/data/pg_hba.conf"
	fi
	{
		echo "listen_addresses = '$listen'"
		echo "port = $port"
		echo "unix_socket_directories = '$CXM_CLUSTER_DIR/sock'"
		echo "fsync = off"
		echo "max_worker_processes = 16"
		echo "max_parallel_workers = 8"
		for setting in "$@"; do echo "$setting"; done
	} >>"$CXM_CLUSTER_DIR/data/postgresql.conf"

	local env_vars=()
	if [ "${CXM_SANITIZE:-0}" = 1 ]; then
		# Reports go to files checked at the end.  A server built with
		# -fsanitize=address carries the ASan runtime itself.  Otherwise the
		# runtime is preloaded; that deadlocks Debian's server at start (a
		# library constructor's bindtextdomain() holds a glibc lock when the
		# first malloc initialises ASan, whose dlerror() takes it again), so
		# there pass PG_CONFIG of a PostgreSQL built with
		# CFLAGS=-fsanitize=address (see the README).
		mkdir -p "$CXM_CLUSTER_DIR/sanitizer"
		[ "$(id -u)" -eq 0 ] && chown "$CXM_CLUSTER_USER" "$CXM_CLUSTER_DIR/sanitizer"
		env_vars=(ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:log_path=$CXM_CLUSTER_DIR/sanitizer/asan"
			UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$CXM_CLUSTER_DIR/sanitizer/ubsan")
		if ! ldd "$CXM_PGBIN/postgres" | grep -q libasan; then
			env_vars+=(LD_PRELOAD="$(gcc -print-file-name=libasan.so)")
			timeout 10 env "${env_vars[@]}" "$CXM_PGBIN/postgres" -V >/dev/null 2>&1 ||
				cxm_die "this PostgreSQL cannot run with the ASan runtime preloaded; build one with CFLAGS=-fsanitize=address and pass its PG_CONFIG (see the README, Security and reliability)"
		fi
	fi
	if [ "${CXM_COVERAGE:-0}" = 1 ]; then
		# the backends write their gcov counts under this prefix (the tree is not theirs to write)
		[ "$(id -u)" -eq 0 ] && chown "$CXM_CLUSTER_USER" "$CXM_GCOV_PREFIX"
		env_vars+=(GCOV_PREFIX="$CXM_GCOV_PREFIX" GCOV_PREFIX_STRIP=0)
	fi
	cxm_as_cluster_user env "${env_vars[@]}" "$CXM_PGBIN/pg_ctl" -D "$CXM_CLUSTER_DIR/data" \
		-l "$CXM_CLUSTER_DIR/server.log" -w start >/dev/null ||
		{ cat "$CXM_CLUSTER_DIR/server.log" >&2; cxm_die "the throwaway cluster did not start"; }

	export PGHOST="$CXM_CLUSTER_DIR/sock" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
	# psql, pg_prove and the suites use the client of the server under test
	export PATH="$CXM_PGBIN:$PATH"
	unset PGPASSWORD PGSERVICE
	cxm_log "throwaway cluster up: socket $PGHOST, port $PGPORT, run by $CXM_CLUSTER_USER"
}

# cxm_citus_installed: Citus is installed into the PostgreSQL that PG_CONFIG names.
cxm_citus_installed() {
	[ -f "$("$PG_CONFIG" --sharedir)/extension/citus.control" ] && [ -f "$("$PG_CONFIG" --pkglibdir)/citus.so" ]
}

# cxm_citus_start [postgres -c settings...]: a throwaway Citus cluster: the
# coordinator (the cluster of cxm_cluster_start, with PGHOST/PGPORT) and two
# workers beside it in the same private directory, every node listening only
# on the private socket directory (the node names Citus connects to are that
# directory, so nothing listens on TCP; citus.local_hostname names it too,
# for the connections a node opens to itself, as the coordinator does for
# some statements in a transaction that already read distributed tables).
# Citus and cxm are created in database $1 of every node, and the workers
# are added.  Stopped and removed with the cluster.
CXM_CITUS_WORKER_PORTS=()
cxm_citus_start() {
	local db=$1 node port setting i
	shift
	# the socket directory is known only once the coordinator is made: set below
	cxm_cluster_start "shared_preload_libraries = 'citus'" "$@"
	echo "citus.local_hostname = '$CXM_CLUSTER_DIR/sock'" >>"$CXM_CLUSTER_DIR/data/postgresql.conf"
	cxm_as_cluster_user "$CXM_PGBIN/pg_ctl" -D "$CXM_CLUSTER_DIR/data" reload >/dev/null ||
		cxm_die "could not reload the Citus coordinator's settings"
	for i in 1 2; do
		node="$CXM_CLUSTER_DIR/worker$i"
		port=$(cxm_free_port)
		cxm_as_cluster_user "$CXM_PGBIN/initdb" -D "$node" -U postgres --auth=trust --encoding=UTF8 --locale=C \
			>"$CXM_CLUSTER_DIR/initdb-worker$i.log" 2>&1 || cxm_die "initdb of Citus worker $i failed"
		{
			echo "listen_addresses = ''"
			echo "port = $port"
			echo "unix_socket_directories = '$CXM_CLUSTER_DIR/sock'"
			echo "shared_preload_libraries = 'citus'"
			echo "citus.local_hostname = '$CXM_CLUSTER_DIR/sock'"
			echo "fsync = off"
			echo "max_worker_processes = 16"
			for setting in "$@"; do echo "$setting"; done
		} >>"$node/postgresql.conf"
		cxm_as_cluster_user "$CXM_PGBIN/pg_ctl" -D "$node" -l "$CXM_CLUSTER_DIR/worker$i.log" -w start >/dev/null ||
			{ cat "$CXM_CLUSTER_DIR/worker$i.log" >&2; cxm_die "Citus worker $i did not start"; }
		CXM_CITUS_WORKER_PORTS+=("$port")
	done
	for port in "$PGPORT" "${CXM_CITUS_WORKER_PORTS[@]}"; do
		cxm_psql -p "$port" -d postgres -c "CREATE DATABASE $db" &&
			cxm_psql -p "$port" -d "$db" -c 'CREATE EXTENSION citus' ||
			cxm_die "could not create Citus in database $db on port $port"
	done
	cxm_psql -d "$db" -c "SELECT pg_catalog.citus_set_coordinator_host('$PGHOST', $PGPORT)" >/dev/null ||
		cxm_die "could not set the Citus coordinator"
	for port in "${CXM_CITUS_WORKER_PORTS[@]}"; do
		cxm_psql -d "$db" -c "SELECT pg_catalog.citus_add_node('$PGHOST', $port)" >/dev/null ||
			cxm_die "could not add the Citus worker on port $port"
	done
	cxm_psql -d "$db" -c 'CREATE EXTENSION cxm' || cxm_die "CREATE EXTENSION cxm on the Citus coordinator failed"
	cxm_log "Citus cluster up: coordinator port $PGPORT, workers ${CXM_CITUS_WORKER_PORTS[*]}"
}

# cxm_psql args...: psql that stops at the first error, quiet.
cxm_psql() {
	"$CXM_PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"
}
