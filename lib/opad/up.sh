# shellcheck shell=bash
# ./opad up: build, provision Redis and Postgres, run the services.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

build() {
	local log=$LOG_DIR/build.log
	say "building api, worker and web-gateway (a few minutes the first time; log: $log)"
	if ! ./mvnw -B -q -DskipTests package -pl api,worker,web-gateway -am >"$log" 2>&1; then
		warn "the build failed; last lines of $log:"
		tail -n 40 "$log" >&2 || true
		exit 1
	fi
}

check_port_free() { # $1 port, $2 service, $3 the variable that moves it
	if port_open "$1"; then
		die "port $1 for the $2 is already in use; stop what listens there or set $3 to another port"
	fi
}

ready_times() { # e.g. "api 4.1 s, worker 3.2 s, web 2.9 s"
	local i out=()
	for i in "${!SERVICE_NAMES[@]}"; do
		out+=("${SERVICE_NAMES[i]} ${SERVICE_READY_SECONDS[i]} s")
	done
	local IFS=,
	printf '%s' "${out[*]}" | sed 's/,/, /g'
}

print_summary() {
	cat <<EOF

opad is running (Ctrl-C stops it)
  web UI        http://$(shown_host "$OPAD_HTTP_HOST"):$OPAD_WEB_PORT
  api           http://$(shown_host "$OPAD_HTTP_HOST"):$OPAD_API_PORT   (OpenAPI: http://$(shown_host "$OPAD_MANAGEMENT_HOST"):$OPAD_API_MANAGEMENT_PORT/q/openapi)
  listening on  $OPAD_HTTP_HOST$([[ $OPAD_HTTP_HOST != 127.0.0.1 ]] || printf ' only (./opad up --bind 0.0.0.0 for every interface)')
  metrics       http://$(shown_host "$OPAD_MANAGEMENT_HOST"):{$OPAD_API_MANAGEMENT_PORT,$OPAD_WORKER_MANAGEMENT_PORT,$OPAD_WEB_MANAGEMENT_PORT}/q/metrics (api, worker, web)
  health        /q/health/live and /q/health/ready on the same ports; /health on the service ports$(prometheus_summary)
  Redis         $(redact "$OPAD_REDIS_URL") — $REDIS_FROM
  Postgres      $OPAD_DB_URL (user ${OPAD_DB_USER:-postgres}) — $DB_FROM
  JWT keys      $JWT_PRIVATE_KEY, $JWT_PUBLIC_KEY — $JWT_FROM
  model         ${OPAD_MODEL_PROVIDER:-demo}$([[ -n ${OPAD_MODEL_PROVIDER:-} ]] || printf ' (set OPAD_MODEL_PROVIDER for a real model)')
  storage       $OPAD_STORAGE_DIR
  logs          $LOG_DIR/{api,worker,web}.log
  ready after   $(ready_times)

EOF
}

prometheus_summary() { # a line of its own (hence the leading newline) when --with-prometheus started one
	[[ -n $PRIVATE_PROMETHEUS_PORT ]] || return 0
	printf '\n  prometheus    http://127.0.0.1:%s (alerts: /alerts; log: %s)' "$PRIVATE_PROMETHEUS_PORT" "$LOG_DIR/prometheus.log"
}

shown_host() { # $1 a listening address: how to reach it from this machine
	case $1 in
	0.0.0.0 | :: | '[::]') printf 'localhost' ;;
	*:*) printf '[%s]' "$1" ;;
	*) printf '%s' "$1" ;;
	esac
}

