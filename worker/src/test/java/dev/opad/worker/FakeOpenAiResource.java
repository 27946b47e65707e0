package dev.opad.worker;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        try {
            server = new FakeOpenAiServer(FakeOpenAiResource::answer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake OpenAI server", e);
        }
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

    private static String answer(String prompt) {
        String topic = prompt.lines().filter(line -> line.startsWith("Topic: "))
                .map(line -> line.substring("Topic: ".length())).findFirst().orElse("Untitled");
        if (prompt.contains("Stage: research")) {
            return "- People talk about " + topic + ".\n- They read and ask.";
        }
        if (prompt.contains("Stage: glossary")) {
            return "[{\"word\":\"people\",\"lemma\":\"person\",\"part_of_speech\":\"noun\","
                    + "\"definition\":\"humans\",\"example\":\"People talk about " + topic + " every day.\"}]";
        }
        return "# " + topic + "\n\n## Why it matters\n\nPeople talk about " + topic + " every day.\n\n"
                + "## What people do\n\nThey read, they ask, and they learn a little more.\n";
    }
}
