package dev.opad.schedule;

import dev.opad.db.UuidQueries;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.Session;

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
     * own before it orders anything. Nothing else of the session needs flushing first: the runs
     * reference articles and jobs not written yet, which the deferred foreign keys allow.
     */
    public static Set<UUID> claimSlots(List<NewRun> runs) {
        Set<UUID> written = new HashSet<>();
        for (int from = 0; from < runs.size(); from += ROWS_PER_INSERT) {
            written.addAll(insert(runs.subList(from, Math.min(runs.size(), from + ROWS_PER_INSERT))));
        }
        return written;
    }

    /**
     * One statement over arrays, one per column, bound through JDBC: binding a thousand named
     * parameters through Hibernate cost more than the insert itself (P10's profile).
     */
    private static List<UUID> insert(List<NewRun> runs) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setArray(1, connection.createArrayOf("uuid", column(runs, NewRun::id)));
                insert.setArray(2, connection.createArrayOf("uuid", column(runs, NewRun::scheduleId)));
                insert.setArray(3, connection.createArrayOf("uuid", column(runs, NewRun::userId)));
                insert.setArray(4, connection.createArrayOf("timestamptz", column(runs, r -> Timestamp.from(micros(r.slot())))));
                insert.setArray(5, connection.createArrayOf("timestamptz", column(runs, r -> Timestamp.from(micros(r.firedAt())))));
                insert.setArray(6, connection.createArrayOf("text", column(runs, r -> r.trigger().wireName())));
                insert.setArray(7, connection.createArrayOf("text", column(runs, r -> r.outcome().wireName())));
                insert.setArray(8, connection.createArrayOf("text",
                        column(runs, r -> r.skipReason() == null ? null : r.skipReason().wireName())));
                insert.setArray(9, connection.createArrayOf("uuid", column(runs, NewRun::articleId)));
                insert.setArray(10, connection.createArrayOf("uuid", column(runs, NewRun::jobId)));
                List<UUID> ids = new ArrayList<>(runs.size());
                try (ResultSet written = insert.executeQuery()) {
                    while (written.next()) {
                        ids.add(written.getObject(1, UUID.class));
                    }
                }
                return ids;
            }
        });
    }

    private static final String INSERT = """
            insert into schedule_runs (id, schedule_id, user_id, scheduled_for, fired_at, trigger, outcome,
                                       skip_reason, article_id, job_id)
            select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::timestamptz[], ?::timestamptz[], ?::text[],
                                 ?::text[], ?::text[], ?::uuid[], ?::uuid[])
            on conflict on constraint schedule_runs_one_per_slot do nothing
            returning id""";

    private static Object[] column(List<NewRun> runs, Function<NewRun, Object> value) {
        return runs.stream().map(value).toArray();
    }

    /** Of these schedules, those with a run whose job is still queued or running (the overlap policy); one query. */
    public static Set<UUID> activeAmong(Collection<UUID> scheduleIds) {
        // The run rows of this transaction come later; nothing pending needs flushing for this question.
        return UuidQueries.idsAmong(getEntityManager(), """
                select distinct schedule_id from schedule_runs
                where schedule_id = any(?::uuid[]) and outcome in ('queued', 'running')""",
                new HashSet<>(scheduleIds), statement -> { });
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
