package dev.opad.api.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * What owners may register (the api's part of the webhook settings; {@code dev.opad.webhook.WebhookConfig} holds
 * what api and worker share). Each setting is also read from the environment under its derived name
 * (opad.webhook.registration.max-endpoints: OPAD_WEBHOOK_REGISTRATION_MAX_ENDPOINTS); README's table lists them.
 */
@ConfigMapping(prefix = "opad.webhook.registration")
public interface WebhookRegistrationConfig {

    /** Endpoints one account may have: each one is another delivery for every event it subscribes to. */
    @WithDefault("20")
    int maxEndpoints();

    /**
     * After a rotation (an endpoint's secret, or the callback secret) the old secret keeps signing next to the new
     * one for this long, so a receiver can switch over without refusing a delivery.
     */
    @WithDefault("24h")
    Duration rotationOverlap();
}
