package dev.opad.web.session;

import dev.opad.web.client.ApiCredentials;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/** Whoever sent the request being handled: a signed-in browser, a script with its own token, or nobody yet. */
@ApplicationScoped
public class Caller {

    /** A proxy to the current request (Quarkus produces it request-scoped). */
    private final HttpServerRequest request;

    public Caller(HttpServerRequest request) {
        this.request = request;
    }

    /**
     * What the api gets as Authorization: the caller's own header if it sent one (a script with an
     * {@code opad_} token), otherwise the session cookie's token, otherwise nothing.
     */
    public ApiCredentials credentials() {
        return credentialsOf(request);
    }

    /** {@link #credentials()} of any request, for code that handles it outside a request scope (the api forwarder). */
    public static ApiCredentials credentialsOf(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && !authorization.isBlank()) {
            return ApiCredentials.header(authorization);
        }
        return SessionCookies.read(request, SessionCookies.SESSION).map(ApiCredentials::bearer).orElse(ApiCredentials.none());
    }

    /**
     * The caller's IP address: the TCP peer, or, when {@code quarkus.http.proxy.*} says the gateway sits
     * behind a trusted proxy, the address that proxy reports. A caller's own X-Forwarded-For is never
     * believed otherwise, so it cannot dodge the api's per-address login limits.
     */
    public String ip() {
        SocketAddress peer = request.remoteAddress();
        return peer == null ? null : peer.hostAddress();
    }

    boolean overHttps() {
        return RequestOrigin.overHttps(request);
    }

    Optional<String> cookie(String name) {
        return SessionCookies.read(request, name);
    }
}
