package dev.opad.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.FreePort;
import dev.opad.testing.JwtKeyFiles;
import dev.opad.testing.PostgresTestDatabase;
import dev.opad.testing.RedisServerProcess;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system as users meet it: api, worker and web gateway as separate processes from their
 * packaged jars, on a private Redis and a throw-away Postgres database.
 */
class ArticleGenerationIT {

    private static final String PASSWORD = "a long enough password";
    private static volatile String scriptToken;
    private static final String GERMAN_B1 = """
            {"language":"German","level":"B1","length":400,"topic":"Energiepreise"}""";

    private static RedisServerProcess redis;
    private static PostgresTestDatabase database;
    private static final List<ServiceProcess> services = new ArrayList<>();
    private static ServiceProcess api;
    private static ServiceProcess web;

    @BeforeAll
    static void startTheSystem() throws Exception {
        redis = RedisServerProcess.start();
        database = PostgresTestDatabase.create();
        Path storage = Files.createTempDirectory("opad-e2e-storage");
        JwtKeyFiles keys = JwtKeyFiles.generate();
        int apiPort = FreePort.find();
        Map<String, String> shared = Map.of(
                "OPAD_JWT_PRIVATE_KEY", keys.privateKey().toString(),
                "OPAD_JWT_PUBLIC_KEY", keys.publicKey().toString(),
                "OPAD_REDIS_URL", redis.uri(),
                "OPAD_DB_URL", database.jdbcUrl(),
                "OPAD_DB_USER", database.user(),
                "OPAD_DB_PASSWORD", database.password(),
                "OPAD_STORAGE_DIR", storage.toString(),
                "OPAD_API_URL", "http://127.0.0.1:" + apiPort,
                // Slow enough that a poller sees the stages go by, fast enough for the suite.
                "OPAD_DEMO_DELAY", "300ms");
        api = start("api", "api", apiPort, "OPAD_API_PORT", shared);
        start("worker", "worker", FreePort.find(), "OPAD_WORKER_PORT", shared);
        web = start("web", "web-gateway", FreePort.find(), "OPAD_WEB_PORT", shared);
        Thread.sleep(2_000);
        for (ServiceProcess service : services) {
            System.out.printf("e2e figures: %s start-to-ready %d ms, RSS after 2 s idle %d MiB%n",
                    service.name(), service.startToReadyMs(), service.residentKiB() / 1024);
        }
    }

    @AfterAll
    static void stopTheSystem() {
        services.forEach(ServiceProcess::close);
        if (redis != null) {
            redis.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** The README's script flow: register, log in, make an API token, then use only the token. */
    @Test
    void aScriptRegistersGetsATokenCreatesGeneratesPollsAndReadsTheArticle() throws Exception {
        String email = "script-" + UUID.randomUUID() + "@example.org";
        given().baseUri(api.baseUrl()).contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Script\"}")
                .when().post("/auth/register").then().statusCode(202);
        String jwt = given().baseUri(api.baseUrl()).contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")
                .when().post("/auth/login").then().statusCode(200).extract().path("access_token");
        String token = given().baseUri(api.baseUrl()).auth().oauth2(jwt).contentType(ContentType.JSON)
                .body("{\"name\":\"e2e script\"}")
                .when().post("/auth/tokens").then().statusCode(201).extract().path("token");
        scriptToken = token;

        given().baseUri(api.baseUrl()).contentType(ContentType.JSON).body(GERMAN_B1)
                .when().post("/articles").then().statusCode(401).contentType("application/problem+json");
        String articleId = given().baseUri(api.baseUrl()).auth().oauth2(token).contentType(ContentType.JSON).body(GERMAN_B1)
                .when().post("/articles")
                .then().statusCode(201).extract().path("id");
        String jobId = given().baseUri(api.baseUrl()).auth().oauth2(token)
                .when().post("/articles/" + articleId + "/generate")
                .then().statusCode(202).extract().path("job_id");

        Set<String> stagesSeen = pollUntilDone(api.baseUrl() + "/jobs/" + jobId, token);

        assertTrue(stagesSeen.containsAll(List.of("writing", "completed")), "stages seen: " + stagesSeen);
        given().baseUri(api.baseUrl()).auth().oauth2(token).when().get("/jobs/" + jobId)
                .then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("progress", equalTo(100))
                .body("attempt", equalTo(1));
        given().baseUri(api.baseUrl()).auth().oauth2(token).when().get("/articles/" + articleId)
                .then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("title", containsString("Energiepreise"))
                .body("content_url", equalTo("/articles/" + articleId + "/content"));
        String markdown = given().baseUri(api.baseUrl()).auth().oauth2(token).when().get("/articles/" + articleId + "/content")
                .then().statusCode(200).contentType(containsString("text/markdown"))
                .extract().asString();
        String heading = markdown.lines().findFirst().orElse("");
        assertTrue(heading.startsWith("# ") && heading.contains("Energiepreise"), markdown);
        assertTrue(markdown.contains("offline demo model"), "labelled as a demo");
        assertEquals(0, database.count("select count(*) from jobs where status in ('queued', 'running')"));
    }

    /** What the browser does: register through the gateway, keep its cookies, send the CSRF token on writes. */
    @Test
    void aPersonUsesTheWebGateway() {
        given().baseUri(web.baseUrl()).when().get("/")
                .then().statusCode(200).body(containsString("id=\"article-form\""));

        String csrf = given().baseUri(web.baseUrl()).when().get("/session")
                .then().statusCode(204).extract().cookie("opad_csrf");
        String email = "person-" + UUID.randomUUID() + "@example.org";
        Map<String, String> cookies = given().baseUri(web.baseUrl()).cookie("opad_csrf", csrf).header("X-CSRF-Token", csrf)
                .contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Person\"}")
                .when().post("/session/register")
                .then().statusCode(201).extract().cookies();
        assertTrue(cookies.containsKey("opad_session"), "logged in after registering: " + cookies.keySet());

        // Without the CSRF header the session cookie alone cannot write anything.
        given().baseUri(web.baseUrl()).cookies(cookies).contentType(ContentType.JSON).body(GERMAN_B1)
                .when().post("/api/articles").then().statusCode(403).contentType("application/problem+json");

        var browser = given().baseUri(web.baseUrl()).cookies(cookies).header("X-CSRF-Token", cookies.get("opad_csrf"));
        browser.contentType(ContentType.JSON)
                .body("{\"language\":\"German\",\"level\":\"Z9\",\"length\":400,\"topic\":\"x\"}")
                .when().post("/api/articles")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("level"));

