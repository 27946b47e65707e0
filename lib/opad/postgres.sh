# shellcheck shell=bash
# Postgres: the one the user names, the local one, or a private server, for `up` and `test`.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

# Runs a command as the user that owns private Postgres servers: postgres when we are root
# (initdb and pg_ctl refuse to run as root), else ourselves. cd / because the caller's
# directory may not be readable by that user.
as_pg_owner() {
	if [[ $EUID -eq 0 ]]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

# Sets PG_BIN to the newest /usr/lib/postgresql/<version>/bin, installing Debian's postgresql
# package when there is none.
ensure_pg_binaries() {
	local dir
	PG_BIN=
	if [[ -n ${OPAD_PG_BIN:-} ]]; then
		PG_BIN=$OPAD_PG_BIN
	else
		for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V); do
			[[ -x $dir/initdb && -x $dir/pg_ctl ]] && PG_BIN=$dir
		done
	fi
	if [[ -z $PG_BIN ]]; then
		apt_install postgresql || die "Postgres is not installed; install the Debian package postgresql," \
			"or point opad at a server with OPAD_DB_URL (up) / OPAD_TEST_PG_URL (test)."
		ensure_pg_binaries
		return
	fi
	[[ -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl && -x $PG_BIN/psql ]] ||
		die "$PG_BIN lacks initdb, pg_ctl or psql"
	if [[ $EUID -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; then
		die "running as root, but there is no postgres user to run a private Postgres as" \
			"(install the Debian package postgresql, or run opad as an ordinary user)"
	fi
}

# Sets PSQL to a psql client for probing servers already running, installing the client if missing.
ensure_psql() {
	local dir
	PSQL=$(command -v psql || true)
	if [[ -z $PSQL ]]; then
		for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V); do
			[[ -x $dir/psql ]] && PSQL=$dir/psql
		done
	fi
	if [[ -z $PSQL ]] && apt_install postgresql-client; then
		PSQL=$(command -v psql || true)
	fi
	[[ -n $PSQL ]]
}

# Runs one SQL statement over TCP on 127.0.0.1:$1 as user $2 (password from PG_PASSWORD if set)
# and prints the unaligned result. -w: never prompt for a password, CI has no terminal.
pg_sql() {
	local port=$1 user=$2 sql=$3
	PGPASSWORD=${PG_PASSWORD:-} PGCONNECT_TIMEOUT=5 \
		"$PSQL" -X -w -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$user" -d postgres -c "$sql"
}

# Creates database opad on 127.0.0.1:$1 unless it exists. Falls back to the server's Unix
# socket as the postgres superuser (peer auth, root only) when $2 may log in but not create
# databases, and then makes $2 the owner.
ensure_opad_database() {
	local port=$1 user=$2
	if [[ $(pg_sql "$port" "$user" "SELECT 1 FROM pg_database WHERE datname = 'opad'") == 1 ]]; then
		return 0
	fi
	say "creating database opad on port $port"
	pg_sql "$port" "$user" "CREATE DATABASE opad" >/dev/null 2>&1 && return 0
	if [[ $EUID -eq 0 ]] && id -u postgres >/dev/null 2>&1; then
		as_pg_owner "$PSQL" -X -w -q -p "$port" -d postgres -v ON_ERROR_STOP=1 \
			-c "CREATE DATABASE opad OWNER \"$user\"" >/dev/null && return 0
	fi
	die "could not create database opad on port $port as $user; create it yourself" \
		"(createdb -h 127.0.0.1 -p $port -U postgres opad) or set OPAD_DB_URL."
}

PRIVATE_PG_DIR=
PRIVATE_PG_PORT=
PRIVATE_PG_THROWAWAY=

# Makes $1 a data directory the server's user owns and can reach. Fails when it cannot, e.g.
# when the repository sits under /root, which the postgres user may not traverse.
prepare_pg_dir() {
	local dir=$1
	# Unix sockets live in the data directory and their path must stay under 108 bytes.
	((${#dir} < 90)) || return 1
	mkdir -p "$dir" || return 1
	if [[ $EUID -eq 0 ]]; then
		chown postgres:postgres "$dir" && chmod 700 "$dir" && as_pg_owner test -w "$dir" -a -x "$dir"
	fi
}

# Starts a Postgres of opad's own on a free port, listening on 127.0.0.1 only, trust auth,
# superuser postgres. Mode "keep" (up) keeps its data in .opad/pg across runs; mode
# "throwaway" (test) uses a temporary directory that is deleted when opad exits.
start_private_pg() {
	local mode=$1 dir port
	ensure_pg_binaries
	PSQL=$PG_BIN/psql
	if [[ $mode == keep ]]; then
		dir=$STATE_DIR/pg
		if ! prepare_pg_dir "$dir"; then
			dir=/tmp/opad-pg-$(printf '%s' "$ROOT" | md5sum | cut -c1-10)
			say "the postgres user cannot use $STATE_DIR/pg; keeping the data in $dir instead"
			prepare_pg_dir "$dir" || die "cannot prepare a Postgres data directory in $dir"
		fi
	else
		dir=$(mktemp -d /tmp/opad-test-pg.XXXXXX)
		PRIVATE_PG_THROWAWAY=1
		PRIVATE_PG_DIR=$dir # so that cleanup deletes it even if the start below fails
		prepare_pg_dir "$dir" || die "cannot prepare a Postgres data directory in $dir"
	fi
	mkdir -p "$LOG_DIR"
	if [[ -s $dir/PG_VERSION ]]; then
		# Still running means an earlier `opad up` was killed before it could stop it.
		if as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
			say "stopping the private Postgres left running by an earlier run"
			as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
		fi
	else
		say "creating a private Postgres in $dir (log: $LOG_DIR/postgres-init.log)"
		as_pg_owner "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C \
			>>"$LOG_DIR/postgres-init.log" 2>&1 || die "initdb failed; see $LOG_DIR/postgres-init.log"
		{
			echo "# opad: a private server, reachable from this machine only"
			echo "listen_addresses = '127.0.0.1'"
			echo "unix_socket_directories = '$dir'"
			if [[ $mode == throwaway ]]; then
				echo "# test data is thrown away anyway, so durability is not worth the time"
				echo "fsync = off"
				echo "synchronous_commit = off"
				echo "full_page_writes = off"
			fi
		} >>"$dir/postgresql.conf"
	fi
	port=$(free_port "${OPAD_PRIVATE_PG_PORT:-5433}") || die "no free port for a private Postgres"
	as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -o "-p $port" -w -t 60 start \
		>>"$LOG_DIR/postgres-init.log" 2>&1 || {
		tail -n 20 "$dir/server.log" >&2 || true
		die "the private Postgres did not start; see $dir/server.log"
	}
	PRIVATE_PG_DIR=$dir
	PRIVATE_PG_PORT=$port
	say "private Postgres listening on 127.0.0.1:$port (log: $dir/server.log)"
}

stop_private_pg() {
	[[ -n $PRIVATE_PG_DIR ]] || return 0
	if [[ -n $PRIVATE_PG_PORT ]]; then
		say "stopping private Postgres (port $PRIVATE_PG_PORT)"
		as_pg_owner "$PG_BIN/pg_ctl" -D "$PRIVATE_PG_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 ||
			as_pg_owner "$PG_BIN/pg_ctl" -D "$PRIVATE_PG_DIR" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	if [[ -n $PRIVATE_PG_THROWAWAY && $PRIVATE_PG_DIR == /tmp/opad-test-pg.* ]]; then
		rm -rf -- "$PRIVATE_PG_DIR"
	fi
	PRIVATE_PG_DIR=''
	PRIVATE_PG_PORT=''
}

# True when a server on 127.0.0.1:$1 lets user $2 in over TCP (with PG_PASSWORD, if set).
# The services connect over TCP, so a server that only lets us in over its socket is no use.
local_pg_usable() {
	port_open "$1" && ensure_psql && pg_sql "$1" "$2" "SELECT 1" >/dev/null 2>&1
}

# For `up`: sets and exports OPAD_DB_URL (+ user/password) and DB_FROM.
resolve_db() {
	local port=${OPAD_LOCAL_PG_PORT:-5432} user=${OPAD_DB_USER:-postgres}
	if [[ -n ${OPAD_DB_URL:-} ]]; then
		DB_FROM="from OPAD_DB_URL"
		return 0
	fi
	PG_PASSWORD=${OPAD_DB_PASSWORD:-}
	if local_pg_usable "$port" "$user"; then
		ensure_opad_database "$port" "$user"
		DB_FROM="local server already running on port $port"
	else
		if port_open "$port"; then
			say "Postgres on port $port does not let $user in over TCP without a password" \
				"(set OPAD_DB_USER/OPAD_DB_PASSWORD or OPAD_DB_URL to use it); starting a private one"
		else
			say "no Postgres on port $port; starting a private one"
		fi
		start_private_pg keep
		port=$PRIVATE_PG_PORT user=postgres PG_PASSWORD=
		unset OPAD_DB_PASSWORD
		ensure_opad_database "$port" "$user"
		DB_FROM="private Postgres started by opad (data: $PRIVATE_PG_DIR)"
	fi
	export OPAD_DB_URL=jdbc:postgresql://127.0.0.1:$port/opad OPAD_DB_USER=$user
	# An empty password is left unset rather than exported as "", which some config
	# libraries treat differently from "not given".
	[[ -n ${OPAD_DB_PASSWORD:-} ]] && export OPAD_DB_PASSWORD
	return 0
}

# For `test`: the Java harness creates (and drops) opad_test_* databases on the server at
# OPAD_TEST_PG_URL; this makes sure there is one and exports where it is.
resolve_test_pg() {
	local port=${OPAD_LOCAL_PG_PORT:-5432}
	if [[ -n ${OPAD_TEST_PG_URL:-} ]]; then
		say "tests use the Postgres at OPAD_TEST_PG_URL ($(redact "$OPAD_TEST_PG_URL"))"
		return 0
	fi
	PG_PASSWORD=${OPAD_TEST_PG_PASSWORD:-}
	if local_pg_usable "$port" "${OPAD_TEST_PG_USER:-postgres}"; then
		OPAD_TEST_PG_USER=${OPAD_TEST_PG_USER:-postgres}
		OPAD_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$port/postgres
		say "tests use the local Postgres on port $port (only opad_test_* databases are created)"
	else
		say "no usable Postgres on port $port; starting a private one for the tests"
		start_private_pg throwaway
		OPAD_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$PRIVATE_PG_PORT/postgres
		OPAD_TEST_PG_USER=postgres
		unset OPAD_TEST_PG_PASSWORD
	fi
	export OPAD_TEST_PG_URL OPAD_TEST_PG_USER
}
