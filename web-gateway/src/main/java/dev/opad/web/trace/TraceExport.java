package dev.opad.web.trace;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Export on or off at run time, as in the api and the worker ({@code dev.opad.trace.TraceExport}): without an
 * endpoint every span is unsampled — real ids, propagated and logged, never handed to the exporter.
 */
public class TraceExport {

    @Produces
    @Singleton
    Sampler sampler(TraceConfig config) {
        return config.otlpEndpoint().isPresent() ? Sampler.alwaysOn() : Sampler.alwaysOff();
    }
}
