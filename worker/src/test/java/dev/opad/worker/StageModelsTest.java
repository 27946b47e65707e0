package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.opad.worker.model.DemoChatModel;
import dev.opad.worker.model.ModelConfig;
import dev.opad.worker.model.ModelConfig.Provider;
import dev.opad.worker.model.StageModels;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-stage models: which provider and model each stage gets, from the worker's real configuration. */
class StageModelsTest {

    @Test
    void eachStageTalksToItsOwnProvider() throws Exception {
        try (FakeOpenAiServer openAi = new FakeOpenAiServer(prompt -> "from openai");
             FakeAnthropicServer anthropic = new FakeAnthropicServer(prompt -> "from anthropic")) {
            StageModels stages = new StageModels(configFromEnvironment(Map.of(
                    "OPAD_OPENAI_BASE_URL", openAi.baseUrl(),
                    "OPAD_OPENAI_API_KEY", "sk-test",
                    "OPAD_ANTHROPIC_BASE_URL", anthropic.baseUrl(),
                    "OPAD_ANTHROPIC_API_KEY", "sk-ant-test",
                    "OPAD_MODEL_WRITE_PROVIDER", "openai",
                    "OPAD_MODEL_WRITE_MODEL", "gpt-strong",
                    "OPAD_MODEL_RESEARCH_PROVIDER", "anthropic",
                    "OPAD_MODEL_RESEARCH_MODEL", "claude-cheap")));

            ChatResponse written = stages.forStage("write").chat(ask("write it"));
            ChatResponse researched = stages.forStage("research").chat(ask("look it up"));

            assertEquals("from openai", written.aiMessage().text());
            assertEquals(FakeOpenAiServer.PROMPT_TOKENS, written.tokenUsage().inputTokenCount());
            assertEquals(1, openAi.received().size());
            assertEquals("gpt-strong", openAi.received().getFirst().body().get("model").asText());
            assertEquals("write it", openAi.received().getFirst().lastUserMessage());

            assertEquals("from anthropic", researched.aiMessage().text());
            assertEquals(FakeAnthropicServer.INPUT_TOKENS, researched.tokenUsage().inputTokenCount());
            assertEquals(FakeAnthropicServer.OUTPUT_TOKENS, researched.tokenUsage().outputTokenCount());
            assertEquals(1, anthropic.received().size());
            assertEquals("claude-cheap", anthropic.received().getFirst().body().get("model").asText());
            assertEquals("look it up", anthropic.received().getFirst().lastUserMessage());

            assertEquals("openai/gpt-strong", stages.describe("write"));
            assertEquals("anthropic/claude-cheap", stages.describe("research"));
            assertEquals("demo/" + DemoChatModel.MODEL_NAME, stages.describe("review"));
            assertEquals("demo/" + DemoChatModel.MODEL_NAME, stages.describe("glossary"));
            assertTrue(stages.forStage("review") instanceof DemoChatModel, "review keeps the default demo");
            assertEquals(1, openAi.received().size(), "no stage but write went to OpenAI");
            assertEquals(1, anthropic.received().size(), "no stage but research went to Anthropic");
        }
    }

    @Test
    void emptyVariablesMeanTheDefault() throws Exception {
        ModelConfig config = configFromEnvironment(Map.of(
                "OPAD_MODEL_PROVIDER", "openai",
                "OPAD_OPENAI_MODEL", "gpt-default",
                "OPAD_MODEL_WRITE_PROVIDER", "",
                "OPAD_MODEL_WRITE_MODEL", ""));
        StageModels stages = new StageModels(config);

        for (String stage : StageModels.STAGES) {
            assertEquals("openai/gpt-default", stages.describe(stage), stage);
            assertSame(stages.defaultModel(), stages.forStage(stage), stage);
        }
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() throws Exception {
        ModelConfig config = configFromEnvironment(Map.of());

        assertEquals(Provider.DEMO, config.provider());
        assertEquals("https://api.anthropic.com/v1", config.anthropic().baseUrl());
        assertEquals("claude-3-5-haiku-latest", config.anthropic().model());
        assertEquals(4096, config.anthropic().maxTokens());
        assertTrue(config.anthropic().apiKey().isEmpty());
        assertEquals("demo/" + DemoChatModel.MODEL_NAME, new StageModels(config).describe("write"));
    }

    @Test
    void stagesWithTheSameProviderAndModelShareOneModel() {
        TestModelConfig config = TestModelConfig.openAi("http://127.0.0.1:9/v1", "sk-test", "gpt-default")
                .withAnthropic("http://127.0.0.1:9/v1", "sk-ant-test", "claude-default")
                .withStage("write", null, "gpt-strong")
                .withStage("review", Provider.OPENAI, "gpt-default")
                .withStage("research", Provider.ANTHROPIC, null)
                .withStage("glossary", Provider.ANTHROPIC, "claude-default");
        StageModels stages = new StageModels(config);

        assertEquals("openai/gpt-strong", stages.describe("write"), "a model alone keeps the default provider");
        assertEquals("anthropic/claude-default", stages.describe("research"), "a provider alone brings its model");
        assertNotSame(stages.defaultModel(), stages.forStage("write"));
        assertSame(stages.defaultModel(), stages.forStage("review"));
        assertSame(stages.forStage("research"), stages.forStage("glossary"));
        assertNotSame(stages.defaultModel(), stages.forStage("research"));
    }

    @Test
    void aStageNobodyConfiguresGetsTheDefault() {
        TestModelConfig config = TestModelConfig.openAi("http://127.0.0.1:9/v1", "sk-test", "gpt-default")
                .withStage("write", null, "gpt-strong");
        StageModels stages = new StageModels(config);

        assertSame(stages.defaultModel(), stages.forStage("plan"));
        assertEquals("openai/gpt-default", stages.describe("plan"));
        assertEquals("openai/gpt-strong", stages.describe("WRITE"), "stage names ignore case");
    }

    @Test
    void aMisspeltStageStopsTheWorker() {
        TestModelConfig config = TestModelConfig.offlineDemo().withStage("writing", Provider.OPENAI, "gpt-4o");

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> new StageModels(config));

        assertTrue(error.getMessage().contains("[writing]"), error.getMessage());
    }

    @Test
    void anAnthropicStageWithoutAKeyStopsTheWorker() {
        TestModelConfig config = TestModelConfig.offlineDemo().withStage("research", Provider.ANTHROPIC, null);

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> new StageModels(config));

        assertTrue(error.getMessage().contains("OPAD_ANTHROPIC_API_KEY"), error.getMessage());
    }

    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().messages(UserMessage.from(prompt)).build();
    }

    /**
     * The worker's application.properties with {@code env} standing in for the process environment,
     * read as Quarkus reads it: {@code ${VAR:default}} expanded, "120s" a duration, empty values unset.
     */
    private static ModelConfig configFromEnvironment(Map<String, String> env) throws Exception {
        URL properties = StageModelsTest.class.getClassLoader().getResource("application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(ModelConfig.class)
                .build();
        return config.getConfigMapping(ModelConfig.class);
    }
}
