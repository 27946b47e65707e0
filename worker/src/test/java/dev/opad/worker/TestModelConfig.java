package dev.opad.worker;

import dev.opad.worker.model.ModelConfig;
import java.time.Duration;
import java.util.Optional;

/** A hand-built {@link ModelConfig} for tests that construct the crew without the container. */
record TestModelConfig(Provider provider, Duration timeout, Demo demo, OpenAi openai) implements ModelConfig {

    record TestOpenAi(String baseUrl, Optional<String> apiKey, String model) implements ModelConfig.OpenAi {
    }

    static TestModelConfig offlineDemo() {
        return new TestModelConfig(Provider.DEMO, Duration.ofSeconds(5), () -> Duration.ZERO,
                new TestOpenAi("http://unused", Optional.empty(), "unused"));
    }

    static TestModelConfig openAi(String baseUrl, String apiKey, String model) {
        return openAi(baseUrl, apiKey, model, Duration.ofSeconds(5));
    }

    static TestModelConfig openAi(String baseUrl, String apiKey, String model, Duration timeout) {
        return new TestModelConfig(Provider.OPENAI, timeout, () -> Duration.ZERO,
                new TestOpenAi(baseUrl, Optional.of(apiKey), model));
    }
}
