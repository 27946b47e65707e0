package dev.opad.api.problem;

/** The request is valid but clashes with the current state, e.g. a job is already active for the article. */
public class ConflictProblem extends RuntimeException {
    public ConflictProblem(String detail) {
        super(detail);
    }
}
