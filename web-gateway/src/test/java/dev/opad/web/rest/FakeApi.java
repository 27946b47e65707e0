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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the opad api on a free loopback port with canned answers, and remembers what it was asked,
 * so the gateway's relaying can be checked without the real api, Postgres or Redis.
 */
public class FakeApi implements QuarkusTestResourceLifecycleManager {

    public static final String ARTICLE_ID = "7c1e5a52-3c55-4b8e-9d1f-0a4f6c2b9e10";
    /** A running job: cancelling it is only a request to its worker (202). */
    public static final String JOB_ID = "0b6f0f8e-5d0a-4a57-8a31-3a8e8e0f4c21";
    /** A job still waiting for a worker: cancelling it takes effect at once (200). */
    public static final String QUEUED_JOB_ID = "1c7a1f9e-6e1b-4b68-9b42-4b9f9f1a5d32";
    /** A failed job: it may be retried or discarded. */
    public static final String FAILED_JOB_ID = "2d8b2a0f-7f2c-4c79-8c53-5ca0a02b6e43";
    /** A completed job: it can be neither cancelled, retried nor discarded (409). */
    public static final String COMPLETED_JOB_ID = "3e9c3b1a-8a3d-4d8a-9d64-6db1b13c7f54";
    private static final Map<String, String> JOB_STATES = Map.of(
            JOB_ID, "running", QUEUED_JOB_ID, "queued", FAILED_JOB_ID, "failed", COMPLETED_JOB_ID, "completed");
    private static final Pattern JOB_CALL = Pattern.compile("(GET|POST|DELETE) /jobs/([^/]+)(/cancel|/retry|/events)?");
    public static final String EVENTS = """
            [{"event_id":"9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736",\
            "source":"worker","type":"job.stage_started","occurred_at":"2025-01-01T10:00:05Z","job_id":"%s",\
            "attempt":1,"level":"info","stage":"writing","data":{"model":"fake"}}]""".formatted(JOB_ID);
    public static final String MISSING_ID = "00000000-0000-0000-0000-000000000404";
    public static final String SLOW_ID = "00000000-0000-0000-0000-00000000510a";
    public static final String VALIDATION_PROBLEM = """
            {"type":"/problems/validation","title":"Bad Request","status":400,"detail":"The request is not valid.",\
            "errors":[{"field":"level","message":"must be one of A1, A2, B1, B2, C1, C2"}]}""";
    public static final String HOSTILE_MARKDOWN = """
            # Energiepreise

            Die Preise sind *hoch*.

            <script>alert(1)</script>

            <img src=x onerror=alert(1)>

            [mehr](javascript:alert(1))
            """;

