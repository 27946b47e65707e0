package dev.opad.worker.search;

import java.time.Duration;
import java.util.Optional;

/**
 * The web search failed. The message is one sentence for the user. Transient failures (rate limit,
 * the engine's 5xx, time-outs, network trouble) may pass when the job runs again; permanent ones
 * (rejected key, used-up plan, refused request) will not.
 */
public final class WebSearchException extends RuntimeException {

    private final boolean transientFailure;
    private final Duration retryAfter;

    public WebSearchException(boolean transientFailure, String reason, Optional<Duration> retryAfter, Throwable cause) {
        super(reason, cause);
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter.orElse(null);
    }

    static WebSearchException permanent(String reason) {
        return new WebSearchException(false, reason, Optional.empty(), null);
    }

    static WebSearchException transientFailure(String reason, Throwable cause) {
        return new WebSearchException(true, reason, Optional.empty(), cause);
    }

    public boolean isTransient() {
        return transientFailure;
    }

    public String reason() {
        return getMessage();
    }

    /** How long the engine asked us to wait, when it said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
