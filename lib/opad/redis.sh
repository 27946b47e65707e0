# shellcheck shell=bash
# Redis: the one the user names, the local one, or a private redis-server.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

# Sets REDIS_SERVER to a redis-server binary, installing Debian's package when it is missing.
ensure_redis_server() {
	local candidate
	for candidate in "${OPAD_TEST_REDIS_SERVER:-}" "$(command -v redis-server || true)" \
		/usr/bin/redis-server /usr/local/bin/redis-server; do
		if [[ -n $candidate && -x $candidate ]]; then
			REDIS_SERVER=$candidate
			return 0
		fi
	done
	if apt_install redis-server && [[ -x /usr/bin/redis-server ]]; then
		REDIS_SERVER=/usr/bin/redis-server
		return 0
	fi
	die "redis-server is not installed; install the Debian package redis-server" \
		"(apt-get install redis-server) or set OPAD_REDIS_URL."
}

PRIVATE_REDIS_PID=
PRIVATE_REDIS_PORT=

# Starts a throw-away redis-server for `up` that keeps nothing on disk and listens on this
# machine only; it is stopped when opad exits.
start_private_redis() {
	local dir=$STATE_DIR/redis port stale
	ensure_redis_server
	mkdir -p "$dir" "$LOG_DIR"
	# A pid file left behind means an earlier `opad up` was killed before it could clean up.
	if [[ -s $dir/redis.pid ]]; then
		stale=$(<"$dir/redis.pid")
		if [[ -r /proc/$stale/cmdline ]] && tr '\0' ' ' <"/proc/$stale/cmdline" | grep -q redis-server; then
			say "stopping the private redis-server (pid $stale) left by an earlier run"
			kill "$stale" 2>/dev/null || true
			wait_until 10 process_gone "$stale" || true
		fi
		rm -f "$dir/redis.pid"
	fi
	port=$(free_port "${OPAD_PRIVATE_REDIS_PORT:-6390}") || die "no free port for a private Redis"
	"$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" \
		--daemonize yes --pidfile "$dir/redis.pid" --logfile "$LOG_DIR/redis.log" ||
		die "could not start redis-server; see $LOG_DIR/redis.log"
	wait_until 10 redis_pong "$port" || die "private redis-server on port $port did not answer; see $LOG_DIR/redis.log"
	wait_until 5 test -s "$dir/redis.pid" || true
	PRIVATE_REDIS_PID=$(<"$dir/redis.pid")
	PRIVATE_REDIS_PORT=$port
}

stop_private_redis() {
	[[ -n $PRIVATE_REDIS_PID ]] || return 0
	say "stopping private redis-server (port $PRIVATE_REDIS_PORT)"
	kill "$PRIVATE_REDIS_PID" 2>/dev/null || true
	wait_until 10 process_gone "$PRIVATE_REDIS_PID" ||
		kill -KILL "$PRIVATE_REDIS_PID" 2>/dev/null || true
	rm -f "$STATE_DIR/redis/redis.pid"
	PRIVATE_REDIS_PID=
}

# Sets and exports OPAD_REDIS_URL and REDIS_FROM: the user's Redis, the local one, or a private one.
resolve_redis() {
	local port=${OPAD_LOCAL_REDIS_PORT:-6379}
	if [[ -n ${OPAD_REDIS_URL:-} ]]; then
		REDIS_FROM="from OPAD_REDIS_URL"
	elif redis_pong "$port"; then
		OPAD_REDIS_URL=redis://127.0.0.1:$port
		REDIS_FROM="local server already running on port $port"
	else
		if port_open "$port"; then
			say "port $port answers but not as a password-free Redis; starting a private one"
		else
			say "no Redis on port $port; starting a private one"
		fi
		start_private_redis
		OPAD_REDIS_URL=redis://127.0.0.1:$PRIVATE_REDIS_PORT
		REDIS_FROM="private redis-server started by opad (log: $LOG_DIR/redis.log)"
	fi
	export OPAD_REDIS_URL
}
