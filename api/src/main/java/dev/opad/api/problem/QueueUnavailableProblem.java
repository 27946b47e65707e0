package dev.opad.api.problem;

/** Redis could not take the job; nothing was left half-done, so the client may simply try again. */
public class QueueUnavailableProblem extends RuntimeException {
    public QueueUnavailableProblem(Throwable cause) {
        super("The job queue is unavailable right now; nothing was queued. Try again shortly.", cause);
    }
}
