package dev.opad.worker;

import dev.opad.worker.model.ModelConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A hand-built {@link ModelConfig} for tests that construct the crew without the container. */
record TestModelConfig(Provider provider, Duration timeout, Demo demo, OpenAi openai, Anthropic anthropic,
                       Map<String, Stage> stages) implements ModelConfig {

    record TestOpenAi(String baseUrl, Optional<String> apiKey, String model) implements ModelConfig.OpenAi {
    }

    record TestAnthropic(String baseUrl, Optional<String> apiKey, String model, int maxTokens)
            implements ModelConfig.Anthropic {
    }

    record TestStage(Optional<Provider> provider, Optional<String> model) implements ModelConfig.Stage {
    }

    private static final TestOpenAi NO_OPENAI = new TestOpenAi("http://unused", Optional.empty(), "unused");
    private static final TestAnthropic NO_ANTHROPIC = new TestAnthropic("http://unused", Optional.empty(), "unused", 4096);

    static TestModelConfig offlineDemo() {
        return new TestModelConfig(Provider.DEMO, Duration.ofSeconds(5), () -> Duration.ZERO,
                NO_OPENAI, NO_ANTHROPIC, Map.of());
    }

    static TestModelConfig openAi(String baseUrl, String apiKey, String model) {
        return openAi(baseUrl, apiKey, model, Duration.ofSeconds(5));
    }

    static TestModelConfig openAi(String baseUrl, String apiKey, String model, Duration timeout) {
        return new TestModelConfig(Provider.OPENAI, timeout, () -> Duration.ZERO,
                new TestOpenAi(baseUrl, Optional.of(apiKey), model), NO_ANTHROPIC, Map.of());
    }

    static TestModelConfig anthropic(String baseUrl, String apiKey, String model, int maxTokens, Duration timeout) {
        return new TestModelConfig(Provider.ANTHROPIC, timeout, () -> Duration.ZERO,
                NO_OPENAI, new TestAnthropic(baseUrl, Optional.of(apiKey), model, maxTokens), Map.of());
    }

    TestModelConfig withOpenAi(String baseUrl, String apiKey, String model) {
        return new TestModelConfig(provider, timeout, demo, new TestOpenAi(baseUrl, Optional.of(apiKey), model),
                anthropic, stages);
    }

    TestModelConfig withAnthropic(String baseUrl, String apiKey, String model) {
        return new TestModelConfig(provider, timeout, demo, openai,
                new TestAnthropic(baseUrl, Optional.of(apiKey), model, anthropic.maxTokens()), stages);
    }

    /** {@code stage} overridden; a {@code null} provider or model is left to the default. */
    TestModelConfig withStage(String stage, Provider stageProvider, String stageModel) {
        Map<String, Stage> more = new HashMap<>(stages);
        more.put(stage, new TestStage(Optional.ofNullable(stageProvider), Optional.ofNullable(stageModel)));
        return new TestModelConfig(provider, timeout, demo, openai, anthropic, Map.copyOf(more));
    }
}
