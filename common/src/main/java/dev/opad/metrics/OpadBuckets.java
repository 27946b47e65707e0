package dev.opad.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;

/**
 * The one bucket list of every opad histogram. Jobs wait and run for minutes and a model call can
 * take one, so the buckets go from 100 ms to 2 h, where the usual HTTP-shaped defaults stop at 10 s.
 * They are service-level objectives, so Prometheus gets exactly these {@code le} bounds and nothing
 * else (no percentile histogram of 70-odd buckets per series).
 */
public final class OpadBuckets {

    /** Upper bounds in seconds; {@code +Inf} comes with every histogram. */
    public static final double[] SECONDS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200};

    private static final Duration[] BOUNDS = Arrays.stream(SECONDS)
            .mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);

    private OpadBuckets() {
    }

    /** A timer of {@code name} (exported as {@code <name>_seconds}) with these buckets. */
    public static Timer timer(MeterRegistry registry, String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags)
                .serviceLevelObjectives(BOUNDS)
                .minimumExpectedValue(BOUNDS[0])
                .maximumExpectedValue(BOUNDS[BOUNDS.length - 1])
                .register(registry);
    }
}
