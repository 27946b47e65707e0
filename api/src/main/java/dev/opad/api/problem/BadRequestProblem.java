package dev.opad.api.problem;

import java.util.List;

/** A request the service refuses after looking at it, with the fields at fault. */
public class BadRequestProblem extends RuntimeException {
    private final List<Problem.FieldError> errors;

    public BadRequestProblem(String field, String message) {
        super(field + " " + message);
        this.errors = List.of(new Problem.FieldError(field, message));
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
