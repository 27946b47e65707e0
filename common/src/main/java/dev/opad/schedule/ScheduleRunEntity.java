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
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One slot of a schedule, fired or skipped. Rows are written only by {@link #claimSlots}, whose
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

    /** A run to write: a skipped slot (reason set) or a fired one (article and job set). */
    public record NewRun(UUID id, UUID scheduleId, UUID userId, Instant slot, Instant firedAt, RunTrigger trigger,
                         SkipReason skipReason, UUID articleId, UUID jobId) {

        RunOutcome outcome() {
            return skipReason == null ? RunOutcome.QUEUED : RunOutcome.SKIPPED;
        }
    }

    private static final int ROWS_PER_INSERT = 500;

    /**
     * Writes these runs, each unless its slot already has one; returns the ids of those written. One
     * statement per 500 rows, executed at once (not at flush), so the caller knows which slots are its
     * own before it orders anything.
     */
    public static Set<UUID> claimSlots(List<NewRun> runs) {
        Set<UUID> written = new HashSet<>();
        for (int from = 0; from < runs.size(); from += ROWS_PER_INSERT) {
            written.addAll(insert(runs.subList(from, Math.min(runs.size(), from + ROWS_PER_INSERT))));
        }
        return written;
    }

    private static List<UUID> insert(List<NewRun> runs) {
        StringBuilder sql = new StringBuilder("""
                insert into schedule_runs (id, schedule_id, user_id, scheduled_for, fired_at, trigger, outcome,
                                           skip_reason, article_id, job_id) values\s""");
        for (int i = 0; i < runs.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:id").append(i).append(", :schedule").append(i).append(", :user").append(i)
                    .append(", :slot").append(i).append(", :fired").append(i).append(", :trigger").append(i)
                    .append(", :outcome").append(i).append(", :skip").append(i).append(", :article").append(i)
                    .append(", :job").append(i).append(')');
        }
        sql.append(" on conflict on constraint schedule_runs_one_per_slot do nothing returning id");
        var query = getEntityManager().createNativeQuery(sql.toString(), UUID.class);
        for (int i = 0; i < runs.size(); i++) {
            NewRun run = runs.get(i);
            query.setParameter("id" + i, run.id()).setParameter("schedule" + i, run.scheduleId())
                    .setParameter("user" + i, run.userId()).setParameter("slot" + i, micros(run.slot()))
                    .setParameter("fired" + i, micros(run.firedAt())).setParameter("trigger" + i, run.trigger().wireName())
                    .setParameter("outcome" + i, run.outcome().wireName())
                    .setParameter("skip" + i, run.skipReason() == null ? null : run.skipReason().wireName())
                    .setParameter("article" + i, run.articleId()).setParameter("job" + i, run.jobId());
        }
        @SuppressWarnings("unchecked")
        List<UUID> ids = query.getResultList();
        return ids;
    }

    /** Of these schedules, those with a run whose job is still queued or running (the overlap policy); one query. */
    public static Set<UUID> activeAmong(Collection<UUID> scheduleIds) {
        if (scheduleIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(getEntityManager().createQuery("""
                select distinct r.scheduleId from ScheduleRunEntity r
                where r.scheduleId in :schedules and r.outcome in :active""", UUID.class)
                .setParameter("schedules", scheduleIds)
                .setParameter("active", List.of(RunOutcome.QUEUED, RunOutcome.RUNNING)).getResultList());
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
