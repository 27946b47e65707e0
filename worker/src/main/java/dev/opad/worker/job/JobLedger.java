package dev.opad.worker.job;

import dev.opad.article.ArticleEntity;
import dev.opad.job.JobCheckpointEntity;
import dev.opad.job.JobEntity;
import dev.opad.job.JobEventEntity;
import dev.opad.job.JobEventType;
import dev.opad.job.JobState;
import dev.opad.job.JobStatusView;
import dev.opad.metrics.JobMetrics;
import dev.opad.metrics.ScheduleMetrics;
import dev.opad.schedule.ScheduleRuns;
import dev.opad.webhook.WebhookOutbox;
import dev.opad.usage.DailyBudget;
import dev.opad.usage.ModelUsageEntity;
import dev.opad.worker.crew.ArticleRequest;
import dev.opad.worker.crew.CrewStage;
import dev.opad.worker.model.Failure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Records what a running attempt does. Every write first locks the job row and checks that the
 * attempt still holds the lease token stored there; an attempt that lost it gets
 * {@link LeaseLostException} and writes nothing. The state change and its event commit together;
 * Redis follows through {@link JobLeases}, which never lets an older status replace a newer one.
 */
@ApplicationScoped
public class JobLedger {

    private static final Logger LOG = Logger.getLogger(JobLedger.class);
    /** How many of a series' titles the writer is shown (issue 14: the last ten). */
    static final int EARLIER_TITLES = 10;
    static final String ARTICLE_DELETED = "the article was deleted before the job could run";

    private final JobLeases leases;
    private final DailyBudget budget;
    private final String source;
    private final String workerId;
    private final JobMetrics metrics;
    private final ScheduleMetrics scheduleMetrics;

    public JobLedger(JobLeases leases, DailyBudget budget, WorkerIdentity worker, JobMetrics metrics,
                     ScheduleMetrics scheduleMetrics) {
        this.leases = leases;
        this.budget = budget;
        this.metrics = metrics;
        this.scheduleMetrics = scheduleMetrics;
        this.workerId = worker.id();
        this.source = "opad-worker/" + worker.id();
    }

    /** What a started attempt needs to run; {@code stage} is the first stage when the start wrote its start too. */
    public record StartedJob(Lease lease, UUID articleId, UUID userId, int attempt, ArticleRequest request,
                             Map<String, String> checkpoints, Optional<String> traceParent, Optional<CrewStage> stage) {
    }

    /**
     * Starts the job under the lease; empty when it is no longer waiting to run (a stale or cancelled
     * id), or when its article was deleted meanwhile: such a job is cancelled here, before it spends
     * a token on text nobody can read.
     *
     * <p>{@code firstStage} names the stage the crew runs first given the job's checkpoints. Its start is written
     * in this transaction, saving a commit of its own, when {@link #stageStarted} would let it start: no cancel
     * asked for and budget left. Otherwise the crew's own start of it decides, as for any stage.
     */
    public Optional<StartedJob> start(Lease lease, Function<Map<String, String>, Optional<CrewStage>> firstStage) {
        record Outcome(JobStatusView view, Optional<StartedJob> job, Duration waited) {
        }
        Optional<Outcome> outcome = QuarkusTransaction.requiringNew().call(() -> {
            JobEntity job = JobEntity.<JobEntity>findByIdOptional(lease.jobId(), LockModeType.PESSIMISTIC_WRITE).orElse(null);
            if (job == null || !job.status().canTransitionTo(JobState.RUNNING)) {
                return Optional.empty();
            }
            ArticleEntity article = ArticleEntity.<ArticleEntity>findByIdOptional(job.articleId())
                    .filter(a -> !a.isDeleted()).orElse(null);
            if (article == null) {
                job.cancel(ARTICLE_DELETED);
                ScheduleRuns.jobChanged(job);
                WebhookOutbox.jobChanged(job);
                JobEventEntity.record(job, source, JobEventType.CANCELLED, Map.of("by", "worker", "reason", ARTICLE_DELETED));
                JobEntity.flush();
                return Optional.of(new Outcome(job.toStatusView(), Optional.empty(), null));
            }
            Duration waited = Duration.between(waitingSince(job), Instant.now());
            job.start(lease.token(), workerId);
            ScheduleRuns.jobChanged(job);
            WebhookOutbox.jobChanged(job);
            article.markRunning();
            JobEventEntity.record(job, source, JobEventType.STARTED, Map.of("worker", workerId));
            Map<String, String> checkpoints = JobCheckpointEntity.forJob(job.id());
            Optional<CrewStage> stage = firstStage.apply(checkpoints).filter(first -> mayStart(job, first));
            stage.ifPresent(first -> startStage(job, first));
            JobEntity.flush();
            ArticleRequest request = new ArticleRequest(article.language, article.level, article.lengthWords, article.topic,
                    article.sourceText, article.sourceUrl, earlierTitles(article));
            return Optional.of(new Outcome(job.toStatusView(), Optional.of(
                    new StartedJob(lease, job.articleId(), job.userId(), job.attempt(), request, checkpoints,
                            job.traceParent(), stage)),
                    waited));
        });
        outcome.ifPresent(o -> {
            if (o.job().isPresent()) {
                metrics.waited(o.waited());
            } else {
                metrics.finished(JobState.CANCELLED);
            }
            publish(lease, o.view());
        });
        return outcome.flatMap(Outcome::job);
    }

