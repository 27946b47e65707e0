package dev.opad.api.auth;

/** Something only a login session may do was asked with an API token: a script cannot mint or end credentials. */
public class SessionRequiredProblem extends RuntimeException {
    public SessionRequiredProblem(String what) {
        super(what + " needs a login session; an API token cannot do it");
    }
}
