package dev.opad.worker.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a job step failed, in words a user understands, and whether trying again later can help.
 *
 * @param kind       {@link Kind#TRANSIENT} if the same call may succeed later, {@link Kind#PERMANENT} if not
 * @param reason     one short sentence for the user; never an API key or a prompt
 * @param retryAfter how long the provider asked us to wait before the next call, when it said so
 */
public record Failure(Kind kind, String reason, Optional<Duration> retryAfter) {

    public enum Kind { TRANSIENT, PERMANENT }

    public Failure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.filter(Duration::isNegative).isPresent()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter.get());
        }
    }

    public static Failure ofTransient(String reason) {
        return new Failure(Kind.TRANSIENT, reason, Optional.empty());
    }

    public static Failure ofTransient(String reason, Optional<Duration> retryAfter) {
        return new Failure(Kind.TRANSIENT, reason, retryAfter);
    }

    public static Failure ofPermanent(String reason) {
        return new Failure(Kind.PERMANENT, reason, Optional.empty());
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }
}
