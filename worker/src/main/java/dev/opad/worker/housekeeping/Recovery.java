package dev.opad.worker.housekeeping;

import dev.opad.job.JobEntity;
import dev.opad.schedule.ScheduleRuns;
import dev.opad.webhook.WebhookOutbox;
import dev.opad.job.JobEventEntity;
import dev.opad.job.JobEventType;
import dev.opad.job.JobState;
import dev.opad.job.JobStatusView;
import dev.opad.metrics.JobMetrics;
import dev.opad.queue.JobStatusCache;
import dev.opad.queue.LuaScript;
import dev.opad.queue.QueueConfig;
import dev.opad.queue.QueueKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Puts jobs whose attempt is gone back in the queue. Postgres decides first, under the row lock
 * and on the stale attempt's lease token, so a worker that is merely slow (not dead) loses its
 * lease instead of running alongside the new attempt: its next write is refused.
 */
@ApplicationScoped
public class Recovery {

    /** KEYS: list the id sits in (or ''), queue, lease, status. ARGV: id, requeue 1/0, status json, version, ttl, status channel. */
    private static final LuaScript MOVE_BACK = new LuaScript(JobStatusCache.PUT_STATUS_FUNCTION + """
            if KEYS[1] ~= '' then redis.call('LREM', KEYS[1], 0, ARGV[1]) end
            if ARGV[2] == '1' then
              redis.call('DEL', KEYS[3])
              redis.call('LREM', KEYS[2], 0, ARGV[1])
              redis.call('RPUSH', KEYS[2], ARGV[1])
            end
            if ARGV[3] ~= '' then put_status(KEYS[4], ARGV[3], ARGV[4], ARGV[5], ARGV[6]) end
            return 1
            """);

    static final String SOURCE = "opad-worker/housekeeping";

    private final RedisDataSource redis;
    private final QueueKeys keys;
    private final QueueConfig queueConfig;
    private final JobStatusCache statuses;
    private final JobMetrics metrics;

    public Recovery(RedisDataSource redis, QueueKeys keys, QueueConfig queueConfig, JobStatusCache statuses,
                    JobMetrics metrics) {
        this.metrics = metrics;
        this.redis = redis;
        this.keys = keys;
        this.queueConfig = queueConfig;
        this.statuses = statuses;
    }

    /** A dead worker held this id: requeue the job if that worker was running it, then clear the id from its list. */
    public void fromDeadWorker(String deadWorker, UUID jobId) {
        Optional<JobStatusView> requeued = requeueIf(jobId, job -> job.status() == JobState.RUNNING
                && deadWorker.equals(job.workerId()), "Worker " + deadWorker + " stopped; the job waits for another worker");
        boolean waiting = requeued.isPresent() || state(jobId).map(s -> s == JobState.QUEUED).orElse(false);
        moveBack(keys.processing(deadWorker), jobId, waiting, requeued);
    }

    /** A running job whose lease vanished (Redis lost it, or the worker died unseen) goes back to the queue. */
    public void orphanedRunningJob(UUID jobId, UUID staleToken) {
        requeueIf(jobId, job -> job.status() == JobState.RUNNING && job.holdsLease(staleToken),
                "Its worker's lease vanished; the job waits for another worker")
                .ifPresent(view -> moveBack("", jobId, true, Optional.of(view)));
    }

    /** A waiting job Redis does not know about (the push failed, or Redis lost its data). */
    public void lostWaitingJob(UUID jobId) {
        Optional<JobStatusView> view = QuarkusTransaction.requiringNew().call(() -> JobEntity.<JobEntity>findByIdOptional(jobId)
                .filter(job -> job.status() == JobState.QUEUED).map(JobEntity::toStatusView));
        view.ifPresent(v -> moveBack("", jobId, true, view));
    }

    /** Requeues the job when {@code condition} holds under its row lock; counted as a recovery once committed. */
    private Optional<JobStatusView> requeueIf(UUID jobId, java.util.function.Predicate<JobEntity> condition, String why) {
        Optional<JobStatusView> requeued = QuarkusTransaction.requiringNew().call(() -> {
            Optional<JobEntity> found = JobEntity.<JobEntity>findByIdOptional(jobId, LockModeType.PESSIMISTIC_WRITE)
                    .filter(condition);
            found.ifPresent(job -> {
                job.requeue(why);
                ScheduleRuns.jobChanged(job);
                WebhookOutbox.jobChanged(job);
                JobEventEntity.record(job, SOURCE, JobEventType.REQUEUED, Map.of("reason", why));
                JobEntity.flush();
            });
            return found.map(JobEntity::toStatusView);
        });
        requeued.ifPresent(view -> metrics.recovered(1));
        return requeued;
    }

    private static Optional<JobState> state(UUID jobId) {
        return QuarkusTransaction.requiringNew().call(() -> JobEntity.<JobEntity>findByIdOptional(jobId).map(JobEntity::status));
    }

    private void moveBack(String fromList, UUID jobId, boolean requeue, Optional<JobStatusView> view) {
        MOVE_BACK.run(redis, 4, fromList, keys.jobs(), keys.lease(jobId), keys.status(jobId),
                jobId.toString(), requeue ? "1" : "0", view.map(statuses::toJson).orElse(""),
                String.valueOf(view.map(JobStatusView::version).orElse(0L)),
                String.valueOf(queueConfig.statusTtl().toSeconds()), keys.statusChanges());
    }
}
