package dev.opad.api.activity;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One thing that happened: a schedule's run (fired or skipped), or a job the owner asked for directly. */
public record ActivityItem(
        @Schema(enumeration = {"schedule_run", "job"}) String kind,
        @Schema(description = "when the run fired or the job was queued") Instant at,
        UUID scheduleId,
        String scheduleName,
        UUID jobId,
        UUID articleId,
        @Schema(description = "the article's title, or its topic until it has one") String title,
        @Schema(description = "a run's outcome (queued, running, completed, failed, cancelled, skipped) or a job's state")
        String status,
        @Schema(description = "why a skipped run ordered nothing: overlap, missed or budget") String skipReason) {
}
