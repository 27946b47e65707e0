package dev.opad.job;

import dev.opad.article.ArticleEntity;
import dev.opad.trace.JobSend;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A generation job, the durable truth behind the Redis status key. Status only changes through
 * the verbs below, each of which asks {@link JobState} whether the move is legal. A running job
 * carries the fencing token of the attempt holding its lease; writers check it with
 * {@link #holdsLease} under a row lock before changing anything.
 */
@Entity
@Table(name = "jobs")
public class JobEntity extends PanacheEntityBase {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    @Id
    private UUID id;

    @Column(name = "article_id", nullable = false)
    private UUID articleId;

    /** The article's owner, copied here so job listings and status checks need no join. */
    @Column(name = "user_id")
    private UUID userId;

    @Column(nullable = false)
    private JobState status;

    /** Runs started, whatever their end (a crash restart counts too). */
    private int attempt;

    /** Runs that ended in an error; the retry budget ({@link #maxAttempts}) counts these. */
    private int failures;

    @Column(name = "max_attempts", nullable = false)
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

    private int progress;
    private String stage;
    private String message;
    private String error;

    @Column(name = "lease_token")
    private UUID leaseToken;

    @Column(name = "worker_id")
    private String workerId;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "cancel_requested_at")
    private Instant cancelRequestedAt;

    /** The trace of the order that queued the job (its events carry it); a random id when no span was made. */
    @Column(name = "trace_id")
    private String traceId;

    /** W3C traceparent of the order's producer span: every attempt's consumer span is its child. */
    @Column(name = "trace_parent")
    private String traceParent;

    /** The producer span while the order is under way (until the push after the commit); never stored. */
    @Transient
    private JobSend send;

    @Version
    private long version;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    /** Generate's one-off {@code callback_url} (V12): told when the job ends, besides the owner's endpoints. */
    @Column(name = "callback_url")
    private String callbackUrl;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    public static JobEntity queuedFor(ArticleEntity article) {
        JobEntity job = new JobEntity();
        job.id = UUID.randomUUID();
        job.articleId = article.id;
        job.userId = article.userId;
        job.status = JobState.QUEUED;
        job.stage = JobStage.QUEUED.wireName();
        job.message = "Waiting for a worker";
        job.traceId = UUID.randomUUID().toString().replace("-", "");
        job.createdAt = now();
        job.updatedAt = job.createdAt;
        return job;
    }

    public UUID id() {
        return id;
    }

    public UUID articleId() {
        return articleId;
    }

    public UUID userId() {
        return userId;
    }

    public JobState status() {
        return status;
    }

    public int attempt() {
        return attempt;
    }

    public int failures() {
        return failures;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public int progress() {
        return progress;
    }

    public String stage() {
        return stage;
    }

    public String message() {
        return message;
    }

    public String error() {
        return error;
    }

    public UUID leaseToken() {
        return leaseToken;
    }

    public String workerId() {
        return workerId;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    /** A person asked to cancel while the job was running; its worker stops at the next stage. */
    public boolean cancelRequested() {
        return cancelRequestedAt != null;
    }

    public String traceId() {
        return traceId;
    }

    public Optional<String> traceParent() {
        return Optional.ofNullable(traceParent);
    }

    /** The producer span of this order, until it is pushed ({@link ArticleOrders#push}). */
    Optional<JobSend> send() {
        return Optional.ofNullable(send);
    }

    /** The order's producer span: the job takes its trace, and its traceparent goes to the worker. */
    void sentBy(JobSend producer) {
        send = producer;
        producer.traceParent().ifPresent(parent -> {
            traceParent = parent;
            traceId = producer.traceId();
        });
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Optional<String> callbackUrl() {
        return Optional.ofNullable(callbackUrl);
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public boolean holdsLease(UUID token) {
        return token != null && Objects.equals(leaseToken, token);
    }

    /** Whether another failure may still be retried. */
    public boolean canRetryAfterFailure() {
        return failures + 1 < maxAttempts;
    }

    /** A worker takes the job under a fresh lease token. */
    public void start(UUID token, String worker) {
        status = status.checkTransitionTo(JobState.RUNNING);
        attempt++;
        leaseToken = token;
        workerId = worker;
        startedAt = now();
        nextAttemptAt = null;
        error = null;
        stage = "starting";
        message = "Starting attempt " + attempt;
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
        finish();
    }

    /** A failure that will not be retried: permanent, or the retry budget is spent. */
    public void fail(String reason) {
        status = status.checkTransitionTo(JobState.FAILED);
        failures++;
        error = reason;
        message = "Generation failed";
        finish();
    }

    /** A transient failure with budget left: the job waits in the delayed set until {@code at}. */
    public void scheduleRetry(String reason, Instant at) {
        status = status.checkTransitionTo(JobState.RETRYING);
        failures++;
        error = reason;
        nextAttemptAt = at.truncatedTo(ChronoUnit.MILLIS);
        stage = "retrying";
        message = "Retrying after: " + reason;
        releaseLease();
        touch();
    }

    /** Back to the queue without counting a failure: its worker died or is shutting down. */
    public void requeue(String why) {
        status = status.checkTransitionTo(JobState.QUEUED);
        stage = JobStage.QUEUED.wireName();
        message = why;
        nextAttemptAt = null;
        releaseLease();
        touch();
    }

    public void requestCancel() {
        cancelRequestedAt = now();
        message = "Cancelling";
        touch();
    }

    public void cancel() {
        cancel("Cancelled");
    }

    /** Cancelled for a reason a person can read, e.g. the article was deleted before the job ran. */
    public void cancel(String why) {
        status = status.checkTransitionTo(JobState.CANCELLED);
        stage = "cancelled";
        message = why;
        finish();
    }

    /** A person asks for another go at a failed or cancelled job: a fresh retry budget. */
    public void retryByUser() {
        status = status.checkTransitionTo(JobState.QUEUED);
        failures = 0;
        error = null;
        progress = 0;
        stage = JobStage.QUEUED.wireName();
        message = "Queued again";
        finishedAt = null;
        cancelRequestedAt = null;
        touch();
    }

    public void discard() {
        status = status.checkTransitionTo(JobState.DISCARDED);
        message = "Discarded";
        touch();
    }

    /**
     * Asks for a signed one-off call to {@code url} when the job ends (generate's {@code callback_url}); set before
     * the job is queued, after the url passed the webhook URL policy.
     */
    public void callBackAt(String url) {
        callbackUrl = Objects.requireNonNull(url, "url");
    }

    public JobStatusView toStatusView() {
        return new JobStatusView(id, articleId, userId, status, progress, stage, message, error, attempt,
                maxAttempts, nextAttemptAt, version, createdAt, updatedAt);
    }

    private void finish() {
        finishedAt = now();
        nextAttemptAt = null;
        releaseLease();
        touch();
    }

    private void releaseLease() {
        leaseToken = null;
        workerId = null;
    }

    private void touch() {
        updatedAt = now();
    }

    /** Postgres keeps microseconds; truncating here keeps Redis and Postgres copies identical. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
