package dev.opad.api.webhook;

import java.util.List;

/** {@code GET /webhooks/{id}/deliveries} and {@code GET /jobs/{id}/deliveries}: one page of deliveries, newest first. */
public record DeliveryPage(List<DeliveryView> items, int page, int size, long total) {
}
