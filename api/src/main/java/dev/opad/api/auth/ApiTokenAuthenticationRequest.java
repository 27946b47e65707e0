package dev.opad.api.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An {@code opad_…} bearer token waiting to be checked. */
public class ApiTokenAuthenticationRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiTokenAuthenticationRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return "ApiTokenAuthenticationRequest[redacted]";
    }
}
