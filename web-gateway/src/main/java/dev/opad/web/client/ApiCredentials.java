package dev.opad.web.client;

import java.util.Objects;

/**
 * The Authorization header the api gets on behalf of whoever is calling the gateway, or none.
 * {@link #toString()} never shows the secret, so a stray log line or failed assertion cannot leak it.
 */
public final class ApiCredentials {

    private static final ApiCredentials NONE = new ApiCredentials(null);

    private final String authorization;

    private ApiCredentials(String authorization) {
        this.authorization = authorization;
    }

    public static ApiCredentials none() {
        return NONE;
    }

    /** A token the gateway holds for the caller, such as the session cookie's. */
    public static ApiCredentials bearer(String token) {
        return new ApiCredentials("Bearer " + Objects.requireNonNull(token));
    }

    /** An Authorization header exactly as the caller sent it. */
    public static ApiCredentials header(String authorization) {
        return new ApiCredentials(Objects.requireNonNull(authorization));
    }

    public boolean isPresent() {
        return authorization != null;
    }

    /** The header value, or {@code null} for none (the REST client then sends no header). Never log it. */
    public String headerValue() {
        return authorization;
    }

    @Override
    public String toString() {
        return isPresent() ? "ApiCredentials[redacted]" : "ApiCredentials[none]";
    }
}
