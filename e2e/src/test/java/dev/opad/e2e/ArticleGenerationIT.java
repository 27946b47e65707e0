package dev.opad.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.FreePort;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system as users meet it: api, worker and web gateway as separate processes from their
 * packaged jars, on a private Redis and a throw-away Postgres database.
 */
class ArticleGenerationIT {

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
        int apiPort = FreePort.find();
        Map<String, String> shared = Map.of(
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

    @Test
    void aScriptCreatesGeneratesPollsAndReadsTheArticle() throws Exception {
        String articleId = given().baseUri(api.baseUrl()).contentType(ContentType.JSON).body(GERMAN_B1)
                .when().post("/articles")
                .then().statusCode(201).extract().path("id");
        String jobId = given().baseUri(api.baseUrl())
                .when().post("/articles/" + articleId + "/generate")
                .then().statusCode(202).extract().path("job_id");

        Set<String> stagesSeen = pollUntilDone(api.baseUrl() + "/jobs/" + jobId);

        assertTrue(stagesSeen.containsAll(List.of("writing", "completed")), "stages seen: " + stagesSeen);
        given().baseUri(api.baseUrl()).when().get("/jobs/" + jobId)
                .then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("progress", equalTo(100))
                .body("attempt", equalTo(1));
        given().baseUri(api.baseUrl()).when().get("/articles/" + articleId)
                .then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("title", containsString("Energiepreise"))
                .body("content_url", equalTo("/articles/" + articleId + "/content"));
        String markdown = given().baseUri(api.baseUrl()).when().get("/articles/" + articleId + "/content")
                .then().statusCode(200).contentType(containsString("text/markdown"))
                .extract().asString();
        assertTrue(markdown.startsWith("# Energiepreise"), markdown);
        assertTrue(markdown.contains("offline demo model"), "labelled as a demo");
        assertEquals(0, database.count("select count(*) from jobs where status in ('queued', 'running')"));
    }

    @Test
    void aPersonUsesTheWebGateway() {
        given().baseUri(web.baseUrl()).when().get("/")
                .then().statusCode(200).body(containsString("id=\"article-form\""));

        given().baseUri(web.baseUrl()).contentType(ContentType.JSON)
                .body("{\"language\":\"German\",\"level\":\"Z9\",\"length\":400,\"topic\":\"x\"}")
                .when().post("/api/articles")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("level"));

        String articleId = given().baseUri(web.baseUrl()).contentType(ContentType.JSON).body(GERMAN_B1)
                .when().post("/api/articles")
                .then().statusCode(201).extract().path("id");
        String jobId = given().baseUri(web.baseUrl())
                .when().post("/api/articles/" + articleId + "/generate")
                .then().statusCode(202).extract().path("job_id");
        pollUntilDone(web.baseUrl() + "/api/jobs/" + jobId);

        given().baseUri(web.baseUrl()).when().get("/api/articles/" + articleId + "/html")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<h1>Energiepreise"))
                .body(not(containsString("<script")));
        given().baseUri(web.baseUrl()).queryParam("size", 5).when().get("/api/articles")
                .then().statusCode(200).body("items.id", hasItem(articleId));
    }

    @Test
    void everyServiceAnswersItsProbes() {
        for (ServiceProcess service : services) {
            for (String path : List.of("/q/health/live", "/q/health/ready", "/health")) {
                assertEquals(200, ServiceProcess.status(service.baseUrl() + path), service.name() + path);
            }
            assertEquals(200, ServiceProcess.status(service.baseUrl() + "/q/metrics"), service.name() + " metrics");
        }
    }

    private static Set<String> pollUntilDone(String statusUrl) {
        Set<String> stages = new LinkedHashSet<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            var status = given().when().get(statusUrl).then().statusCode(200).extract().jsonPath();
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
