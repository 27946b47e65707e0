package dev.opad.api.webhook;

import java.util.List;

/** {@code GET /webhooks/{id}/deliveries}: one page of an endpoint's deliveries, newest first. */
public record DeliveryPage(List<DeliveryView> items, int page, int size, long total) {
}
