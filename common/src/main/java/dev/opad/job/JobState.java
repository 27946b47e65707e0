package dev.opad.job;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one job state machine of opad. Every status change goes through {@link #checkTransitionTo},
 * so an illegal move (say, a completed job going back to running) is a bug caught at the source.
 */
public enum JobState {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    private static final Map<JobState, Set<JobState>> LEGAL_NEXT = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED, FAILED),
            RUNNING, EnumSet.of(COMPLETED, FAILED, CANCELLED),
            COMPLETED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.noneOf(JobState.class),
            CANCELLED, EnumSet.noneOf(JobState.class));

    public boolean canTransitionTo(JobState next) {
        return LEGAL_NEXT.get(this).contains(next);
    }

    public JobState checkTransitionTo(JobState next) {
        if (!canTransitionTo(next)) {
            throw new IllegalJobTransitionException(this, next);
        }
        return next;
    }

    public boolean isTerminal() {
        return LEGAL_NEXT.get(this).isEmpty();
    }

    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }

    /** The lowercase name used in JSON, SQL and Redis. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