cmd_up() {
	local build=1 i rc bind=${OPAD_BIND:-${OPAD_HTTP_HOST:-127.0.0.1}} with_prometheus=0
	while (($#)); do
		case $1 in
		--no-build) build=0 ;;
		--with-prometheus) with_prometheus=1 ;;
		--bind)
			[[ -n ${2:-} ]] || die "--bind needs an address, e.g. --bind 0.0.0.0"
			bind=$2
			shift
			;;
		-h | --help)
			usage
			exit 0
			;;
		*)
			warn "unknown option for up: $1"
			usage >&2
			exit 2
			;;
		esac
		shift
	done

	mkdir -p "$LOG_DIR"
	trap cleanup EXIT
	# Ctrl-C or SIGTERM is the normal way to stop `up`: clean up (EXIT trap) and exit 0.
	# A closed terminal (SIGHUP) cleans up too, rather than leaving private servers behind.
	trap 'exit 0' INT TERM
	trap 'exit 129' HUP

	export OPAD_API_PORT=${OPAD_API_PORT:-8081}
	export OPAD_WORKER_PORT=${OPAD_WORKER_PORT:-8082}
	export OPAD_WEB_PORT=${OPAD_WEB_PORT:-8080}
	export OPAD_API_MANAGEMENT_PORT=${OPAD_API_MANAGEMENT_PORT:-9081}
	export OPAD_WORKER_MANAGEMENT_PORT=${OPAD_WORKER_MANAGEMENT_PORT:-9082}
	export OPAD_WEB_MANAGEMENT_PORT=${OPAD_WEB_MANAGEMENT_PORT:-9080}
	# Containers listen on every interface (the services' default); on a developer's machine the
	# services, and above all their management ports, stay on loopback unless told otherwise.
	export OPAD_HTTP_HOST=$bind
	export OPAD_MANAGEMENT_HOST=${OPAD_MANAGEMENT_HOST:-127.0.0.1}
	export OPAD_API_URL=${OPAD_API_URL:-http://$(shown_host "$bind"):$OPAD_API_PORT}
	export OPAD_STORAGE_DIR=${OPAD_STORAGE_DIR:-$ROOT/data/storage}

	ensure_jdk
	if ((with_prometheus)); then ensure_prometheus; fi
	# Checked before the build so a taken port fails in seconds, not minutes.
	check_port_free "$OPAD_API_PORT" api OPAD_API_PORT
	check_port_free "$OPAD_WORKER_PORT" worker OPAD_WORKER_PORT
	check_port_free "$OPAD_WEB_PORT" "web gateway" OPAD_WEB_PORT
	check_port_free "$OPAD_API_MANAGEMENT_PORT" "api's management interface" OPAD_API_MANAGEMENT_PORT
	check_port_free "$OPAD_WORKER_MANAGEMENT_PORT" "worker's management interface" OPAD_WORKER_MANAGEMENT_PORT
	check_port_free "$OPAD_WEB_MANAGEMENT_PORT" "web gateway's management interface" OPAD_WEB_MANAGEMENT_PORT
	resolve_jwt_keys
	if ((build)); then build; fi

	mkdir -p "$OPAD_STORAGE_DIR"
	resolve_redis
	resolve_db

	say "logs: $LOG_DIR/api.log, $LOG_DIR/worker.log, $LOG_DIR/web.log"
	# The api first: it migrates the schema the worker and web gateway rely on.
	# The web gateway runs on this machine and passes each browser's address in X-Forwarded-For.
	start_service api api "$OPAD_API_PORT" "$OPAD_API_MANAGEMENT_PORT" \
		OPAD_JWT_PRIVATE_KEY="$JWT_PRIVATE_KEY" OPAD_JWT_PUBLIC_KEY="$JWT_PUBLIC_KEY" \
		OPAD_TRUSTED_PROXIES="${OPAD_TRUSTED_PROXIES:-127.0.0.1,::1}" \
		OPAD_PUBLIC_URL="${OPAD_PUBLIC_URL:-http://127.0.0.1:$OPAD_WEB_PORT}"
	wait_services_ready || exit 1
	start_service worker worker "$OPAD_WORKER_PORT" "$OPAD_WORKER_MANAGEMENT_PORT"
	start_service web web-gateway "$OPAD_WEB_PORT" "$OPAD_WEB_MANAGEMENT_PORT"
	wait_services_ready || exit 1
	if ((with_prometheus)); then start_private_prometheus; fi
	print_summary

	# A service that dies on its own takes the whole system down, loudly, rather than leaving
	# a half-running system behind. `sleep & wait` lets the INT/TERM trap run at once.
	while :; do
		for i in "${!SERVICE_PIDS[@]}"; do
			if ! kill -0 "${SERVICE_PIDS[i]}" 2>/dev/null; then
				rc=0
				wait "${SERVICE_PIDS[i]}" || rc=$?
				warn "${SERVICE_NAMES[i]} stopped on its own (exit code $rc); last lines of $LOG_DIR/${SERVICE_NAMES[i]}.log:"
				tail -n 40 "$LOG_DIR/${SERVICE_NAMES[i]}.log" >&2 || true
				exit 1
			fi
		done
		sleep 2 &
		wait $! || true
	done
}
