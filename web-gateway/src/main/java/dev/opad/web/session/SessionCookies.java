package dev.opad.web.session;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The two cookies a signed-in browser holds, and the only place that spells them out.
 *
 * <ul>
 *   <li>{@value #SESSION}: the api's access token. HttpOnly, so no script (injected or not) can read it.</li>
 *   <li>{@value #CSRF}: a random value the page reads and echoes in {@value CsrfGuard#HEADER}. A page on
 *       another site can make the browser send the cookie but cannot read it, so it cannot echo it.</li>
 * </ul>
 * Both are {@code SameSite=Lax} (not sent on cross-site POSTs at all) and {@code Path=/}.
 */
@ApplicationScoped
public class SessionCookies {

    public static final String SESSION = "opad_session";
    public static final String CSRF = "opad_csrf";

    /** What may stand in a cookie value unquoted; a token with anything else would break the header. */
    private static final Pattern COOKIE_VALUE = Pattern.compile("[A-Za-z0-9._~+/=-]+");
    private static final int CSRF_TOKEN_BYTES = 32;

    private final SessionConfig.SecureCookie secureCookie;
    private final Caller caller;
    private final SecureRandom random = new SecureRandom();

    public SessionCookies(SessionConfig config, Caller caller) {
        this.secureCookie = config.secureCookie();
        this.caller = caller;
    }

    /** Starts a session: the token, and a fresh CSRF token so none from before the login stays valid. */
    List<String> started(SessionToken token) {
        if (!COOKIE_VALUE.matcher(token.value()).matches()) {
            throw new IllegalStateException("The api issued an access token that cannot be a cookie value");
        }
        OptionalLong lifetime = token.lifetimeSeconds();
        String maxAge = lifetime.isPresent() ? "; Max-Age=" + lifetime.getAsLong() : "";
        return List.of(SESSION + "=" + token.value() + maxAge + "; HttpOnly" + attributes(), newCsrf());
    }

    /** Both cookies, expired. */
    List<String> ended() {
        return List.of(SESSION + "=; Max-Age=0; HttpOnly" + attributes(), CSRF + "=; Max-Age=0" + attributes());
    }

    /** A CSRF cookie for a browser that has none yet, so that even the login form is protected. */
    Optional<String> csrfIfMissing() {
        return caller.cookie(CSRF).isPresent() ? Optional.empty() : Optional.of(newCsrf());
    }

    static Optional<String> read(HttpServerRequest request, String name) {
        return Optional.ofNullable(request.getCookie(name)).map(Cookie::getValue).filter(value -> !value.isEmpty());
    }

    private String newCsrf() {
        byte[] bytes = new byte[CSRF_TOKEN_BYTES];
        random.nextBytes(bytes);
        return CSRF + "=" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + attributes();
    }

    private String attributes() {
        return "; Path=/; SameSite=Lax" + (secure() ? "; Secure" : "");
    }

    private boolean secure() {
        return switch (secureCookie) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> caller.overHttps();
        };
    }
}
