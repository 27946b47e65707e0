package dev.opad.worker.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.opad.queue.QueueConfig;
import dev.opad.queue.QueueKeys;
import dev.opad.trace.JobSpans;
import dev.opad.worker.crew.CrewStage;
import dev.opad.worker.model.DemoChatModel;
import dev.opad.worker.model.ModelChoice;
import dev.opad.worker.model.ModelConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

/** An attempt's spans on the job's own thread: current while it runs, stages and model calls beneath it, the MDC filled and emptied. */
class JobTracingTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build()
            .get("test");
    private final JobTracing tracing = new JobTracing(new JobSpans(tracer, new QueueKeys(new QueueConfig() {
        @Override
        public String keyPrefix() {
            return "opad";
        }

        @Override
        public Duration statusTtl() {
            return Duration.ofHours(24);
        }
    })), tracer, "w-1");
    private final ChatModel demo = new DemoChatModel(Duration.ZERO,
            List.of(new ModelCallSpans(tracer).listenerFor(new ModelChoice(ModelConfig.Provider.DEMO, DemoChatModel.MODEL_NAME))));
    private final String parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void stagesAndModelCallsHangBeneathTheAttempt() {
        ChatResponse answer;
        try (JobTracing.Attempt attempt = tracing.attempt(UUID.randomUUID(), 1, Optional.of(parent), Instant.now())) {
            attempt.stage(CrewStage.WRITING);
            answer = demo.chat(ChatRequest.builder().messages(UserMessage.from("Stage: write\nTopic: trains")).build());
            attempt.stageEnded("writing");
            attempt.stage(CrewStage.STORING);
        }
        SpanData process = named("process opad:jobs");
        SpanData writing = named("stage writing");
        SpanData storing = named("stage storing");
        SpanData chat = named("chat opad-demo");
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", process.getTraceId());
        assertEquals("00f067aa0ba902b7", process.getParentSpanId());
        assertEquals(process.getSpanId(), writing.getParentSpanId());
        assertEquals(process.getSpanId(), storing.getParentSpanId(), "a stage still open when the attempt ends is ended with it");
        assertEquals(writing.getSpanId(), chat.getParentSpanId(), "the model call is a child of its stage");
        assertEquals("writing", writing.getAttributes().get(JobTracing.CHECKPOINT));
        assertEquals("chat", chat.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")));
        assertEquals("demo", chat.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name")));
        assertEquals("opad-demo", chat.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")));
        assertEquals(answer.tokenUsage().inputTokenCount().longValue(),
                chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")));
        assertEquals(answer.tokenUsage().outputTokenCount().longValue(),
                chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")));
    }

    @Test
    void theAttemptIsCurrentAndInTheMdcOnlyWhileItRuns() {
        String traceId;
        try (JobTracing.Attempt attempt = tracing.attempt(UUID.randomUUID(), 1, Optional.of(parent), Instant.now())) {
            traceId = attempt.traceId();
            assertEquals(traceId, Span.current().getSpanContext().getTraceId());
            assertEquals(traceId, MDC.get("traceId"));
            attempt.stage(CrewStage.RESEARCHING);
            assertEquals(traceId, MDC.get("traceId"), "a stage keeps the job's trace in the log lines");
        }
        assertFalse(Span.current().getSpanContext().isValid(), "nothing is left current on the thread");
        assertNull(MDC.get("traceId"));
        assertNull(MDC.get("spanId"));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", traceId);
    }

    @Test
    void aFailedStageAndAFailedAttemptAreErrorsWithoutTheErrorText() {
        try (JobTracing.Attempt attempt = tracing.attempt(UUID.randomUUID(), 1, Optional.empty(), Instant.now())) {
            attempt.stage(CrewStage.REVIEWING);
            attempt.stageFailed(new IllegalStateException("provider said: key sk-secret is wrong"));
            JobTracing.failed("the model provider rejected the API key", false);
        }
        SpanData stage = named("stage reviewing");
        SpanData process = named("process opad:jobs");
        assertEquals(StatusCode.ERROR, stage.getStatus().getStatusCode());
        assertEquals(IllegalStateException.class.getName(), stage.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertFalse(stage.getStatus().getDescription().contains("sk-secret"));
        assertEquals(StatusCode.ERROR, process.getStatus().getStatusCode());
        assertEquals("the model provider rejected the API key", process.getStatus().getDescription());
        assertEquals("failed", process.getAttributes().get(JobTracing.OUTCOME));
        assertFalse(process.getParentSpanContext().isValid(), "a job without a traceparent is a trace of its own");
    }

    private SpanData named(String name) {
        return exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + exported.getFinishedSpanItems()));
    }
}
