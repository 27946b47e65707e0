package dev.opad.worker;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the worker's model at a {@link FakeOpenAiServer} on loopback, so a {@code @QuarkusTest} runs
 * real jobs over real HTTP without a live model. Tests script the provider through {@link #server()}.
 * The answers form a short article whose title is the topic, so every stage has something to pass on.
 */
public class FakeOpenAiResource implements QuarkusTestResourceLifecycleManager {

    static final String API_KEY = "sk-test";

    private static volatile FakeOpenAiServer server;

    @Override
    public Map<String, String> start() {
        server = new FakeOpenAiServer(FakeOpenAiResource::answer);
        return Map.of(
                "opad.model.provider", "openai",
                "opad.model.openai.base-url", server.baseUrl(),
                "opad.model.openai.api-key", API_KEY,
                "opad.model.openai.model", "gpt-test");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    static FakeOpenAiServer server() {
        return server;
    }

    /**
     * Answers what opad's demo model would for the same prompt: full articles at the requested
     * length with a glossary taken from the text, so they pass the real quality gate.
     */
    private static String answer(String prompt) {
        return DEMO.chat(dev.langchain4j.data.message.UserMessage.from(prompt)).aiMessage().text();
    }

    private static final dev.opad.worker.model.DemoChatModel DEMO = new dev.opad.worker.model.DemoChatModel(java.time.Duration.ZERO);
}
