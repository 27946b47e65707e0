package dev.opad.worker.job;

import dev.opad.worker.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with full jitter (a random delay between zero and base × 2^(n-1), capped),
 * which spreads retries of jobs that failed together; never sooner than a provider's Retry-After.
 */
@ApplicationScoped
public class RetryPolicy {

    private final Duration base;
    private final Duration cap;

    public RetryPolicy(WorkerConfig config) {
        this.base = config.retry().base();
        this.cap = config.retry().cap();
    }

    /** When the next attempt is due, after the given number of failures (1 for the first). */
    public Instant nextAttempt(int failures, Optional<Duration> retryAfter) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(20, Math.max(0, failures - 1)));
        long jittered = ThreadLocalRandom.current().nextLong(ceiling + 1);
        long delay = Math.max(jittered, retryAfter.map(Duration::toMillis).orElse(0L));
        return Instant.now().plusMillis(delay);
    }
}