    /**
     * Since when the job could have run: a retry from the moment it fell due; otherwise from its last
     * change, which for a waiting job is when it was queued (created, requeued or retried by a person).
     */
    private static Instant waitingSince(JobEntity job) {
        return job.status() == JobState.RETRYING && job.nextAttemptAt() != null ? job.nextAttemptAt() : job.updatedAt();
    }

    /** A scheduled article's series: the titles of its schedule's last articles, for the writer to avoid. */
    private static List<String> earlierTitles(ArticleEntity article) {
        return article.scheduleId == null ? List.of() : ArticleEntity.recentTitles(article.scheduleId, EARLIER_TITLES);
    }

    /**
     * Starts a stage; false, with nothing written, when someone asked to cancel the job. A stage that
     * calls a model first needs room in the owner's daily token budget ({@link BudgetUsedUpException}).
     * Both checks ride on the row lock the write takes anyway, so they cost no commit of their own.
     */
    public boolean stageStarted(Lease lease, CrewStage stage) {
        return fencedUnlessCancelled(lease, () -> { }, job -> {
            if (!hasBudgetFor(job, stage)) {
                throw new BudgetUsedUpException(budget.budget());
            }
            startStage(job, stage);
        });
    }

    private boolean hasBudgetFor(JobEntity job, CrewStage stage) {
        return !stage.spendsTokens() || job.userId() == null || !budget.isUsedUp(job.userId());
    }

    /** Whether {@link #stageStarted} would start {@code stage} now, so that another write may carry its start. */
    private boolean mayStart(JobEntity job, CrewStage stage) {
        return !job.cancelRequested() && hasBudgetFor(job, stage);
    }

    private void startStage(JobEntity job, CrewStage stage) {
        job.advance(stage.wireName(), stage.startPercent(), stage.message());
        JobEventEntity.record(job, source, JobEventType.STAGE_STARTED, Map.of());
    }

    /**
     * The stage's model call, its end, its checkpoint, the move of progress and its event: one
     * transaction. The usage row goes first and is not fenced: it commits even when the lease turned
     * out lost (then {@link LeaseLostException}) or a cancel was asked for (then false, nothing else
     * written), because the tokens were spent either way.
     */
    public boolean stageCompleted(Lease lease, CrewStage stage, String checkpoint, String output,
                                  Optional<ModelUsageEntity> spent) {
        return fencedUnlessCancelled(lease, () -> spent.ifPresent(row -> row.persist()), job -> completeStage(job, stage, checkpoint, output));
    }

