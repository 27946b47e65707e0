package dev.opad.worker.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Tavily's search API on loopback: {@code POST /search} with a bearer key, answering in Tavily's
 * response shape ({@code query}, {@code results[]} of title, url, content, score; {@code response_time}).
 * Tests can script failures; otherwise every search finds {@link #RESULTS}.
 */
public final class FakeTavilyServer implements AutoCloseable {

    public static final String API_KEY = "tvly-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();

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
    }

    private final HttpServer server;
    private final List<JsonNode> searches = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Scripted> script = new ConcurrentLinkedQueue<>();

    public FakeTavilyServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/search", this::search);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The request bodies of the searches that were authorised, in order. */
    public List<JsonNode> searches() {
        return List.copyOf(searches);
    }

    public void script(Scripted... answers) {
        script.addAll(List.of(answers));
    }

    private void search(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, new Scripted(405, Map.of(), "", Duration.ZERO));
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, new Scripted(401, Map.of("Content-Type", "application/json"),
                        "{\"detail\":{\"error\":\"Unauthorized: missing or invalid API key.\"}}", Duration.ZERO));
                return;
            }
            searches.add(body);
            Scripted next = script.poll();
            send(exchange, next != null ? next : found(body));
        }
    }

    private static Scripted found(JsonNode request) {
        int max = request.path("max_results").asInt(5);
        ObjectNode answer = JSON.createObjectNode().put("query", request.path("query").asText());
        answer.putNull("answer");
        answer.putArray("images");
        ArrayNode results = answer.putArray("results");
        RESULTS.stream().limit(max).forEach(r -> results.addObject()
                .put("title", r.title()).put("url", r.url()).put("content", r.content()).put("score", 0.9)
                .putNull("raw_content"));
        answer.put("response_time", 0.42);
        return new Scripted(200, Map.of("Content-Type", "application/json"), answer.toString(), Duration.ZERO);
    }

    private static void send(HttpExchange exchange, Scripted answer) throws IOException {
        sleep(answer.delay());
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
