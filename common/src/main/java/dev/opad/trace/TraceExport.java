package dev.opad.trace;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Export on or off at run time. Quarkus's OTLP exporter cannot be switched off after the build (an empty
 * endpoint means its default, localhost:4317), but it only ever sends sampled spans: without an endpoint
 * every span is made unsampled — with real trace and span ids, propagated and logged, and never handed
 * to the exporter, which then never connects. With one, every span this service makes is sampled (a
 * caller's "not sampled" flag is overruled: the operator asked for this service's spans).
 */
public class TraceExport {

    @Produces
    @Singleton
    Sampler sampler(TraceConfig config) {
        return samplerFor(config);
    }

    static Sampler samplerFor(TraceConfig config) {
        return config.otlpEndpoint().isPresent() ? Sampler.alwaysOn() : Sampler.alwaysOff();
    }
}
