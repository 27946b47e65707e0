package dev.opad.job;

/** Thrown when code asks the state machine for a move it does not allow; always a bug. */
public class IllegalJobTransitionException extends IllegalStateException {
    public IllegalJobTransitionException(JobState from, JobState to) {
        super("illegal job transition " + from.wireName() + " -> " + to.wireName());
    }
}
