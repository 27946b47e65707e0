package dev.opad.api.webhook;

import dev.opad.api.article.PageRequest;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query of a delivery log, {@code GET /webhooks/{id}/deliveries} and {@code GET /jobs/{id}/deliveries} alike
 * (a {@code @BeanParam}). The values are taken as text and checked by {@link WebhookService} and
 * {@link PageRequest}, so a malformed one is a 400 naming it rather than the 404 JAX-RS would answer.
 */
public record DeliveryQuery(
        @QueryParam("status") @Parameter(description = "only pending, succeeded or failed ones",
                schema = @Schema(type = SchemaType.STRING, enumeration = {"pending", "succeeded", "failed"}))
        String status,
        @QueryParam("page") @Parameter(description = "0-based, default 0", schema = @Schema(type = SchemaType.INTEGER))
        String page,
        @QueryParam("size") @Parameter(description = "1–100, default 20", schema = @Schema(type = SchemaType.INTEGER))
        String size) {

    /** The page asked for, within {@link PageRequest}'s bounds; a 400 naming {@code page} or {@code size} if not. */
    PageRequest paging() {
        return PageRequest.parse(page, size);
    }
}
