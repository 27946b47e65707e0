package dev.opad.api.problem;

/** Redis, which holds the queue, cannot be reached; nothing was left half-done, so the client may simply try again. */
public class QueueUnavailableProblem extends RuntimeException {
    public QueueUnavailableProblem(Throwable cause) {
        this("The job queue is unavailable right now; nothing was queued. Try again shortly.", cause);
    }

    public QueueUnavailableProblem(String detail, Throwable cause) {
        super(detail, cause);
    }
}
