# shellcheck shell=bash
# Prometheus for opad: the alert rules checked and unit-tested with promtool (./opad test), a real
# prometheus for the end-to-end test (e2e PrometheusIT) and for `./opad up --with-prometheus`.
# Debian's package `prometheus` has both binaries. Its own service is not what opad runs: opad
# starts a private prometheus on a free port, with its own data directory, and stops it again.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

PROMETHEUS_RULES=deploy/prometheus/opad-rules.yml

# Sets PROMETHEUS and PROMTOOL, installing Debian's package when either is missing. OPAD_PROMETHEUS
# and OPAD_PROMTOOL name other binaries (then nothing is installed).
ensure_prometheus() {
	PROMETHEUS=${OPAD_PROMETHEUS:-$(command -v prometheus || true)}
	PROMTOOL=${OPAD_PROMTOOL:-$(command -v promtool || true)}
	if [[ -z $PROMETHEUS || -z $PROMTOOL ]] && [[ -z ${OPAD_PROMETHEUS:-}${OPAD_PROMTOOL:-} ]] &&
		apt_install prometheus; then
		PROMETHEUS=$(command -v prometheus || true)
		PROMTOOL=$(command -v promtool || true)
	fi
	[[ -n $PROMETHEUS && -x $PROMETHEUS && -n $PROMTOOL && -x $PROMTOOL ]] ||
		die "prometheus and promtool are not installed; install the Debian package prometheus" \
			"(apt-get install prometheus), or set OPAD_PROMETHEUS and OPAD_PROMTOOL to the binaries."
}

# promtool over deploy/prometheus: the rules parse, every unit test in tests/ passes, and the
# example scrape config is valid. Any failure fails ./opad test, as a shellcheck finding does.
check_prometheus_rules() {
	local tests=()
	ensure_prometheus
	mapfile -t tests < <(find deploy/prometheus/tests -name '*.yml' | sort)
	((${#tests[@]})) || die "found no promtool tests in deploy/prometheus/tests"
	say "checking $PROMETHEUS_RULES with promtool, and its ${#tests[@]} test files"
	"$PROMTOOL" check rules "$PROMETHEUS_RULES" ||
		die "promtool check rules failed for $PROMETHEUS_RULES (above)"
	# Relative paths in the tests (rule_files) are read from the test file's directory.
	"$PROMTOOL" test rules "${tests[@]}" ||
		die "promtool test rules failed (above): an alert in $PROMETHEUS_RULES does not behave as its test says"
	"$PROMTOOL" check config deploy/prometheus/prometheus.yml >/dev/null ||
		die "promtool check config failed for deploy/prometheus/prometheus.yml"
}

PRIVATE_PROMETHEUS_PID=
PRIVATE_PROMETHEUS_PORT=

# Writes a scrape config for the three services' management ports on this machine (scraped every
# 5 s) with opad's rules, and starts prometheus on a free port from OPAD_PROMETHEUS_PORT (9090).
start_private_prometheus() {
	local dir=$STATE_DIR/prometheus port host
	ensure_prometheus
	mkdir -p "$dir/data" "$LOG_DIR"
	host=$(shown_host "$OPAD_MANAGEMENT_HOST")
	port=$(free_port "${OPAD_PROMETHEUS_PORT:-9090}") || die "no free port for prometheus"
	cat >"$dir/prometheus.yml" <<EOF
# Written by ./opad up --with-prometheus; see deploy/prometheus/prometheus.yml for a deployment.
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - $ROOT/$PROMETHEUS_RULES
scrape_configs:
  - job_name: opad-api
    metrics_path: /q/metrics
    static_configs: [{targets: ["$host:$OPAD_API_MANAGEMENT_PORT"]}]
  - job_name: opad-worker
    metrics_path: /q/metrics
    static_configs: [{targets: ["$host:$OPAD_WORKER_MANAGEMENT_PORT"]}]
  - job_name: opad-web
    metrics_path: /q/metrics
    static_configs: [{targets: ["$host:$OPAD_WEB_MANAGEMENT_PORT"]}]
EOF
	"$PROMETHEUS" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
		--storage.tsdb.retention.time=2d --web.listen-address="127.0.0.1:$port" \
		>"$LOG_DIR/prometheus.log" 2>&1 </dev/null &
	PRIVATE_PROMETHEUS_PID=$!
	PRIVATE_PROMETHEUS_PORT=$port
	wait_until 30 prometheus_ready "$port" ||
		die "prometheus on port $port did not become ready; see $LOG_DIR/prometheus.log"
	say "prometheus ready on http://127.0.0.1:$port (rules: $PROMETHEUS_RULES)"
}

prometheus_ready() { [[ $(http_status "$1" /-/ready) == 200 ]]; }

stop_private_prometheus() {
	[[ -n $PRIVATE_PROMETHEUS_PID ]] || return 0
	say "stopping prometheus (port $PRIVATE_PROMETHEUS_PORT)"
	kill "$PRIVATE_PROMETHEUS_PID" 2>/dev/null || true
	wait_until 20 process_gone "$PRIVATE_PROMETHEUS_PID" || kill -KILL "$PRIVATE_PROMETHEUS_PID" 2>/dev/null || true
	wait "$PRIVATE_PROMETHEUS_PID" 2>/dev/null || true
	PRIVATE_PROMETHEUS_PID=
}
