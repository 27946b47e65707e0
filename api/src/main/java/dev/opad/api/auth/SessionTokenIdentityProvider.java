package dev.opad.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns a session JWT into its owner's identity, as SmallRye JWT's own provider does, but checks each
 * token's RS256 signature and claims once and remembers the result for a while: a client polling
 * {@code GET /jobs/{id}} sends the same token many times a minute, and verifying it was the largest
 * cost of that request (BENCHMARKS.md, P3).
 *
 * <p>The bound: a verified token is remembered for at most {@link #MAX_AGE} and never past its
 * {@code exp}; after that it is verified afresh, with the verifier's usual clock-skew allowance.
 * What is remembered is only the signature check: every request, remembered or not, asks
 * {@link SessionRevocations} whether a logout ended the session (one Redis call, shared by every api
 * instance), so a logout takes effect on the next request everywhere. API tokens never pass through
 * here: they are looked up in Postgres on every request ({@link ApiTokenService#revoke}).
 */
@ApplicationScoped
public class SessionTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Short, so that a key rotation or a change of the verifier's rules applies within a minute. */
    static final Duration MAX_AGE = Duration.ofSeconds(60);
    /** Active sessions per minute on one api; beyond that the least used are verified again, nothing fails. */
    private static final int MAX_TOKENS = 4_096;

    private final JWTParser parser;
    private final SessionRevocations revocations;
    private final Cache<String, JsonWebToken> verified = Caffeine.newBuilder()
            .maximumSize(MAX_TOKENS)
            .expireAfter(Expiry.creating((String token, JsonWebToken jwt) -> keepFor(jwt.getExpirationTime(), Instant.now())))
            // Housekeeping is a few map operations: done by the caller, it needs no wake-up of a pool thread.
            .executor(Runnable::run)
            .build();

    public SessionTokenIdentityProvider(JWTParser parser, SessionRevocations revocations) {
        this.parser = parser;
        this.revocations = revocations;
    }

    /** Ahead of SmallRye JWT's provider, which keeps the default priority and thus never sees a session token. */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof JsonWebTokenCredential)) {
            return Uni.createFrom().nullItem();
        }
        String token = request.getToken().getToken();
        JsonWebToken jwt = verified.getIfPresent(token);
        if (jwt == null) {
            try {
                jwt = parser.parse(token);
            } catch (ParseException e) {
                return Uni.createFrom().failure(new AuthenticationFailedException(e));
            }
            verified.put(token, jwt);
        }
        Optional<UUID> sessionId = sessionId(jwt);
        if (sessionId.isEmpty()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("session token without a jti"));
        }
        JsonWebToken verifiedJwt = jwt;
        return revocations.isRevoked(sessionId.get()).map(revoked -> {
            if (revoked) {
                throw new AuthenticationFailedException("session ended by a logout");
            }
            return identity(verifiedJwt, request);
        });
    }

    /** The session's id: the jti every session JWT opad issues carries. */
    static Optional<UUID> sessionId(JsonWebToken jwt) {
        try {
            return Optional.ofNullable(jwt.getTokenID()).map(UUID::fromString);
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    /** The identity SmallRye JWT's provider builds, made afresh per request: it refers to the request. */
    private static SecurityIdentity identity(JsonWebToken jwt, TokenAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addCredential(request.getToken())
                .addRoles(jwt.getGroups())
                .addAttribute(SecurityIdentity.USER_ATTRIBUTE, jwt);
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routingContext != null) {
            builder.addAttribute(RoutingContext.class.getName(), routingContext);
        }
        return builder.build();
    }

    /** Until the token's exp or for {@link #MAX_AGE}, whichever comes first; zero without an exp. */
    static Duration keepFor(long expiresAtEpochSecond, Instant now) {
        if (expiresAtEpochSecond <= 0) {
            return Duration.ZERO;
        }
        Duration untilExpiry = Duration.between(now, Instant.ofEpochSecond(expiresAtEpochSecond));
        if (untilExpiry.isNegative()) {
            return Duration.ZERO;
        }
        return untilExpiry.compareTo(MAX_AGE) < 0 ? untilExpiry : MAX_AGE;
    }
}
