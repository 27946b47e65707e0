package dev.opad.api.auth;

import java.time.Instant;
import java.util.UUID;

/** The one answer that contains the token; it cannot be read again later. */
public record CreatedToken(UUID id, String name, String token, String prefix, Instant createdAt, Instant expiresAt) {
}
