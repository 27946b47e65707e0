#!/usr/bin/env bash
# Every benchmark of BENCHMARKS.md (P1–P11, PM) in one run, then one table with each anchor from the
# same run. About 20 minutes on the project's 2-core machine.
#
#   bench/run-all.sh              build api, worker and the benchmarks, then run everything
#   bench/run-all.sh --no-build   use the jars and classes already built
#   bench/run-all.sh --only P10   only these rows (a comma-separated list: --only P1,P9), the build too
#
# What it needs and uses: a JDK 21+ (found like ./opad does), node and npm (bullmq is installed
# into bench/bullmq/node_modules from package-lock.json), redis-server, redis-benchmark, pgbench and
# psql, and the local Postgres on 127.0.0.1:5432 (user postgres, trust; BENCH_PG_URL_BASE and
# BENCH_PG_USER move it). Redis is a private redis-server on a free port; every database is a
# throw-away opad_bench_* one, dropped at the end. Load goes to loopback only, and every loop in
# the programs is bounded in count and time. Raw figures and service logs stay in the run
# directory printed at the start (/tmp/opad-bench.*).
set -euo pipefail
# shellcheck source=../opad
source "$(dirname -- "${BASH_SOURCE[0]}")/../opad" # functions only; cds to the repo root

BUILD=1
ONLY=""
while (($#)); do
	case $1 in
	--no-build) BUILD=0 ;;
	--only) ONLY=${2:?--only needs row ids, e.g. P10 or P1,P9}; shift ;;
	*) die "unknown argument $1 (bench/run-all.sh [--no-build] [--only P1,P10])" ;;
	esac
	shift
