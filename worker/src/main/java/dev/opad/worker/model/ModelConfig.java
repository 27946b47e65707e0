package dev.opad.worker.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "opad.model")
public interface ModelConfig {

    @WithDefault("demo")
    Provider provider();

    /** Deadline of one model call. */
    @WithDefault("120s")
    Duration timeout();

    Demo demo();

    OpenAi openai();

    enum Provider { DEMO, OPENAI }

    interface Demo {
        /** A pause per call so the progress bar visibly moves through the stages. */
        @WithDefault("1s")
        Duration delay();
    }

    interface OpenAi {
        @WithDefault("https://api.openai.com/v1")
        String baseUrl();

        /** Optional: local servers such as Ollama accept any key. */
        Optional<String> apiKey();

        @WithDefault("gpt-4o-mini")
        String model();
    }
}
