package dev.opad.web.session;

import java.util.OptionalLong;

/**
 * The api's access token for a signed-in browser, which keeps it as the session cookie.
 *
 * @param lifetimeSeconds how long the api says the token is good for, which is how long the cookie lives
 */
record SessionToken(String value, OptionalLong lifetimeSeconds) {

    @Override
    public String toString() {
        return "SessionToken[redacted]";
    }
}
