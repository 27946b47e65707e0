package dev.opad.web.session;

import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * The origin ({@code scheme://host[:port]}) the browser used to reach the gateway.
 *
 * <p>Behind a reverse proxy that terminates TLS, X-Forwarded-Proto and X-Forwarded-Host say what the
 * browser used. They are taken as given: a page on another site cannot make a browser send them (they
 * are not CORS-safelisted, and the gateway answers no preflight), and someone who sends them by hand
 * only confuses their own request.
 */
final class RequestOrigin {

    private static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    private static final String FORWARDED_HOST = "X-Forwarded-Host";

    private RequestOrigin() {
    }

    static boolean overHttps(HttpServerRequest request) {
        return "https".equals(scheme(request));
    }

    /** This gateway's origin as the browser sees it; empty when the request names no host. */
    static Optional<String> of(HttpServerRequest request) {
        String host = firstValue(request.getHeader(FORWARDED_HOST)).orElse(request.getHeader("Host"));
        return host == null ? Optional.empty() : normalize(scheme(request) + "://" + host);
    }

    /**
     * An origin in one canonical spelling: lower case, default port dropped. Empty for anything that
     * is not an http(s) origin, including the {@code null} origin of sandboxed frames and privacy redirects.
     */
    static Optional<String> normalize(String origin) {
        String trimmed = origin.trim();
        int separator = trimmed.indexOf("://");
        if (separator < 0) {
            return Optional.empty();
        }
        String scheme = trimmed.substring(0, separator).toLowerCase(Locale.ROOT);
        String authority = trimmed.substring(separator + 3).toLowerCase(Locale.ROOT);
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        if (!(scheme.equals("http") || scheme.equals("https")) || authority.isEmpty()
                || authority.chars().anyMatch(c -> c == '/' || c == '@' || c == '?' || c == '#' || Character.isWhitespace(c))) {
            return Optional.empty();
        }
        String defaultPort = scheme.equals("https") ? ":443" : ":80";
        if (authority.endsWith(defaultPort)) {
            authority = authority.substring(0, authority.length() - defaultPort.length());
        }
        return Optional.of(scheme + "://" + authority);
    }

    private static String scheme(HttpServerRequest request) {
        return firstValue(request.getHeader(FORWARDED_PROTO)).map(value -> value.toLowerCase(Locale.ROOT)).orElse(request.scheme());
    }

    /** Proxies in a chain append to these headers; the first value is what the browser used. */
    private static Optional<String> firstValue(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String first = header.split(",", 2)[0].trim();
        return first.isEmpty() ? Optional.empty() : Optional.of(first);
    }
}
