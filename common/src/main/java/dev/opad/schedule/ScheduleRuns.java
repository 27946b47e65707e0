package dev.opad.schedule;

import dev.opad.job.JobEntity;
import dev.opad.webhook.WebhookOutbox;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps a schedule's run and counters in step with the run's job. Every place that changes a job's
 * state calls {@link #jobChanged} in the same transaction, so a run never says "running" about a job
 * that completed, and the auto-pause after repeated failures commits with the failure that caused it.
 * A job that no schedule ordered costs one indexed lookup that finds nothing.
 */
public final class ScheduleRuns {

    private ScheduleRuns() {
    }

    /**
     * Call after the job's state changed, inside the transaction that changed it (and holds its row
     * lock). Locks are taken in one order everywhere — job, schedule, run — so that a schedule being
     * deleted (its runs go with it) and a job ending cannot deadlock. True when the change paused the
     * run's schedule (too many failed runs in a row), for the caller to count once it committed.
     */
    public static boolean jobChanged(JobEntity job) {
        Optional<RunOutcome> outcome = RunOutcome.following(job.status());
        if (outcome.isEmpty()) {
            return false;
        }
        return ScheduleRunEntity.scheduleOfJob(job.id())
                .flatMap(id -> ScheduleEntity.<ScheduleEntity>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE))
                .flatMap(schedule -> ScheduleRunEntity.forJobForUpdate(job.id())
                        .map(run -> follow(schedule, run, job, outcome.get())))
                .orElse(false);
    }

    private static boolean follow(ScheduleEntity schedule, ScheduleRunEntity run, JobEntity job, RunOutcome next) {
        RunOutcome before = run.outcome();
        if (before == next) {
            return false;
        }
        Instant now = Instant.now();
        Object[] spent = next.isActive() ? new Object[] {null, null} : spent(job);
        run.follow(next, spent[0] == null ? null : ((Number) spent[0]).longValue(), (BigDecimal) spent[1], now);
        // A run counts once when it ends; a person retrying a failed run's job starts it over.
        boolean paused = before.isActive() && !next.isActive() && schedule.runEnded(next, job.error(), now);
        if (paused) {
            WebhookOutbox.schedulePaused(schedule, WebhookOutbox.PausedBy.FAILURES);
        }
        return paused;
    }

    /** Tokens and cost of every attempt of the job: what the run cost, failed attempts included. */
    private static Object[] spent(JobEntity job) {
        return (Object[]) JobEntity.getEntityManager().createQuery(
                "select sum(u.totalTokens), sum(u.costUsd) from ModelUsageEntity u where u.jobId = :job")
                .setParameter("job", job.id()).getSingleResult();
    }
}