        String articleId = browserRequest(cookies).contentType(ContentType.JSON).body(GERMAN_B1)
                .when().post("/api/articles")
                .then().statusCode(201).extract().path("id");
        String jobId = browserRequest(cookies)
                .when().post("/api/articles/" + articleId + "/generate")
                .then().statusCode(202).extract().path("job_id");
        pollThroughGateway("/api/jobs/" + jobId, cookies);

        browserRequest(cookies).when().get("/api/articles/" + articleId + "/html")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(matchesPattern("(?s).*<h1>[^<]*Energiepreise[^<]*</h1>.*"))
                .body(not(containsString("<script")));
        browserRequest(cookies).queryParam("size", 5).when().get("/api/articles")
                .then().statusCode(200).body("items.id", hasItem(articleId));

        // The script's API token, used through the gateway, sees none of this person's articles.
        if (scriptToken != null) {
            given().baseUri(web.baseUrl()).auth().oauth2(scriptToken).when().get("/api/articles/" + articleId)
                    .then().statusCode(404);
        }
    }

    private static io.restassured.specification.RequestSpecification browserRequest(Map<String, String> cookies) {
        return given().baseUri(web.baseUrl()).cookies(cookies).header("X-CSRF-Token", cookies.get("opad_csrf"));
    }

    private static void pollThroughGateway(String path, Map<String, String> cookies) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            String state = browserRequest(cookies).when().get(path).then().statusCode(200).extract().path("status");
            if (state.equals("completed")) {
                return;
            }
            if (state.equals("failed") || state.equals("cancelled")) {
                throw new AssertionError("job ended " + state);
            }
            sleep(100);
        }
        throw new AssertionError("job not completed within 30 s through the gateway");
    }

    /** The public ports carry opad's own /health only; probes, metrics and the document are on the management port. */
    @Test
    void operationalEndpointsAreOnTheManagementPortOnly() {
        for (ServiceProcess service : services) {
            assertEquals(200, ServiceProcess.status(service.baseUrl() + "/health"), service.name() + " /health");
            for (String path : List.of("/q/health/live", "/q/health/ready", "/q/metrics")) {
                assertEquals(200, ServiceProcess.status(service.managementUrl() + path), service.name() + " management " + path);
            }
            for (String path : List.of("/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui", "/q/swagger-ui/")) {
                assertEquals(404, ServiceProcess.status(service.baseUrl() + path), service.name() + " main port " + path);
            }
        }
        assertEquals(200, ServiceProcess.status(api.managementUrl() + "/q/openapi"), "the api's document");
        for (String path : List.of("/api/q/metrics", "/api/q/openapi", "/api/q/health/ready", "/api/../q/metrics")) {
            assertEquals(404, ServiceProcess.status(web.baseUrl() + path), "the gateway never relays the api's " + path);
        }
    }

    private static Set<String> pollUntilDone(String statusUrl, String token) {
        Set<String> stages = new LinkedHashSet<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            var status = given().auth().oauth2(token).when().get(statusUrl).then().statusCode(200).extract().jsonPath();
            stages.add(status.getString("stage"));
            String state = status.getString("status");
            if (state.equals("completed")) {
                return stages;
            }
            if (state.equals("failed") || state.equals("cancelled")) {
                throw new AssertionError("job ended " + state + ": " + status.getString("error"));
            }
            sleep(100);
        }
        throw new AssertionError("job not completed within 30 s; stages seen " + stages);
    }

    private static ServiceProcess start(String name, String module, int port, String portVariable,
                                        Map<String, String> shared) {
        Map<String, String> env = new java.util.HashMap<>(shared);
        env.put(portVariable, String.valueOf(port));
        ServiceProcess service = ServiceProcess.start(name, module, port, env);
        services.add(service);
        return service;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
