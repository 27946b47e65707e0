package dev.opad.api.auth;

import java.time.Instant;
import java.util.UUID;

/** A token as listed: never the secret itself. */
public record TokenView(UUID id, String name, String prefix, Instant createdAt, Instant lastUsedAt, Instant expiresAt) {

    static TokenView of(ApiTokenEntity token) {
        return new TokenView(token.id, token.name, token.prefix, token.createdAt, token.lastUsedAt, token.expiresAt);
    }
}
