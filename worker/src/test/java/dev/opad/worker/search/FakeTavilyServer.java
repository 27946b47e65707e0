package dev.opad.worker.search;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.opad.worker.LoopbackWireMock;
import dev.opad.worker.ScriptedAnswers;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Tavily's search API on loopback, played by WireMock: {@code POST /search} with a bearer key, answering
 * in Tavily's response shape ({@code query}, {@code results[]} of title, url, content, score;
 * {@code response_time}). Tests can script failures; otherwise every search finds {@link #RESULTS}.
 */
public final class FakeTavilyServer implements AutoCloseable {

    public static final String API_KEY = "tvly-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BEARER = "Bearer " + API_KEY;
    /** The extension answering with {@link #found}. */
    private static final String FOUND = "tavily-found";

    public record Result(String title, String url, String content) {
    }

    public static final List<Result> RESULTS = List.of(
            new Result("Strompreise sinken im Herbst", "https://news.example.org/strom",
                    "Die Strompreise für Haushalte sind im Herbst um acht Prozent gesunken."),
            new Result("Gas storage is full", "https://energy.example.net/gas-storage",
                    "European gas storage reached 95 percent before the winter."),
            new Result("Solar on roofs", "https://solar.example.com/roofs",
                    "More households install solar panels on their roofs."));

    /** A scripted answer: status, headers, body, and a pause before it. */
    public record Scripted(int status, Map<String, String> headers, String body, Duration delay) {
        public static Scripted status(int status) {
            return new Scripted(status, Map.of("Content-Type", "application/json"), "{\"detail\":{\"error\":\"scripted\"}}",
                    Duration.ZERO);
        }

        ResponseDefinitionBuilder answer() {
            ResponseDefinitionBuilder answer = aResponse().withStatus(status).withBody(body)
                    .withFixedDelay((int) delay.toMillis());
            headers.forEach(answer::withHeader);
            return answer;
        }
    }

    private final WireMockServer server;
    private final ScriptedAnswers script;

    public FakeTavilyServer() {
        server = LoopbackWireMock.start(
                LoopbackWireMock.bodyFrom(FOUND, request -> found(LoopbackWireMock.json(request.getBodyAsString()))));
        server.stubFor(post(urlPathEqualTo("/search")).atPriority(5).withHeader("Authorization", equalTo(BEARER))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withTransformers(FOUND)));
        server.stubFor(post(urlPathEqualTo("/search")).atPriority(8)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"detail\":{\"error\":\"Unauthorized: missing or invalid API key.\"}}")));
        server.stubFor(any(urlPathEqualTo("/search")).atPriority(9).willReturn(aResponse().withStatus(405)));
        script = new ScriptedAnswers(server,
                () -> post(urlPathEqualTo("/search")).withHeader("Authorization", equalTo(BEARER)));
        LoopbackWireMock.warmUp(server);
    }

    public String baseUrl() {
        return LoopbackWireMock.baseUrl(server);
    }

    /** The request bodies of the searches that were authorised, in order. */
    public List<JsonNode> searches() {
        return server.findAll(postRequestedFor(urlPathEqualTo("/search")).withHeader("Authorization", equalTo(BEARER)))
                .stream().map(request -> LoopbackWireMock.json(request.getBodyAsString())).toList();
    }

    public void script(Scripted... answers) {
        script.add(Arrays.stream(answers).map(Scripted::answer).toList());
    }

    @Override
    public void close() {
        server.stop();
    }

    /** What a search finds: as many of {@link #RESULTS} as the request's {@code max_results} asks for. */
    private static String found(JsonNode request) {
        ObjectNode answer = JSON.createObjectNode().put("query", request.path("query").asText());
        answer.putNull("answer");
        answer.putArray("images");
        ArrayNode results = answer.putArray("results");
        RESULTS.stream().limit(request.path("max_results").asInt(5)).forEach(r -> results.addObject()
                .put("title", r.title()).put("url", r.url()).put("content", r.content()).put("score", 0.9)
                .putNull("raw_content"));
        answer.put("response_time", 0.42);
        return answer.toString();
    }
}
