package dev.opad.api.webhook;

import dev.opad.api.text.CleanText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /webhooks}: where to send which events. */
public record CreateWebhookRequest(
        @Schema(description = "a public http(s) URL on port 80 or 443 (private hosts only if the operator allows them)")
        @NotBlank(message = "is required") @Size(max = 2048, message = "must be at most 2048 characters") String url,
        @Schema(description = "event types: job.completed, job.failed, job.cancelled, schedule.paused")
        @NotNull(message = "is required") @Size(min = 1, max = 10, message = "must name 1 to 10 event types")
        List<@NotBlank(message = "must not be empty") @Size(max = 40, message = "must be at most 40 characters") String> events,
        @Size(max = 200, message = "must be at most 200 characters") @CleanText String description) {
}
