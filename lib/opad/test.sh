# shellcheck shell=bash
# ./opad test: the whole test suite with real servers.
# Sourced by ./opad, which sets ROOT, STATE_DIR and LOG_DIR and runs in ROOT.

cmd_test() {
	local rc=0
	mkdir -p "$LOG_DIR"
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP

	# Seconds, before anything slow: a finding fails the run as a failing test does.
	check_shell_scripts
	check_prometheus_rules
	# PrometheusIT starts this binary with a scrape config for the services it starts.
	export OPAD_TEST_PROMETHEUS=$PROMETHEUS
	ensure_jdk
	# The harness starts its own redis-server on a free port; it only needs the binary.
	ensure_redis_server
	export OPAD_TEST_REDIS_SERVER=$REDIS_SERVER
	resolve_test_pg
	ensure_browser

	say "running ./mvnw -B -ntp verify $*"
	./mvnw -B -ntp verify "$@" || rc=$?
	say "test reports: */target/surefire-reports (unit), e2e/target/failsafe-reports (end-to-end)"
	browser_banner WERE
	if ((rc == 0)); then
		say "all tests passed"
	else
		warn "the build or tests failed (Maven exit code $rc)"
	fi
	exit "$rc"
}