done
# want P3: whether row P3 is to run (all rows without --only).
want() { [[ -z $ONLY || ,${ONLY^^}, == *,"$1",* ]]; }
PG_URL_BASE=${BENCH_PG_URL_BASE:-jdbc:postgresql://127.0.0.1:5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_HOST_PORT=${PG_URL_BASE#jdbc:postgresql://}
PG_HOST=${PG_HOST_PORT%%:*}
PG_PORT=${PG_HOST_PORT##*:}
RUN_DIR=$(mktemp -d /tmp/opad-bench.XXXXXX)
RESULTS=$RUN_DIR/results.txt
PGBENCH_DB=opad_bench_pgbench_$$
REDIS_PID=""

bench_cleanup() {
	[[ -z $REDIS_PID ]] || kill "$REDIS_PID" 2>/dev/null || true
	psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "DROP DATABASE IF EXISTS $PGBENCH_DB WITH (FORCE)" \
		>/dev/null 2>&1 || true
}
trap bench_cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

ensure_jdk >/dev/null
for tool in node npm redis-server redis-benchmark redis-cli pgbench psql; do
	command -v "$tool" >/dev/null || die "bench/run-all.sh needs $tool"
done
say "run directory: $RUN_DIR"
: >"$RESULTS"
export BENCH_RESULTS=$RESULTS

if ((BUILD)); then
	step "building api, worker and bench (log: $RUN_DIR/build.log)"
	./mvnw -B -q -Pbench -pl api,worker,web-gateway,bench -am package -DskipTests >"$RUN_DIR/build.log" 2>&1 ||
		{ tail -n 40 "$RUN_DIR/build.log" >&2; die "the build failed"; }
fi
if { want P1 || want P6; } && [[ ! -d bench/bullmq/node_modules/bullmq ]]; then
	step "installing bullmq (the version in bench/bullmq/package-lock.json)"
	(cd bench/bullmq && npm install --no-save --no-audit --no-fund --loglevel=error) >"$RUN_DIR/npm.log" 2>&1 ||
		{ tail -n 20 "$RUN_DIR/npm.log" >&2; die "npm install failed"; }
fi

redis_port=$(free_port 16600)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
	--logfile "$RUN_DIR/redis.log" &
REDIS_PID=$!
wait_until 10 redis_pong "$redis_port" || die "private redis-server did not start"
flush() { redis-cli -p "$redis_port" FLUSHALL >/dev/null; }
ensure_jwt_key_pair "$RUN_DIR/keys" >/dev/null
export BENCH_JWT_PRIVATE_KEY=$RUN_DIR/keys/jwt-private.pem BENCH_JWT_PUBLIC_KEY=$RUN_DIR/keys/jwt-public.pem
export BENCH_PG_URL_BASE=$PG_URL_BASE BENCH_PG_USER=$PG_USER
# The services run with the JVM options ./opad up gives them; BENCH_EXTRA_JVM_OPTIONS adds some, e.g. for a
# profile: "-XX:StartFlightRecording=filename=/tmp/jfr/%p.jfr,settings=profile" (printed with the table).
BENCH_JAVA_OPTS="${OPAD_JVM_OPTIONS[*]}${BENCH_EXTRA_JVM_OPTIONS:+ $BENCH_EXTRA_JVM_OPTIONS}"
export BENCH_JAVA_OPTS
# and the environment ./opad up gives them (NAME=value words)
BENCH_SERVICE_ENV="${OPAD_SERVICE_ENV[*]}"
export BENCH_SERVICE_ENV
# BENCH_PROPS: -D settings for the programs, e.g. "-Dbench.p4.concurrency=200 -Dbench.p2.jobs=500" for a
# quick smoke run (every knob: grep Integer.getInteger bench/src).
read -r -a bench_props <<<"${BENCH_PROPS:-}"
bench_java() {
	"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
		-Dopad.root="$ROOT" "${bench_props[@]}" -cp "bench/target/classes:bench/target/lib/*" "$@"
}

if want P1; then
	step "P1 queue core: opad (QueueCoreBench) and BullMQ, concurrency 1 and 50"
	for concurrency in 1 50; do
		jobs=$((concurrency == 1 ? ${P1_JOBS_C1:-4000} : ${P1_JOBS_C50:-20000}))
		flush
		bench_java dev.opad.bench.QueueCoreBench "redis://127.0.0.1:$redis_port" "$concurrency" "$jobs" 30 2>>"$RUN_DIR/p1.log" |
			grep -E '^(bench|result):' || true
		flush
		node bench/bullmq/queue-throughput.mjs "$redis_port" "$concurrency" "$jobs" 30 2>>"$RUN_DIR/p1.log" || true
	done
fi

if want PM; then
	step "PM what metrics cost: P1 with metrics on and off in one JVM, blocks alternating, concurrency 1 and 50 (CPU per job and rate)"
	for concurrency in 1 50; do
		jobs=$((concurrency == 1 ? ${P1_JOBS_C1:-4000} : ${P1_JOBS_C50:-20000}))
		# PM_PAIRS rounds of four blocks (on, off, off, on; then off, on, on, off) in one warmed JVM
		flush
		bench_java dev.opad.bench.QueueCoreBench "redis://127.0.0.1:$redis_port" "$concurrency" "$jobs" 60 alternate \
			"${PM_PAIRS:-6}" 2>>"$RUN_DIR/pm.log" | grep -E '^(bench|result):' || true
	done
fi

if want P9; then
	step "P9 reconciler round with a 100k backlog: per-id LPOS (before) and the one script (ReconcileBench)"
	flush
	bench_java dev.opad.bench.ReconcileBench "redis://127.0.0.1:$redis_port" "${P9_BACKLOG:-100000}" 500 2>>"$RUN_DIR/p9.log" |
		grep -E '^(bench|result):' || true
fi

if want P6; then
	step "P6 anchor: BullMQ's bytes per job"
	flush
	node bench/bullmq/job-memory.mjs "$redis_port" 1000 2>>"$RUN_DIR/p6.log" || true
fi

if want P3; then
	step "P3 anchor: redis-benchmark GET, 50 connections, values the size of a status key"
	flush
	redis-benchmark -p "$redis_port" -t get -n 300000 -c 50 -d 390 --csv 2>/dev/null | tee "$RUN_DIR/redis-benchmark.csv" |
		awk -F, 'NR == 2 { gsub(/"/, ""); print "redis.get_rps " $2; print "redis.get_p50_ms " $5; print "redis.get_p99_ms " $7 }' |
		tee -a "$RESULTS"
fi

if want P2; then
	step "P2 anchor: pgbench single-row inserts, 16 clients, 15 s"
	psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "CREATE DATABASE $PGBENCH_DB" >/dev/null
	psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PGBENCH_DB" -qc \
		"CREATE TABLE bench_rows (id bigserial PRIMARY KEY, job uuid NOT NULL, created_at timestamptz NOT NULL DEFAULT now())" >/dev/null
	echo "INSERT INTO bench_rows (job) VALUES (gen_random_uuid());" >"$RUN_DIR/insert.sql"
	pgbench -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -n -c 16 -j 2 -T 15 -f "$RUN_DIR/insert.sql" "$PGBENCH_DB" \
		>"$RUN_DIR/pgbench.log" 2>&1 || true
	awk '/^tps = / { print "pg.insert_tps " $3 }' "$RUN_DIR/pgbench.log" | tee -a "$RESULTS"
fi

phases=()
{ want P2 || want P3 || want P6 || want P12; } && phases+=(a)
want P4 && phases+=(b)
{ want P7 || want P8; } && phases+=(c)
want PM && phases+=(m)
if ((${#phases[@]})); then
	step "P2, P3, P4, P6, P7, P8, PM against the packaged services (SystemBench, phases ${phases[*]})"
	flush
	bench_java dev.opad.bench.SystemBench "$redis_port" "$RUN_DIR/services" "${phases[@]}" 2>>"$RUN_DIR/system.log" |
		grep -E '^(bench|result):' | cut -c1-400 || true
fi

if want P10; then
	step "P10 10,000 schedules due at once, fired by 1 and by 3 workers (ScheduleBench)"
	flush
	read -r -a p10_workers <<<"${P10_WORKERS:-1 3}" # worker counts, one fresh database each
	bench_java dev.opad.bench.ScheduleBench "$redis_port" "$RUN_DIR/services" "${p10_workers[@]}" 2>>"$RUN_DIR/p10.log" |
		grep -E '^(bench|result):' | cut -c1-400 || true
fi

if want P11; then
	step "P11 live job streams: 10,000 open on one api (its RSS), status write → event at 1,000 (StreamBench)"
	flush
	# Every stream is a socket in this program and one in the api (a child of it): 10,000 each, and more.
	if (($(ulimit -Hn) < 12000)); then
		say "P11: the hard limit of open files is $(ulimit -Hn); 10,000 streams need about 12,000 (raise it, e.g. in limits.conf)"
	fi
	(
		ulimit -n "$(ulimit -Hn)"
		bench_java dev.opad.bench.StreamBench "$redis_port" "$RUN_DIR/services" 2>>"$RUN_DIR/p11.log" |
			grep -E '^(bench|result):' | cut -c1-400 || true
	)
fi

if want P5; then
	step "P5 start-to-ready and idle RSS (bench/startup.sh)"
	RUNS=${P5_RUNS:-3} IDLE_SECONDS=${P5_IDLE_SECONDS:-10} bench/startup.sh 2>>"$RUN_DIR/p5.log" | tee "$RUN_DIR/p5.txt" || true
	p5_results() { # $1: key prefix, $2: startup.sh output
		awk -v key="$1" '$1 == "api" || $1 == "worker" || $1 == "web-gateway" {
			print key "." $1 ".ready_ms " $2; print key "." $1 ".ready_max_ms " $3; print key "." $1 ".rss_mib " $4; print key "." $1 ".rss_max_mib " $5
		}' "$2" >>"$RESULTS"
	}
	p5_results p5 "$RUN_DIR/p5.txt"
	step "P5 without the AOT cache (opad's JVM options only), api and worker"
	AOT=0 MODULES="api worker" RUNS=${P5_RUNS:-3} IDLE_SECONDS=${P5_IDLE_SECONDS:-10} bench/startup.sh 2>>"$RUN_DIR/p5.log" |
		tee "$RUN_DIR/p5-noaot.txt" || true
	p5_results p5noaot "$RUN_DIR/p5-noaot.txt"
	step "P5 before: the same with the JVM's defaults (no OPAD_JVM_OPTIONS, no AOT cache), api and worker"
	JVM_DEFAULTS=1 MODULES="api worker" RUNS=${P5_RUNS:-3} IDLE_SECONDS=${P5_IDLE_SECONDS:-10} bench/startup.sh 2>>"$RUN_DIR/p5.log" |
		tee "$RUN_DIR/p5-defaults.txt" || true
	p5_results p5before "$RUN_DIR/p5-defaults.txt"
fi

step "table (raw figures: $RESULTS)"
# shellcheck source=/dev/null # the machine's /etc/os-release, no file of this repository
os_name=$(. /etc/os-release && echo "$PRETTY_NAME")
printf 'Run of %s on %s: %s cores, %s GiB, %s; Java %s, Redis %s, PostgreSQL %s, node %s, bullmq %s\n' \
	"$(date -u +%Y-%m-%dT%H:%MZ)" "$(hostname)" "$(nproc)" "$(awk '/MemTotal/ {print int($2 / 1048576 + 0.5)}' /proc/meminfo)" \
	"$os_name" "$JDK_MAJOR" "$(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/')" \
	"$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atc 'SHOW server_version' | cut -d' ' -f1)" \
	"$(node --version)" "$(node -p "require('./bench/bullmq/node_modules/bullmq/package.json').version" 2>/dev/null || echo –)"
printf 'JVM options of the services: %s\n' "${BENCH_JAVA_OPTS:-(none)}"
# P12 is measured over P2's run: either id shows both rows.
table_ids=${ONLY^^}
[[ ,$table_ids, == *,P2,* || ,$table_ids, == *,P12,* ]] && table_ids+=",P2,P12"
bench_java dev.opad.bench.Table "$RESULTS" ${ONLY:+"$table_ids"}
