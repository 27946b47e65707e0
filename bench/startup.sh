#!/usr/bin/env bash
# P5: start-to-ready time and idle resident memory of each opad service, JVM mode.
#
#   bench/startup.sh            3 runs per service, RSS read after 10 s idle
#   RUNS=5 IDLE_SECONDS=30 bench/startup.sh
#   MODULES="api worker" OPAD_JAVA_OPTS=-XX:+UseSerialGC bench/startup.sh   (trying JVM options)
#
# Method (see BENCHMARKS.md): each service's packaged fast-jar is started alone, from a cold
# JVM, with the same flags ./opad up uses (OPAD_JVM_OPTIONS in lib/opad/services.sh, plus OPAD_JAVA_OPTS);
# "start-to-ready" is the wall time from spawning the
# process until GET /q/health/ready (on its management port) answers 200 (polled every 20 ms). The service then idles
# and VmRSS is read from /proc. Redis is a private redis-server on a free port and Postgres a
# throw-away database (opad_bench_*) on the local server, both removed afterwards.
set -euo pipefail
# shellcheck source=../opad
source "$(dirname -- "${BASH_SOURCE[0]}")/../opad" # functions only; cds to the repo root

RUNS=${RUNS:-3}
MODULES=${MODULES:-api worker web-gateway}
IDLE_SECONDS=${IDLE_SECONDS:-10}
PG_URL_BASE=${BENCH_PG_URL_BASE:-jdbc:postgresql://127.0.0.1:5432}
PG_USER=${BENCH_PG_USER:-postgres}
DB=opad_bench_$$
BENCH_DIR=$(mktemp -d)
REDIS_PID=""

bench_cleanup() {
	[[ -z $REDIS_PID ]] || kill "$REDIS_PID" 2>/dev/null || true
	psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
	rm -rf "$BENCH_DIR"
}
trap bench_cleanup EXIT

ensure_jdk >&2
for module in $MODULES; do
	[[ -f $module/target/quarkus-app/quarkus-run.jar ]] || { mkdir -p "$LOG_DIR" && build >&2; }
done

redis_port=$(free_port 16400)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
	--logfile "$BENCH_DIR/redis.log" &
REDIS_PID=$!
wait_until 10 redis_pong "$redis_port" || die "private redis-server did not start"
psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qc "CREATE DATABASE $DB" >/dev/null

export OPAD_REDIS_URL=redis://127.0.0.1:$redis_port OPAD_DB_URL=$PG_URL_BASE/$DB OPAD_DB_USER=$PG_USER
export OPAD_STORAGE_DIR=$BENCH_DIR/storage OPAD_QUEUE_PREFIX=opad-bench
# The api refuses to start without its JWT signing keys: a throw-away pair.
ensure_jwt_key_pair "$BENCH_DIR/keys" >&2
export OPAD_JWT_PRIVATE_KEY=$BENCH_DIR/keys/jwt-private.pem OPAD_JWT_PUBLIC_KEY=$BENCH_DIR/keys/jwt-public.pem

# The JVM options ./opad up gives every service, plus OPAD_JAVA_OPTS as there, and its AOT cache:
# one unmeasured start per module records it (as the first ./opad up after a build does), the
# measured starts use it. JVM_DEFAULTS=1 measures without opad's options and without the cache
# (the "before" of BENCHMARKS.md); AOT=0 without the cache only.
read -r -a extra_opts <<<"${OPAD_JAVA_OPTS:-}"
[[ -z ${JVM_DEFAULTS:-} ]] || OPAD_JVM_OPTIONS=()
AOT=${AOT:-1}
[[ -z ${JVM_DEFAULTS:-} ]] || AOT=0

# Prints "<ms to ready> <RSS MiB after idle>" for one cold start of a module.
measure() {
	local module=$1 port management_port pid started ms rss aot=()
	port=$(free_port 18500)
	management_port=$(free_port 18700) # probes are on the management interface
	if ((AOT)); then
		aot=("$(aot_option "$module")")
		[[ -n ${aot[0]} ]] || aot=() # a JDK before 25 has no AOT cache
	fi
	started=$(now_us)
	env "${OPAD_SERVICE_ENV[@]}" QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port" "$JAVA_HOME/bin/java" "${OPAD_JVM_OPTIONS[@]}" "${extra_opts[@]}" "${aot[@]}" \
		-jar "$module/target/quarkus-app/quarkus-run.jar" >"$BENCH_DIR/$module.log" 2>&1 </dev/null &
	pid=$!
	until [[ $(http_status "$management_port" /q/health/ready) == 200 ]]; do
		kill -0 "$pid" 2>/dev/null || die "$module exited; see $BENCH_DIR/$module.log"
		sleep 0.02
	done
	ms=$((($(now_us) - started) / 1000))
	sleep "$IDLE_SECONDS"
	rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	printf '%s %s\n' "$ms" "$rss"
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

printf '\nP5  start-to-ready and idle RSS, JVM mode, Java %s, %s runs each, RSS after %s s idle, JVM options: %s%s\n' \
	"$JDK_MAJOR" "$RUNS" "$IDLE_SECONDS" "${OPAD_JVM_OPTIONS[*]} ${extra_opts[*]}" "$( ((AOT)) && echo ', AOT cache from one recorded start')"
printf '%-12s %16s %16s %14s %14s\n' service "ready median ms" "ready max ms" "RSS median MiB" "RSS max MiB"
# The api goes first: it migrates the schema the worker validates.
for module in $MODULES; do
	: >"$BENCH_DIR/results"
	if ((AOT)); then
		rm -f "$(aot_cache "$module")"
		IDLE_SECONDS=1 measure "$module" >/dev/null # records the cache
	fi
	for ((run = 1; run <= RUNS; run++)); do
		measure "$module" >>"$BENCH_DIR/results"
	done
	printf '%-12s %16s %16s %14s %14s\n' "$module" \
		"$(cut -d' ' -f1 "$BENCH_DIR/results" | median)" "$(cut -d' ' -f1 "$BENCH_DIR/results" | sort -n | tail -1)" \
		"$(cut -d' ' -f2 "$BENCH_DIR/results" | median)" "$(cut -d' ' -f2 "$BENCH_DIR/results" | sort -n | tail -1)"
done
