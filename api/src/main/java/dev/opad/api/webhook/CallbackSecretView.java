package dev.opad.api.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The secret that signs the caller's one-off callbacks (generate's {@code callback_url}): never shown again. */
public record CallbackSecretView(
        boolean exists,
        @Schema(description = "when the current secret was made") Instant createdAt,
        @Schema(description = "after a rotation the previous secret signs too, until then")
        Instant previousSecretExpiresAt,
        @Schema(description = "whsec_…: only in the answer of POST /webhooks/callback-secret")
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {
}
