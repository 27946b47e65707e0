package dev.opad.api.idempotency;

/** The client sent an Idempotency-Key it already used for a different request. */
public class IdempotencyKeyReusedProblem extends RuntimeException {
    public IdempotencyKeyReusedProblem() {
        super("This Idempotency-Key was already used for a different request (another body, path or article);"
                + " use a new key for a new request");
    }
}
