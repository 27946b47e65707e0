package dev.opad.worker.model;

import dev.opad.worker.model.ModelConfig.Provider;
import java.util.Locale;
import java.util.Objects;

/**
 * Which model answers a stage: a provider and the model's name there. Two stages with the same
 * choice share one {@link dev.langchain4j.model.chat.ChatModel}.
 */
public record ModelChoice(Provider provider, String modelName) {

    public ModelChoice {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(modelName, "modelName");
    }

    public boolean isDemo() {
        return provider == Provider.DEMO;
    }

    /** {@code provider/model}, such as {@code anthropic/claude-3-5-haiku-latest}: what article.json records. */
    public String describe() {
        return provider.name().toLowerCase(Locale.ROOT) + "/" + modelName;
    }
}
