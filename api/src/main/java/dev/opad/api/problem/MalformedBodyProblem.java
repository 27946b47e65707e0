package dev.opad.api.problem;

/** A request body that cannot be read at all (say, not valid UTF-8): a 400, in plain words. */
public class MalformedBodyProblem extends RuntimeException {
    public MalformedBodyProblem(String detail) {
        super(detail);
    }
}
