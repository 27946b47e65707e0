package dev.opad.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Webhooks (issue 16), for the api (registration) and the worker (delivery) alike: one mapping, so both
 * judge a URL by the same allow-list. Each setting is also read from the environment under its derived
 * name (opad.webhook.delivery.retry-base: OPAD_WEBHOOK_DELIVERY_RETRY_BASE); README's table lists them.
 */
@ConfigMapping(prefix = "opad.webhook")
public interface WebhookConfig {

    /**
     * Private hosts (names or IP addresses, as written in the URL) a webhook may nevertheless name, on any
     * port: development and tests (e.g. {@code 127.0.0.1,localhost}). Empty by default: public http(s) on
     * 80 and 443 only, like a source URL.
     */
    Optional<Set<String>> allowedPrivateHosts();

    Delivery delivery();

    /** How workers send deliveries (the sender in every worker). */
    interface Delivery {

        /** Off only for a worker that should run jobs but never send webhooks. */
        @WithDefault("true")
        boolean enabled();

        /** Requests in flight at once per worker (virtual threads; a slow receiver holds one slot). */
        @WithDefault("16")
        int concurrency();

        /** How often an idle sender looks for due deliveries; a full batch is followed at once by the next. */
        @WithDefault("1s")
        Duration pollInterval();

        /** The whole try: connecting, TLS, sending the body and reading the answer's head and first bytes. */
        @WithDefault("15s")
        Duration timeout();

        /**
         * How long a claimed delivery belongs to the worker that claimed it; after that another worker sends
         * it again (its sender died). Longer than the timeout plus recording the result.
         */
        @WithDefault("60s")
        Duration claimTtl();

        /** First back-off step; each failed try doubles it, up to the cap, with full jitter. */
        @WithDefault("5s")
        Duration retryBase();

        @WithDefault("1h")
        Duration retryCap();

        /** A delivery still failing this long after its event is marked failed (a person may send it again). */
        @WithDefault("24h")
        Duration retryWindow();

        /** An endpoint whose deliveries have failed, without a success, for longer than this is disabled. */
        @WithDefault("${OPAD_WEBHOOK_DISABLE_AFTER:5d}")
        Duration disableAfter();
    }
}
