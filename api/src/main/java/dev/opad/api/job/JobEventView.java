package dev.opad.api.job;

import dev.opad.job.JobEventEntity;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

public record JobEventView(UUID eventId, String traceId, String source, String type, Instant occurredAt, UUID jobId,
                           int attempt, String level, String stage, Map<String, Object> data) {

    static JobEventView of(JobEventEntity event) {
        return new JobEventView(event.eventId, event.traceId, event.source, event.type, event.occurredAt, event.jobId,
                event.attempt, event.level, event.stage, event.data);
    }
}