    /**
     * {@link #stageCompleted} and {@link #stageStarted} of the stage the crew runs right after, in one transaction:
     * a commit fewer per stage, with each change and its event still committed together. The end commits whatever
     * the next start finds; when the owner's budget has no room for {@code next}, it is not started and
     * {@link BudgetUsedUpException} follows the commit, as {@link #stageStarted} would have thrown it.
     */
    public boolean stageCompletedThenStarted(Lease lease, CrewStage stage, String checkpoint, String output,
                                             Optional<ModelUsageEntity> spent, CrewStage next) {
        boolean[] noBudget = new boolean[1];
        boolean wentAhead = fencedUnlessCancelled(lease, () -> spent.ifPresent(row -> row.persist()), job -> {
            completeStage(job, stage, checkpoint, output);
            noBudget[0] = !hasBudgetFor(job, next);
            if (!noBudget[0]) {
                startStage(job, next);
            }
        });
        if (wentAhead && noBudget[0]) {
            throw new BudgetUsedUpException(budget.budget());
        }
        return wentAhead;
    }

    private void completeStage(JobEntity job, CrewStage stage, String checkpoint, String output) {
        job.advance(stage.wireName(), stage.endPercent(), stage.message());
        JobCheckpointEntity.save(job.id(), checkpoint, output);
        JobEventEntity.record(job, source, JobEventType.STAGE_COMPLETED, Map.of("output_chars", output.length()));
    }

    /** What the learner sees besides the text: gate report, glossary and models (JSON), detected language. */
    public record LearnerData(String detectedLanguage, String gateReportJson, String glossaryJson, String modelsJson) {
    }

    /**
     * Completes the job; call only after the stored article was verified. False, with nothing written,
     * when someone asked to cancel the job meanwhile: the caller cancels it instead.
     */
    public boolean complete(Lease lease, String storageKey, String title, int wordCount, LearnerData data) {
        Optional<JobStatusView> view = fencedIf(lease, () -> { }, job -> !job.cancelRequested(), job -> {
            job.complete();
            ScheduleRuns.jobChanged(job);
            WebhookOutbox.jobChanged(job);
            article(job, a -> {
                a.markCompleted(title, storageKey, wordCount);
                a.describe(data.detectedLanguage(), data.gateReportJson(), data.glossaryJson(), data.modelsJson());
            });
            JobEventEntity.record(job, source, JobEventType.COMPLETED, Map.of("storage_key", storageKey, "word_count", wordCount));
        });
        view.ifPresent(completed -> {
            metrics.finished(JobState.COMPLETED);
            leases.settleDone(workerId, lease, completed);
        });
        return view.isPresent();
    }

    /**
     * Records a failed attempt: a transient failure with budget left is retried later (returns when),
     * anything else fails the job for good (returns empty). Decided under the row lock, so the
     * budget read and the change cannot be split.
     */
    public Optional<Instant> failed(Lease lease, Failure failure, String cause, RetryPolicy policy) {
        Instant[] due = new Instant[1];
        boolean[] paused = new boolean[1];
        JobStatusView view = fenced(lease, job -> {
            if (failure.kind() == Failure.Kind.TRANSIENT && job.canRetryAfterFailure()) {
                due[0] = policy.nextAttempt(job.failures() + 1, failure.retryAfter());
                job.scheduleRetry(failure.reason(), due[0]);
                JobEventEntity.record(job, source, JobEventType.RETRY_SCHEDULED, Map.of("error", failure.reason(),
                        "next_attempt_at", due[0].toString(), "failures", job.failures()));
            } else {
                job.fail(failure.reason());
                paused[0] = ScheduleRuns.jobChanged(job);
                WebhookOutbox.jobChanged(job);
                article(job, ArticleEntity::markFailed);
                JobEventEntity.record(job, source, JobEventType.FAILED, Map.of("error", failure.reason(),
                        "failures", job.failures(), "permanent", failure.kind() == Failure.Kind.PERMANENT));
            }
        });
        if (due[0] != null) {
            metrics.retried(cause);
            leases.settleDelayed(workerId, lease, view, due[0]);
        } else {
            metrics.finished(JobState.FAILED);
            if (paused[0]) {
                scheduleMetrics.autoPaused();
            }
            leases.settleDone(workerId, lease, view);
        }
        return Optional.ofNullable(due[0]);
    }

