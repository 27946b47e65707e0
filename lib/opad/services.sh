# shellcheck shell=bash
# Supervising the services: starting, waiting until ready, stopping, and cleaning up at exit.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

# JVM options of every service (./opad up; bench/ measures with the same ones). Without them each
# JVM sizes its heap from the whole machine's memory (a quarter of it, 6 GiB on 24 GiB) and lets it
# grow: three such JVMs beside Redis and Postgres on one machine. A small growing heap and the serial
# collector take an idle api or worker from ~235 to ~197 MiB, start time unchanged. See BENCHMARKS.md, P5.
OPAD_JVM_OPTIONS=(-XX:+UseSerialGC -Xms16m -Xmx256m -XX:+ExitOnOutOfMemoryError)
# Environment of every service (./opad up, the images, bench/). glibc gives each thread that allocates its own
# malloc arena, up to 8 per core, each holding memory it has freed; a JVM's many threads (Netty's, the worker
# pool's, the JIT's) leave much of it resident. Two arenas took an api holding 10,000 live streams from
# 492-498 to 485 MiB and its idle RSS from ~245 to 236 MiB (BENCHMARKS.md, P11).
OPAD_SERVICE_ENV=(MALLOC_ARENA_MAX=2)

SERVICE_NAMES=()
SERVICE_PIDS=()
SERVICE_PORTS=()
SERVICE_MANAGEMENT_PORTS=()
SERVICE_STARTED=()
SERVICE_READY_SECONDS=()
AOT_RECORDING=()

# Starts one service's fast-jar in the background; arguments after the port are NAME=value
# settings for this service only. Background jobs of a script ignore SIGINT (and the JVM keeps
# it ignored), so Ctrl-C reaches only opad, which then stops them in order.
start_service() {
	local name=$1 module=$2 port=$3 management_port=$4 jar java_opts=() aot
	shift 4
	jar=$ROOT/$module/target/quarkus-app/quarkus-run.jar
	[[ -f $jar ]] || die "$jar is missing; run ./opad up without --no-build"
	read -r -a java_opts <<<"${OPAD_JAVA_OPTS:-}"
	aot=$(aot_option "$module")
	[[ -z $aot ]] || java_opts+=("$aot")
	[[ $aot != -XX:AOTCacheOutput=* ]] || AOT_RECORDING+=("$name")
	# QUARKUS_HTTP_PORT and QUARKUS_MANAGEMENT_PORT make the ports we wait on and print the ports it
	# binds, whatever its own defaults. env execs java, so $! is still the JVM's pid.
	env "${OPAD_SERVICE_ENV[@]}" "$@" QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port" "$JAVA_HOME/bin/java" "${OPAD_JVM_OPTIONS[@]}" "${java_opts[@]}" -jar "$jar" \
		>"$LOG_DIR/$name.log" 2>&1 </dev/null &
	SERVICE_NAMES+=("$name")
	SERVICE_PIDS+=("$!")
	SERVICE_PORTS+=("$port")
	SERVICE_MANAGEMENT_PORTS+=("$management_port")
	SERVICE_STARTED+=("$(now_us)")
	SERVICE_READY_SECONDS+=("")
}

# Waits until every started service answers 200 on /q/health/ready (its management port). Fails (after showing the
# log tail) when one exits or is not ready within OPAD_READY_TIMEOUT seconds.
wait_services_ready() {
	local timeout=${OPAD_READY_TIMEOUT:-60} deadline i name pending
	deadline=$((SECONDS + timeout))
	while :; do
		pending=0
		for i in "${!SERVICE_NAMES[@]}"; do
			[[ -z ${SERVICE_READY_SECONDS[i]} ]] || continue
			name=${SERVICE_NAMES[i]}
			if [[ $(http_status "${SERVICE_MANAGEMENT_PORTS[i]}" /q/health/ready) == 200 ]]; then
				SERVICE_READY_SECONDS[i]=$(seconds_since "${SERVICE_STARTED[i]}")
				say "$name ready on port ${SERVICE_PORTS[i]} after ${SERVICE_READY_SECONDS[i]} s"
				continue
			fi
			if ! kill -0 "${SERVICE_PIDS[i]}" 2>/dev/null; then
				warn "$name exited while starting; last lines of $LOG_DIR/$name.log:"
				tail -n 40 "$LOG_DIR/$name.log" >&2 || true
				return 1
			fi
			if ((SECONDS >= deadline)); then
				warn "$name is not ready after $timeout s; last lines of $LOG_DIR/$name.log:"
				tail -n 40 "$LOG_DIR/$name.log" >&2 || true
				return 1
			fi
			pending=1
		done
		((pending)) || return 0
		sleep 0.5
	done
}

# SIGTERM lets Quarkus shut down cleanly (finish requests, close pools); SIGKILL only after 30 s.
stop_services() {
	local i pid alive deadline grace=30
	((${#SERVICE_PIDS[@]})) || return 0
	say "stopping ${SERVICE_NAMES[*]}"
	if ((${#AOT_RECORDING[@]})); then
		# Writing the caches is CPU work for each JVM at exit; on two cores three take ~20 s.
		say "writing the AOT caches of ${AOT_RECORDING[*]} for faster starts (once per build)"
		grace=90
	fi
	for pid in "${SERVICE_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	deadline=$((SECONDS + grace))
	while :; do
		alive=()
		for pid in "${SERVICE_PIDS[@]}"; do
			kill -0 "$pid" 2>/dev/null && alive+=("$pid")
		done
		((${#alive[@]})) || break
		if ((SECONDS >= deadline)); then
			for i in "${!SERVICE_PIDS[@]}"; do
				if kill -0 "${SERVICE_PIDS[i]}" 2>/dev/null; then
					warn "${SERVICE_NAMES[i]} did not stop within $grace s; killing it"
					kill -KILL "${SERVICE_PIDS[i]}" 2>/dev/null || true
				fi
			done
			break
		fi
		sleep 0.5
	done
	for pid in "${SERVICE_PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	SERVICE_PIDS=()
}

# Runs at every exit: stops what opad started, newest first. Servers that were already
# running before opad came along are never touched.
cleanup() {
	set +e
	trap '' INT TERM HUP
	stop_services
	stop_private_prometheus
	stop_private_redis
	stop_private_pg
}
