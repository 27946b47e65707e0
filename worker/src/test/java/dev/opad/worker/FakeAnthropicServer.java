package dev.opad.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Speaks Anthropic's Messages API on loopback: {@code POST /v1/messages} with {@code x-api-key} and
 * {@code anthropic-version}, answered with the real message shape including {@code usage}. Like the
 * real API it refuses a request without a key, a version or {@code max_tokens}. A test can
 * {@link #script} the next answers (status, headers, body, delay) to play a failing provider.
 */
final class FakeAnthropicServer implements AutoCloseable {

    record Received(String method, String path, String apiKey, String anthropicVersion, String authorization,
                    JsonNode body) {

        /** The last user turn's text; Anthropic's content is a string or a list of blocks. */
        String lastUserMessage() {
            JsonNode messages = body.path("messages");
            for (int i = messages.size() - 1; i >= 0; i--) {
                JsonNode message = messages.get(i);
                if ("user".equals(message.path("role").asText())) {
                    return text(message.path("content"));
                }
            }
            return "";
        }

        private static String text(JsonNode content) {
            if (content.isTextual()) {
                return content.asText();
            }
            StringBuilder text = new StringBuilder();
            content.forEach(block -> {
                if ("text".equals(block.path("type").asText())) {
                    text.append(block.path("text").asText());
                }
            });
            return text.toString();
        }
    }

    /** One scripted answer; a {@code null} body means the usual message for the prompt. */
    record Scripted(int status, Map<String, String> headers, String body, Duration delay) {

        static Scripted status(int status, String body) {
            return new Scripted(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
        }

        static Scripted messageAfter(Duration delay) {
            return new Scripted(200, Map.of("Content-Type", "application/json"), null, delay);
        }

        Scripted withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Scripted(status, Map.copyOf(more), body, delay);
        }
    }

    /** Anthropic's error body: {@code {"type": "error", "error": {"type", "message"}}}. */
    static String errorBody(String type, String message) {
        ObjectNode error = JSON.createObjectNode().put("type", "error");
        error.putObject("error").put("type", type).put("message", message);
        return error.toString();
    }

    static final String VERSION = "2023-06-01";
    static final int INPUT_TOKENS = 87;
    static final int OUTPUT_TOKENS = 413;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Function<String, String> answerForPrompt;
    private final Queue<Scripted> scripted = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

    FakeAnthropicServer(Function<String, String> answerForPrompt) throws IOException {
        this.answerForPrompt = answerForPrompt;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /** The next calls get these answers, in order; after them the server answers normally again. */
    FakeAnthropicServer script(Scripted... answers) {
        scripted.addAll(List.of(answers));
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    List<Received> received() {
        return received;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        var headers = exchange.getRequestHeaders();
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                headers.getFirst("x-api-key"), headers.getFirst("anthropic-version"), headers.getFirst("Authorization"),
                body);
        received.add(request);

        Scripted script = scripted.poll();
        if (script != null) {
            pause(script.delay());
            send(exchange, script.status(), script.headers(), script.body() == null
                    ? message(request) : script.body().getBytes(StandardCharsets.UTF_8));
            return;
        }
        Map<String, String> json = Map.of("Content-Type", "application/json");
        if (!"/v1/messages".equals(request.path())) {
            send(exchange, 404, json, bytes(errorBody("not_found_error", "Not found")));
        } else if (!"POST".equals(request.method())) {
            send(exchange, 405, json, bytes(errorBody("invalid_request_error", "Method not allowed")));
        } else if (request.apiKey() == null || request.apiKey().isBlank()) {
            send(exchange, 401, json, bytes(errorBody("authentication_error", "x-api-key header is required")));
        } else if (request.anthropicVersion() == null) {
            send(exchange, 400, json, bytes(errorBody("invalid_request_error", "anthropic-version: header is required")));
        } else if (!body.path("max_tokens").isInt()) {
            send(exchange, 400, json, bytes(errorBody("invalid_request_error", "max_tokens: Field required")));
        } else {
            send(exchange, 200, json, message(request));
        }
    }

    private byte[] message(Received request) throws IOException {
        ObjectNode response = JSON.createObjectNode()
                .put("id", "msg_fake" + received.size())
                .put("type", "message")
                .put("role", "assistant")
                .put("model", request.body().path("model").asText());
        response.putArray("content").addObject()
                .put("type", "text")
                .put("text", answerForPrompt.apply(request.lastUserMessage()));
        response.put("stop_reason", "end_turn").putNull("stop_sequence");
        response.putObject("usage")
                .put("input_tokens", INPUT_TOKENS)
                .put("output_tokens", OUTPUT_TOKENS);
        return JSON.writeValueAsBytes(response);
    }

    private void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] bytes) {
        try {
            headers.forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException clientGone) {
            // The client gave up (a timeout test); nothing to deliver.
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.close();
    }
}