    public void cancel(Lease lease) {
        JobStatusView view = fenced(lease, job -> {
            String stoppedIn = job.stage();
            job.cancel();
            ScheduleRuns.jobChanged(job);
            WebhookOutbox.jobChanged(job);
            article(job, ArticleEntity::markIdle);
            JobEventEntity.record(job, source, JobEventType.CANCELLED, Map.of("by", "user", "stopped_in", stoppedIn));
        });
        metrics.finished(JobState.CANCELLED);
        leases.settleDone(workerId, lease, view);
    }

    /** Hands the job back to the queue without counting a failure (this worker is shutting down). */
    public void requeue(Lease lease, String why) {
        JobStatusView view = fenced(lease, job -> {
            job.requeue(why);
            ScheduleRuns.jobChanged(job);
            WebhookOutbox.jobChanged(job);
            JobEventEntity.record(job, source, JobEventType.REQUEUED, Map.of("reason", why));
        });
        leases.settleRequeued(workerId, lease, view);
    }

    /**
     * A progress step, and the durable check of a cancel request (Redis's flag and message are the
     * fast path; this one survives Redis losing them). True when the step was written and published.
     */
    private boolean fencedUnlessCancelled(Lease lease, Runnable unfenced, Consumer<JobEntity> change) {
        Optional<JobStatusView> view = fencedIf(lease, unfenced, job -> !job.cancelRequested(), change);
        view.ifPresent(v -> publish(lease, v));
        return view.isPresent();
    }

    private JobStatusView fenced(Lease lease, Consumer<JobEntity> change) {
        return fencedIf(lease, () -> { }, job -> true, change).orElseThrow();
    }

    /** What a fenced transaction found: whether the lease was still held, and the status it wrote. */
    private record Fenced(boolean leaseHeld, Optional<JobStatusView> written) {
    }

    /**
     * In one transaction: {@code unfenced} first, then under the row lock and the lease check the
     * change when {@code proceed} holds. A lost lease commits only the unfenced part, then throws.
     */
    private Optional<JobStatusView> fencedIf(Lease lease, Runnable unfenced, Predicate<JobEntity> proceed,
                                             Consumer<JobEntity> change) {
        Fenced fenced = QuarkusTransaction.requiringNew().call(() -> {
            unfenced.run();
            Optional<JobEntity> held = JobEntity.<JobEntity>findByIdOptional(lease.jobId(), LockModeType.PESSIMISTIC_WRITE)
                    .filter(j -> j.holdsLease(lease.token()));
            if (held.isEmpty()) {
                return new Fenced(false, Optional.empty());
            }
            JobEntity job = held.get();
            if (!proceed.test(job)) {
                return new Fenced(true, Optional.empty());
            }
            change.accept(job);
            JobEntity.flush();
            return new Fenced(true, Optional.of(job.toStatusView()));
        });
        if (!fenced.leaseHeld()) {
            throw new LeaseLostException(lease.jobId());
        }
        return fenced.written();
    }

    private static void article(JobEntity job, Consumer<ArticleEntity> change) {
        ArticleEntity.<ArticleEntity>findByIdOptional(job.articleId()).ifPresent(change);
    }

    private void publish(Lease lease, JobStatusView view) {
        try {
            leases.putStatus(lease, view);
        } catch (RuntimeException e) {
            LOG.warnf("status of job %s not copied to Redis (%s); readers fall back to Postgres", view.id(), e.getMessage());
        }
    }
}
