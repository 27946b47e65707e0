package dev.opad.web.session;

import dev.opad.web.rest.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses state-changing requests that a page on another site could have made with this browser's
 * cookies (cross-site request forgery), before any of them reaches a resource or the api.
 *
 * <p>Every request that is not GET, HEAD or OPTIONS must
 * <ol>
 *   <li>carry no Origin, or this gateway's own (or one of {@code opad.session.trusted-origins}), and</li>
 *   <li>echo the {@value SessionCookies#CSRF} cookie in the {@value #HEADER} header (double submit).</li>
 * </ol>
 * A script that sends its own bearer token and no session cookie skips the second check: CSRF abuses
 * credentials the browser adds by itself, and a browser never adds a bearer token by itself.
 */
public class CsrfGuard {

    public static final String HEADER = "X-CSRF-Token";
    static final String INVALID_TOKEN = "Missing or invalid CSRF token; reload the page";
    static final String FOREIGN_ORIGIN = "Requests from other sites are not accepted";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Set<String> trustedOrigins;

    public CsrfGuard(SessionConfig config) {
        this.trustedOrigins = config.trustedOrigins().stream()
                .flatMap(origins -> origins.stream().map(RequestOrigin::normalize).flatMap(Optional::stream))
                .collect(Collectors.toUnmodifiableSet());
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> refuseForgedRequests(HttpServerRequest request) {
        return refusal(request).map(Problem::toResponse);
    }

    /** Why this request must not go on, or empty when it may; also asked by the api forwarder, which runs outside JAX-RS. */
    public Optional<Problem> refusal(HttpServerRequest request) {
        if (SAFE_METHODS.contains(request.method().name())) {
            return Optional.empty();
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !isOwnOrigin(request, origin)) {
            return Optional.of(refuse("cross-origin", FOREIGN_ORIGIN));
        }
        if (isScriptWithItsOwnToken(request) || echoesTheCsrfCookie(request)) {
            return Optional.empty();
        }
        return Optional.of(refuse("csrf", INVALID_TOKEN));
    }

    private boolean isOwnOrigin(HttpServerRequest request, String origin) {
        Optional<String> sent = RequestOrigin.normalize(origin);
        return sent.isPresent()
                && (sent.equals(RequestOrigin.of(request)) || trustedOrigins.contains(sent.get()));
    }

    private static boolean isScriptWithItsOwnToken(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null
                && authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")
                && SessionCookies.read(request, SessionCookies.SESSION).isEmpty();
    }

    private static boolean echoesTheCsrfCookie(HttpServerRequest request) {
        Optional<String> cookie = SessionCookies.read(request, SessionCookies.CSRF);
        String header = request.getHeader(HEADER);
        // Constant time, so response timing does not reveal how much of a guess was right.
        return cookie.isPresent() && header != null
                && MessageDigest.isEqual(cookie.get().getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    }

    private static Problem refuse(String slug, String detail) {
        return Problem.of(Response.Status.FORBIDDEN, slug, detail);
    }
}
