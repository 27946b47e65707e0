package dev.opad.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.ErrorAttributes;
import java.util.Optional;

/**
 * The producer span of one job order ({@code send opad:jobs}), open from the moment the job is written until
 * its id is pushed to Redis after the commit. Its context is what the job carries to the worker.
 */
public final class JobSend {

    private final Span span;

    JobSend(Span span) {
        this.span = span;
    }

    /** The W3C traceparent to store with the job; empty when no real span was made (tracing disabled). */
    public Optional<String> traceParent() {
        return TraceParents.of(span.getSpanContext());
    }

    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    /** Current on this thread while the id is pushed, so the Redis call is the send's child. */
    public Scope makeCurrent() {
        return span.makeCurrent();
    }

    /** The id is in the queue: the send is done. */
    public void sent() {
        span.end();
    }

    /** Redis refused the push; the caller decides what becomes of the job. */
    public void failed(Throwable error) {
        span.setAttribute(ErrorAttributes.ERROR_TYPE, error.getClass().getName());
        span.setStatus(StatusCode.ERROR, "push to Redis failed");
        span.end();
    }
}
