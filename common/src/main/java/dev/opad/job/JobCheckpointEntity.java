package dev.opad.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A completed stage's output, kept so a later attempt of the same job does not pay for it again. */
@Entity
@Table(name = "job_checkpoints")
@IdClass(JobCheckpointEntity.Key.class)
public class JobCheckpointEntity extends PanacheEntityBase {

    public record Key(UUID jobId, String stage) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "job_id")
    public UUID jobId;

    @Id
    public String stage;

    @Column(nullable = false)
    public String output;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Records or replaces the stage's output; call inside the transaction that completes the stage. */
    public static void save(UUID jobId, String stage, String output) {
        JobCheckpointEntity checkpoint = JobCheckpointEntity.<JobCheckpointEntity>findByIdOptional(new Key(jobId, stage))
                .orElseGet(JobCheckpointEntity::new);
        checkpoint.jobId = jobId;
        checkpoint.stage = stage;
        checkpoint.output = output;
        checkpoint.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        checkpoint.persist();
    }

    public static Map<String, String> forJob(UUID jobId) {
        Map<String, String> outputs = new LinkedHashMap<>();
        JobCheckpointEntity.<JobCheckpointEntity>find("jobId", jobId).stream().forEach(c -> outputs.put(c.stage, c.output));
        return outputs;
    }
}
