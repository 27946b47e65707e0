package dev.opad.schedule;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One slot of a schedule, fired or skipped. Rows are written only by {@link #claimSlot}, whose
 * {@code ON CONFLICT DO NOTHING} on {@code UNIQUE (schedule_id, scheduled_for)} is what makes a
 * slot fire once: a second claim of the same slot finds the row and quietly does nothing.
 */
@Entity
@Table(name = "schedule_runs")
public class ScheduleRunEntity extends PanacheEntityBase {

    @Id
    private UUID id;

    @Column(name = "schedule_id", nullable = false)
    private UUID scheduleId;

    @Column(name = "user_id", nullable = false)
    private UUID userId;

    @Column(name = "scheduled_for", nullable = false)
    private Instant scheduledFor;

    @Column(name = "fired_at", nullable = false)
    private Instant firedAt;

    @Column(nullable = false)
    private RunTrigger trigger;

    @Column(nullable = false)
    private RunOutcome outcome;

    @Column(name = "skip_reason")
    private SkipReason skipReason;

    @Column(name = "job_id")
    private UUID jobId;

    @Column(name = "article_id")
    private UUID articleId;

    private Long tokens;

    @Column(name = "cost_usd")
    private BigDecimal costUsd;

    @Column(name = "finished_at")
    private Instant finishedAt;

    /**
     * Inserts the run for this slot unless one exists; true when this call wrote it. Written at once
     * (not at flush), so the caller knows before it orders anything.
     */
    public static Optional<UUID> claimSlot(UUID scheduleId, UUID owner, Instant slot, Instant firedAt,
                                           RunTrigger trigger, RunOutcome outcome, SkipReason skip) {
        UUID id = UUID.randomUUID();
        int inserted = getEntityManager().createNativeQuery("""
                insert into schedule_runs (id, schedule_id, user_id, scheduled_for, fired_at, trigger, outcome, skip_reason)
                values (:id, :schedule, :user, :slot, :fired, :trigger, :outcome, :skip)
                on conflict on constraint schedule_runs_one_per_slot do nothing""")
                .setParameter("id", id).setParameter("schedule", scheduleId).setParameter("user", owner)
                .setParameter("slot", micros(slot)).setParameter("fired", micros(firedAt))
                .setParameter("trigger", trigger.wireName()).setParameter("outcome", outcome.wireName())
                .setParameter("skip", skip == null ? null : skip.wireName())
                .executeUpdate();
        return inserted == 1 ? Optional.of(id) : Optional.empty();
    }

    /** Links a fired run to the article and job it ordered. */
    public static void ordered(UUID runId, UUID articleId, UUID jobId) {
        getEntityManager().createNativeQuery("update schedule_runs set article_id = :article, job_id = :job where id = :id")
                .setParameter("article", articleId).setParameter("job", jobId).setParameter("id", runId)
                .executeUpdate();
    }

    /** Whether the schedule has a run whose job is still queued or running (the overlap policy). */
    public static boolean hasActive(UUID scheduleId) {
        return count("scheduleId = ?1 and outcome in ?2", scheduleId, List.of(RunOutcome.QUEUED, RunOutcome.RUNNING)) > 0;
    }

    public static Optional<ScheduleRunEntity> activeFor(UUID scheduleId) {
        return ScheduleRunEntity.<ScheduleRunEntity>find("scheduleId = ?1 and outcome in ?2 order by firedAt desc",
                scheduleId, List.of(RunOutcome.QUEUED, RunOutcome.RUNNING)).firstResultOptional();
    }

    /** The schedule whose run ordered this job, if one did; read without a lock. */
    public static Optional<UUID> scheduleOfJob(UUID jobId) {
        return getEntityManager().createQuery("select r.scheduleId from ScheduleRunEntity r where r.jobId = :job", UUID.class)
                .setParameter("job", jobId).getResultStream().findFirst();
    }

    public static Optional<ScheduleRunEntity> forJobForUpdate(UUID jobId) {
        return ScheduleRunEntity.<ScheduleRunEntity>find("jobId", jobId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public static List<ScheduleRunEntity> latest(UUID scheduleId, int limit) {
        return ScheduleRunEntity.<ScheduleRunEntity>find("scheduleId = ?1 order by scheduledFor desc", scheduleId)
                .range(0, limit - 1).list();
    }

    /** The run follows its job; {@code finished} is set once the outcome is final. */
    void follow(RunOutcome next, Long spentTokens, BigDecimal spentUsd, Instant now) {
        outcome = next;
        boolean over = !next.isActive();
        finishedAt = over ? micros(now) : null;
        tokens = over ? spentTokens : null;
        costUsd = over ? spentUsd : null;
    }

    private static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    public UUID id() {
        return id;
    }

    public UUID scheduleId() {
        return scheduleId;
    }

    public UUID userId() {
        return userId;
    }

    public Instant scheduledFor() {
        return scheduledFor;
    }

    public Instant firedAt() {
        return firedAt;
    }

    public RunTrigger trigger() {
        return trigger;
    }

    public RunOutcome outcome() {
        return outcome;
    }

    public SkipReason skipReason() {
        return skipReason;
    }

    public UUID jobId() {
        return jobId;
    }

    public UUID articleId() {
        return articleId;
    }

    public Long tokens() {
        return tokens;
    }

    public BigDecimal costUsd() {
        return costUsd;
    }

    public Instant finishedAt() {
        return finishedAt;
    }
}
