package dev.opad.api.webhook;

import dev.opad.api.text.CleanText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code PATCH /webhooks/{id}}: each field optional; what is given replaces the current value. {@code enabled: true}
 * turns a disabled endpoint (by its owner, or after failing for days) on again with a clean record.
 */
public record ChangeWebhookRequest(
        @Schema(description = "pending deliveries go to the new URL from their next try on")
        @Size(max = 2048, message = "must be at most 2048 characters") String url,
        @Size(min = 1, max = 10, message = "must name 1 to 10 event types")
        List<@NotBlank(message = "must not be empty") @Size(max = 40, message = "must be at most 40 characters") String> events,
        @Schema(description = "an empty string removes it")
        @Size(max = 200, message = "must be at most 200 characters") @CleanText String description,
        @Schema(description = "false stops deliveries (pending ones fail at their next try); true starts them again")
        Boolean enabled) {
}
