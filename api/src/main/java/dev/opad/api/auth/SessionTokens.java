package dev.opad.api.auth;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.UUID;

/**
 * Issues the signed JWT a login returns. The subject is the user id; roles go in {@code groups}; the
 * {@code jti} names the session, so that a logout can end it ({@link SessionRevocations}).
 */
@ApplicationScoped
public class SessionTokens {

    static final String ISSUER = "opad";

    private final AuthConfig config;

    public SessionTokens(AuthConfig config) {
        this.config = config;
    }

    SessionToken issue(UserEntity user) {
        Instant expiresAt = Instant.now().plus(config.sessionLifetime()).truncatedTo(ChronoUnit.SECONDS);
        String jwt = Jwt.issuer(ISSUER)
                .claim("jti", UUID.randomUUID().toString())
                .subject(user.id.toString())
                .upn(user.id.toString())
                .groups(new HashSet<>(user.roles()))
                .expiresAt(expiresAt)
                .sign();
        return new SessionToken(jwt, "Bearer", config.sessionLifetime().toSeconds(), expiresAt);
    }
}
