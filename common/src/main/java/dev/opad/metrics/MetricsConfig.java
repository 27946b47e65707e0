package dev.opad.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Whether the service records metrics at all (benchmarks measure their cost with it off). */
@ConfigMapping(prefix = "opad.metrics")
public interface MetricsConfig {

    /** False denies every meter at the registry: {@code /q/metrics} answers, empty. */
    @WithDefault("${OPAD_METRICS_ENABLED:true}")
    boolean enabled();
}
