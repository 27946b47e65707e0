package dev.opad.api.problem;

/** Something the caller named does not exist (or no longer does, for a deleted article). */
public class NotFoundProblem extends RuntimeException {
    public NotFoundProblem(String detail) {
        super(detail);
    }

    public static NotFoundProblem article(java.util.UUID id) {
        return new NotFoundProblem("No article with id " + id);
    }
}
