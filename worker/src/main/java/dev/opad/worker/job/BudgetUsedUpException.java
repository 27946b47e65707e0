package dev.opad.worker.job;

/** The owner's daily token budget ran out between stages; the job stops with this reason. */
public class BudgetUsedUpException extends RuntimeException {
    public BudgetUsedUpException(long budget) {
        super("the daily token budget of " + budget + " tokens is used up; it resets at midnight UTC");
    }
}
