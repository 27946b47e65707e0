package dev.opad.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One entry of a job's history, in the event envelope of the design notes (event id, trace id,
 * source, type, time). Written in the same transaction as the state change it reports, so the
 * history can never disagree with the job.
 */
@Entity
@Table(name = "job_events")
public class JobEventEntity extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "trace_id", nullable = false)
    public String traceId;

    @Column(nullable = false)
    public String source;

    @Column(nullable = false)
    public String type;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    @Column(nullable = false)
    public int attempt;

    @Column(nullable = false)
    public String level;

    public String stage;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Object> data;

    /** Records an event about the job as it is now; call inside the transaction that changed it. */
    public static JobEventEntity record(JobEntity job, String source, JobEventType type, Map<String, Object> data) {
        JobEventEntity event = new JobEventEntity();
        event.eventId = UUID.randomUUID();
        event.traceId = job.traceId() == null ? job.id().toString().replace("-", "") : job.traceId();
        event.source = source;
        event.type = type.wireName();
        event.occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        event.jobId = job.id();
        event.attempt = job.attempt();
        event.level = type.level();
        event.stage = job.stage();
        event.data = data;
        event.persist();
        return event;
    }
}
