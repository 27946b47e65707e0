package dev.opad.api.auth;

/** Wrong email or password; deliberately does not say which. */
public class InvalidCredentialsProblem extends RuntimeException {
    public InvalidCredentialsProblem() {
        super("Invalid email or password");
    }
}
