package dev.opad.worker.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Each setting is also read from the environment under its derived name (opad.a.b-c: OPAD_A_B_C). A
 * default written {@code ${OPAD_NAME:value}} takes the variable README documents, else value; no file repeats it.
 */
@ConfigMapping(prefix = "opad.model")
public interface ModelConfig {

    /** The provider of every stage that does not name its own in {@link #stages()}. */
    @WithDefault("demo")
    Provider provider();

    /** Deadline of one model call. */
    @WithDefault("120s")
    Duration timeout();

    Demo demo();

    OpenAi openai();

    Anthropic anthropic();

    /**
     * Per-stage overrides keyed by stage name ({@link StageModels#STAGES}), such as a cheap model for
     * research and a strong one for writing. A stage without an entry, or with empty values, uses the default.
     */
    Map<String, Stage> stages();

    enum Provider { DEMO, OPENAI, ANTHROPIC }

    interface Demo {
        /** A pause per call so the progress bar visibly moves through the stages. */
        @WithDefault("${OPAD_DEMO_DELAY:1s}")
        Duration delay();
    }

    interface OpenAi {
        @WithDefault("${OPAD_OPENAI_BASE_URL:https://api.openai.com/v1}")
        String baseUrl();

        /** Optional: local servers such as Ollama accept any key. */
        @WithDefault("${OPAD_OPENAI_API_KEY:}")
        Optional<String> apiKey();

        @WithDefault("${OPAD_OPENAI_MODEL:gpt-4o-mini}")
        String model();
    }

    interface Anthropic {
        @WithDefault("${OPAD_ANTHROPIC_BASE_URL:https://api.anthropic.com/v1}")
        String baseUrl();

        /** Required when a stage uses Anthropic; the worker refuses to start without it. */
        @WithDefault("${OPAD_ANTHROPIC_API_KEY:}")
        Optional<String> apiKey();

        @WithDefault("${OPAD_ANTHROPIC_MODEL:claude-3-5-haiku-latest}")
        String model();

        /**
         * The Messages API requires a cap on every answer. 4096 tokens is about 3000 English words;
         * raise it (up to the model's limit) for longer articles or wordier languages.
         */
        @WithDefault("${OPAD_ANTHROPIC_MAX_TOKENS:4096}")
        int maxTokens();
    }

    interface Stage {
        /** This stage's provider; empty means the default {@link ModelConfig#provider()}. */
        Optional<Provider> provider();

        /** This stage's model at its provider; empty means that provider's configured model. */
        Optional<String> model();
    }
}
