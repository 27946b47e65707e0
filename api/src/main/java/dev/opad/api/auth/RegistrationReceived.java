package dev.opad.api.auth;

/** The one answer to a registration, whether the email was new or not: who may now log in. */
public record RegistrationReceived(String email, String detail) {

    static RegistrationReceived of(String email) {
        return new RegistrationReceived(email,
                "If this email had no account, it has one now. Log in with the email and password.");
    }
}
