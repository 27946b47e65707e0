package dev.opad.api.schedule;

import dev.opad.schedule.RunOutcome;
import dev.opad.schedule.RunTrigger;
import dev.opad.schedule.ScheduleRunEntity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One run of a schedule: the slot, what fired it, and what it came to (its job's outcome, or why it was skipped). */
public record RunView(
        UUID id,
        Instant scheduledFor,
        Instant firedAt,
        RunTrigger trigger,
        RunOutcome outcome,
        @Schema(description = "why a skipped run ordered nothing: overlap, missed or budget") String skipReason,
        UUID jobId,
        UUID articleId,
        @Schema(description = "tokens the run's job spent, once it ended") Long tokens,
        BigDecimal costUsd,
        Instant finishedAt) {

    static RunView of(ScheduleRunEntity run) {
        return new RunView(run.id(), run.scheduledFor(), run.firedAt(), run.trigger(), run.outcome(),
                run.skipReason() == null ? null : run.skipReason().wireName(), run.jobId(), run.articleId(),
                run.tokens(), run.costUsd(), run.finishedAt());
    }
}
