package dev.opad.api.job;

import org.hibernate.exception.ConstraintViolationException;

/**
 * Recognises the refusal of the partial unique index {@code jobs_one_active_per_article}: two
 * requests passed the "no active job" check at once and only one got in. The loser answers the
 * same 409 as if it had seen the other job, never a 500; any other database failure stays a bug.
 */
final class ActiveJobConflict {

    static final String CONSTRAINT = "jobs_one_active_per_article";

    private ActiveJobConflict() {
    }

    static boolean isRefusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation
                    && CONSTRAINT.equalsIgnoreCase(violation.getConstraintName())) {
                return true;
            }
        }
        return false;
    }
}
