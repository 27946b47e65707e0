package dev.opad.job;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one job state machine of opad. Every status change goes through {@link #checkTransitionTo},
 * so an illegal move (say, a completed job going back to running) is a bug caught at the source.
 *
 * <pre>
 * queued ──start──► running ──complete──► completed
 *   ▲ │               │ │ └──fail (transient, budget left)──► retrying ──due──► running
 *   │ │               │ └──fail (permanent or budget spent)──► failed ──discard──► discarded
 *   │ │               └──requeue (worker died or shut down)──► queued
 *   │ └──cancel──► cancelled ◄──cancel── running / retrying
 *   └──retry (manual)── failed / cancelled
 * </pre>
 */
public enum JobState {
    QUEUED,
    RUNNING,
    RETRYING,
    COMPLETED,
    FAILED,
    CANCELLED,
    DISCARDED;

    private static final Map<JobState, Set<JobState>> LEGAL_NEXT = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED, FAILED),
            RUNNING, EnumSet.of(COMPLETED, FAILED, CANCELLED, RETRYING, QUEUED),
            RETRYING, EnumSet.of(RUNNING, CANCELLED, QUEUED),
            COMPLETED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.of(QUEUED, DISCARDED),
            CANCELLED, EnumSet.of(QUEUED, DISCARDED),
            DISCARDED, EnumSet.noneOf(JobState.class));

    public boolean canTransitionTo(JobState next) {
        return LEGAL_NEXT.get(this).contains(next);
    }

    public JobState checkTransitionTo(JobState next) {
        if (!canTransitionTo(next)) {
            throw new IllegalJobTransitionException(this, next);
        }
        return next;
    }

    /** No worker will touch the job again by itself (a person may still retry a failed or cancelled one). */
    public boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED || this == DISCARDED;
    }

    /**
     * Counts against "one active job per article" ({@code jobs_one_active_per_article} in the
     * schema lists the same states; the api's {@code GenerateTest} checks that they agree).
     */
    public boolean isActive() {
        return this == QUEUED || this == RUNNING || this == RETRYING;
    }

    /** The active states, for queries: ask this rather than listing states by hand. */
    public static Set<JobState> active() {
        Set<JobState> active = EnumSet.noneOf(JobState.class);
        for (JobState state : values()) {
            if (state.isActive()) {
                active.add(state);
            }
        }
        return active;
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
