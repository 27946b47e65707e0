package dev.opad.worker.job;

import dev.opad.article.ArticleEntity;
import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.job.JobStatusView;
import dev.opad.queue.JobStatusCache;
import dev.opad.worker.crew.ArticleRequest;
import dev.opad.worker.crew.CrewStage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Records a job's progress: every change is committed to Postgres first (the truth), then copied
 * to the Redis status key. A failed Redis write is logged and skipped; readers rebuild from Postgres.
 */
@ApplicationScoped
public class JobLedger {

    private static final Logger LOG = Logger.getLogger(JobLedger.class);

    private final JobStatusCache statusCache;

    public JobLedger(JobStatusCache statusCache) {
        this.statusCache = statusCache;
    }

    /** What a started job needs to run. */
    public record StartedJob(UUID jobId, UUID articleId, int attempt, ArticleRequest request) {
    }

    /** Moves a queued job to running; empty when the job is unknown or no longer queued (a stale id). */
    public Optional<StartedJob> start(UUID jobId) {
        Optional<Started> started = QuarkusTransaction.requiringNew().call(() -> {
            JobEntity job = JobEntity.<JobEntity>findByIdOptional(jobId).orElse(null);
            if (job == null || job.status() != JobState.QUEUED) {
                return Optional.empty();
            }
            ArticleEntity article = ArticleEntity.findById(job.articleId);
            job.start();
            article.markRunning();
            ArticleRequest request = new ArticleRequest(article.language, article.level, article.lengthWords, article.topic);
            return Optional.of(new Started(job.toStatusView(), new StartedJob(job.id, job.articleId, job.attempt, request)));
        });
        started.ifPresent(s -> publish(s.view()));
        return started.map(Started::job);
    }

    private record Started(JobStatusView view, StartedJob job) {
    }

    public void stage(UUID jobId, CrewStage stage, int percent) {
        update(jobId, job -> job.advance(stage.wireName(), percent, stage.message()));
    }

    /** Completes the job; call only after the stored article was verified. */
    public void complete(UUID jobId, String storageKey, String title, int wordCount) {
        update(jobId, job -> {
            job.complete();
            ArticleEntity.<ArticleEntity>findByIdOptional(job.articleId)
                    .ifPresent(article -> article.markCompleted(title, storageKey, wordCount));
        });
    }

    public void fail(UUID jobId, String reason) {
        update(jobId, job -> {
            job.fail(reason);
            ArticleEntity.<ArticleEntity>findByIdOptional(job.articleId).ifPresent(ArticleEntity::markFailed);
        });
    }

    private void update(UUID jobId, Consumer<JobEntity> change) {
        JobStatusView view = QuarkusTransaction.requiringNew().call(() -> {
            JobEntity job = JobEntity.<JobEntity>findByIdOptional(jobId)
                    .orElseThrow(() -> new IllegalStateException("job " + jobId + " vanished while running"));
            change.accept(job);
            return job.toStatusView();
        });
        publish(view);
    }

    private void publish(JobStatusView view) {
        try {
            statusCache.put(view);
        } catch (RuntimeException e) {
            LOG.warnf("status of job %s not copied to Redis (%s); readers fall back to Postgres", view.id(), e.getMessage());
        }
    }
}