    /** The one account the fake knows, and the access token its login hands out. */
    public static final String EMAIL = "ada@example.org";
    public static final String PASSWORD = "correct-horse-battery-staple";
    public static final String ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEiLCJleHAiOjE3MzU3MjEyMDB9.c2lnbmF0dXJlLW9mLWFkYQ";
    public static final long EXPIRES_IN = 3600;
    /** A signed-in admin's access token: only it may read {@code /admin/overview}, as in the real api. */
    public static final String ADMIN_ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJncmFjZSIsImdyb3VwcyI6WyJhZG1pbiJdfQ.c2lnbmF0dXJlLW9mLWdyYWNl";
    public static final String OVERVIEW = """
            {"queue":{"waiting":3,"delayed":1,"processing":2},"jobs":{"queued":3,"running":2,"retrying":1,\
            "completed":40,"failed":1,"cancelled":0,"discarded":0},"running":[{"job_id":"%s","article_id":"%s",\
            "user_id":"5d7f2c8e-9b1a-4e3f-8c2d-1a2b3c4d5e6f","stage":"writing","progress":40,"attempt":1,\
            "worker_id":"worker-a","started_at":"2025-01-01T10:00:00Z"}],"failed":[{"job_id":"%s","article_id":"%s",\
            "user_id":"5d7f2c8e-9b1a-4e3f-8c2d-1a2b3c4d5e6f","error":"the model provider rejected the API key",\
            "attempt":3,"failures":3,"finished_at":"2025-01-01T09:00:00Z"}],"workers":[{"id":"worker-a","alive":true,\
            "last_heartbeat":"2025-01-01T10:00:30Z","age_seconds":2,"running":2,"concurrency":64,"host":"node-1",\
            "version":"0.1.0"}],"generated_at":"2025-01-01T10:00:32Z"}"""
            .formatted(JOB_ID, ARTICLE_ID, FAILED_JOB_ID, ARTICLE_ID);
    public static final String MY_USAGE = """
            {"days":7,"daily_token_budget":2000000,"used_today":4300,"remaining_today":1995700,\
            "resets_at":"2025-01-02T00:00:00Z","totals":{"calls":3,"prompt_tokens":1600,"completion_tokens":2700,\
            "total_tokens":4300,"cost_usd":0.00165,"cost_complete":false},"by_day":[{"date":"2025-01-01",\
            "totals":{"calls":3,"prompt_tokens":1600,"completion_tokens":2700,"total_tokens":4300,"cost_usd":0.00165,\
            "cost_complete":false}}],"by_stage":[]}""";
    public static final String ARTICLE_USAGE = """
            {"article_id":"%s","totals":{"calls":1,"prompt_tokens":1000,"completion_tokens":2000,"total_tokens":3000,\
            "cost_usd":0.0015,"cost_complete":true},"by_stage":[{"stage":"writing","totals":{"calls":1,\
            "prompt_tokens":1000,"completion_tokens":2000,"total_tokens":3000,"cost_usd":0.0015,"cost_complete":true}}],\
            "calls":[{"stage":"writing","attempt":1,"provider":"openai","model":"gpt-test","prompt_tokens":1000,\
            "completion_tokens":2000,"total_tokens":3000,"cost_usd":0.0015,"at":"2025-01-01T10:00:20Z"}]}"""
            .formatted(ARTICLE_ID);
    public static final String USER = """
            {"id":"5d7f2c8e-9b1a-4e3f-8c2d-1a2b3c4d5e6f","email":"ada@example.org","name":"Ada","roles":["user"]}""";
    /** Registering this address answers 409; logging in as it answers 429. */
    public static final String TAKEN_EMAIL = "taken@example.org";
    /** Registering this address works, but the login right after it is refused with 429. */
    public static final String BUSY_EMAIL = "busy@example.org";
    /** Logging in as this address "succeeds" with an answer that holds no token: a broken api, a 500 in the gateway. */
    public static final String BROKEN_EMAIL = "broken@example.org";
    /** An article whose Markdown is larger than the gateway renders. */
    public static final String HUGE_ARTICLE_ID = "4fad4c2b-9b4e-4e9b-8e75-7ec2c24d8a65";
    /** Any bearer token with this prefix counts as a script's api token. */
    public static final String API_TOKEN_PREFIX = "opad_";
    public static final String TOKEN_ID = "3f0e6a1c-2b4d-4c8e-9a7f-6d5e4c3b2a10";
    public static final String REGISTRATION_RECEIVED = """
            {"email":"received@example.org","detail":"If this email had no account, it has one now. Log in with the email and password."}""";
    /** A part of the api's {@code GET /meta}, and the tag it goes by. */
    public static final String META = """
            {"levels":["A1","A2","B1","B2","C1","C2"],"stages":["queued","researching","writing"]}""";
    public static final String META_TAG = "\"meta-1\"";
    private static final Set<String> PUBLIC_CALLS = Set.of("POST /auth/register", "POST /auth/login", "GET /health", "GET /meta");

    /** What the gateway sent, newest last. */
    public static final ConcurrentLinkedDeque<Recorded> REQUESTS = new ConcurrentLinkedDeque<>();

    public record Recorded(String method, String rawPath, String rawQuery, String contentType, String body,
                           String authorization, String forwardedFor, String idempotencyKey) {
    }

