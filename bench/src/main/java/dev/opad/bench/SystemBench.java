package dev.opad.bench;

import io.quarkus.redis.datasource.RedisDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P2, P3, P4, P6 (opad's half), P7 and P8 against the real packaged services: the api and worker
 * fast-jars as processes, a private Redis, a throw-away database per phase, and {@link FakeModel}
 * in this process as the OpenAI-compatible model provider.
 *
 * <p>Usage: {@code SystemBench <redis-port> <log-dir> [phase ...]}, phases {@code a} (P6, P3, P2),
 * {@code b} (P4), {@code c} (P7, P8); all three by default. Every loop is bounded in count and time.
 */
public final class SystemBench {

    private static final Pattern RUNNING = Pattern.compile("\"running\":(\\d+)");

    private final int redisPort;
    private final Path logDir;
    private final Map<String, String> jwtKeys;
    private final RedisClients clients = new RedisClients();
    private final RedisDataSource redis;
    private final FakeModel model = new FakeModel();

    private SystemBench(int redisPort, Path logDir) {
        this.redisPort = redisPort;
        this.logDir = logDir;
        this.jwtKeys = Map.of("OPAD_JWT_PRIVATE_KEY", requiredEnv("BENCH_JWT_PRIVATE_KEY"),
                "OPAD_JWT_PUBLIC_KEY", requiredEnv("BENCH_JWT_PUBLIC_KEY"));
        this.redis = clients.dataSource("redis://127.0.0.1:" + redisPort, 4, 24, Duration.ofSeconds(10));
    }

    public static void main(String[] args) throws Exception {
        SystemBench bench = new SystemBench(Integer.parseInt(args[0]), Path.of(args[1]));
        List<String> phases = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("a", "b", "c");
        int failures = 0;
        for (String phase : phases) {
            try {
                switch (phase) {
                    case "a" -> bench.statusReadsAndFullPath();
                    case "b" -> {
                        // the goal's 1,000 in flight, then a concurrency this machine's CPU can carry (see BENCHMARKS.md)
                        bench.jobsInFlight(Integer.getInteger("bench.p4.concurrency", 1000), "p4.opad",
                                Duration.ofSeconds(Integer.getInteger("bench.p4.warmup", 45)));
                        bench.jobsInFlight(Integer.getInteger("bench.p4.sustainable", 150), "p4.sustainable",
                                Duration.ofSeconds(Integer.getInteger("bench.p4.sustainable.warmup", 15)));
                    }
                    case "c" -> bench.cancelAndDeadWorker();
                    case "m" -> bench.metricsCost();
                    default -> throw new IllegalArgumentException("unknown phase " + phase);
                }
            } catch (Exception e) {
                failures++;
                Results.note("phase " + phase + " failed: " + e);
                e.printStackTrace(System.out);
            }
        }
        bench.model.close();
        bench.clients.close();
        System.exit(failures == 0 ? 0 : 1);
    }

    // ---------------------------------------------------------------------------------------------
    // Phase a: P6 (bytes per queued job and status key), P3 (status reads), P2 (full path)
    // ---------------------------------------------------------------------------------------------

    private void statusReadsAndFullPath() throws Exception {
        String prefix = "bench-a";
        redis.execute("FLUSHALL");
        model.answerImmediately();
        try (Database db = Database.create("a"); Service api = startApi(db, prefix)) {
            Api client = new Api(api.baseUrl());
            List<String> tokens = users(client, 4);

            // P6 and P3 need queued jobs and no worker: the queue and the status keys as the api wrote them.
            int queued = 500;
            List<String[]> articles = createArticles(client, tokens, queued, "Energy prices");
            double memoryBefore = usedMemory();
            List<String[]> jobs = generateAll(client, articles);
            double memoryAfter = usedMemory();
            p6(prefix, jobs, memoryBefore, memoryAfter);
            p3(api, jobs);
            if (Boolean.getBoolean("bench.p2.skip")) {
                return; // -Dbench.p2.skip=true: P6 and P3 alone, e.g. while working on the status read
            }

            // P2: a worker drains what P3 left (reported as the drain rate), then the timed run.
            try (Service worker = startWorker(db, prefix, "bench-a-worker", Map.of())) {
                long drainStart = System.nanoTime();
                boolean drained = waitUntil(Duration.ofSeconds(120), Duration.ofMillis(200),
                        () -> db.number("SELECT count(*) FROM jobs WHERE status IN ('completed', 'failed')") >= queued);
                double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
                double failed = db.number("SELECT count(*) FROM jobs WHERE status = 'failed'");
                Results.note(String.format("P2 drain: %d queued jobs done in %.1f s%s, %.0f failed", queued, drainSeconds,
                        drained ? "" : " (time limit reached)", failed));
                Results.put("p2.drain.jobs_per_s", queued / drainSeconds);
                p2(db, api, worker, tokens);
            }
        }
    }

    private void p6(String prefix, List<String[]> jobs, double memoryBefore, double memoryAfter) {
        double queueBytes = redis.execute("MEMORY", "USAGE", prefix + ":jobs", "SAMPLES", "0").toLong();
        double statusBytes = 0;
        int sampled = Math.min(100, jobs.size());
        for (int i = 0; i < sampled; i++) {
            statusBytes += redis.execute("MEMORY", "USAGE", prefix + ":job:" + jobs.get(i)[1], "SAMPLES", "0").toLong();
        }
        String status = redis.execute("GET", prefix + ":job:" + jobs.get(0)[1]).toString();
        Results.note("P6 opad status key of a queued job (" + status.length() + " bytes of JSON): " + status);
        Results.put("p6.opad.queue_bytes_per_job", queueBytes / jobs.size());
        Results.put("p6.opad.status_key_bytes", statusBytes / sampled);
        Results.put("p6.opad.used_memory_per_job", (memoryAfter - memoryBefore) / jobs.size());
    }

    private void p3(Service api, List<String[]> jobs) throws Exception {
        Load run = statusReads(api, jobs, "P3");
        Results.put("p3.opad.req_per_s", run.perSecond());
        Results.put("p3.opad.p50_ms", run.latencies.quantileMs(0.5));
        Results.put("p3.opad.p99_ms", run.latencies.quantileMs(0.99));
        Results.put("p3.opad.errors", run.errors);
    }

    /** P3's load: a warm-up, then 10 s measured, 50 connections, each job read by its owner. */
    private Load statusReads(Service api, List<String[]> jobs, String label) throws Exception {
        return statusReads(api, jobs, label, Duration.ofSeconds(Integer.getInteger("bench.p3.warmup", 20)));
    }

    private Load statusReads(Service api, List<String[]> jobs, String label, Duration warmUpFor) throws Exception {
        int connections = 50;
        // job ids with their owner's token: a job is only visible to its owner
        List<byte[]> requests = new ArrayList<>();
        for (String[] job : jobs) {
            requests.add(RawHttp.request("GET", "/jobs/" + job[1], job[2], null));
        }
        ByteArrayOutputStream sample = new ByteArrayOutputStream();
        try (RawHttp one = new RawHttp(api.port)) {
            int status = one.exchange(requests.get(0), sample);
            if (status != 200) {
                throw new IllegalStateException("GET /jobs/{id} answered " + status + ": " + sample);
            }
        }
        Results.note(label + " answer (" + sample.size() + " bytes): " + sample.toString(StandardCharsets.UTF_8));
        // A long warm-up: a JVM service is measured warm, as it runs for days (at 4 s the JIT compiler
        // still took about 40 % of the api's CPU in the measured window).
        Load warmUp = load(api.port, connections, warmUpFor, 2_000_000,
                i -> requests.get(i % requests.size()));
        Results.note(String.format("%s warm-up: %.0f req/s", label, warmUp.perSecond()));
        Load run = load(api.port, connections, Duration.ofSeconds(10), 1_000_000, i -> requests.get(i % requests.size()));
        Results.note(String.format("%s: %d requests in %.1f s with %d connections = %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d not 200",
                label, run.requests, run.seconds, connections, run.perSecond(), run.latencies.quantileMs(0.5),
                run.latencies.quantileMs(0.99), run.errors));
        return run;
    }

    // ---------------------------------------------------------------------------------------------
    // Phase m: what metrics cost: P3 against an api with OPAD_METRICS_ENABLED true and one with false
    // ---------------------------------------------------------------------------------------------

    /**
     * Pairs of apis on the same database and Redis, one with metrics on and one with metrics off, each
     * pair started fresh for its round and scraped every 10 s as Prometheus would. Fresh pairs because
     * one process stays 10 % cheaper or dearer than another for its whole life (its JIT's choices and
     * where its heap landed): with a single pair that bias decided the ratio, 0.90× in one run and
     * 1.12× in the next (BENCHMARKS.md, PM). In each round both warm up, then P3's load (50
     * connections) goes to one at a time in blocks of a fixed number of requests, in the order first,
     * second, second, first (the api measured first was dearer, still compiling); which starts first
     * alternates between rounds. Per block the api's CPU time (utime + stime
     * from /proc, less its JIT compiler threads) ÷ requests, and its rate. CPU per request is the cost
     * itself and hardly depends on what else the 2 cores do; the rate moves by ±15 % with the machine's
     * other load. The table takes the median and the range over the rounds.
     */
    private void metricsCost() throws Exception {
        String prefix = "bench-m";
        redis.execute("FLUSHALL");
        int rounds = Integer.getInteger("bench.metrics.rounds", Integer.parseInt(System.getenv().getOrDefault("PM_PAIRS", "6")));
        int perBlock = Integer.getInteger("bench.metrics.requests", 100_000);
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("bench.metrics.warmup", 30));
        try (Database db = Database.create("m")) {
            // The jobs are made through a third api, so that the measured ones start alike: the api that
            // made them once came out ~10 % cheaper per request, metrics on or not (BENCHMARKS.md, PM).
            List<String[]> jobs;
            try (Service setUp = startApi(db, prefix, true)) {
                Api client = new Api(setUp.baseUrl());
                jobs = generateAll(client, createArticles(client, users(client, 4), 500, "Energy prices"));
            }
            List<byte[]> requests = new ArrayList<>();
            for (String[] job : jobs) {
                requests.add(RawHttp.request("GET", "/jobs/" + job[1], job[2], null));
            }
            for (int round = 0; round < rounds; round++) {
                measureMetricsCost(db, prefix, requests, round, perBlock, warmUp);
            }
        }
    }

    /** One round: a fresh pair, warmed, then one block each; even rounds start and measure "on" first. */
    private void measureMetricsCost(Database db, String prefix, List<byte[]> requests, int round, int perBlock,
                                    Duration warmUp) throws Exception {
        boolean onFirst = round % 2 == 0;
        try (Service first = startApi(db, prefix, onFirst); Service second = startApi(db, prefix, !onFirst)) {
            Service on = onFirst ? first : second;
            Service off = onFirst ? second : first;
            Thread scraper = Thread.ofPlatform().daemon().name("bench-scrape").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Service.status(on.managementPort, "/q/metrics");
                    Service.status(off.managementPort, "/q/metrics");
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                for (int half = 0; half < 2; half++) { // warm both, in turns
                    for (Service api : List.of(first, second)) {
                        Load warm = load(api.port, 50, warmUp.dividedBy(2), 10_000_000, i -> requests.get(i % requests.size()));
                        Results.note(String.format("PM P3 round %d, warm-up of %s: %.0f req/s, %d not 200", round + 1, api.name,
                                warm.perSecond(), warm.errors));
                    }
                }
                // first, second, second, first: what being measured earlier or later in a round does falls on both
                for (Service api : List.of(first, second, second, first)) {
                    String mode = api == on ? "on" : "off";
                    Service.CpuSnapshot cpuBefore = Service.CpuSnapshot.of(api.pid());
                    double allBefore = api.cpuSeconds();
                    Load block = load(api.port, 50, Duration.ofSeconds(60), perBlock, i -> requests.get(i % requests.size()));
                    double cpuMicros = cpuBefore.secondsSince() * 1e6 / block.requests;
                    double allMicros = (api.cpuSeconds() - allBefore) * 1e6 / block.requests;
                    Results.note(String.format("PM P3 round %d, metrics %s: %d requests, api CPU %.1f µs per request "
                                    + "(%.1f µs with the JIT compiler), %.0f req/s, p99 %.2f ms, %d not 200", round + 1, mode,
                            block.requests, cpuMicros, allMicros,
                            block.perSecond(), block.latencies.quantileMs(0.99), block.errors));
                    Results.put("p3.metrics_" + mode + ".cpu_us_per_req", cpuMicros);
                    Results.put("p3.metrics_" + mode + ".req_per_s", block.perSecond());
                    Results.put("p3.metrics_" + mode + ".p99_ms", block.latencies.quantileMs(0.99));
                }
            } finally {
                scraper.interrupt();
            }
        }
    }

    /**
     * P12, CPU per completed job over P2's run, per process: everything from the 2,000 generate requests to the last
     * job's completion, JIT compiling included (a worker compiles while it runs, as in production). The bench's own
     * polls of the database are in Postgres's share (one small query every 250 ms).
     */
    private static void p12(ProcessCpu cpu, double completed, double commits) {
        double jobs = Math.max(1, completed);
        Results.note(String.format("P12: CPU per completed job over P2's %.0f jobs: api %.2f ms, worker %.2f ms, Postgres %.2f ms,"
                        + " Redis %.2f ms, all %.2f ms; %.1f Postgres commits per job", completed, cpu.api() * 1000 / jobs,
                cpu.worker() * 1000 / jobs, cpu.postgres() * 1000 / jobs, cpu.redis() * 1000 / jobs, cpu.total() * 1000 / jobs,
                commits / jobs));
        Results.put("p12.api_ms", cpu.api() * 1000 / jobs);
        Results.put("p12.worker_ms", cpu.worker() * 1000 / jobs);
        Results.put("p12.postgres_ms", cpu.postgres() * 1000 / jobs);
        Results.put("p12.redis_ms", cpu.redis() * 1000 / jobs);
        Results.put("p12.total_ms", cpu.total() * 1000 / jobs);
    }

    /** The bench's redis-server, as it reports itself. */
    private long redisPid() {
        String info = redis.execute("INFO", "server").toString();
        return info.lines().filter(l -> l.startsWith("process_id:")).map(l -> Long.parseLong(l.substring(11).trim()))
                .findFirst().orElse(-1L);
    }

    private void p2(Database db, Service api, Service worker, List<String> tokens) throws Exception {
        int jobs = Integer.getInteger("bench.p2.jobs", 2000);
        int connections = 16;
        Duration limit = Duration.ofSeconds(Integer.getInteger("bench.p2.seconds", 45));
        List<String[]> articles = createArticles(new Api(api.baseUrl()), tokens, jobs, "Energy prices");
        List<byte[]> requests = articles.stream()
                .map(a -> RawHttp.request("POST", "/articles/" + a[0] + "/generate", a[2], "")).toList();
        double doneBefore = db.number("SELECT count(*) FROM jobs WHERE status IN ('completed', 'failed')");
        double commitsBefore = db.commits();
        long redisPid = redisPid();
        ProcessCpu cpuBefore = ProcessCpu.of(api, worker, redisPid);
        String startedAt = db.text("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')");
        long started = System.nanoTime();
        Load enqueue = load(api.port, connections, limit, jobs, requests::get);
        AtomicInteger polls = new AtomicInteger();
        boolean all = waitUntil(limit.plusSeconds(60), Duration.ofMillis(250), () -> {
            polls.incrementAndGet();
            return db.number("SELECT count(*) FROM jobs WHERE status IN ('completed', 'failed')") - doneBefore >= enqueue.ok;
        });
        double completed = db.number("SELECT count(*) FROM jobs WHERE status = 'completed' AND created_at >= '" + startedAt + "+00'");
        double failed = db.number("SELECT count(*) FROM jobs WHERE status = 'failed' AND created_at >= '" + startedAt + "+00'");
        double seconds = db.number("SELECT extract(epoch FROM max(finished_at) - '" + startedAt + "+00'::timestamptz) FROM jobs "
                + "WHERE created_at >= '" + startedAt + "+00' AND finished_at IS NOT NULL");
        ProcessCpu cpu = ProcessCpu.of(api, worker, redisPid).since(cpuBefore);
        Thread.sleep(1000); // Postgres publishes its commit counter with a short delay
        double commits = db.commits() - commitsBefore - polls.get() - 8; // minus this benchmark's own queries
        p12(cpu, completed, commits);
        double perSecond = completed / seconds;
        Results.note(String.format("P2: %d generate requests (%d accepted, %d refused) from %d connections in %.1f s; "
                        + "%.0f completed, %.0f failed, last one %.1f s after the first request = %.1f jobs/s%s; "
                        + "enqueue p50 %.1f ms, p99 %.1f ms; %.1f Postgres commits per job; worker RSS %.0f MiB",
                enqueue.requests, enqueue.ok, enqueue.errors, connections, enqueue.seconds, completed, failed, seconds,
                perSecond, all ? "" : " (time limit reached)", enqueue.latencies.quantileMs(0.5),
                enqueue.latencies.quantileMs(0.99), commits / Math.max(1, completed), worker.rssMiB()));
        Results.put("p2.opad.jobs_per_s", perSecond);
        Results.put("p2.opad.enqueue_per_s", enqueue.perSecond());
        Results.put("p2.opad.enqueue_p50_ms", enqueue.latencies.quantileMs(0.5));
        Results.put("p2.opad.enqueue_p99_ms", enqueue.latencies.quantileMs(0.99));
        Results.put("p2.opad.failed", failed + enqueue.errors);
        Results.put("p2.opad.commits_per_job", commits / Math.max(1, completed));
        Results.put("p2.opad.started_at_ns", started);
    }

    // ---------------------------------------------------------------------------------------------
    // Phase b: P4, one worker with a model answering in 2 s
    // ---------------------------------------------------------------------------------------------

    private void jobsInFlight(int concurrency, String key, Duration warmUp) throws Exception {
        String prefix = "bench-b" + concurrency;
        Duration latency = Duration.ofSeconds(2);
        int callsPerJob = 4; // research, write, review, glossary
        Duration window = Duration.ofSeconds(Integer.getInteger("bench.p4.window", 30));
        redis.execute("FLUSHALL");
        model.answerAfter(latency);
        try (Database db = Database.create("b" + concurrency); Service api = startApi(db, prefix)) {
            Api client = new Api(api.baseUrl());
            List<String> tokens = users(client, 8);
            List<String[]> articles = createArticles(client, tokens, concurrency + concurrency / 2, "Energy prices");
            try (Service worker = startWorker(db, prefix, prefix + "-worker",
                    Map.of("OPAD_WORKER_CONCURRENCY", String.valueOf(concurrency)))) {
                long end = System.nanoTime() + warmUp.plus(window).toNanos();
                Feeder feeder = new Feeder(api.port, db, articles, prefix + ":jobs", 200, end);
                Thread feeding = Thread.ofPlatform().name("p4-feeder").start(feeder);
                Thread.sleep(warmUp.toMillis());
                String windowStart = db.text("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')");
                List<Double> inFlight = new ArrayList<>();
                List<Double> modelCalls = new ArrayList<>();
                double maxRss = 0;
                long windowEnd = System.nanoTime() + window.toNanos();
                for (int second = 0; second < window.toSeconds() + 5 && System.nanoTime() < windowEnd; second++) {
                    inFlight.add(db.number("SELECT count(*) FROM jobs WHERE status = 'running'"));
                    modelCalls.add((double) model.inFlight());
                    maxRss = Math.max(maxRss, worker.rssMiB());
                    Thread.sleep(1000);
                }
                String heartbeat = String.valueOf(redis.execute("GET", prefix + ":worker:" + prefix + "-worker"));
                double completed = db.number("SELECT count(*) FROM jobs WHERE status = 'completed' AND finished_at >= '"
                        + windowStart + "+00' AND finished_at < '" + windowStart + "+00'::timestamptz + interval '"
                        + window.toSeconds() + " seconds'");
                double failed = db.number("SELECT count(*) FROM jobs WHERE status IN ('failed', 'retrying')");
                feeding.join(TimeUnit.SECONDS.toMillis(10));
                double throughput = completed / window.toSeconds();
                double limit = concurrency / (double) (callsPerJob * latency.toSeconds());
                double meanJobSeconds = db.number("SELECT avg(extract(epoch FROM finished_at - started_at)) FROM jobs "
                        + "WHERE status = 'completed' AND finished_at >= '" + windowStart + "+00'");
                Results.note(String.format("P4: concurrency %d, model %d ms per call x %d calls: in flight (running in Postgres) "
                                + "median %.0f, min %.0f; model calls in flight median %.0f; %.0f jobs completed in the %d s window = "
                                + "%.1f jobs/s of a %.1f jobs/s limit (%.1f %%); mean job %.2f s; worker RSS max %.0f MiB; "
                                + "%.0f failed or retrying; %d generate requests, %d refused; heartbeat %s",
                        concurrency, latency.toMillis(), callsPerJob, median(inFlight), Collections.min(inFlight),
                        median(modelCalls), completed, window.toSeconds(), throughput, limit, 100 * throughput / limit,
                        meanJobSeconds, maxRss, failed, feeder.sent.get(), feeder.refused.get(), heartbeat));
                Matcher running = RUNNING.matcher(heartbeat);
                Results.put(key + ".concurrency", concurrency);
                Results.put(key + ".in_flight", median(inFlight));
                Results.put(key + ".in_flight_min", Collections.min(inFlight));
                Results.put(key + ".jobs_per_s", throughput);
                Results.put(key + ".limit_jobs_per_s", limit);
                Results.put(key + ".mean_job_s", meanJobSeconds);
                Results.put(key + ".rss_mib", maxRss);
                Results.put(key + ".failed", failed);
                if (running.find()) {
                    Results.put(key + ".heartbeat_running", Double.parseDouble(running.group(1)));
                }
                worker.kill(); // a thousand held jobs would take the shutdown grace to hand back
            }
        }
    }

    /**
     * Keeps the queue topped up from a few connections: a generate request for a free article
     * whenever fewer than {@code backlog} ids wait in Redis. An article is free again once its job
     * has finished (read from Postgres twice a second), so no request is refused for an active job.
     */
    private final class Feeder implements Runnable {
        private final int port;
        private final Database db;
        private final List<String[]> articles;
        private final String queueKey;
        private final int backlog;
        private final long end;
        private final java.util.concurrent.BlockingQueue<Integer> free = new java.util.concurrent.LinkedBlockingQueue<>();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong refused = new AtomicLong();

        Feeder(int port, Database db, List<String[]> articles, String queueKey, int backlog, long end) {
            this.port = port;
            this.db = db;
            this.articles = articles;
            this.queueKey = queueKey;
            this.backlog = backlog;
            this.end = end;
            for (int i = 0; i < articles.size(); i++) {
                free.add(i);
            }
        }

        @Override
        public void run() {
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                threads.submit(this::release);
                for (int c = 0; c < 8; c++) {
                    threads.submit(this::feed);
                }
            }
        }

        private Void feed() {
            try (RawHttp http = new RawHttp(port)) {
                while (System.nanoTime() < end && sent.get() < 1_000_000) {
                    if (redis.list(String.class).llen(queueKey) >= backlog) {
                        Thread.sleep(20);
                        continue;
                    }
                    Integer article = free.poll(100, TimeUnit.MILLISECONDS);
                    if (article == null) {
                        continue;
                    }
                    String[] a = articles.get(article);
                    int status = http.exchange(RawHttp.request("POST", "/articles/" + a[0] + "/generate", a[2], ""));
                    sent.incrementAndGet();
                    if (status != 202) {
                        refused.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                Results.note("P4 feeder stopped: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        /** Articles whose job finished are free for the next one. */
        private Void release() throws InterruptedException {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < articles.size(); i++) {
                index.put(articles.get(i)[0], i);
            }
            String since = db.text("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')");
            while (System.nanoTime() < end) {
                Thread.sleep(500);
                String now = db.text("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')");
                for (String id : db.texts("SELECT article_id FROM jobs WHERE finished_at >= '" + since
                        + "+00' AND finished_at < '" + now + "+00'")) {
                    Integer i = index.get(id);
                    if (i != null) {
                        free.add(i);
                    }
                }
                since = now;
            }
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Phase c: P7 (cancel → model call aborted) and P8 (worker SIGKILLed → job back in the queue)
    // ---------------------------------------------------------------------------------------------

    private void cancelAndDeadWorker() throws Exception {
        String prefix = "bench-c";
        redis.execute("FLUSHALL");
        model.holdAnswers();
        try (Database db = Database.create("c"); Service api = startApi(db, prefix)) {
            Api client = new Api(api.baseUrl());
            String token = users(client, 1).get(0);
            try (Service worker = startWorker(db, prefix, "bench-c-worker", Map.of())) {
                p7(client, token);
            }
            p8(db, client, token, prefix);
        }
    }

    private void p7(Api client, String token) throws Exception {
        int rounds = Integer.getInteger("bench.p7.rounds", 40);
        Latencies aborted = new Latencies(rounds);
        Latencies cancelled = new Latencies(rounds);
        int missed = 0;
        for (int round = 0; round < rounds; round++) {
            String article = client.createArticle(token, "Cancel probe " + round);
            String job = client.generate(token, article);
            if (!waitUntil(Duration.ofSeconds(10), Duration.ofMillis(1), () -> model.inFlight() == 1)) {
                throw new IllegalStateException("P7: the model call of job " + job + " did not arrive");
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(50, 150)); // the call is under way, not just arriving
            model.forgetHangUps();
            long asked = System.nanoTime();
            int status = client.cancel(token, job);
            long hungUp = model.nextHangUp(Duration.ofSeconds(10));
            if (status != 202 || hungUp < 0) {
                missed++;
                Results.note("P7 round " + round + ": cancel answered " + status + ", model call "
                        + (hungUp < 0 ? "not aborted within 10 s" : "aborted"));
            } else {
                aborted.add(hungUp - asked);
            }
            boolean settled = waitUntil(Duration.ofSeconds(10), Duration.ofMillis(2),
                    () -> "cancelled".equals(client.job(token, job).path("status").asText()));
            if (settled) {
                cancelled.add(System.nanoTime() - asked);
            }
            waitUntil(Duration.ofSeconds(10), Duration.ofMillis(5), () -> model.inFlight() == 0);
        }
        Results.note(String.format("P7: %d cancels of a running job: model call aborted after p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                        + "status 'cancelled' visible after p50 %.1f ms, p99 %.1f ms; %d missed",
                aborted.count(), aborted.quantileMs(0.5), aborted.quantileMs(0.99), aborted.quantileMs(1.0),
                cancelled.quantileMs(0.5), cancelled.quantileMs(0.99), missed));
        Results.put("p7.opad.abort_p50_ms", aborted.quantileMs(0.5));
        Results.put("p7.opad.abort_p99_ms", aborted.quantileMs(0.99));
        Results.put("p7.opad.cancelled_p99_ms", cancelled.quantileMs(0.99));
        Results.put("p7.opad.missed", missed);
    }

    private void p8(Database db, Api client, String token, String prefix) throws Exception {
        int rounds = Integer.getInteger("bench.p8.rounds", 3);
        List<Double> requeued = new ArrayList<>();
        List<Double> restarted = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            String victimId = "bench-victim-" + round;
            String article = client.createArticle(token, "Kill probe " + round);
            String job;
            try (Service victim = startWorker(db, prefix, victimId, Map.of())) {
                job = client.generate(token, article);
                String jobId = job;
                if (!waitUntil(Duration.ofSeconds(10), Duration.ofMillis(10), () -> victimId.equals(
                        db.text("SELECT worker_id FROM jobs WHERE id = '" + jobId + "' AND status = 'running'")))) {
                    throw new IllegalStateException("P8: job " + job + " did not start on " + victimId);
                }
                try (Service survivor = startWorker(db, prefix, "bench-survivor-" + round,
                        Map.of("OPAD_WORKER_SHUTDOWN_GRACE", "1s"))) {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 5000)); // anywhere in the heartbeat period
                    double killedAt = System.currentTimeMillis() / 1000.0;
                    victim.kill();
                    String requeuedAt = "SELECT extract(epoch FROM occurred_at) FROM job_events WHERE job_id = '" + job
                            + "' AND type = 'job.requeued' ORDER BY occurred_at LIMIT 1";
                    String restartedAt = "SELECT extract(epoch FROM occurred_at) FROM job_events WHERE job_id = '" + job
                            + "' AND type = 'job.started' AND attempt = 2 LIMIT 1";
                    boolean back = waitUntil(Duration.ofSeconds(90), Duration.ofMillis(100),
                            () -> db.text(restartedAt) != null);
                    if (!back) {
                        Results.note("P8 round " + round + ": job " + job + " not running again within 90 s");
                        continue;
                    }
                    double requeue = Double.parseDouble(db.text(requeuedAt)) - killedAt;
                    double restart = Double.parseDouble(db.text(restartedAt)) - killedAt;
                    requeued.add(requeue);
                    restarted.add(restart);
                    Results.note(String.format("P8 round %d: job back in the queue %.1f s after SIGKILL, running again on "
                            + "the survivor after %.1f s", round, requeue, restart));
                    client.cancel(token, job);
                }
            }
        }
        if (!requeued.isEmpty()) {
            Results.put("p8.opad.requeued_median_s", median(requeued));
            Results.put("p8.opad.requeued_max_s", Collections.max(requeued));
            Results.put("p8.opad.restarted_max_s", Collections.max(restarted));
        }
        Results.put("p8.opad.missed", rounds - requeued.size());
    }

    // ---------------------------------------------------------------------------------------------
    // Services, users, articles, load
    // ---------------------------------------------------------------------------------------------

    private Map<String, String> env(Database db, String prefix) throws IOException {
        Map<String, String> env = new HashMap<>(jwtKeys);
        Path storage = Files.createDirectories(logDir.resolve("storage-" + prefix));
        env.putAll(Map.of(
                "OPAD_REDIS_URL", "redis://127.0.0.1:" + redisPort,
                "OPAD_DB_URL", db.jdbcUrl(),
                "OPAD_DB_USER", Database.USER,
                "OPAD_STORAGE_DIR", storage.toString(),
                "OPAD_QUEUE_PREFIX", prefix,
                // Benchmarks start thousands of jobs per user: limits up, not off, so their checks still run.
                "OPAD_RATE_GENERATE_PER_HOUR", "100000000",
                "OPAD_DAILY_TOKEN_BUDGET", "1000000000000"));
        env.putAll(Map.of(
                "OPAD_MODEL_PROVIDER", "openai",
                "OPAD_OPENAI_BASE_URL", model.baseUrl(),
                "OPAD_OPENAI_API_KEY", "sk-bench",
                "OPAD_OPENAI_MODEL", "gpt-4o-mini",
                "OPAD_DEMO_DELAY", "0s"));
        // Every bench user signs up and logs in from loopback; the sign-up limit per address is for strangers.
        env.put("OPAD_AUTH_REGISTER_PER_ADDRESS", "100000");
        return env;
    }

    private Service startApi(Database db, String prefix) throws IOException {
        return startApi(db, prefix, true);
    }

    private Service startApi(Database db, String prefix, boolean metrics) throws IOException {
        Map<String, String> env = env(db, prefix);
        env.put("OPAD_METRICS_ENABLED", Boolean.toString(metrics));
        return Service.start(prefix + "-api", "api", env, logDir);
    }

    private Service startWorker(Database db, String prefix, String id, Map<String, String> settings) throws IOException {
        Map<String, String> env = env(db, prefix);
        env.put("OPAD_WORKER_ID", id);
        env.putAll(settings);
        return Service.start(id, "worker", env, logDir);
    }

    /** Registers users (each registration hashes a password with Argon2id, so only a few). */
    private static List<String> users(Api client, int count) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add(client.newUser());
        }
        return tokens;
    }

    /** Creates articles spread over the users; each entry is {article id, null, token}. */
    private static List<String[]> createArticles(Api client, List<String> tokens, int count, String topic) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String[]>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String token = tokens.get(i % tokens.size());
                created.add(pool.submit(() -> new String[] {client.createArticle(token, topic), null, token}));
            }
            List<String[]> articles = new ArrayList<>();
            for (Future<String[]> article : created) {
                articles.add(article.get(60, TimeUnit.SECONDS));
            }
            return articles;
        }
    }

    /** Generates a job for each article; each entry becomes {article id, job id, token}. */
    private static List<String[]> generateAll(Api client, List<String[]> articles) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String[]>> jobs = new ArrayList<>();
            for (String[] article : articles) {
                jobs.add(pool.submit(() -> new String[] {article[0], client.generate(article[2], article[0]), article[2]}));
            }
            List<String[]> all = new ArrayList<>();
            for (Future<String[]> job : jobs) {
                all.add(job.get(60, TimeUnit.SECONDS));
            }
            return all;
        }
    }

    private double usedMemory() {
        String info = redis.execute("INFO", "memory").toString();
        Matcher used = Pattern.compile("used_memory:(\\d+)").matcher(info);
        return used.find() ? Double.parseDouble(used.group(1)) : Double.NaN;
    }

    /** What a closed-loop load run saw. */
    record Load(long requests, long ok, long errors, double seconds, Latencies latencies) {
        double perSecond() {
            return requests / seconds;
        }
    }

    /**
     * {@code connections} keep-alive connections, each sending the next request as soon as the last
     * answer is in, until {@code maxRequests} were sent or {@code limit} passed. 2xx counts as ok.
     */
    private static Load load(int port, int connections, Duration limit, int maxRequests,
                             java.util.function.IntFunction<byte[]> request) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Latencies latencies = new Latencies(Math.min(maxRequests, 2_000_000));
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + limit.toNanos();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                pool.submit(() -> {
                    try (RawHttp http = new RawHttp(port)) {
                        int i;
                        while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < maxRequests) {
                            long sent = System.nanoTime();
                            int status = http.exchange(request.apply(i));
                            latencies.add(System.nanoTime() - sent);
                            if (status >= 200 && status < 300) {
                                ok.incrementAndGet();
                            } else if (errors.incrementAndGet() <= 3) {
                                problems.add("status " + status);
                            }
                        }
                    } catch (IOException e) {
                        problems.add(e.toString());
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        problems.forEach(p -> Results.note("load: " + p));
        return new Load(ok.get() + errors.get(), ok.get(), errors.get(), seconds, latencies);
    }

    private static boolean waitUntil(Duration limit, Duration every, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(every);
        }
        return condition.getAsBoolean();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get((sorted.size() - 1) / 2);
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set; run the benchmarks with bench/run-all.sh");
        }
        return value;
    }
}
