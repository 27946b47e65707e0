package dev.opad.job;

import dev.opad.article.ArticleEntity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A generation job, the durable truth behind the Redis status key. Status only changes through
 * the verbs below, each of which asks {@link JobState} whether the move is legal.
 */
@Entity
@Table(name = "jobs")
public class JobEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "article_id", nullable = false)
    public UUID articleId;

    /** The article's owner, copied here so job listings and status checks need no join. */
    @Column(name = "user_id")
    public UUID userId;

    @Column(nullable = false)
    private JobState status;

    public int attempt;
    public int progress;
    public String stage;
    public String message;
    public String error;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static JobEntity queuedFor(ArticleEntity article) {
        JobEntity job = new JobEntity();
        job.id = UUID.randomUUID();
        job.articleId = article.id;
        job.userId = article.userId;
        job.status = JobState.QUEUED;
        job.stage = "queued";
        job.message = "Waiting for a worker";
        job.createdAt = now();
        job.updatedAt = job.createdAt;
        return job;
    }

    public JobState status() {
        return status;
    }

    public void start() {
        status = status.checkTransitionTo(JobState.RUNNING);
        attempt++;
        startedAt = now();
        error = null;
        touch();
    }

    public void advance(String stageName, int percent, String stageMessage) {
        if (status != JobState.RUNNING) {
            throw new IllegalStateException("job " + id + " is " + status.wireName() + ", not running");
        }
        stage = stageName;
        progress = Math.max(progress, Math.min(100, percent));
        message = stageMessage;
        touch();
    }

    public void complete() {
        status = status.checkTransitionTo(JobState.COMPLETED);
        progress = 100;
        stage = "completed";
        message = "Article ready";
        finishedAt = now();
        touch();
    }

    public void fail(String reason) {
        status = status.checkTransitionTo(JobState.FAILED);
        error = reason;
        message = "Generation failed";
        finishedAt = now();
        touch();
    }

    public JobStatusView toStatusView() {
        return new JobStatusView(id, articleId, userId, status, progress, stage, message, error, attempt, createdAt, updatedAt);
    }

    private void touch() {
        updatedAt = now();
    }

    /** Postgres keeps microseconds; truncating here keeps Redis and Postgres copies identical. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
