package dev.opad.api.limits;

import java.time.Duration;

/** A rate limit was hit; carries how long the caller should wait. */
public class TooManyRequestsProblem extends RuntimeException {

    private final long retryAfterSeconds;

    public TooManyRequestsProblem(String what, Duration wait) {
        this(what, Math.max(1, (wait.toMillis() + 999) / 1000));
    }

    /** Whole seconds, rounded up: Retry-After has no fractions, and retrying early only fails again. */
    private TooManyRequestsProblem(String what, long retryAfterSeconds) {
        super(what + "; try again in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
