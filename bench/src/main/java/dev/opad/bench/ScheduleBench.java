package dev.opad.bench;

import io.quarkus.redis.datasource.RedisDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * P10: 10,000 schedules due at the same moment, fired by 1 and by 3 packaged workers (issue 14). Per
 * worker count, a fresh database (migrated by the api, which is then stopped: firing needs only the
 * workers), a few hundred users, then the workers; a warm-up wave of schedules fires first, so the
 * figures are a warm JVM's, as the scheduler runs for days. Then, while the workers poll, one
 * {@code INSERT … SELECT generate_series} writes the measured schedules, all with {@code next_run_at} =
 * T a few seconds ahead, and the run rows for T are counted every 20 ms until all exist.
 *
 * <p>Figures, from the rows themselves: fires/s = schedules ÷ (max(fired_at) − T); the lag
 * {@code fired_at − scheduled_for}, p50 and p99 ({@code percentile_cont}). {@code fired_at} is the
 * database's {@code now()} of the batch's transaction, i.e. when the batch began, so the time until
 * the last run row was committed (seen by the 20 ms poll) is reported beside it. Also: batches,
 * fires per worker, the workers' and their Postgres backends' CPU per fire, rows written per fire.
 *
 * <p>The jobs the scheduler queues are held, not run: each worker runs with
 * {@code OPAD_WORKER_CONCURRENCY=1} against {@link FakeModel} holding every call, so it takes one job,
 * waits on its model call and spends no CPU on the other 9,999; running them (~58 ms of CPU each, P2)
 * would measure the article pipeline on the same 2 cores, not the scheduler. The push of every job to
 * Redis after the commit is the scheduler's own work and is measured.
 *
 * <p>Usage: {@code ScheduleBench <redis-port> <log-dir> [workers ...]} (default: 1 3). Settings:
 * {@code -Dbench.p10.schedules} (10000), {@code .users} (300), {@code .warmup} (2000 schedules per worker),
 * {@code .lead} (5 s from the insert to T), {@code .limit} (600 s to wait for the runs) and
 * {@code -Dbench.p10.worker-env="NAME=value ..."} for trying a worker setting (e.g.
 * {@code QUARKUS_HIBERNATE_ORM_JDBC_STATEMENT_BATCH_SIZE=50}).
 */
public final class ScheduleBench {

    private static final Duration POLL = Duration.ofMillis(20);
    /** The rule; the zone is a column of its own as well. */
    private static final String RULE = "{\"frequency\":\"daily\",\"time\":\"07:00\",\"timezone\":\"Europe/Berlin\"}";

    private final int redisPort;
    private final Path logDir;
    private final RedisClients clients = new RedisClients();
    private final RedisDataSource redis;
    private final FakeModel model = new FakeModel();
    private final int schedules = Integer.getInteger("bench.p10.schedules", 10_000);
    private final int users = Integer.getInteger("bench.p10.users", 300);
    private final int warmUp = Integer.getInteger("bench.p10.warmup", 2_000);
    private final int leadSeconds = Integer.getInteger("bench.p10.lead", 5);
    private final Duration limit = Duration.ofSeconds(Integer.getInteger("bench.p10.limit", 600));

    private ScheduleBench(int redisPort, Path logDir) {
        this.redisPort = redisPort;
        this.logDir = logDir;
        this.redis = clients.dataSource("redis://127.0.0.1:" + redisPort, 2, 24, Duration.ofSeconds(10));
    }

    public static void main(String[] args) {
        ScheduleBench bench = new ScheduleBench(Integer.parseInt(args[0]), Path.of(args[1]));
        List<String> counts = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("1", "3");
        int failures = 0;
        for (String count : counts) {
            try {
                bench.fire(Integer.parseInt(count));
            } catch (Exception e) {
                failures++;
                Results.note("P10 with " + count + " workers failed: " + e);
                e.printStackTrace(System.out);
            }
        }
        bench.model.close();
        bench.clients.close();
        System.exit(failures == 0 ? 0 : 1);
    }

