package dev.opad.api.job;

import dev.opad.api.limits.LimitsConfig;
import dev.opad.api.limits.RateLimiter;
import dev.opad.api.problem.ConflictProblem;
import dev.opad.api.problem.NotFoundProblem;
import dev.opad.article.ArticleEntity;
import dev.opad.job.JobEntity;
import dev.opad.schedule.ScheduleRuns;
import dev.opad.webhook.WebhookOutbox;
import dev.opad.job.JobEventEntity;
import dev.opad.job.JobEventType;
import dev.opad.job.JobState;
import dev.opad.job.JobStatusView;
import dev.opad.metrics.JobMetrics;
import dev.opad.queue.JobQueue;
import dev.opad.queue.JobStatusCache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * What people do to jobs: cancel, retry a failed or cancelled one, discard a dead one. Each change
 * is committed with its event in Postgres first; Redis follows. The owner may do all three, and so
 * may an admin (the operational view); anyone else gets 404.
 */
@ApplicationScoped
public class JobControl {

    private static final Logger LOG = Logger.getLogger(JobControl.class);

    private final JobQueue queue;
    private final JobStatusCache statusCache;
    private final RateLimiter limiter;
    private final LimitsConfig limits;

    private final JobMetrics metrics;

    public JobControl(JobQueue queue, JobStatusCache statusCache, RateLimiter limiter, LimitsConfig limits,
                      JobMetrics metrics) {
        this.metrics = metrics;
        this.queue = queue;
        this.statusCache = statusCache;
        this.limiter = limiter;
        this.limits = limits;
    }

    /** The outcome of a cancel: done at once (the job was not running), or signalled to its worker. */
    public record Cancellation(JobStatusView status, boolean signalled) {
    }

    /**
     * A waiting job is cancelled at once; a running one is flagged, and its worker aborts the stage
     * (and the model call in flight) and records the cancellation itself.
     */
    public Cancellation cancel(UUID caller, boolean admin, UUID jobId) {
        return cancel(caller, admin, jobId, Map.of("by", "user"));
    }

    /**
     * The same, with {@code why} in the cancel event's data, for a cancel that something other than
     * the job's own Cancel button asked for (a paused or deleted schedule stopping its run).
     */
    public Cancellation cancel(UUID caller, boolean admin, UUID jobId, Map<String, Object> why) {
        JobEntity job = QuarkusTransaction.requiringNew().call(() -> {
            JobEntity locked = lockVisible(caller, admin, jobId);
            switch (locked.status()) {
                case QUEUED, RETRYING -> {
                    locked.cancel();
                    ScheduleRuns.jobChanged(locked);
                    WebhookOutbox.jobChanged(locked);
                    article(locked, ArticleEntity::markIdle);
                    JobEventEntity.record(locked, GenerationService.SOURCE, JobEventType.CANCELLED, why);
                }
                case RUNNING -> {
                    if (!locked.cancelRequested()) {
                        locked.requestCancel();
                        JobEventEntity.record(locked, GenerationService.SOURCE, JobEventType.CANCEL_REQUESTED, why);
                    }
                }
                default -> throw new ConflictProblem("Job " + jobId + " is already " + locked.status().wireName()
                        + " and cannot be cancelled");
            }
            JobEntity.flush();
            return locked;
        });
        boolean running = job.status() == JobState.RUNNING;
        if (!running) {
            metrics.finished(JobState.CANCELLED); // a running job's worker records its own cancel
        }
        redisAfterCommit(job, () -> {
            if (running) {
                queue.signalCancel(jobId);
            } else {
                queue.withdraw(jobId);
            }
        });
        return new Cancellation(job.toStatusView(), running);
    }

    /**
     * Queues a failed or cancelled job again, as a new attempt with a fresh retry budget. A job whose
     * article was deleted is not run again (it would spend tokens on text nobody can read). The
     * generation limit's token is taken last, so a refused retry does not use it up.
     */
    public JobStatusView retry(UUID caller, boolean admin, UUID jobId) {
        JobEntity job;
        try {
            job = QuarkusTransaction.requiringNew().call(() -> {
                JobEntity locked = lockVisible(caller, admin, jobId);
                if (locked.status() != JobState.FAILED && locked.status() != JobState.CANCELLED) {
                    throw new ConflictProblem("Only a failed or cancelled job can be retried; job " + jobId + " is "
                            + locked.status().wireName());
                }
                ArticleEntity article = ArticleEntity.<ArticleEntity>findByIdOptional(locked.articleId())
                        .filter(a -> !a.isDeleted())
                        .orElseThrow(() -> new ConflictProblem("The article of job " + jobId
                                + " was deleted; its job cannot be run again"));
                GenerationService.takeGenerationToken(limiter, limits, caller);
                locked.retryByUser();
                ScheduleRuns.jobChanged(locked);
                WebhookOutbox.jobChanged(locked);
                article.markIdle();
                JobEventEntity.record(locked, GenerationService.SOURCE, JobEventType.QUEUED, Map.of("manual_retry", true));
                JobEntity.flush();
                return locked;
            });
        } catch (PersistenceException activeElsewhere) {
            if (!ActiveJobConflict.isRefusal(activeElsewhere)) {
                throw activeElsewhere;
            }
            throw new ConflictProblem("The article already has another active job; wait for it or cancel it first");
        }
        redisAfterCommit(job, () -> {
            queue.clearCancel(jobId);
            queue.push(jobId);
        });
        return job.toStatusView();
    }

    /** Drops a failed or cancelled job from the dead-letter list; its history stays. */
    public void discard(UUID caller, boolean admin, UUID jobId) {
        JobEntity job = QuarkusTransaction.requiringNew().call(() -> {
            JobEntity locked = lockVisible(caller, admin, jobId);
            if (locked.status() != JobState.FAILED && locked.status() != JobState.CANCELLED) {
                throw new ConflictProblem("Only a failed or cancelled job can be discarded; job " + jobId + " is "
                        + locked.status().wireName());
            }
            locked.discard();
            JobEventEntity.record(locked, GenerationService.SOURCE, JobEventType.DISCARDED, Map.of());
            JobEntity.flush();
            return locked;
        });
        redisAfterCommit(job, () -> { });
    }

    private static JobEntity lockVisible(UUID caller, boolean admin, UUID jobId) {
        JobEntity job = JobEntity.<JobEntity>findByIdOptional(jobId, LockModeType.PESSIMISTIC_WRITE)
                .filter(j -> admin || caller.equals(j.userId()))
                .orElseThrow(() -> new NotFoundProblem("No job with id " + jobId));
        return job;
    }

    private static void article(JobEntity job, Consumer<ArticleEntity> change) {
        ArticleEntity.<ArticleEntity>findByIdOptional(job.articleId()).ifPresent(change);
    }

    /**
     * Postgres already holds the change; if Redis fails here the reconciler and the status rebuild
     * on read repair it, so the caller still gets its answer.
     */
    private void redisAfterCommit(JobEntity job, Runnable queueChange) {
        try {
            queueChange.run();
            statusCache.put(job.toStatusView());
        } catch (RuntimeException e) {
            LOG.warnf("job %s changed in Postgres; Redis not updated (%s), the reconciler will repair it", job.id(), e.getMessage());
        }
    }
}
