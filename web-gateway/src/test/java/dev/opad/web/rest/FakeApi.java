package dev.opad.web.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plays the opad api on a free loopback port with canned answers, and remembers what it was asked,
 * so the gateway's relaying can be checked without the real api, Postgres or Redis.
 */
public class FakeApi implements QuarkusTestResourceLifecycleManager {

    static final String ARTICLE_ID = "7c1e5a52-3c55-4b8e-9d1f-0a4f6c2b9e10";
    static final String JOB_ID = "0b6f0f8e-5d0a-4a57-8a31-3a8e8e0f4c21";
    static final String MISSING_ID = "00000000-0000-0000-0000-000000000404";
    static final String SLOW_ID = "00000000-0000-0000-0000-00000000510a";
    static final String VALIDATION_PROBLEM = """
            {"type":"/problems/validation","title":"Bad Request","status":400,"detail":"The request is not valid.",\
            "errors":[{"field":"level","message":"must be one of A1, A2, B1, B2, C1, C2"}]}""";
    static final String HOSTILE_MARKDOWN = """
            # Energiepreise

            Die Preise sind *hoch*.

            <script>alert(1)</script>

            <img src=x onerror=alert(1)>

            [mehr](javascript:alert(1))
            """;

    /** What the gateway sent, newest last. */
    static final ConcurrentLinkedDeque<Recorded> REQUESTS = new ConcurrentLinkedDeque<>();

    record Recorded(String method, String rawPath, String rawQuery, String contentType, String body) {
    }

    private HttpServer server;
    private ExecutorService executor;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Several threads, so the deliberately slow answer does not hold up the others.
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "quarkus.rest-client.opad-api.url", url,
                "quarkus.rest-client.opad-api.read-timeout", "500");
    }

    @Override
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        REQUESTS.add(new Recorded(method, path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        try (exchange) {
            switch (method + " " + path) {
                case "POST /articles" -> {
                    if (body.contains("\"Z9\"")) {
                        send(exchange, 400, "application/problem+json", VALIDATION_PROBLEM);
                    } else {
                        // A JAX-RS api sends an absolute Location, resolved against its own host.
                        exchange.getResponseHeaders().add("Location", "http://127.0.0.1:8081/articles/" + ARTICLE_ID);
                        send(exchange, 201, "application/json", article("pending"));
                    }
                }
                case "GET /articles" -> send(exchange, 200, "application/json",
                        "{\"items\":[" + article("completed") + "],\"page\":0,\"size\":20,\"total\":1}");
                case "GET /articles/" + ARTICLE_ID -> send(exchange, 200, "application/json", article("completed"));
                case "DELETE /articles/" + ARTICLE_ID -> {
                    exchange.sendResponseHeaders(204, -1);
                }
                case "POST /articles/" + ARTICLE_ID + "/generate" -> {
                    exchange.getResponseHeaders().add("Location", "/jobs/" + JOB_ID);
                    send(exchange, 202, "application/json", """
                            {"job_id":"%s","article_id":"%s","status":"queued","status_url":"/jobs/%s"}"""
                            .formatted(JOB_ID, ARTICLE_ID, JOB_ID));
                }
                case "GET /articles/" + ARTICLE_ID + "/content" ->
                        send(exchange, 200, "text/markdown; charset=utf-8", HOSTILE_MARKDOWN);
                case "GET /jobs/" + SLOW_ID -> {
                    sleepPastTheReadTimeout();
                    send(exchange, 200, "application/json", "{}");
                }
                case "GET /q/health/ready" -> send(exchange, 200, "application/json", "{\"status\":\"UP\",\"checks\":[]}");
                default -> send(exchange, 404, "application/problem+json", """
                        {"type":"/problems/not-found","title":"Not Found","status":404,"detail":"No such thing: %s"}"""
                        .formatted(path));
            }
        }
    }

    private static String article(String status) {
        return """
                {"id":"%s","language":"German","level":"B1","length":400,"topic":"Energiepreise","status":"%s",\
                "title":"Energiepreise","word_count":398,"created_at":"2025-01-01T10:00:00Z","updated_at":"2025-01-01T10:01:00Z"}"""
                .formatted(ARTICLE_ID, status);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleepPastTheReadTimeout() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
