package dev.opad.api.problem;

/** The api is at capacity for this kind of work right now; nothing was done, so the caller may simply retry. */
public class ServiceBusyProblem extends RuntimeException {

    private final long retryAfterSeconds;

    public ServiceBusyProblem(String detail, long retryAfterSeconds) {
        super(detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
