package dev.opad.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Speaks OpenAI's chat-completions HTTP API on loopback: takes the real request JSON, answers with
 * the real response shape including the {@code usage} block, and records what it was sent.
 */
final class FakeOpenAiServer implements AutoCloseable {

    record Received(String path, String authorization, JsonNode body) {
        String lastUserMessage() {
            JsonNode messages = body.get("messages");
            for (int i = messages.size() - 1; i >= 0; i--) {
                if ("user".equals(messages.get(i).get("role").asText())) {
                    return messages.get(i).get("content").asText();
                }
            }
            return "";
        }
    }

    static final int PROMPT_TOKENS = 120;
    static final int COMPLETION_TOKENS = 340;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Function<String, String> answerForPrompt;

    FakeOpenAiServer(Function<String, String> answerForPrompt) throws IOException {
        this.answerForPrompt = answerForPrompt;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    List<Received> received() {
        return received;
    }

    private void complete(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        Received request = new Received(exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), body);
        received.add(request);

        ObjectNode response = JSON.createObjectNode()
                .put("id", "chatcmpl-" + received.size())
                .put("object", "chat.completion")
                .put("created", 1_700_000_000L)
                .put("model", body.get("model").asText());
        ObjectNode choice = response.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", answerForPrompt.apply(request.lastUserMessage()));
        response.putObject("usage")
                .put("prompt_tokens", PROMPT_TOKENS)
                .put("completion_tokens", COMPLETION_TOKENS)
                .put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);

        byte[] bytes = JSON.writeValueAsBytes(response);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