    private void fire(int workerCount) throws Exception {
        String prefix = "bench-p10-w" + workerCount;
        String key = "p10.w" + workerCount;
        redis.execute("FLUSHALL");
        model.holdAnswers();
        try (Database db = Database.create("p10w" + workerCount)) {
            try (Service api = Service.start(prefix + "-api", "api", env(db, prefix), logDir)) {
                Results.note("P10: schema migrated by the api in " + api.startToReadyMs + " ms; the api is stopped again");
            }
            db.execute("INSERT INTO users (id, email, name, password_hash, role, created_at) "
                    + "SELECT gen_random_uuid(), 'p10-' || i || '@bench.invalid', 'P10 user ' || i, 'not-a-hash', 'user', now() "
                    + "FROM generate_series(1, " + users + ") i");
            List<Service> workers = new ArrayList<>();
            try {
                for (int w = 0; w < workerCount; w++) {
                    workers.add(startWorker(db, prefix, prefix + "-" + (w + 1)));
                }
                // Each worker JVM warms on its own share: with a fixed total, three workers would each be
                // measured on a colder JIT than one.
                Wave warm = wave(db, warmUp * workerCount, "warm-up");
                Results.note(String.format(Locale.ROOT, "P10 %d worker(s), warm-up: %d schedules fired, %.0f fires/s, "
                        + "lag p99 %.2f s", workerCount, warmUp * workerCount, warm.firesPerSecond(), warm.lagP99));

                double[] cpuBefore = workers.stream().mapToDouble(Service::cpuSeconds).toArray();
                double[] pgBefore = postgresCounters(db);
                Map<Long, Double> backendsBefore = backendCpu(db);
                Wave run = wave(db, schedules, "measured");
                Map<Long, Double> backendsAfter = backendCpu(db);
                double[] pgAfter = postgresCounters(db);
                double postgresCpu = 0;
                for (Map.Entry<Long, Double> backend : backendsAfter.entrySet()) {
                    postgresCpu += backend.getValue() - backendsBefore.getOrDefault(backend.getKey(), 0.0);
                }
                double cpu = 0;
                for (int w = 0; w < workerCount; w++) {
                    cpu += workers.get(w).cpuSeconds() - cpuBefore[w];
                }
                report(db, key, workerCount, run, cpu, postgresCpu, pgBefore, pgAfter, workers);
            } finally {
                workers.forEach(Service::close);
            }
        }
    }

    /** What one wave of simultaneous schedules came to. */
    private record Wave(String slot, int schedules, double insertSeconds, double lastFiredSeconds, double firstFiredSeconds,
                        double allCommittedSeconds, double pollBeforeSeconds, int polls, double lagP50, double lagP99,
                        boolean complete) {

        double firesPerSecond() {
            return schedules / lastFiredSeconds;
        }
    }