    /** Idempotency-Keys already answered; the same key again gets its answer marked as a replay, as the api does. */
    private final Set<String> answeredKeys = ConcurrentHashMap.newKeySet();

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
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        REQUESTS.add(new Recorded(method, path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Content-Type"), body,
                authorization, exchange.getRequestHeaders().getFirst("X-Forwarded-For"), idempotencyKey));
        try (exchange) {
            String call = method + " " + path;
            if (PUBLIC_CALLS.contains(call)) {
                handlePublic(exchange, call, body, exchange.getRequestHeaders().getFirst("If-None-Match"));
            } else if (!authorized(authorization)) {
                send(exchange, 401, "application/problem+json", """
                        {"type":"/problems/unauthorized","title":"Unauthorized","status":401,"detail":"Log in first."}""");
            } else {
                markReplay(exchange, call, idempotencyKey);
                handleProtected(exchange, call, body, authorization);
            }
        }
    }

    /** Like the real api: an unknown email and a wrong password get the same answer. */
    private void handlePublic(HttpExchange exchange, String call, String body, String ifNoneMatch) throws IOException {
        switch (call) {
            case "GET /meta" -> {
                exchange.getResponseHeaders().add("ETag", META_TAG);
                exchange.getResponseHeaders().add("Cache-Control", "no-transform, max-age=3600");
                if (META_TAG.equals(ifNoneMatch)) {
                    exchange.sendResponseHeaders(304, -1);
                } else {
                    send(exchange, 200, "application/json", META);
                }
            }
            case "POST /auth/register" -> {
                // Like the real api: the same 202 whether or not the email (TAKEN_EMAIL) had an account.
                if (!body.matches("(?s).*\"password\"\\s*:\\s*\"[^\"]{10,}\".*")) {
                    send(exchange, 400, "application/problem+json", """
                            {"type":"/problems/validation","title":"Bad Request","status":400,"detail":"The request is not valid.",\
                            "errors":[{"field":"password","message":"must be at least 10 characters"}]}""");
                } else {
                    send(exchange, 202, "application/json", REGISTRATION_RECEIVED);
                }
            }
            case "POST /auth/login" -> {
                if (body.contains(BROKEN_EMAIL)) {
                    send(exchange, 200, "application/json", "{}");
                } else if (body.contains(TAKEN_EMAIL) || body.contains(BUSY_EMAIL)) {
                    exchange.getResponseHeaders().add("Retry-After", "30");
                    send(exchange, 429, "application/problem+json", """
                            {"type":"/problems/too-many-requests","title":"Too Many Requests","status":429,"detail":"Too many attempts."}""");
                } else if (body.contains("\"" + EMAIL + "\"") && body.contains("\"" + PASSWORD + "\"")) {
                    send(exchange, 200, "application/json", """
                            {"access_token":"%s","token_type":"Bearer","expires_in":%d,"expires_at":"2025-01-01T11:00:00Z"}"""
                            .formatted(ACCESS_TOKEN, EXPIRES_IN));
                } else {
                    send(exchange, 401, "application/problem+json", """
                            {"type":"/problems/unauthorized","title":"Unauthorized","status":401,"detail":"Wrong email or password."}""");
                }
            }
            case "GET /health" -> send(exchange, 200, "application/json",
                    "{\"status\":\"UP\",\"services\":{\"redis\":{\"status\":\"UP\"},\"database\":{\"status\":\"UP\"}}}");
            default -> notFound(exchange, call);
        }
    }

    private static boolean authorized(String authorization) {
        return ("Bearer " + ACCESS_TOKEN).equals(authorization) || ("Bearer " + ADMIN_ACCESS_TOKEN).equals(authorization)
                || (authorization != null && authorization.startsWith("Bearer " + API_TOKEN_PREFIX));
    }

    private void markReplay(HttpExchange exchange, String call, String idempotencyKey) {
        if (idempotencyKey != null && !answeredKeys.add(idempotencyKey)) {
            exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
        }
    }

    private void handleProtected(HttpExchange exchange, String call, String body, String authorization)
            throws IOException {
        switch (call) {
            case "GET /admin/overview" -> {
                if (("Bearer " + ADMIN_ACCESS_TOKEN).equals(authorization)) {
                    send(exchange, 200, "application/json", OVERVIEW);
                } else {
                    send(exchange, 403, "application/problem+json", """
                            {"type":"/problems/forbidden","title":"Forbidden","status":403,\
                            "detail":"This needs a role the caller does not have"}""");
                }
            }
            case "GET /usage/me" -> send(exchange, 200, "application/json", MY_USAGE);
            case "GET /articles/" + ARTICLE_ID + "/usage" -> send(exchange, 200, "application/json", ARTICLE_USAGE);
            case "GET /auth/me" -> send(exchange, 200, "application/json", USER);
            case "POST /auth/logout" -> exchange.sendResponseHeaders(204, -1);
            case "GET /auth/tokens" -> send(exchange, 200, "application/json", """
                    [{"id":"%s","name":"laptop","prefix":"opad_ab12","created_at":"2025-01-01T10:00:00Z",\
                    "last_used_at":null,"expires_at":null}]""".formatted(TOKEN_ID));
            case "POST /auth/tokens" -> {
                exchange.getResponseHeaders().add("Location", "/auth/tokens/" + TOKEN_ID);
                send(exchange, 201, "application/json", """
                        {"id":"%s","name":"laptop","token":"opad_ab12secret","prefix":"opad_ab12",\
                        "created_at":"2025-01-01T10:00:00Z","expires_at":null}""".formatted(TOKEN_ID));
            }
            case "DELETE /auth/tokens/" + TOKEN_ID -> exchange.sendResponseHeaders(204, -1);
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
            case "DELETE /articles/" + ARTICLE_ID -> exchange.sendResponseHeaders(204, -1);
            case "POST /articles/" + ARTICLE_ID + "/generate" -> {
                exchange.getResponseHeaders().add("Location", "/jobs/" + JOB_ID);
                send(exchange, 202, "application/json", """
                        {"job_id":"%s","article_id":"%s","status":"queued","status_url":"/jobs/%s"}"""
                        .formatted(JOB_ID, ARTICLE_ID, JOB_ID));
            }
            case "GET /articles/" + ARTICLE_ID + "/content" ->
                    send(exchange, 200, "text/markdown; charset=utf-8", HOSTILE_MARKDOWN);
            case "GET /articles/" + HUGE_ARTICLE_ID + "/content" ->
                    send(exchange, 200, "text/markdown; charset=utf-8", "word ".repeat(300_000));
            case "GET /jobs/" + SLOW_ID -> {
                sleepPastTheReadTimeout();
                send(exchange, 200, "application/json", "{}");
            }
            case "GET /jobs" -> send(exchange, 200, "application/json", """
                    {"items":[{"job_id":"%s","article_id":"%s","status":"running"}],"page":0,"size":20,"total":1}"""
                    .formatted(JOB_ID, ARTICLE_ID));
            default -> {
                Matcher job = JOB_CALL.matcher(call);
                String state = job.matches() ? JOB_STATES.get(job.group(2)) : null;
                if (state == null) {
                    notFound(exchange, call);
                } else {
                    handleJob(exchange, job.group(1) + " " + Objects.requireNonNullElse(job.group(3), ""), job.group(2), state);
                }
            }
        }
    }

    /** The api's job control rules, for a job that stays in its state (so tests do not depend on each other). */
    private static void handleJob(HttpExchange exchange, String action, String id, String state) throws IOException {
        boolean deadLetter = state.equals("failed") || state.equals("cancelled");
        switch (action) {
            case "GET " -> send(exchange, 200, "application/json", jobStatus(id, state));
            case "GET /events" -> send(exchange, 200, "application/json", EVENTS);
            case "POST /cancel" -> {
                switch (state) {
                    case "queued", "retrying" -> send(exchange, 200, "application/json", jobStatus(id, "cancelled"));
                    case "running" -> send(exchange, 202, "application/json", jobStatus(id, "running"));
                    default -> conflict(exchange, "Job " + id + " is already " + state + " and cannot be cancelled");
                }
            }
            case "POST /retry" -> {
                if (deadLetter) {
                    exchange.getResponseHeaders().add("Location", "http://127.0.0.1:8081/jobs/" + id);
                    send(exchange, 202, "application/json", jobStatus(id, "queued"));
                } else {
                    conflict(exchange, "Only a failed or cancelled job can be retried; job " + id + " is " + state);
                }
            }
            case "DELETE " -> {
                if (deadLetter) {
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    conflict(exchange, "Only a failed or cancelled job can be discarded; job " + id + " is " + state);
                }
            }
            default -> notFound(exchange, action);
        }
    }

    /** The api's job status JSON, with every field it has. */
    public static String jobStatus(String id, String status) {
        return """
                {"id":"%s","article_id":"%s","user_id":"5d7f2c8e-9b1a-4e3f-8c2d-1a2b3c4d5e6f","status":"%s",\
                "progress":40,"stage":"writing","message":null,"error":null,"attempt":1,"max_attempts":3,\
                "next_attempt_at":null,"version":4,"created_at":"2025-01-01T10:00:00Z","updated_at":"2025-01-01T10:00:30Z"}"""
                .formatted(id, ARTICLE_ID, status);
    }

    private static void conflict(HttpExchange exchange, String detail) throws IOException {
        send(exchange, 409, "application/problem+json", """
                {"type":"/problems/conflict","title":"Conflict","status":409,"detail":"%s"}""".formatted(detail));
    }

    private static void notFound(HttpExchange exchange, String what) throws IOException {
        send(exchange, 404, "application/problem+json", """
                {"type":"/problems/not-found","title":"Not Found","status":404,"detail":"No such thing: %s"}"""
                .formatted(what.replaceFirst("^[A-Z]+ ", "")));
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
