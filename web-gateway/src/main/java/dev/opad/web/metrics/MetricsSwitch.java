package dev.opad.web.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The gateway's copy of common's {@code MetricsSwitch} (the gateway does not depend on common, which
 * brings Hibernate and the Redis client): {@code OPAD_METRICS_ENABLED=false} denies every meter.
 */
public class MetricsSwitch {

    /** Whether the gateway records metrics at all. */
    @ConfigMapping(prefix = "opad.metrics")
    public interface MetricsConfig {
        @WithDefault("${OPAD_METRICS_ENABLED:true}")
        boolean enabled();
    }

    @Produces
    @Singleton
    MeterFilter switchFilter(MetricsConfig config) {
        // enabled: a neutral filter, which leaves every other filter's decision as it is
        return config.enabled() ? new MeterFilter() { } : MeterFilter.deny();
    }
}
