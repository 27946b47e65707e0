package dev.opad.worker.webhook;

import dev.opad.webhook.WebhookConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: full jitter, a random delay in [0, min(cap, base × 2^(tries−1))]
 * (as jobs retry), so the deliveries of an endpoint that was down together do not come back together; never
 * sooner than the receiver's {@code Retry-After} on a 429 or 503, itself held to the cap so a receiver
 * cannot park a delivery past the retry window in one answer.
 */
@ApplicationScoped
public class WebhookBackoff {

    private final Duration base;
    private final Duration cap;

    @Inject
    public WebhookBackoff(WebhookConfig config) {
        this(config.delivery().retryBase(), config.delivery().retryCap());
    }

    WebhookBackoff(Duration base, Duration cap) {
        this.base = base;
        this.cap = cap;
    }

    /** The wait after the given number of tries (1 for the first), at least {@code retryAfter}. */
    public Duration delay(int tries, Optional<Duration> retryAfter) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(30, Math.max(0, tries - 1)));
        long jittered = ThreadLocalRandom.current().nextLong(Math.max(0, ceiling) + 1);
        long asked = retryAfter.map(Duration::toMillis).map(ms -> Math.min(ms, cap.toMillis())).orElse(0L);
        return Duration.ofMillis(Math.max(jittered, asked));
    }
}
