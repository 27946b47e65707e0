package dev.opad.api.auth;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;

/** Issues the signed JWT a login returns. The subject is the user id; roles go in {@code groups}. */
@ApplicationScoped
public class SessionTokens {

    static final String ISSUER = "opad";

    private final AuthConfig config;

    public SessionTokens(AuthConfig config) {
        this.config = config;
    }

    SessionToken issue(UserEntity user) {
        Instant expiresAt = Instant.now().plus(config.sessionLifetime()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String jwt = Jwt.issuer(ISSUER)
                .subject(user.id.toString())
                .upn(user.id.toString())
                .groups(new HashSet<>(user.roles()))
                .expiresAt(expiresAt)
                .sign();
        return new SessionToken(jwt, "Bearer", config.sessionLifetime().toSeconds(), expiresAt);
    }
}
