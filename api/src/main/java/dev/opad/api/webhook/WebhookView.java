package dev.opad.api.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.opad.webhook.WebhookEndpointEntity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An endpoint as the api shows it; its secret only in the answers that made it (create, rotate-secret). */
public record WebhookView(
        UUID id,
        String url,
        List<String> events,
        String description,
        boolean enabled,
        Instant disabledAt,
        @Schema(description = "why it was disabled: by its owner, or its deliveries failing for days")
        String disabledReason,
        @Schema(description = "the first failed delivery since the last success")
        Instant failingSince,
        @Schema(description = "after a rotation the previous secret signs too, until then")
        Instant previousSecretExpiresAt,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "whsec_…: only in the answers of create and rotate-secret; keep it, it is not shown again")
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    static WebhookView of(WebhookEndpointEntity endpoint, Instant now) {
        return new WebhookView(endpoint, now, null);
    }

    static WebhookView withSecret(WebhookEndpointEntity endpoint, Instant now) {
        return new WebhookView(endpoint, now, endpoint.secret);
    }

    private WebhookView(WebhookEndpointEntity endpoint, Instant now, String secret) {
        this(endpoint.id, endpoint.url, List.of(endpoint.events), endpoint.description, !endpoint.isDisabled(),
                endpoint.disabledAt, endpoint.disabledReason, endpoint.failingSince,
                WebhookSecrets.overlapEnd(endpoint.previousSecretExpiresAt, now), endpoint.createdAt, endpoint.updatedAt,
                secret);
    }
}
