package dev.opad.worker.trace;

import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_ID;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_SYSTEM;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.opad.worker.model.ModelChoice;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A span per model call, after OpenTelemetry's GenAI conventions: {@code chat <model>} (client), a child of the
 * stage that asked, with provider, requested and answering model and the tokens the answer reports — the same
 * counts the stage's {@code model_usage} row records. langchain4j calls the listener on the calling thread,
 * around the HTTP exchange, for every provider including the offline demo.
 */
@ApplicationScoped
public class ModelCallSpans {

    private final Tracer tracer;

    public ModelCallSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The listener for the models of {@code choice}; its provider is opad's name for it ({@code openai}, {@code demo}, ...). */
    public ChatModelListener listenerFor(ModelChoice choice) {
        return new Listener(tracer, choice);
    }

    private record Listener(Tracer tracer, ModelChoice choice) implements ChatModelListener {

        /** Where the call's span waits between request and answer: the call's own attribute map. */
        private static final Object SPAN = Listener.class;

        @Override
        public void onRequest(ChatModelRequestContext context) {
            String provider = choice.provider().name().toLowerCase(Locale.ROOT);
            String model = requestedModel(context.chatRequest()).orElse(choice.modelName());
            Span span = tracer.spanBuilder(GenAiOperationNameIncubatingValues.CHAT + " " + model)
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute(GEN_AI_OPERATION_NAME, GenAiOperationNameIncubatingValues.CHAT)
                    .setAttribute(GEN_AI_PROVIDER_NAME, provider)
                    .setAttribute(GEN_AI_SYSTEM, provider) // the older name, which many back ends still read
                    .setAttribute(GEN_AI_REQUEST_MODEL, model)
                    .startSpan();
            context.attributes().put(SPAN, span);
        }

        @Override
        public void onResponse(ChatModelResponseContext context) {
            if (!(context.attributes().get(SPAN) instanceof Span span)) {
                return;
            }
            ChatResponse response = context.chatResponse();
            Optional.ofNullable(response.modelName()).ifPresent(model -> span.setAttribute(GEN_AI_RESPONSE_MODEL, model));
            Optional.ofNullable(response.id()).ifPresent(id -> span.setAttribute(GEN_AI_RESPONSE_ID, id));
            Optional.ofNullable(response.finishReason()).ifPresent(reason ->
                    span.setAttribute(GEN_AI_RESPONSE_FINISH_REASONS, List.of(reason.name().toLowerCase(Locale.ROOT))));
            TokenUsage usage = response.tokenUsage();
            if (usage != null && usage.inputTokenCount() != null) {
                span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokenCount().longValue());
            }
            if (usage != null && usage.outputTokenCount() != null) {
                span.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokenCount().longValue());
            }
            span.end();
        }

        @Override
        public void onError(ChatModelErrorContext context) {
            if (!(context.attributes().get(SPAN) instanceof Span span)) {
                return;
            }
            // The type only: a provider's error body may echo the API key.
            span.setAttribute(ErrorAttributes.ERROR_TYPE, context.error().getClass().getName());
            span.setStatus(StatusCode.ERROR, context.error().getClass().getSimpleName());
            span.end();
        }

        private static Optional<String> requestedModel(ChatRequest request) {
            return Optional.ofNullable(request.parameters()).map(p -> p.modelName()).filter(name -> !name.isBlank());
        }
    }
}