    /**
     * {@code count} schedules due at T = now (on the database clock, whole second) + the lead, spread
     * over the users; then waits until each has its run for T.
     */
    private Wave wave(Database db, int count, String label) throws InterruptedException {
        String slot = db.text("SELECT to_char((date_trunc('second', now()) + interval '" + leadSeconds
                + " seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00'");
        long insertStarted = System.nanoTime();
        db.execute("INSERT INTO schedules (id, user_id, name, language, level, length_words, topics, theme, rule, timezone, "
                + "status, next_run_at, created_at, updated_at) "
                + "SELECT gen_random_uuid(), u.id, 'Morning read ' || s.i, 'German', 'B1', 300, NULL, 'Energy prices', '"
                + RULE + "'::jsonb, 'Europe/Berlin', 'active', '" + slot + "'::timestamptz, now(), now() "
                + "FROM generate_series(1, " + count + ") s(i) "
                + "JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM users) u ON u.n = s.i % " + users);
        double insertSeconds = (System.nanoTime() - insertStarted) / 1e9;
        double insertedBeforeT = db.number("SELECT extract(epoch FROM '" + slot + "'::timestamptz - clock_timestamp())");
        if (insertedBeforeT <= 0) {
            Results.note("P10 " + label + ": the insert ended " + (-insertedBeforeT) + " s after T; raise -Dbench.p10.lead");
        }
        String runs = "SELECT count(*) FROM schedule_runs WHERE scheduled_for = '" + slot + "'";
        String clock = "extract(epoch FROM clock_timestamp() - '" + slot + "'::timestamptz)";
        long deadline = System.nanoTime() + Duration.ofSeconds(leadSeconds).plus(limit).toNanos();
        int polls = 0;
        double seen = 0;
        double previousPoll = Double.NaN;
        double lastPoll = Double.NaN;
        while (seen < count && System.nanoTime() < deadline) {
            Thread.sleep(POLL);
            double[] poll = db.numbers("SELECT (" + runs + "), " + clock);
            polls++;
            seen = poll[0];
            previousPoll = lastPoll;
            lastPoll = poll[1];
        }
        double[] figures = db.numbers("SELECT extract(epoch FROM max(fired_at) - scheduled_for), "
                + "extract(epoch FROM min(fired_at) - scheduled_for), "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM fired_at - scheduled_for)), "
                + "percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM fired_at - scheduled_for)) "
                + "FROM schedule_runs WHERE scheduled_for = '" + slot + "' GROUP BY scheduled_for");
        if (figures.length == 0) {
            throw new IllegalStateException("P10 " + label + ": no schedule fired within " + limit.toSeconds() + " s");
        }
        return new Wave(slot, count, insertSeconds, figures[0], figures[1], lastPoll, previousPoll, polls, figures[2],
                figures[3], seen >= count);
    }

    private void report(Database db, String key, int workerCount, Wave run, double cpuSeconds, double postgresCpu, double[] pgBefore,
                        double[] pgAfter, List<Service> workers) {
        String ofSlot = "FROM schedule_runs WHERE scheduled_for = '" + run.slot + "'";
        String outcomes = String.join(", ", db.texts("SELECT outcome || coalesce('/' || skip_reason, '') || ' ' || trigger || ' × ' "
                + "|| count(*) " + ofSlot + " GROUP BY outcome, skip_reason, trigger ORDER BY count(*) DESC"));
        double batches = db.number("SELECT count(DISTINCT fired_at) " + ofSlot);
        // Who fired what: the job.queued event names the scheduler ("opad-scheduler/<worker id>").
        List<String> perWorker = db.texts("SELECT e.source || ': ' || count(*) || ' fires in ' || count(DISTINCT r.fired_at) "
                + "|| ' batches, ' || coalesce(round((extract(epoch FROM max(r.fired_at) - min(r.fired_at)) * 1000 "
                + "/ nullif(count(DISTINCT r.fired_at) - 1, 0))::numeric, 0) || ' ms', '–') || ' from one batch to its next' "
                + "FROM schedule_runs r JOIN job_events e ON e.job_id = r.job_id AND e.type = 'job.queued' "
                + "WHERE r.scheduled_for = '" + run.slot + "' GROUP BY e.source ORDER BY e.source");
        double fires = db.number("SELECT count(*) " + ofSlot);
        double inserted = pgAfter[0] - pgBefore[0] - run.schedules; // the schedules themselves are the benchmark's
        double updated = pgAfter[1] - pgBefore[1];
        double perSecond = run.firesPerSecond();
        double committedPerSecond = run.schedules / run.allCommittedSeconds;
        Results.note(String.format(Locale.ROOT, "P10 %d worker(s): %d schedules due at %s (inserted in %.2f s), %.0f runs%s: %s",
                workerCount, run.schedules, run.slot, run.insertSeconds, fires, run.complete ? "" : " (time limit reached)",
                outcomes));
        Results.note(String.format(Locale.ROOT, "P10 %d worker(s): first fired_at T+%.2f s, last T+%.2f s = %.0f fires/s; "
                        + "lag p50 %.2f s, p99 %.2f s; every run committed by T+%.2f s (not yet at T+%.2f s; "
                        + "%d polls every %d ms) = %.0f fires/s to the last commit; %.0f batches",
                workerCount, run.firstFiredSeconds, run.lastFiredSeconds, perSecond, run.lagP50, run.lagP99,
                run.allCommittedSeconds, run.pollBeforeSeconds, run.polls, POLL.toMillis(), committedPerSecond, batches));
        perWorker.forEach(line -> Results.note("P10 " + workerCount + " worker(s): " + line));
        Results.note(String.format(Locale.ROOT, "P10 %d worker(s): worker CPU %.2f s = %.2f ms per fire; Postgres backends' CPU %.2f s = %.2f ms "
                        + "per fire, %.1f rows inserted and %.1f updated per fire; worker RSS %s MiB; load average %s",
                workerCount, cpuSeconds, cpuSeconds * 1000 / fires, postgresCpu, postgresCpu * 1000 / fires, inserted / fires, updated / fires,
                String.join(", ", workers.stream().map(w -> String.format(Locale.ROOT, "%.0f", w.rssMiB())).toList()),
                loadAverage()));
        Results.put(key + ".fires_per_s", perSecond);
        Results.put(key + ".committed_fires_per_s", committedPerSecond);
        Results.put(key + ".lag_p50_s", run.lagP50);
        Results.put(key + ".lag_p99_s", run.lagP99);
        Results.put(key + ".last_commit_s", run.allCommittedSeconds);
        Results.put(key + ".runs", fires);
        Results.put(key + ".missing", run.schedules - fires);
        Results.put(key + ".worker_cpu_ms_per_fire", cpuSeconds * 1000 / fires);
        Results.put(key + ".postgres_cpu_ms_per_fire", postgresCpu * 1000 / fires);
    }

    /**
     * CPU seconds so far of each Postgres backend serving this database, by pid, from /proc (the
     * benchmark runs on the database's machine; the workers' pools keep their connections, so the
     * same backends serve the whole wave). Empty when /proc cannot tell.
     */
    private static Map<Long, Double> backendCpu(Database db) {
        Map<Long, Double> cpu = new HashMap<>();
        for (String pid : db.texts("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            double seconds = Service.cpuSeconds(Long.parseLong(pid));
            if (seconds >= 0) { // else a backend that ended meanwhile, or Postgres on another machine
                cpu.put(Long.parseLong(pid), seconds);
            }
        }
        return cpu;
    }

    /** The machine's 1, 5 and 15 minute load averages: whether something else ran meanwhile. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "–";
        }
    }

    /** Rows inserted and rows updated in this database so far (Postgres publishes them with a short delay). */
    private static double[] postgresCounters(Database db) throws InterruptedException {
        Thread.sleep(1000);
        return db.numbers("SELECT tup_inserted, tup_updated FROM pg_stat_database WHERE datname = current_database()");
    }

    private Map<String, String> env(Database db, String prefix) throws IOException {
        Map<String, String> env = new HashMap<>();
        Path storage = Files.createDirectories(logDir.resolve("storage-" + prefix));
        env.putAll(Map.of(
                "OPAD_JWT_PRIVATE_KEY", requiredEnv("BENCH_JWT_PRIVATE_KEY"),
                "OPAD_JWT_PUBLIC_KEY", requiredEnv("BENCH_JWT_PUBLIC_KEY"),
                "OPAD_REDIS_URL", "redis://127.0.0.1:" + redisPort,
                "OPAD_DB_URL", db.jdbcUrl(),
                "OPAD_DB_USER", Database.USER,
                "OPAD_STORAGE_DIR", storage.toString(),
                "OPAD_QUEUE_PREFIX", prefix,
                // High, not off, so the scheduler's budget check still runs for every fire.
                "OPAD_DAILY_TOKEN_BUDGET", "1000000000000"));
        env.putAll(Map.of(
                "OPAD_MODEL_PROVIDER", "openai",
                "OPAD_OPENAI_BASE_URL", model.baseUrl(),
                "OPAD_OPENAI_API_KEY", "sk-bench",
                "OPAD_OPENAI_MODEL", "gpt-4o-mini"));
        return env;
    }

    private Service startWorker(Database db, String prefix, String id) throws IOException {
        Map<String, String> env = env(db, prefix);
        env.put("OPAD_WORKER_ID", id);
        env.put("OPAD_WORKER_CONCURRENCY", "1"); // the queued jobs wait; see the class comment
        for (String setting : System.getProperty("bench.p10.worker-env", "").trim().split("\\s+")) {
            int equals = setting.indexOf('=');
            if (equals > 0) {
                env.put(setting.substring(0, equals), setting.substring(equals + 1));
            }
        }
        return Service.start(id, "worker", env, logDir);
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set; run the benchmarks with bench/run-all.sh");
        }
        return value;
    }
}
