package dev.opad.worker.source;

/**
 * A source URL could not be fetched. The message is one sentence for the user. Transient failures
 * (unreachable site, time-outs, DNS trouble, the site's own 5xx) may pass if the job runs again;
 * permanent ones (refused by the policy, too large, not a web page, 404) will not.
 */
public final class SourceFetchException extends RuntimeException {

    private final boolean transientFailure;

    public SourceFetchException(boolean transientFailure, String reason) {
        this(transientFailure, reason, null);
    }

    public SourceFetchException(boolean transientFailure, String reason, Throwable cause) {
        super(reason, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    public String reason() {
        return getMessage();
    }
}
