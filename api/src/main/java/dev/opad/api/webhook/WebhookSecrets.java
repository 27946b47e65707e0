package dev.opad.api.webhook;

import dev.opad.webhook.WebhookSignature;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * Signing secrets in the Standard Webhooks form: {@code whsec_} and the standard base64 of 32 random bytes (the key
 * is the decoded bytes, which the reference libraries accept as they are). Kept in the clear in Postgres, unlike API
 * tokens: signing needs the key itself, not a way to recognise it.
 */
final class WebhookSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {
    }

    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return WebhookSignature.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The previous secret's end while it still signs; null once it has passed (the sender ignores it then). */
    static Instant overlapEnd(Instant previousExpiresAt, Instant now) {
        return previousExpiresAt != null && previousExpiresAt.isAfter(now) ? previousExpiresAt : null;
    }
}
