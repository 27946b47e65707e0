package dev.opad.worker.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** The one place that turns configuration into the chat model the crew talks to. */
public class ChatModels {

    private static final Logger LOG = Logger.getLogger(ChatModels.class);

    @Produces
    @ApplicationScoped
    ChatModel chatModel(ModelConfig config) {
        ChatModel model = create(config);
        LOG.infof("content crew uses %s", describe(config));
        return model;
    }

    public static ChatModel create(ModelConfig config) {
        return switch (config.provider()) {
            case DEMO -> new DemoChatModel(config.demo().delay());
            // Our HTTP client keeps Retry-After and the deadline for FailureClassifier; no retries here,
            // because the worker retries whole jobs with the provider's hint.
            case OPENAI -> OpenAiChatModel.builder()
                    .httpClientBuilder(ProviderHttpClient.builder())
                    .baseUrl(config.openai().baseUrl())
                    .apiKey(config.openai().apiKey().orElse("no-key-configured"))
                    .modelName(config.openai().model())
                    .timeout(config.timeout())
                    .maxRetries(0)
                    .build();
        };
    }

    public static String describe(ModelConfig config) {
        return switch (config.provider()) {
            case DEMO -> "the offline demo model (" + DemoChatModel.MODEL_NAME + "): articles are labelled as demos";
            case OPENAI -> "OpenAI-compatible model " + config.openai().model() + " at " + config.openai().baseUrl();
        };
    }
}
