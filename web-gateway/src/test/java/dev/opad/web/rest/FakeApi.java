package dev.opad.web.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.and;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.or;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.Options.ChunkedEncodingPolicy;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Plays the opad api on a free loopback port with canned answers, so the gateway's relaying can be
 * checked without the real api, Postgres or Redis. WireMock serves it: one stub per call, the api's
 * rules (who may call what, what each job state allows) as stub priorities and matchers, and what the
 * gateway sent is WireMock's request journal ({@link #requests()}).
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
    public static final String EVENTS = """
            [{"event_id":"9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736",\
            "source":"worker","type":"job.stage_started","occurred_at":"2025-01-01T10:00:05Z","job_id":"%s",\
            "attempt":1,"level":"info","stage":"writing","data":{"model":"fake"}}]""".formatted(JOB_ID);
    public static final String MISSING_ID = "00000000-0000-0000-0000-000000000404";
    public static final String SLOW_ID = "00000000-0000-0000-0000-00000000510a";
    /** A job whose first GET finds the connection closed under it, with no answer; the next one is answered. */
    public static final String CLOSED_ONCE_ID = "00000000-0000-0000-0000-0000000c105e";
    /** An article whose generate call always finds the connection closed with no answer. */
    public static final String CLOSING_ARTICLE_ID = "00000000-0000-0000-0000-0000000c1054";
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
    /** The secret of the one feed the fake serves, its Atom document, and the version and date it goes by. */
    public static final String FEED_SECRET = "q3QxWn2b7k9Vd0sZf1Hj5mLp8rTc4yEu6aGiOwBxN-_";
    public static final String FEED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>opad: articles for Ada</title></feed>""";
    public static final String FEED_TAG = "W/\"feed-1\"";
    public static final String FEED_DATE = "Wed, 01 Jan 2025 10:00:00 GMT";
    /** A schedule whose last run is still active: running it now again is a 409, as in the api. */
    public static final String SCHEDULE_ID = "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    /** A schedule of a reader whose daily token budget is spent: running it now is a 429. */
    public static final String BUDGET_SCHEDULE_ID = "6b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e";
    public static final String RUN_ID = "7c3d4e5f-6a7b-4c8d-8e9f-1a2b3c4d5e6f";
    public static final String RULE_PROBLEM = """
            {"type":"/problems/validation","title":"Bad Request","status":400,\
            "detail":"rule.cron must have 5 fields: minute hour day-of-month month day-of-week",\
            "errors":[{"field":"rule.cron","message":"must have 5 fields: minute hour day-of-month month day-of-week"}]}""";
    public static final String PREVIEW = """
            {"description":"every day at 07:00 (Europe/Berlin)","next_runs":[\
            {"local":"2027-03-28T07:00:00+02:00","utc":"2027-03-28T05:00:00Z"},\
            {"local":"2027-03-29T07:00:00+02:00","utc":"2027-03-29T05:00:00Z"}]}""";
    public static final String RUNS = """
            {"items":[{"id":"%s","scheduled_for":"2027-03-28T05:00:00Z","fired_at":"2027-03-28T05:00:01Z",\
            "trigger":"scheduled","outcome":"completed","skip_reason":null,"job_id":"%s","article_id":"%s",\
            "tokens":3000,"cost_usd":0.0015,"finished_at":"2027-03-28T05:02:00Z"}]}""".formatted(RUN_ID, JOB_ID, ARTICLE_ID);
    private static final Set<String> PUBLIC_CALLS = Set.of("POST /auth/register", "POST /auth/login", "GET /health", "GET /meta");

    /** A caller the api lets in: a session's access token, the admin's, or a script's api token. */
    private static final String AUTHORIZED = "Bearer (" + Pattern.quote(ACCESS_TOKEN) + "|" + Pattern.quote(ADMIN_ACCESS_TOKEN)
            + "|" + Pattern.quote(API_TOKEN_PREFIX) + ".*)";
    private static final int CALL = 5;
    /** An authorised call to a path the api does not have. */
    private static final int NOT_FOUND = 8;
    private static final int UNAUTHORIZED = 9;

    private static volatile WireMockServer server;

    public record Recorded(String method, String rawPath, String rawQuery, String contentType, String body,
                           String authorization, String forwardedFor, String idempotencyKey) {

        static Recorded of(LoggedRequest request) {
            String url = request.getUrl();
            int query = url.indexOf('?');
            return new Recorded(request.getMethod().getName(), query < 0 ? url : url.substring(0, query),
                    query < 0 ? null : url.substring(query + 1), request.getHeader("Content-Type"),
                    request.getBodyAsString(), request.getHeader("Authorization"), request.getHeader("X-Forwarded-For"),
                    request.getHeader("Idempotency-Key"));
        }
    }

    /** What the gateway sent, oldest first. */
    public static List<Recorded> requests() {
        return server.findAll(anyRequestedFor(anyUrl())).stream().map(Recorded::of).toList();
    }

    public static void forgetRequests() {
        server.resetRequests();
    }

    @Override
    public Map<String, String> start() {
        // Content-Length rather than chunks, as the api sends. HTTP/1.1 only, as the hand-written fake was:
        // with WireMock's h2c on, the gateway's first /health under an h2c upgrade timed out (CleartextHttp2UpgradeTest).
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().http2PlainDisabled(true)
                .useChunkedTransferEncoding(ChunkedEncodingPolicy.NEVER).extensions(new ReplayMarker(), new NotFound()));
        server.start();
        stubPublicCalls();
        stubProtectedCalls();
        stubJobs();
        stubSchedules();
        server.stubFor(any(anyUrl()).atPriority(NOT_FOUND).withHeader("Authorization", matching(AUTHORIZED))
                .willReturn(problem(404, "").withTransformers(NotFound.NAME)));
        server.stubFor(any(anyUrl()).atPriority(UNAUTHORIZED).willReturn(problem(401, """
                {"type":"/problems/unauthorized","title":"Unauthorized","status":401,"detail":"Log in first."}""")));
        warmUp();
        return Map.of(
                "quarkus.rest-client.opad-api.url", "http://127.0.0.1:" + server.port(),
                "quarkus.rest-client.opad-api.read-timeout", "500");
    }

    @Override
    public void stop() {
        server.stop();
    }

    /**
     * A fresh WireMock answers its first calls slowly (classes to load, matchers to build, the large
     * article to copy): on a busy machine past the gateway's read timeout of 500 ms, which the gateway
     * then rightly reports as an unreachable api. So each kind of answer is served once before the tests.
     */
    private static void warmUp() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (String path : List.of("/health", "/articles/" + HUGE_ARTICLE_ID + "/content", "/jobs/" + MISSING_ID,
                    "/jobs/" + JOB_ID, "/auth/me")) {
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Authorization", "Bearer " + ACCESS_TOKEN).build(), HttpResponse.BodyHandlers.discarding());
            }
            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/auth/login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"warm@example.org\"}")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException("the fake api did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the fake api", e);
        }
        server.resetRequests();
    }

    /** Like the real api: an unknown email and a wrong password get the same answer. */
    private static void stubPublicCalls() {
        // Like the real api: the same 202 whether or not the email (TAKEN_EMAIL) had an account.
        server.stubFor(post(urlPathEqualTo("/auth/register")).atPriority(CALL)
                .withRequestBody(matching("(?s).*\"password\"\\s*:\\s*\"[^\"]{10,}\".*"))
                .willReturn(json(202, REGISTRATION_RECEIVED)));
        server.stubFor(post(urlPathEqualTo("/auth/register")).atPriority(CALL + 1).willReturn(problem(400, """
                {"type":"/problems/validation","title":"Bad Request","status":400,"detail":"The request is not valid.",\
                "errors":[{"field":"password","message":"must be at least 10 characters"}]}""")));
        server.stubFor(post(urlPathEqualTo("/auth/login")).atPriority(CALL - 2)
                .withRequestBody(containing(BROKEN_EMAIL)).willReturn(json(200, "{}")));
        server.stubFor(post(urlPathEqualTo("/auth/login")).atPriority(CALL - 1)
                .withRequestBody(or(containing(TAKEN_EMAIL), containing(BUSY_EMAIL)))
                .willReturn(problem(429, """
                        {"type":"/problems/too-many-requests","title":"Too Many Requests","status":429,"detail":"Too many attempts."}""")
                        .withHeader("Retry-After", "30")));
        server.stubFor(post(urlPathEqualTo("/auth/login")).atPriority(CALL)
                .withRequestBody(and(containing("\"" + EMAIL + "\""), containing("\"" + PASSWORD + "\"")))
                .willReturn(json(200, """
                        {"access_token":"%s","token_type":"Bearer","expires_in":%d,"expires_at":"2025-01-01T11:00:00Z"}"""
                        .formatted(ACCESS_TOKEN, EXPIRES_IN))));
        server.stubFor(post(urlPathEqualTo("/auth/login")).atPriority(CALL + 1).willReturn(problem(401, """
                {"type":"/problems/unauthorized","title":"Unauthorized","status":401,"detail":"Wrong email or password."}""")));
        server.stubFor(get(urlPathEqualTo("/meta")).atPriority(CALL - 1).withHeader("If-None-Match", equalTo(META_TAG))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", META_TAG)
                        .withHeader("Cache-Control", "no-transform, max-age=3600")));
        server.stubFor(get(urlPathEqualTo("/meta")).atPriority(CALL).willReturn(json(200, META)
                .withHeader("ETag", META_TAG).withHeader("Cache-Control", "no-transform, max-age=3600")));
        // Anyone with the URL: the secret in it is the credential. A current version or date is a 304.
        String feed = "/feeds/" + FEED_SECRET + ".atom";
        server.stubFor(get(urlPathEqualTo(feed)).atPriority(CALL - 1).withHeader("If-None-Match", equalTo(FEED_TAG))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", FEED_TAG).withHeader("Last-Modified", FEED_DATE)));
        server.stubFor(get(urlPathEqualTo(feed)).atPriority(CALL - 1).withHeader("If-Modified-Since", equalTo(FEED_DATE))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", FEED_TAG).withHeader("Last-Modified", FEED_DATE)));
        server.stubFor(get(urlPathEqualTo(feed)).atPriority(CALL).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/atom+xml;charset=utf-8").withBody(FEED).withHeader("ETag", FEED_TAG)
                .withHeader("Last-Modified", FEED_DATE).withHeader("Cache-Control", "private, max-age=300")));
        server.stubFor(get(urlPathEqualTo("/health")).atPriority(CALL).willReturn(json(200,
                "{\"status\":\"UP\",\"services\":{\"redis\":{\"status\":\"UP\"},\"database\":{\"status\":\"UP\"}}}")));
    }

    private static void stubProtectedCalls() {
        server.stubFor(get(urlPathEqualTo("/admin/overview")).atPriority(CALL - 1)
                .withHeader("Authorization", matching(Pattern.quote("Bearer " + ADMIN_ACCESS_TOKEN)))
                .willReturn(json(200, OVERVIEW)));
        signedIn(get(urlPathEqualTo("/admin/overview")), problem(403, """
                {"type":"/problems/forbidden","title":"Forbidden","status":403,\
                "detail":"This needs a role the caller does not have"}"""));
        signedIn(get(urlPathEqualTo("/usage/me")), json(200, MY_USAGE));
        signedIn(get(urlPathEqualTo("/articles/" + ARTICLE_ID + "/usage")), json(200, ARTICLE_USAGE));
        signedIn(get(urlPathEqualTo("/auth/me")), json(200, USER));
        signedIn(post(urlPathEqualTo("/auth/logout")), aResponse().withStatus(204));
        signedIn(get(urlPathEqualTo("/auth/tokens")), json(200, """
                [{"id":"%s","name":"laptop","prefix":"opad_ab12","created_at":"2025-01-01T10:00:00Z",\
                "last_used_at":null,"expires_at":null}]""".formatted(TOKEN_ID)));
        signedIn(post(urlPathEqualTo("/auth/tokens")), json(201, """
                {"id":"%s","name":"laptop","token":"opad_ab12secret","prefix":"opad_ab12",\
                "created_at":"2025-01-01T10:00:00Z","expires_at":null}""".formatted(TOKEN_ID))
                .withHeader("Location", "/auth/tokens/" + TOKEN_ID));
        signedIn(delete(urlPathEqualTo("/auth/tokens/" + TOKEN_ID)), aResponse().withStatus(204));
        server.stubFor(post(urlPathEqualTo("/articles")).atPriority(CALL - 1)
                .withHeader("Authorization", matching(AUTHORIZED)).withRequestBody(containing("\"Z9\""))
                .willReturn(problem(400, VALIDATION_PROBLEM)));
        // A JAX-RS api sends an absolute Location, resolved against its own host.
        signedIn(post(urlPathEqualTo("/articles")), json(201, article("pending"))
                .withHeader("Location", "http://127.0.0.1:8081/articles/" + ARTICLE_ID));
        signedIn(get(urlPathEqualTo("/articles")), json(200,
                "{\"items\":[" + article("completed") + "],\"page\":0,\"size\":20,\"total\":1}"));
        signedIn(get(urlPathEqualTo("/articles/" + ARTICLE_ID)), json(200, article("completed")));
        signedIn(delete(urlPathEqualTo("/articles/" + ARTICLE_ID)), aResponse().withStatus(204));
        signedIn(post(urlPathEqualTo("/articles/" + ARTICLE_ID + "/generate")), json(202, """
                {"job_id":"%s","article_id":"%s","status":"queued","status_url":"/jobs/%s"}"""
                .formatted(JOB_ID, ARTICLE_ID, JOB_ID)).withHeader("Location", "/jobs/" + JOB_ID));
        signedIn(get(urlPathEqualTo("/articles/" + ARTICLE_ID + "/content")),
                aResponse().withStatus(200).withHeader("Content-Type", "text/markdown; charset=utf-8").withBody(HOSTILE_MARKDOWN));
        signedIn(get(urlPathEqualTo("/articles/" + HUGE_ARTICLE_ID + "/content")),
                aResponse().withStatus(200).withHeader("Content-Type", "text/markdown; charset=utf-8")
                        .withBody("word ".repeat(300_000)));
        server.stubFor(get(urlPathEqualTo("/jobs/" + CLOSED_ONCE_ID)).atPriority(CALL - 1).inScenario("closed once")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered")
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        signedIn(get(urlPathEqualTo("/jobs/" + CLOSED_ONCE_ID)), json(200, jobStatus(CLOSED_ONCE_ID, "running")));
        signedIn(post(urlPathEqualTo("/articles/" + CLOSING_ARTICLE_ID + "/generate")),
                aResponse().withFault(Fault.EMPTY_RESPONSE));
        // Past the gateway's read timeout of 500 ms.
        signedIn(get(urlPathEqualTo("/jobs/" + SLOW_ID)), json(200, "{}").withFixedDelay(2_000));
        signedIn(get(urlPathEqualTo("/jobs")), json(200, """
                {"items":[{"job_id":"%s","article_id":"%s","status":"running"}],"page":0,"size":20,"total":1}"""
                .formatted(JOB_ID, ARTICLE_ID)));
    }

    /** The api's job control rules, for jobs that stay in their state (so tests do not depend on each other). */
    private static void stubJobs() {
        JOB_STATES.forEach((id, state) -> {
            String job = "/jobs/" + id;
            boolean deadLetter = state.equals("failed") || state.equals("cancelled");
            signedIn(get(urlPathEqualTo(job)), json(200, jobStatus(id, state)));
            signedIn(get(urlPathEqualTo(job + "/events")), json(200, EVENTS));
            signedIn(post(urlPathEqualTo(job + "/cancel")), switch (state) {
                case "queued", "retrying" -> json(200, jobStatus(id, "cancelled"));
                case "running" -> json(202, jobStatus(id, "running"));
                default -> conflict("Job " + id + " is already " + state + " and cannot be cancelled");
            });
            signedIn(post(urlPathEqualTo(job + "/retry")), deadLetter
                    ? json(202, jobStatus(id, "queued")).withHeader("Location", "http://127.0.0.1:8081/jobs/" + id)
                    : conflict("Only a failed or cancelled job can be retried; job " + id + " is " + state));
            signedIn(delete(urlPathEqualTo(job)), deadLetter
                    ? aResponse().withStatus(204)
                    : conflict("Only a failed or cancelled job can be discarded; job " + id + " is " + state));
        });
    }

    /** The api's schedule calls, with answers that stay the same (each test checks one relay). */
    private static void stubSchedules() {
        String one = "/schedules/" + SCHEDULE_ID;
        server.stubFor(post(urlPathEqualTo("/schedules/preview")).atPriority(CALL - 1)
                .withHeader("Authorization", matching(AUTHORIZED)).withRequestBody(containing("\"cron\":\"30 7 *\""))
                .willReturn(problem(400, RULE_PROBLEM)));
        signedIn(post(urlPathEqualTo("/schedules/preview")), json(200, PREVIEW));
        signedIn(post(urlPathEqualTo("/schedules")), json(201, schedule("active"))
                .withHeader("Location", "http://127.0.0.1:8081" + one));
        signedIn(get(urlPathEqualTo("/schedules")), json(200, "{\"items\":[" + schedule("active") + "]}"));
        signedIn(get(urlPathEqualTo(one)), json(200, schedule("active")));
        signedIn(patch(urlPathEqualTo(one)), json(200, schedule("active")));
        // With cancel_active=true the api names the job of the active run it stopped.
        signedIn(delete(urlPathEqualTo(one)), aResponse().withStatus(204).withHeader("Stopped-Job", JOB_ID));
        signedIn(post(urlPathEqualTo(one + "/pause")), json(200, schedule("paused")).withHeader("Stopped-Job", JOB_ID));
        signedIn(post(urlPathEqualTo(one + "/resume")), json(200, schedule("active")));
        signedIn(post(urlPathEqualTo(one + "/run")), conflict("The last run of this schedule is still being written"));
        signedIn(post(urlPathEqualTo("/schedules/" + BUDGET_SCHEDULE_ID + "/run")), problem(429, """
                {"type":"/problems/budget-exhausted","title":"Too Many Requests","status":429,\
                "detail":"Today's token budget is spent; it resets at midnight UTC."}""").withHeader("Retry-After", "3600"));
        signedIn(get(urlPathEqualTo(one + "/runs")), json(200, RUNS));
        signedIn(post(urlPathEqualTo(one + "/feed/rotate")), json(200, schedule("active")));
        signedIn(post(urlPathEqualTo("/auth/feed/rotate")), json(200, USER));
        signedIn(get(urlPathEqualTo("/activity")), json(200, """
                {"items":[{"kind":"schedule_run","at":"2027-03-28T05:02:00Z","schedule_id":"%s","schedule_name":"Morning news",\
                "job_id":"%s","article_id":"%s","title":"Energiepreise","status":"completed"}]}"""
                .formatted(SCHEDULE_ID, JOB_ID, ARTICLE_ID)));
    }

    /** The api's schedule view, with every field it has. */
    public static String schedule(String status) {
        return """
                {"id":"%s","name":"Morning news","language":"German","level":"B1","length":400,\
                "topics":["Energiepreise"],"theme":null,"source_url":null,"source_text":null,\
                "rule":{"frequency":"daily","time":"07:00","timezone":"Europe/Berlin"},\
                "description":"every day at 07:00 (Europe/Berlin)","status":"%s","paused_reason":%s,\
                "max_consecutive_failures":3,"consecutive_failures":0,"next_run_at":"2027-03-28T05:00:00Z",\
                "last_run_at":null,"total_runs":0,"total_completed":0,"created_at":"2027-03-27T10:00:00Z",\
                "updated_at":"2027-03-27T10:00:00Z"}"""
                .formatted(SCHEDULE_ID, status, status.equals("paused") ? "\"Paused by you\"" : "null");
    }

    /** The api's job status JSON, with every field it has. */
    public static String jobStatus(String id, String status) {
        return """
                {"id":"%s","article_id":"%s","user_id":"5d7f2c8e-9b1a-4e3f-8c2d-1a2b3c4d5e6f","status":"%s",\
                "progress":40,"stage":"writing","message":null,"error":null,"attempt":1,"max_attempts":3,\
                "next_attempt_at":null,"version":4,"created_at":"2025-01-01T10:00:00Z","updated_at":"2025-01-01T10:00:30Z"}"""
                .formatted(id, ARTICLE_ID, status);
    }

    private static void signedIn(MappingBuilder call, ResponseDefinitionBuilder answer) {
        server.stubFor(call.atPriority(CALL).withHeader("Authorization", matching(AUTHORIZED)).willReturn(answer));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder problem(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json").withBody(body);
    }

    private static ResponseDefinitionBuilder conflict(String detail) {
        return problem(409, """
                {"type":"/problems/conflict","title":"Conflict","status":409,"detail":"%s"}""".formatted(detail));
    }

    private static String article(String status) {
        return """
                {"id":"%s","language":"German","level":"B1","length":400,"topic":"Energiepreise","status":"%s",\
                "title":"Energiepreise","word_count":398,"created_at":"2025-01-01T10:00:00Z","updated_at":"2025-01-01T10:01:00Z"}"""
                .formatted(ARTICLE_ID, status);
    }

    /** The api's 404 problem, naming the path it does not have. */
    private static final class NotFound implements ResponseDefinitionTransformerV2 {

        static final String NAME = "not-found";

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String path = event.getRequest().getUrl().replaceFirst("\\?.*", "");
            return ResponseDefinitionBuilder.like(event.getResponseDefinition()).withBody("""
                    {"type":"/problems/not-found","title":"Not Found","status":404,"detail":"No such thing: %s"}"""
                    .formatted(path)).build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    /**
     * Idempotency-Keys already answered: the same key again gets its answer marked as a replay, as the
     * api does. State across calls, which a stub cannot keep.
     */
    private static final class ReplayMarker implements ResponseTransformerV2 {

        private final Set<String> answeredKeys = ConcurrentHashMap.newKeySet();

        @Override
        public Response transform(Response response, ServeEvent event) {
            var request = event.getRequest();
            String key = request.getHeader("Idempotency-Key");
            String call = request.getMethod().getName() + " " + request.getUrl().replaceFirst("\\?.*", "");
            String authorization = request.getHeader("Authorization");
            boolean signedIn = authorization != null && authorization.matches(AUTHORIZED);
            if (key == null || PUBLIC_CALLS.contains(call) || !signedIn || answeredKeys.add(key)) {
                return response;
            }
            return Response.Builder.like(response)
                    .headers(response.getHeaders().plus(new HttpHeader("Idempotent-Replayed", "true"))).build();
        }

        @Override
        public String getName() {
            return "replay-marker";
        }
    }
}
