package dev.opad.worker.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Full jitter between zero and base × 2^(tries−1), capped; a 429's or 503's Retry-After honoured, up to the cap. */
class WebhookBackoffTest {

    private final WebhookBackoff backoff = new WebhookBackoff(Duration.ofSeconds(5), Duration.ofHours(1));

    @Test
    void theDelayIsJitteredBelowTheDoublingCeiling() {
        for (int tries = 1; tries <= 12; tries++) {
            long ceiling = Math.min(3_600_000L, 5_000L << (tries - 1));
            int t = tries;
            long[] delays = IntStream.range(0, 400).mapToLong(i -> backoff.delay(t, Optional.empty()).toMillis()).toArray();
            for (long delay : delays) {
                assertTrue(delay >= 0 && delay <= ceiling, tries + " tries: " + delay + " ms, ceiling " + ceiling);
            }
            // Spread out, not bunched at the ceiling: some below a quarter of it, some above three quarters.
            assertTrue(java.util.Arrays.stream(delays).anyMatch(d -> d < ceiling / 4), "jitter reaches low");
            assertTrue(java.util.Arrays.stream(delays).anyMatch(d -> d > ceiling * 3 / 4), "jitter reaches high");
        }
    }

    @Test
    void retryAfterIsAFloorHeldToTheCap() {
        for (int i = 0; i < 100; i++) {
            assertTrue(backoff.delay(1, Optional.of(Duration.ofSeconds(30))).toMillis() >= 30_000);
        }
        assertEquals(Duration.ofHours(1), backoff.delay(1, Optional.of(Duration.ofDays(3))));
    }
}
