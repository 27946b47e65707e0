package dev.opad.worker.housekeeping;

import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.queue.JobQueue;
import dev.opad.queue.QueueKeys;
import dev.opad.queue.WorkerHeartbeat;
import dev.opad.queue.WorkerHeartbeats;
import dev.opad.worker.WorkerConfig;
import dev.opad.worker.job.RunningJobs;
import dev.opad.worker.job.WorkerIdentity;
import dev.opad.workers.WorkerRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What every worker does besides running jobs. Each task guards itself, so one failing (Redis or
 * Postgres away) never stops the others; the reaper and the reconciler take a short Redis lock so
 * that only one worker at a time does them.
 * <ul>
 *   <li>heartbeat: {@code opad:worker:<id>} with a TTL of three beats, and membership of {@code opad:workers};</li>
 *   <li>promotion: due retries move from the delayed set to the queue;</li>
 *   <li>reaper: the processing lists of workers without a heartbeat go back to the queue;</li>
 *   <li>reconciler: Postgres is compared with Redis, and what Redis lost is put back;</li>
 *   <li>registry: the worker's row in {@code workers} with every beat, for operators;</li>
 *   <li>retention: old history removed, one worker at a time ({@link Retention}).</li>
 * </ul>
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    private static final Duration PROMOTE_EVERY = Duration.ofMillis(500);
    private static final Duration RECONCILE_EVERY = Duration.ofSeconds(10);
    /** A just-committed job may not have reached Redis yet; leave it alone this long. */
    private static final Duration ENQUEUE_GRACE = Duration.ofSeconds(10);
    private static final int BATCH = 500;
    /** A minute after start, so that workers restarted by frequent deploys still get to it. */
    private static final Duration RETENTION_FIRST = Duration.ofMinutes(1);

    private final RedisDataSource redis;
    private final QueueKeys keys;
    private final JobQueue queue;
    private final WorkerHeartbeats heartbeats;
    private final Recovery recovery;
    private final RunningJobs running;
    private final WorkerConfig config;
    private final String workerId;
    private final String version;
    private final String host = WorkerIdentity.hostName();
    private final Instant startedAt = Instant.now();
    private final WorkerRegistry registry;
    private final Retention retention;
    private final RetentionConfig retentionConfig;
    private ScheduledExecutorService scheduler;

    public Housekeeping(RedisDataSource redis, QueueKeys keys, JobQueue queue, WorkerHeartbeats heartbeats,
                        Recovery recovery, RunningJobs running, WorkerConfig config, WorkerIdentity identity,
                        @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version,
                        WorkerRegistry registry, Retention retention, RetentionConfig retentionConfig) {
        this.registry = registry;
        this.retention = retention;
        this.retentionConfig = retentionConfig;
        this.redis = redis;
        this.keys = keys;
        this.queue = queue;
        this.heartbeats = heartbeats;
        this.recovery = recovery;
        this.running = running;
        this.config = config;
        this.workerId = identity.id();
        this.version = version;
    }

    void onStart(@Observes StartupEvent event) {
        scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("opad-housekeeping-", 0).daemon().factory());
        Duration beat = config.heartbeatInterval();
        every(Duration.ZERO, beat, "heartbeat", this::heartbeat);
        every(PROMOTE_EVERY, PROMOTE_EVERY, "promotion", () -> queue.promoteDue(BATCH));
        every(beat, beat, "reaper", this::reap);
        every(RECONCILE_EVERY, RECONCILE_EVERY, "reconciler", this::reconcile);
        every(Duration.ZERO, beat, "registry", this::register);
        every(RETENTION_FIRST, retentionConfig.interval(), "retention", this::retain);
    }

    void onStop(@Observes ShutdownEvent event) {
        scheduler.shutdownNow();
        try {
            heartbeats.stop(workerId);
        } catch (RuntimeException e) {
            LOG.debugf("heartbeat not removed: %s", e.getMessage());
        }
        try {
            registry.stopped(workerId);
        } catch (RuntimeException e) {
            LOG.debugf("registry not told of the stop: %s", e.getMessage());
        }
    }

    /** The registry's row: Postgres, apart from the Redis beat, so either failing leaves the other. */
    void register() {
        registry.beat(new WorkerRegistry.Beat(workerId, host, version, startedAt, config.heartbeatInterval(), running.done(),
                running.failed(), running.count(), config.concurrency()));
    }

    void retain() {
        if (lock("retention", retentionConfig.interval())) {
            retention.pass();
        }
    }

    void heartbeat() {
        heartbeats.beat(workerId, new WorkerHeartbeat(Instant.now(), running.count(), config.concurrency(), host, version),
                config.heartbeatInterval().multipliedBy(3));
    }

    /** Workers whose heartbeat expired: their ids go back to the queue, and they leave the registry. */
    void reap() {
        if (!lock("reaper", config.heartbeatInterval())) {
            return;
        }
        for (String worker : redis.set(String.class).smembers(keys.workers())) {
            if (worker.equals(workerId) || redis.key(String.class).exists(keys.worker(worker))) {
                continue;
            }
            List<String> ids = redis.list(String.class).lrange(keys.processing(worker), 0, -1);
            for (String id : ids) {
                LOG.infof("worker %s is dead; recovering job %s", worker, id);
                recovery.fromDeadWorker(worker, UUID.fromString(id));
            }
            if (redis.list(String.class).llen(keys.processing(worker)) == 0) {
                redis.set(String.class).srem(keys.workers(), worker);
            }
        }
    }

    /** Postgres is the truth: anything it has waiting or running that Redis does not know gets put back. */
    void reconcile() {
        if (!lock("reconciler", RECONCILE_EVERY)) {
            return;
        }
        Instant settled = Instant.now().minus(ENQUEUE_GRACE);
        for (UUID id : queue.untracked(ids(JobState.QUEUED, settled))) {
            LOG.infof("job %s is queued in Postgres but unknown to Redis; queueing it again", id);
            recovery.lostWaitingJob(id);
        }
        Map<UUID, JobEntity> retrying = new LinkedHashMap<>();
        jobs(JobState.RETRYING, settled).forEach(job -> retrying.put(job.id(), job));
        for (UUID id : queue.untracked(retrying.keySet())) {
            Instant due = retrying.get(id).nextAttemptAt();
            queue.schedule(id, due == null ? Instant.now() : due);
        }
        Instant leaseExpired = Instant.now().minus(config.leaseTtl());
        for (JobEntity job : jobs(JobState.RUNNING, leaseExpired)) {
            if (job.leaseToken() != null && !redis.key(String.class).exists(keys.lease(job.id()))) {
                LOG.infof("job %s runs without a lease; queueing it again", job.id());
                recovery.orphanedRunningJob(job.id(), job.leaseToken());
            }
        }
    }

    private static List<UUID> ids(JobState state, Instant before) {
        return jobs(state, before).stream().map(JobEntity::id).toList();
    }

    private static List<JobEntity> jobs(JobState state, Instant before) {
        return QuarkusTransaction.requiringNew().call(() -> JobEntity.<JobEntity>find(
                "status = ?1 and updatedAt < ?2 order by updatedAt", state, before).range(0, BATCH - 1).list());
    }

    private boolean lock(String task, Duration period) {
        var answer = redis.execute("SET", keys.lock(task), workerId, "NX", "PX",
                String.valueOf(Math.max(100, period.toMillis() - 100)));
        return answer != null && "OK".equals(answer.toString());
    }

    private void every(Duration delay, Duration period, String name, Runnable task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.debugf("%s skipped this round: %s", name, e.getMessage());
            }
        }, delay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }
}
