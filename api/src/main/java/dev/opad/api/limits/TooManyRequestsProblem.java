package dev.opad.api.limits;

import java.time.Duration;

/** A rate limit was hit; carries how long the caller should wait. */
public class TooManyRequestsProblem extends RuntimeException {

    private final long retryAfterSeconds;

    public TooManyRequestsProblem(String what, Duration wait) {
        super(what + "; try again in " + Math.max(1, (wait.toMillis() + 999) / 1000) + " s");
        this.retryAfterSeconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
