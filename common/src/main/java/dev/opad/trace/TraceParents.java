package dev.opad.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A span context as the W3C {@code traceparent} header (version 00) that a job carries from its producer to
 * its consumer through Postgres ({@code jobs.trace_parent}). OpenTelemetry's own propagator writes and reads it;
 * this class only moves it into and out of a string.
 */
public final class TraceParents {

    static final String HEADER = "traceparent";

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceParents() {
    }

    /** {@code 00-<trace id>-<span id>-<flags>}; empty for an invalid context (no span, tracing disabled). */
    public static Optional<String> of(SpanContext context) {
        if (!context.isValid()) {
            return Optional.empty();
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(Span.wrap(context)), carrier, Map::put);
        return Optional.ofNullable(carrier.get(HEADER));
    }

    /** The remote span context the header names; empty when it is missing or malformed. */
    public static Optional<SpanContext> parse(String traceParent) {
        if (traceParent == null || traceParent.isBlank()) {
            return Optional.empty();
        }
        Context extracted = W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), Map.of(HEADER, traceParent.strip()), MAP);
        SpanContext context = Span.fromContext(extracted).getSpanContext();
        return context.isValid() ? Optional.of(context) : Optional.empty();
    }
}
