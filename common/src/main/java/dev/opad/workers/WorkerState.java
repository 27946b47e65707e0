package dev.opad.workers;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A worker as the registry sees it, from its last beat and its own beat period. The heartbeat key
 * in Redis lives three beats, after which the reaper takes its jobs back: so a worker is alive within
 * two beats, late within three (a beat missed, its jobs still its own), and dead after that, unless it
 * said goodbye (stopped: a graceful shutdown, not an outage).
 */
public enum WorkerState {
    ALIVE, LATE, DEAD, STOPPED;

    /** Beats a worker may miss before it is late, and before it is dead (its heartbeat key's TTL). */
    static final int ALIVE_BEATS = 2;
    public static final int DEAD_AFTER_BEATS = 3;

    public static WorkerState of(Instant lastBeat, Instant stoppedAt, Duration interval, Instant now) {
        if (stoppedAt != null) {
            return STOPPED;
        }
        Duration age = Duration.between(lastBeat, now);
        if (age.compareTo(interval.multipliedBy(ALIVE_BEATS)) <= 0) {
            return ALIVE;
        }
        return age.compareTo(interval.multipliedBy(DEAD_AFTER_BEATS)) <= 0 ? LATE : DEAD;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
