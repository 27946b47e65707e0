package dev.opad.trace;

import static io.opentelemetry.semconv.incubating.MessagingIncubatingAttributes.MESSAGING_CLIENT_ID;
import static io.opentelemetry.semconv.incubating.MessagingIncubatingAttributes.MESSAGING_DESTINATION_NAME;
import static io.opentelemetry.semconv.incubating.MessagingIncubatingAttributes.MESSAGING_MESSAGE_ID;
import static io.opentelemetry.semconv.incubating.MessagingIncubatingAttributes.MESSAGING_OPERATION_NAME;
import static io.opentelemetry.semconv.incubating.MessagingIncubatingAttributes.MESSAGING_OPERATION_TYPE;
import static io.opentelemetry.semconv.incubating.MessagingIncubatingAttributes.MESSAGING_SYSTEM;

import dev.opad.queue.QueueKeys;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.incubating.MessagingIncubatingAttributes.MessagingOperationTypeIncubatingValues;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The job queue's spans, after OpenTelemetry's messaging conventions: {@code send opad:jobs} (producer) where a
 * job is ordered — the api's generate and "run now", the worker's scheduler — and {@code process opad:jobs}
 * (consumer) for each attempt a worker runs. The job row carries the producer's traceparent, so every attempt
 * is a child of the order and links to it: one trace from the request through every attempt.
 */
@ApplicationScoped
public class JobSpans {

    /** {@code messaging.system}: the conventions list no value for a Redis list, so it is named here. */
    public static final String SYSTEM = "redis";
    public static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("opad.job.id");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("opad.job.attempt");

    private final Tracer tracer;
    private final String destination;

    public JobSpans(Tracer tracer, QueueKeys keys) {
        this.tracer = tracer;
        this.destination = keys.jobs();
    }

    /** The producer span of ordering job {@code jobId}: a child of the current span, or a trace of its own. */
    public JobSend send(UUID jobId) {
        return new JobSend(messaging(MessagingOperationTypeIncubatingValues.SEND, SpanKind.PRODUCER, jobId)
                .setParent(Context.current())
                .startSpan());
    }

    /**
     * The consumer span of one attempt, begun at {@code takenAt}: the child of the order's span when the job
     * carries one (a trace of its own otherwise), with a link to it as the conventions ask of a consumer.
     */
    public Span process(UUID jobId, int attempt, Optional<SpanContext> producer, String workerId, Instant takenAt) {
        SpanBuilder builder = messaging(MessagingOperationTypeIncubatingValues.PROCESS, SpanKind.CONSUMER, jobId)
                .setAttribute(MESSAGING_CLIENT_ID, workerId)
                .setAttribute(ATTEMPT, (long) attempt)
                .setStartTimestamp(takenAt);
        producer.ifPresentOrElse(
                parent -> builder.setParent(Context.root().with(Span.wrap(parent))).addLink(parent),
                builder::setNoParent);
        return builder.startSpan();
    }

    private SpanBuilder messaging(String operation, SpanKind kind, UUID jobId) {
        return tracer.spanBuilder(operation + " " + destination)
                .setSpanKind(kind)
                .setAttribute(MESSAGING_SYSTEM, SYSTEM)
                .setAttribute(MESSAGING_DESTINATION_NAME, destination)
                .setAttribute(MESSAGING_OPERATION_TYPE, operation)
                .setAttribute(MESSAGING_OPERATION_NAME, operation)
                .setAttribute(MESSAGING_MESSAGE_ID, jobId.toString())
                .setAttribute(JOB_ID, jobId.toString());
    }
}
