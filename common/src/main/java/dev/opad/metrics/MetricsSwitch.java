package dev.opad.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Turns metrics off at run time. Quarkus's own {@code quarkus.micrometer.enabled} is fixed at build
 * time; a filter that denies every meter is the run-time switch: meters become no-ops, so neither
 * opad's recording nor the HTTP binders keep any state.
 */
public class MetricsSwitch {

    @Produces
    @Singleton
    MeterFilter switchFilter(MetricsConfig config) {
        // enabled: a neutral filter, which leaves every other filter's decision as it is
        return config.enabled() ? new MeterFilter() { } : MeterFilter.deny();
    }
}
