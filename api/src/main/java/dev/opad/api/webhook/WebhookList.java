package dev.opad.api.webhook;

import java.util.List;

/** {@code GET /webhooks}: the caller's endpoints, oldest first (the order they were added in). */
public record WebhookList(List<WebhookView> items) {
}
