package dev.opad.worker.model;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.opad.worker.model.ModelConfig.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/**
 * The one place that turns configuration into a chat model, and so the one place that knows each
 * provider's builder. {@link StageModels} picks which model each stage uses.
 */
public class ChatModels {

    /** The default model, for code that does not ask per stage. */
    @Produces
    @ApplicationScoped
    ChatModel chatModel(StageModels stages) {
        return stages.defaultModel();
    }

    /** The model of the default provider, as configured. */
    public static ChatModel create(ModelConfig config) {
        return create(config, defaultChoice(config));
    }

    /**
     * The model {@code choice} names, with the provider's connection settings from {@code config}.
     * Our HTTP client keeps Retry-After and the deadline for {@link FailureClassifier}; no retries
     * in langchain4j, because the worker retries whole jobs with the provider's hint.
     */
    public static ChatModel create(ModelConfig config, ModelChoice choice) {
        return create(config, choice, List.of());
    }

    /** The same, with {@code listeners} told of every call (the model-call spans, {@code ModelCallSpans}). */
    public static ChatModel create(ModelConfig config, ModelChoice choice, List<ChatModelListener> listeners) {
        return switch (choice.provider()) {
            case DEMO -> new DemoChatModel(config.demo().delay(), listeners);
            case OPENAI -> OpenAiChatModel.builder()
                    .httpClientBuilder(ProviderHttpClient.builder())
                    .baseUrl(config.openai().baseUrl())
                    .apiKey(config.openai().apiKey().filter(key -> !key.isBlank()).orElse("no-key-configured"))
                    .modelName(choice.modelName())
                    .timeout(config.timeout())
                    .maxRetries(0)
                    .listeners(listeners)
                    .build();
            case ANTHROPIC -> AnthropicChatModel.builder()
                    .httpClientBuilder(ProviderHttpClient.builder())
                    .baseUrl(config.anthropic().baseUrl())
                    .apiKey(config.anthropic().apiKey().filter(key -> !key.isBlank()).orElseThrow(() ->
                            new IllegalStateException("the Anthropic provider needs an API key: set OPAD_ANTHROPIC_API_KEY")))
                    .modelName(choice.modelName())
                    .maxTokens(config.anthropic().maxTokens())
                    .timeout(config.timeout())
                    .maxRetries(0)
                    .listeners(listeners)
                    .build();
        };
    }

    /** The default provider with its configured model. */
    public static ModelChoice defaultChoice(ModelConfig config) {
        return new ModelChoice(config.provider(), configuredModel(config, config.provider()));
    }

    /** The model configured for {@code provider} ({@code OPAD_OPENAI_MODEL}, {@code OPAD_ANTHROPIC_MODEL}). */
    static String configuredModel(ModelConfig config, Provider provider) {
        return switch (provider) {
            case DEMO -> DemoChatModel.MODEL_NAME;
            case OPENAI -> config.openai().model();
            case ANTHROPIC -> config.anthropic().model();
        };
    }

    /** A sentence for the startup log: which model, and where. */
    public static String describe(ModelConfig config) {
        return describe(config, defaultChoice(config));
    }

    static String describe(ModelConfig config, ModelChoice choice) {
        return switch (choice.provider()) {
            case DEMO -> "the offline demo model (" + DemoChatModel.MODEL_NAME + "): articles are labelled as demos";
            case OPENAI -> "OpenAI-compatible model " + choice.modelName() + " at " + config.openai().baseUrl();
            case ANTHROPIC -> "Anthropic model " + choice.modelName() + " at " + config.anthropic().baseUrl();
        };
    }
}
