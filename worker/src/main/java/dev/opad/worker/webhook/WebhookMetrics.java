package dev.opad.worker.webhook;

import dev.opad.metrics.OpadBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the webhook sender did, as Prometheus series (docs/ARCHITECTURE.md, "Metrics"), with JobMetrics'
 * conventions: registered at start so every series exists at zero, recorded only after the result committed.
 */
@ApplicationScoped
@Startup
public class WebhookMetrics {

    /** How one try ended, as {@code opad_webhook_deliveries_total{outcome}} says. */
    public enum Outcome {
        /** A 2xx answer: the delivery is done. */
        SUCCEEDED,
        /** No 2xx; it is tried again later. */
        RETRYING,
        /** No 2xx and the retry window has passed, or it could not be sent at all (no secret, endpoint disabled). */
        FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Outcome, Counter> deliveries = new EnumMap<>(Outcome.class);
    private final Timer tries;
    private final Counter disabled;

    public WebhookMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            deliveries.put(outcome, Counter.builder("opad.webhook.deliveries")
                    .description("Webhook tries, by how they ended").tag("outcome", outcome.tag()).register(registry));
        }
        this.tries = OpadBuckets.timer(registry, "opad.webhook.delivery",
                "Time one webhook try took: connecting, sending, and the receiver's answer", Tags.empty());
        this.disabled = Counter.builder("opad.webhook.endpoints.disabled")
                .description("Webhook endpoints disabled because their deliveries kept failing").register(registry);
    }

    public void tried(Outcome outcome, Duration took) {
        deliveries.get(outcome).increment();
        if (took != null) {
            tries.record(took);
        }
    }

    public void endpointDisabled() {
        disabled.increment();
    }
}
