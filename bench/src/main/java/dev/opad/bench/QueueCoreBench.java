package dev.opad.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.opad.job.JobState;
import dev.opad.job.JobStatusView;
import dev.opad.metrics.JobMetrics;
import dev.opad.queue.JobQueue;
import dev.opad.queue.JobStatusCache;
import dev.opad.queue.QueueConfig;
import dev.opad.queue.QueueKeys;
import dev.opad.worker.WorkerConfig;
import dev.opad.worker.job.BenchTaking;
import dev.opad.worker.job.JobLeases;
import dev.opad.worker.job.JobRunner;
import dev.opad.worker.job.JobTaker;
import dev.opad.worker.job.Lease;
import dev.opad.worker.job.RunningJobs;
import dev.opad.worker.job.WorkerIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.micrometer.runtime.binder.redis.RedisMetricsBean;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.runtime.client.ObservableRedisMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P1: the queue core with no-op jobs, opad's own classes driven outside CDI. Per job:
 * <ul>
 *   <li>enqueue as the api does it: {@link JobQueue#push(JobStatusView)} (the id and its queued status, one script);</li>
 *   <li>the real {@link JobTaker} loop: while slots are free, {@link JobLeases#take} moves a batch of ids
 *       into the processing list and leases each (one script; BLMOVE first when the queue was drained),
 *       then the runner on a virtual thread;</li>
 *   <li>the runner does no work: one status write under the lease ({@link JobLeases#putStatus}, running)
 *       and the settle script ({@link JobLeases#settleDone}: status completed, lease deleted, id off the
 *       processing list, cancel flag cleared).</li>
 * </ul>
 * Postgres is not involved: this is the Redis half only, what BullMQ is. The worker side uses the
 * worker's Redis pool settings (16 connections, as many waiting as slots), the producers a pool with
 * a connection for each of them.
 *
 * <p>Usage: {@code QueueCoreBench <redis-uri> <concurrency> <jobs> <max-seconds> [on|off|alternate [rounds]]}. C producer threads
 * enqueue while the taker runs up to C jobs at once; a warm-up round of a fifth of the jobs goes first.
 * With {@code on} or {@code off} (row PM, what metrics cost) the runner also records what the worker
 * records per job — its wait, its run and its end ({@link JobMetrics}) — into a Prometheus registry
 * scraped every second ({@code on}), or into one that denies every meter, as {@code OPAD_METRICS_ENABLED=false}
 * does ({@code off}); in both modes every Redis command is also reported as Quarkus's Redis binder reports it in
 * the services. The figures go under {@code p1.metrics_on|off}, with this process's CPU time per job (the whole
 * queue core runs in it; its JIT compiler threads left out) beside the rate.
 */
public final class QueueCoreBench {

    /** The PM mode that alternates on and off blocks in this one JVM ({@link #alternating}). */
    private static final String ALTERNATE = "alternate";

    private QueueCoreBench() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        int concurrency = Integer.parseInt(args[1]);
        int jobs = Integer.parseInt(args[2]);
        int maxSeconds = Integer.parseInt(args[3]);
        String prefix = "bench-p1-c" + concurrency + "-" + UUID.randomUUID().toString().substring(0, 8);
        String metricsMode = args.length > 4 ? args[4] : null;
        boolean alternate = ALTERNATE.equals(metricsMode);
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        // "alternate": the meters on the global composite, whose one member, a scraped Prometheus registry, is
        // added for an "on" block and removed for an "off" one (a composite without members records nothing)
        PrometheusMeterRegistry switched = alternate ? scrapedPrometheus() : null;
        MeterRegistry meters = alternate ? Metrics.globalRegistry : registry(metricsMode);
        JobMetrics metrics = metricsMode == null ? null : new JobMetrics(meters);
        // Quarkus's Redis binder reports every command to the global registry, which Quarkus makes the
        // composite of its own registries: the same here, with the on or off registry as its one member.
        ObservableRedisMetrics redisMetrics = null;
        if (meters != null) {
            if (!alternate) {
                Metrics.addRegistry(meters);
            }
            redisMetrics = new RedisMetricsBean();
        }

        try (RedisClients clients = new RedisClients()) {
            // as worker/src/main/resources/application.properties: 16 connections, as many waiting as slots
            // (-Dbench.p1.poolWaiting=24 reproduces the setting before issue 7)
            RedisDataSource workerRedis = clients.dataSource(uri, 16,
                    Integer.getInteger("bench.p1.poolWaiting", concurrency), Duration.ofSeconds(5), redisMetrics);
            // the producers stand for many api requests at once: a connection each
            RedisDataSource apiRedis = clients.dataSource(uri, Math.max(6, concurrency), 24, Duration.ofSeconds(3), redisMetrics);
            QueueConfig queueConfig = Configs.of(QueueConfig.class,
                    Map.of("keyPrefix", prefix, "statusTtl", Duration.ofHours(24)));
            WorkerConfig.Retry retry = Configs.of(WorkerConfig.Retry.class,
                    Map.of("base", Duration.ofSeconds(2), "cap", Duration.ofMinutes(5)));
            WorkerConfig workerConfig = Configs.of(WorkerConfig.class, Map.of(
                    "id", Optional.of("bench-worker"),
                    "concurrency", concurrency,
                    "leaseTtl", Duration.ofSeconds(30),
                    "heartbeatInterval", Duration.ofSeconds(5),
                    "retry", retry,
                    "pollTimeout", Duration.ofSeconds(2),
                    "shutdownGrace", Duration.ofSeconds(25)));
            QueueKeys keys = new QueueKeys(queueConfig);
            ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

            JobStatusCache apiStatuses = new JobStatusCache(apiRedis, keys, queueConfig, json);
            JobQueue apiQueue = new JobQueue(apiRedis, keys, apiStatuses);
            JobStatusCache workerStatuses = new JobStatusCache(workerRedis, keys, queueConfig, json);
            JobLeases leases = new JobLeases(workerRedis, keys, queueConfig, workerStatuses, workerConfig);
            WorkerIdentity identity = new WorkerIdentity(workerConfig);
            NoOpRunner runner = new NoOpRunner(leases, identity.id(), metrics);
            JobTaker taker = new JobTaker(new JobQueue(workerRedis, keys, workerStatuses), runner, leases, new RunningJobs(), workerConfig,
                    identity);
            // Both clients' first use initialises Mutiny's context propagation; two threads doing it
            // at once outside Quarkus fail one command ("ContextManagerProvider already set").
            workerRedis.execute("PING");
            apiRedis.execute("PING");
            BenchTaking.start(taker);
            try {
                if (alternate) {
                    alternating(apiQueue, runner, switched, concurrency, jobs, maxSeconds, rounds);
                } else {
                    round(apiQueue, runner, concurrency, Math.max(1, jobs / 5), maxSeconds, null);
                    round(apiQueue, runner, concurrency, jobs, maxSeconds,
                            (metricsMode == null ? "p1.opad.c" : "p1.metrics_" + metricsMode + ".c") + concurrency);
                }
            } finally {
                BenchTaking.stop(taker);
            }
            long left = apiQueue.depth() + workerRedis.list(String.class).llen(keys.processing(identity.id()));
            if (left != 0) {
                Results.note("P1 opad: " + left + " ids left in the queue or processing list");
            }
        }
        System.exit(0); // Vert.x and the taker's executor keep non-daemon threads
    }

    /**
     * Row PM in one warmed JVM: a warm-up round with metrics on, then {@code rounds} rounds of four blocks of
     * {@code jobs} jobs, on, off, off, on in even rounds and off, on, on, off in odd ones, so that the machine's
     * drift and the process's own JIT state fall on both sides (separate JVMs per mode differed by ±20 %).
     */
    private static void alternating(JobQueue queue, NoOpRunner runner, PrometheusMeterRegistry switched, int concurrency,
                                    int jobs, int maxSeconds, int rounds) throws InterruptedException {
        Metrics.addRegistry(switched);
        round(queue, runner, concurrency, jobs, maxSeconds, null);
        for (int r = 0; r < rounds; r++) {
            boolean[] order = r % 2 == 0 ? new boolean[] {true, false, false, true} : new boolean[] {false, true, true, false};
            for (boolean on : order) {
                if (on) {
                    Metrics.addRegistry(switched);
                } else {
                    Metrics.removeRegistry(switched);
                }
                round(queue, runner, concurrency, jobs, maxSeconds, "p1.metrics_" + (on ? "on" : "off") + ".c" + concurrency);
            }
        }
    }

    /** No registry without a mode; a scraped Prometheus registry for "on"; one denying every meter for "off". */
    private static MeterRegistry registry(String mode) {
        if (mode == null) {
            return null;
        }
        if (mode.equals("off")) {
            SimpleMeterRegistry denied = new SimpleMeterRegistry();
            denied.config().meterFilter(MeterFilter.deny());
            return denied;
        }
        if (!mode.equals("on")) {
            throw new IllegalArgumentException("metrics mode is on or off, not " + mode);
        }
        return scrapedPrometheus();
    }

    /** A Prometheus registry scraped every second, as Prometheus scrapes a service. */
    private static PrometheusMeterRegistry scrapedPrometheus() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Thread.ofPlatform().daemon().name("bench-scrape").start(() -> {
            while (true) {
                prometheus.scrape();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return prometheus;
    }

    private static void round(JobQueue queue, NoOpRunner runner, int concurrency, int jobs,
                              int maxSeconds, String key) throws InterruptedException {
        CountDownLatch done = runner.expect(jobs);
        AtomicInteger next = new AtomicInteger();
        AtomicLong enqueueErrors = new AtomicLong();
        UUID articleId = UUID.randomUUID();
        UUID userId = UUID.randomUUID();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        Service.CpuSnapshot cpuBefore = Service.CpuSnapshot.of(ProcessHandle.current().pid());
        long started = System.nanoTime();
        Thread[] producers = new Thread[concurrency];
        for (int p = 0; p < concurrency; p++) {
            producers[p] = Thread.ofVirtual().start(() -> {
                while (next.getAndIncrement() < jobs && System.nanoTime() < deadline) {
                    UUID id = UUID.randomUUID();
                    try {
                        queue.push(NoOpRunner.view(id, articleId, userId, JobState.QUEUED, 0, null,
                                "Waiting for a worker", 0, 1));
                    } catch (RuntimeException e) {
                        if (enqueueErrors.incrementAndGet() <= 3) {
                            Results.note("P1 opad: enqueue error: " + e);
                        }
                    }
                }
            });
        }
        boolean all = done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        // Up to the last completion: a job lost to an error must not count the wait for it.
        long elapsed = runner.lastCompletion() - started;
        for (Thread producer : producers) {
            producer.join();
        }
        long completed = jobs - done.getCount();
        // this process is the whole queue core: producers, taker, runners, the Redis clients' event loops
        double cpuMicros = cpuBefore.secondsSince() * 1e6 / Math.max(1, completed);
        double perSecond = completed / (elapsed / 1e9);
        Results.note(String.format("P1 opad c=%d: %d of %d jobs in %.2f s = %.0f jobs/s%s, %.1f µs of CPU per job "
                        + "(enqueue errors %d, job errors %d)", concurrency, completed, jobs, elapsed / 1e9, perSecond,
                all ? "" : " (time limit reached)", cpuMicros, enqueueErrors.get(), runner.errors()));
        if (key != null) {
            Results.put(key + ".jobs_per_s", perSecond);
            Results.put(key + ".cpu_us_per_job", cpuMicros);
            Results.put(key + ".errors", enqueueErrors.get() + runner.errors());
        }
        runner.expect(0);
    }

    /** The runner of a job that does nothing: one progress write under the lease, then the settle script. */
    static final class NoOpRunner extends JobRunner {

        private final JobLeases leases;
        private final String workerId;
        private final AtomicLong errors = new AtomicLong();
        private volatile CountDownLatch done = new CountDownLatch(0);
        private volatile long lastCompletion;

        private final JobMetrics metrics;

        NoOpRunner(JobLeases leases, String workerId, JobMetrics metrics) {
            super(null, null, null, null, null, null, null, null);
            this.leases = leases;
            this.workerId = workerId;
            this.metrics = metrics;
        }

        CountDownLatch expect(int jobs) {
            done = new CountDownLatch(jobs);
            return done;
        }

        long errors() {
            return errors.get();
        }

        long lastCompletion() {
            return lastCompletion;
        }

        @Override
        public Outcome run(Lease lease) {
            UUID articleId = UUID.randomUUID();
            UUID userId = UUID.randomUUID();
            long started = System.nanoTime();
            if (metrics != null) {
                metrics.waited(java.time.Duration.ofMillis(1)); // the worker reads the wait off the job's row
            }
            try {
                leases.putStatus(lease, view(lease.jobId(), articleId, userId, JobState.RUNNING, 5, "researching",
                        "Gathering facts for the topic", 1, 2));
                leases.settleDone(workerId, lease, view(lease.jobId(), articleId, userId, JobState.COMPLETED, 100, null,
                        "Article ready", 1, 3));
                if (metrics != null) {
                    metrics.finished(JobState.COMPLETED);
                    metrics.ran(JobMetrics.AttemptOutcome.COMPLETED, java.time.Duration.ofNanos(System.nanoTime() - started));
                }
                lastCompletion = System.nanoTime();
                done.countDown();
                return Outcome.SETTLED;
            } catch (RuntimeException e) {
                if (errors.incrementAndGet() <= 3) {
                    Results.note("P1 opad: job error: " + e);
                }
                done.countDown();
                throw e;
            }
        }

        static JobStatusView view(UUID id, UUID articleId, UUID userId, JobState state, int progress, String stage,
                                  String message, int attempt, long version) {
            Instant now = Instant.now();
            return new JobStatusView(id, articleId, userId, state, progress, stage, message, null, attempt, 3, null,
                    version, now, now);
        }
    }
}
