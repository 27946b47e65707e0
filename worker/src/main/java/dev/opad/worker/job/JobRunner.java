package dev.opad.worker.job;

import dev.opad.metrics.JobMetrics;
import dev.opad.metrics.JobMetrics.AttemptOutcome;
import dev.opad.usage.ModelUsageEntity;
import dev.opad.worker.crew.ArticleCrew;
import dev.opad.worker.crew.CrewResult;
import dev.opad.worker.crew.CrewStage;
import dev.opad.worker.crew.StageListener;
import dev.opad.worker.model.Failure;
import dev.opad.worker.model.FailureClassifier;
import dev.opad.worker.trace.JobTracing;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs one attempt of a job under its lease, to completed, retrying, failed or cancelled — or,
 * if the lease was lost, to nothing at all: another attempt owns the job then.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final JobLedger ledger;
    private final ArticleCrew crew;
    private final ArticlePublisher publisher;
    private final RunningJobs running;
    private final RetryPolicy retries;
    private final UsageMeter usage;
    private final JobMetrics metrics;
    private final JobTracing tracing;

    public JobRunner(JobLedger ledger, ArticleCrew crew, ArticlePublisher publisher, RunningJobs running,
                     RetryPolicy retries, UsageMeter usage, JobMetrics metrics, JobTracing tracing) {
        this.metrics = metrics;
        this.tracing = tracing;
        this.ledger = ledger;
        this.crew = crew;
        this.publisher = publisher;
        this.running = running;
        this.retries = retries;
        this.usage = usage;
    }

    /** How an attempt ended, as far as the worker's processing list is concerned. */
    public enum Outcome {
        /** The final write took the id off the processing list. */
        SETTLED,
        /** Nothing was written (not runnable, or the lease was lost): the caller removes its copy of the id. */
        LEFT
    }

    /** Runs the job if it is still waiting to run; the caller holds the lease already. */
    public Outcome run(Lease lease) {
        Instant takenAt = Instant.now(); // the attempt's span covers its start
        Optional<JobLedger.StartedJob> started = ledger.start(lease, ArticleCrew::firstStage);
        if (started.isEmpty()) {
            LOG.debugf("skipping job %s: unknown or no longer waiting", lease.jobId());
            return Outcome.LEFT;
        }
        JobLedger.StartedJob job = started.get();
        JobTracing.Attempt traced = tracing.attempt(lease.jobId(), job.attempt(), job.traceParent(), takenAt);
        RunningJobs.RunningJob attempt = running.register(lease);
        long startedAt = System.nanoTime();
        AttemptOutcome outcome = AttemptOutcome.LOST;
        try {
            LOG.infof("job %s started (article %s, attempt %d)", lease.jobId(), job.articleId(), job.attempt());
            CrewResult result = crew.write(job.request(), job.checkpoints(), progress(attempt, job, traced));
            stopIfAsked(attempt);
            traced.stage(CrewStage.STORING); // until the completion commits
            cancelUnless(ledger.stageStarted(lease, CrewStage.STORING), attempt);
            long storingFrom = System.nanoTime();
            String key = publisher.publish(job.articleId(), lease, job.attempt(), job.request(), result);
            stopIfAsked(attempt);
            cancelUnless(ledger.complete(lease, key, result.title(), result.wordCount(), publisher.learnerData(result)), attempt);
            metrics.stage(CrewStage.STORING.wireName(), since(storingFrom));
            outcome = AttemptOutcome.COMPLETED;
            publisher.removeOtherAttempts(job.articleId(), lease.jobId(), key);
            LOG.infof("job %s completed: %d words at %s", lease.jobId(), result.wordCount(), key);
            return Outcome.SETTLED;
        } catch (RuntimeException e) {
            Thread.interrupted(); // the database and Redis calls below must not see a stale interrupt
            traced.stageFailed(e);
            Settled settled = settleAfter(attempt, e);
            outcome = settled.attempt();
            return settled.outcome();
        } finally {
            running.remove(attempt);
            running.ended(outcome);
            metrics.ran(outcome, since(startedAt));
            traced.close();
        }
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    /** How settling went: for the processing list, and for {@code opad_job_run_seconds{outcome}}. */
    private record Settled(Outcome outcome, AttemptOutcome attempt) {
    }

    private Settled settleAfter(RunningJobs.RunningJob attempt, RuntimeException error) {
        Lease lease = attempt.lease();
        try {
            Optional<RunningJobs.StopReason> reason = attempt.stopReason();
            if (error instanceof LeaseLostException || reason.orElse(null) == RunningJobs.StopReason.LEASE_LOST) {
                LOG.warnf("job %s: lease lost, stopping without further writes", lease.jobId());
                return new Settled(Outcome.LEFT, AttemptOutcome.LOST);
            } else if (reason.orElse(null) == RunningJobs.StopReason.CANCELLED) {
                ledger.cancel(lease);
                LOG.infof("job %s cancelled", lease.jobId());
                return new Settled(Outcome.SETTLED, AttemptOutcome.CANCELLED);
            } else if (reason.orElse(null) == RunningJobs.StopReason.SHUTDOWN) {
                ledger.requeue(lease, "Worker shut down; waiting for another worker");
                LOG.infof("job %s handed back to the queue for shutdown", lease.jobId());
                return new Settled(Outcome.SETTLED, AttemptOutcome.REQUEUED);
            } else {
                return new Settled(Outcome.SETTLED, failed(lease, error));
            }
        } catch (LeaseLostException lost) {
            LOG.warnf("job %s: lease lost while settling, another attempt owns it", lease.jobId());
            return new Settled(Outcome.LEFT, AttemptOutcome.LOST);
        }
    }

    private AttemptOutcome failed(Lease lease, RuntimeException error) {
        FailureClassifier.Classified classified = FailureClassifier.classifyWithCause(error);
        Failure failure = classified.failure();
        var outcome = ledger.failed(lease, failure, classified.cause(), retries);
        JobTracing.failed(failure.reason(), outcome.isPresent());
        // The classified reason masks secrets; the raw error (a provider's body may echo an API key) only at debug.
        if (outcome.isPresent()) {
            LOG.warnf("job %s failed (%s: %s); retrying at %s", lease.jobId(), error.getClass().getSimpleName(),
                    failure.reason(), outcome.get());
        } else {
            LOG.errorf("job %s failed for good (%s: %s)", lease.jobId(), error.getClass().getSimpleName(), failure.reason());
        }
        LOG.debugf(error, "job %s failure details", lease.jobId());
        return outcome.isPresent() ? AttemptOutcome.RETRYING : AttemptOutcome.FAILED;
    }

    private StageListener progress(RunningJobs.RunningJob attempt, JobLedger.StartedJob job, JobTracing.Attempt traced) {
        Lease lease = attempt.lease();
        return new StageListener() {
            /** The stage's model call, written with the stage's end: the crew reports both back to back. */
            private Optional<ModelUsageEntity> spent = Optional.empty();
            private Duration callTook = Duration.ZERO;
            private long stageFrom;
            /** The first stage, when the job's start wrote its start too. */
            private Optional<CrewStage> startedWithJob = job.stage();

            @Override
            public void started(CrewStage stage) {
                traced.stage(stage);
                stopIfAsked(attempt);
                if (startedWithJob.filter(stage::equals).isEmpty()) {
                    cancelUnless(ledger.stageStarted(lease, stage), attempt);
                }
                startedWithJob = Optional.empty();
                stageFrom = System.nanoTime();
            }

            @Override
            public void finishedThenStarted(CrewStage stage, String checkpoint, String output, CrewStage next) {
                Optional<ModelUsageEntity> call = spent;
                spent = Optional.empty();
                boolean wentAhead;
                try {
                    wentAhead = recorded(call, () -> ledger.stageCompletedThenStarted(lease, stage, checkpoint, output, call, next));
                } catch (BudgetUsedUpException noRoom) {
                    // The stage's end committed; what failed is the next one's start, as when started alone.
                    metrics.stage(stage.wireName(), since(stageFrom));
                    traced.stageEnded(checkpoint);
                    traced.stage(next);
                    throw noRoom;
                }
                metrics.stage(stage.wireName(), since(stageFrom));
                cancelUnless(wentAhead, attempt);
                traced.stageEnded(checkpoint);
                traced.stage(next);
                stageFrom = System.nanoTime();
            }

            @Override
            public void called(CrewStage stage, String model, Integer inputTokens, Integer outputTokens, Duration took) {
                spent = Optional.of(usage.row(job.userId(), job, stage, model, inputTokens, outputTokens));
                callTook = took;
            }

            @Override
            public void finished(CrewStage stage, String checkpoint, String output) {
                Optional<ModelUsageEntity> call = spent;
                spent = Optional.empty();
                boolean wentAhead = recorded(call, () -> ledger.stageCompleted(lease, stage, checkpoint, output, call));
                metrics.stage(stage.wireName(), since(stageFrom));
                cancelUnless(wentAhead, attempt);
                traced.stageEnded(checkpoint);
            }

            /** Writes a stage's end; its model call is counted once the usage row committed, as it does even when the lease was lost. */
            private boolean recorded(Optional<ModelUsageEntity> call, java.util.function.BooleanSupplier write) {
                try {
                    boolean wentAhead = write.getAsBoolean();
                    call.ifPresent(this::counted);
                    return wentAhead;
                } catch (LeaseLostException | BudgetUsedUpException committed) {
                    call.ifPresent(this::counted); // the usage row committed all the same
                    throw committed;
                }
            }

            private void counted(ModelUsageEntity row) {
                metrics.modelCall(row.provider, row.model, row.stage, callTook, row.promptTokens, row.completionTokens,
                        row.costUsd);
            }
        };
    }

    /** A stop this worker was told of: a cancel message, a lost lease, or shutdown. */
    private static void stopIfAsked(RunningJobs.RunningJob attempt) {
        attempt.stopReason().ifPresent(reason -> {
            throw new JobStopped(reason);
        });
    }

    /** The ledger found a cancel request in Postgres (one Redis may have lost) and wrote nothing. */
    private static void cancelUnless(boolean wentAhead, RunningJobs.RunningJob attempt) {
        if (!wentAhead) {
            attempt.stop(RunningJobs.StopReason.CANCELLED);
        }
        stopIfAsked(attempt);
    }
}
