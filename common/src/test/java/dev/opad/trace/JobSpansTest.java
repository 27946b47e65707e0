package dev.opad.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.queue.QueueConfig;
import dev.opad.queue.QueueKeys;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The queue's producer and consumer spans, and how the consumer finds its producer through the stored traceparent. */
class JobSpansTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build()
            .get("test");
    private final JobSpans spans = new JobSpans(tracer, new QueueKeys(new QueueConfig() {
        @Override
        public String keyPrefix() {
            return "{opad}";
        }

        @Override
        public Duration statusTtl() {
            return Duration.ofHours(24);
        }
    }));
    private final UUID job = UUID.randomUUID();

    @Test
    void theOrderIsAProducerSpanUnderTheRequest() {
        Span request = tracer.spanBuilder("POST /articles/{id}/generate").setSpanKind(SpanKind.SERVER).startSpan();
        JobSend send;
        try (Scope ignored = request.makeCurrent()) {
            send = spans.send(job);
        }
        send.sent();
        request.end();
        SpanData producer = named("send {opad}:jobs");
        assertEquals(SpanKind.PRODUCER, producer.getKind());
        assertEquals(request.getSpanContext().getSpanId(), producer.getParentSpanId());
        assertEquals(request.getSpanContext().getTraceId(), send.traceId());
        assertEquals(Optional.of("00-" + send.traceId() + "-" + producer.getSpanId() + "-01"), send.traceParent());
        assertEquals("redis", producer.getAttributes().get(AttributeKey.stringKey("messaging.system")));
        assertEquals("{opad}:jobs", producer.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")));
        assertEquals("send", producer.getAttributes().get(AttributeKey.stringKey("messaging.operation.type")));
        assertEquals(job.toString(), producer.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));
    }

    @Test
    void anOrderWithoutARequestStartsATrace() {
        spans.send(job).sent();
        assertFalse(named("send {opad}:jobs").getParentSpanContext().isValid());
    }

    @Test
    void aRefusedPushIsAnError() {
        spans.send(job).failed(new IllegalStateException("Redis is down"));
        SpanData producer = named("send {opad}:jobs");
        assertEquals(StatusCode.ERROR, producer.getStatus().getStatusCode());
        assertEquals(IllegalStateException.class.getName(), producer.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertFalse(producer.getStatus().getDescription().contains("Redis is down"), "no error text, only its type");
    }

    @Test
    void theAttemptIsTheOrdersChildAndLinksToIt() {
        JobSend send = spans.send(job);
        send.sent();
        Instant takenAt = Instant.now().minusMillis(250);
        Span attempt = spans.process(job, 2, TraceParents.parse(send.traceParent().orElseThrow()), "w-1", takenAt);
        attempt.end();
        SpanData producer = named("send {opad}:jobs");
        SpanData consumer = named("process {opad}:jobs");
        assertEquals(SpanKind.CONSUMER, consumer.getKind());
        assertEquals(producer.getTraceId(), consumer.getTraceId());
        assertEquals(producer.getSpanId(), consumer.getParentSpanId());
        assertTrue(consumer.getParentSpanContext().isRemote());
        assertEquals(1, consumer.getLinks().size());
        assertEquals(producer.getSpanContext().getSpanId(), consumer.getLinks().get(0).getSpanContext().getSpanId());
        assertEquals("process", consumer.getAttributes().get(AttributeKey.stringKey("messaging.operation.type")));
        assertEquals("w-1", consumer.getAttributes().get(AttributeKey.stringKey("messaging.client.id")));
        assertEquals(2L, consumer.getAttributes().get(AttributeKey.longKey("opad.job.attempt")));
        assertEquals(TimeUnit.SECONDS.toNanos(takenAt.getEpochSecond()) + takenAt.getNano(), consumer.getStartEpochNanos(),
                "the attempt's span begins when the job was taken");
    }

    @Test
    void aJobWithoutATraceParentGetsATraceOfItsOwn() {
        spans.process(job, 1, Optional.empty(), "w-1", Instant.now()).end();
        SpanData consumer = named("process {opad}:jobs");
        assertFalse(consumer.getParentSpanContext().isValid());
        assertTrue(consumer.getLinks().isEmpty());
    }

    private SpanData named(String name) {
        return exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + exported.getFinishedSpanItems()));
    }
}
