package dev.opad.api.webhook;

import dev.opad.webhook.WebhookDeliveryEntity;
import dev.opad.webhook.WebhookSignature;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One event for one URL, as a delivery log shows it: the last try's answer and what happens next. */
public record DeliveryView(
        UUID id,
        @Schema(description = "the endpoint it goes to; none for a job's one-off callback_url") UUID endpointId,
        @Schema(description = "where it is sent: the job's callback_url, or the endpoint's URL (its current one while"
                + " pending; a finished one keeps the URL it was sent to)") String url,
        @Schema(description = "the webhook-id header of every try, msg_…; receivers drop duplicates by it")
        String webhookId,
        String eventType,
        @Schema(type = SchemaType.STRING, enumeration = {"pending", "succeeded", "failed"}) String status,
        @Schema(description = "tries so far") int attempts,
        @Schema(description = "the HTTP status the last try got; none when it got no answer") Integer lastStatusCode,
        Integer lastDurationMs,
        String lastError,
        Instant lastAttemptAt,
        @Schema(description = "when the next try is due (pending only)") Instant nextAttemptAt,
        Instant createdAt,
        Instant finishedAt,
        @Schema(description = "when it was last sent again; its back-off and its 24 h window start afresh from then")
        Instant resentAt,
        UUID jobId,
        UUID scheduleId) {

    static DeliveryView of(WebhookDeliveryEntity delivery) {
        boolean pending = WebhookDeliveryEntity.PENDING.equals(delivery.status);
        return new DeliveryView(delivery.id, delivery.endpointId, delivery.url, WebhookSignature.messageId(delivery.id),
                delivery.eventType, delivery.status, delivery.attempts, delivery.lastStatusCode, delivery.lastDurationMs,
                delivery.lastError, delivery.lastAttemptAt, pending ? delivery.nextAttemptAt : null, delivery.createdAt,
                delivery.finishedAt, delivery.resentAt, delivery.jobId, delivery.scheduleId);
    }
}
