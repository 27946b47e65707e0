package dev.opad.api.auth;

import java.time.Instant;

/** The answer to a login: a signed JWT to send as {@code Authorization: Bearer …}. */
public record SessionToken(String accessToken, String tokenType, long expiresIn, Instant expiresAt) {
}
