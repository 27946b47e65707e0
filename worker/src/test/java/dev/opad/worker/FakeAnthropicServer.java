package dev.opad.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Anthropic's Messages API on loopback, played by WireMock: {@code POST /v1/messages} with {@code x-api-key}
 * and {@code anthropic-version}, answered with the real message shape including {@code usage}. Like the
 * real API it refuses a request without a key, a version or {@code max_tokens}. A test can {@link #script}
 * the next answers (status, headers, body, delay) to play a failing provider.
 */
final class FakeAnthropicServer implements AutoCloseable {

    record Received(String method, String path, String apiKey, String anthropicVersion, String authorization,
                    JsonNode body) {

        static Received of(LoggedRequest request) {
            return new Received(request.getMethod().getName(), request.getUrl().replaceFirst("\\?.*", ""),
                    request.getHeader("x-api-key"), request.getHeader("anthropic-version"),
                    request.getHeader("Authorization"), json(request.getBodyAsString()));
        }

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

        ResponseDefinitionBuilder answer() {
            ResponseDefinitionBuilder answer = aResponse().withStatus(status).withFixedDelay((int) delay.toMillis());
            headers.forEach(answer::withHeader);
            return body == null ? answer.withTransformers(MESSAGE) : answer.withBody(body);
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
    /** The extension answering with {@link #message}. */
    private static final String MESSAGE = "anthropic-message";

    private final WireMockServer server;
    private final ScriptedAnswers script;

    FakeAnthropicServer(Function<String, String> answerForPrompt) {
        AtomicInteger answered = new AtomicInteger();
        server = LoopbackWireMock.start(LoopbackWireMock.bodyFrom(MESSAGE,
                request -> message(Received.of(request), answered.incrementAndGet(), answerForPrompt)));
        // The real API's checks, the first that fails answering; WireMock tries the lowest priority first.
        server.stubFor(post(urlPathEqualTo("/v1/messages")).atPriority(5)
                .withHeader("x-api-key", matching(".*\\S.*"))
                .withHeader("anthropic-version", matching(".+"))
                .withRequestBody(matchingJsonPath("$.max_tokens", matching("-?[0-9]+")))
                .willReturn(json(200).withTransformers(MESSAGE)));
        server.stubFor(post(urlPathEqualTo("/v1/messages")).atPriority(6)
                .withHeader("x-api-key", matching(".*\\S.*"))
                .withHeader("anthropic-version", matching(".+"))
                .willReturn(error(400, "invalid_request_error", "max_tokens: Field required")));
        server.stubFor(post(urlPathEqualTo("/v1/messages")).atPriority(7)
                .withHeader("x-api-key", matching(".*\\S.*"))
                .withHeader("anthropic-version", absent())
                .willReturn(error(400, "invalid_request_error", "anthropic-version: header is required")));
        server.stubFor(post(urlPathEqualTo("/v1/messages")).atPriority(8)
                .willReturn(error(401, "authentication_error", "x-api-key header is required")));
        server.stubFor(any(urlPathEqualTo("/v1/messages")).atPriority(9)
                .willReturn(error(405, "invalid_request_error", "Method not allowed")));
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(error(404, "not_found_error", "Not found")));
        script = new ScriptedAnswers(server, () -> any(anyUrl()));
        LoopbackWireMock.warmUp(server);
    }

    /** The next calls get these answers, in order; after them the server answers normally again. */
    FakeAnthropicServer script(Scripted... answers) {
        script.add(Arrays.stream(answers).map(Scripted::answer).toList());
        return this;
    }

    String baseUrl() {
        return LoopbackWireMock.baseUrl(server) + "/v1";
    }

    /** What the server was sent, oldest first. */
    List<Received> received() {
        return server.findAll(anyRequestedFor(anyUrl())).stream().map(Received::of).toList();
    }

    private static ResponseDefinitionBuilder json(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json");
    }

    private static ResponseDefinitionBuilder error(int status, String type, String message) {
        return json(status).withBody(errorBody(type, message));
    }

    private static JsonNode json(String body) {
        return body.isEmpty() ? JSON.createObjectNode() : LoopbackWireMock.json(body);
    }

    /** The usual message: its text depends on the prompt. */
    private static String message(Received request, int number, Function<String, String> answerForPrompt) {
        ObjectNode message = JSON.createObjectNode()
                .put("id", "msg_fake" + number)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", request.body().path("model").asText());
        message.putArray("content").addObject()
                .put("type", "text")
                .put("text", answerForPrompt.apply(request.lastUserMessage()));
        message.put("stop_reason", "end_turn").putNull("stop_sequence");
        message.putObject("usage")
                .put("input_tokens", INPUT_TOKENS)
                .put("output_tokens", OUTPUT_TOKENS);
        return message.toString();
    }

    @Override
    public void close() {
        server.stop();
    }
}
