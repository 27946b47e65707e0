package dev.opad.schedule;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.opad.job.JobState;
import java.util.Locale;
import java.util.Optional;

/**
 * A run's outcome. A run that ordered an article follows its job ({@link #following}) in the
 * transaction that changes the job; a skipped run never changes.
 */
public enum RunOutcome {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED,
    SKIPPED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunOutcome fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }

    /**
     * The outcome a job's state means for its run. A job waiting for a retry is still running as far
     * as the schedule cares; a discarded job keeps the failure it had.
     */
    public static Optional<RunOutcome> following(JobState state) {
        return switch (state) {
            case QUEUED -> Optional.of(QUEUED);
            case RUNNING, RETRYING -> Optional.of(RUNNING);
            case COMPLETED -> Optional.of(COMPLETED);
            case FAILED -> Optional.of(FAILED);
            case CANCELLED -> Optional.of(CANCELLED);
            case DISCARDED -> Optional.empty();
        };
    }
}
