package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With Redis gone the api stays alive, says it is not ready, and refuses to queue instead of half-queueing. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class RedisOutageTest {

    @Inject
    RedisDataSource redis;

    /** Resolved lazily: the application (and RestAssured's port) is ready only once a test runs. */
    private static TestUsers.User user() {
        return TestUsers.shared();
    }

    @Test
    void withoutRedisTheApiIsLiveButNotReadyAndRefusesToQueue() {
        String queuedBefore = ArticleResourceTest.createArticle(user(), ArticleResourceTest.GERMAN_B1);
        String earlierJob = user().given().when().post("/articles/" + queuedBefore + "/generate")
                .then().statusCode(202).extract().path("job_id");
        String articleId = ArticleResourceTest.createArticle(user(), ArticleResourceTest.GERMAN_B1);
        String earlierStatus = user().given().when().get("/jobs/" + earlierJob).then().statusCode(200).extract().asString();
        TestUsers.User stranger = TestUsers.register(); // logging in needs Redis (login limits)

        RealInfrastructure.redis().stop();
        try {
            long stoppedAt = System.nanoTime();
            Waits.until("readiness to report 503", Duration.ofSeconds(5),
                    () -> given().when().get("/q/health/ready").statusCode() == 503);
            long notReadyAfterMs = (System.nanoTime() - stoppedAt) / 1_000_000;
            assertTrue(notReadyAfterMs < 5_000, "not ready after " + notReadyAfterMs + " ms");

            given().when().get("/q/health/live").then().statusCode(200);
            given().when().get("/health").then().statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body("services.redis.status", equalTo("DOWN"))
                    .body("services.database.status", equalTo("UP"));

            long jobs = RealInfrastructure.database().count("select count(*) from jobs");
            user().given().when().post("/articles/" + articleId + "/generate")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("detail", equalTo("The job queue is unavailable right now; nothing was queued. Try again shortly."));
            assertEquals(jobs, RealInfrastructure.database().count("select count(*) from jobs"), "no job left behind");

            // Status reads fall back to Postgres: the same bytes, and still only for the owner.
            user().given().when().get("/jobs/" + earlierJob).then().statusCode(200)
                    .header("Content-Type", "application/json;charset=UTF-8")
                    .body("status", equalTo("queued"))
                    .body(equalTo(earlierStatus));
            stranger.given().when().get("/jobs/" + earlierJob).then().statusCode(404)
                    .contentType("application/problem+json");
        } finally {
            RealInfrastructure.redis().startAgain();
        }
        Waits.until("readiness to recover", Duration.ofSeconds(10),
                () -> given().when().get("/q/health/ready").statusCode() == 200);
        user().given().when().post("/articles/" + articleId + "/generate").then().statusCode(202);
    }

    /** A Redis that accepts commands but does not answer is waited for no longer than quarkus.redis.timeout (3 s). */
    @Test
    void aStalledRedisIsWaitedForAtMostItsTimeoutBeforePostgresAnswers() {
        String articleId = ArticleResourceTest.createArticle(user(), ArticleResourceTest.GERMAN_B1);
        String jobId = user().given().when().post("/articles/" + articleId + "/generate")
                .then().statusCode(202).extract().path("job_id");
        String status = user().given().when().get("/jobs/" + jobId).then().statusCode(200).extract().asString();

        long pauseMs = 10_000;
        long pausedAt = System.nanoTime();
        redis.execute("CLIENT", "PAUSE", String.valueOf(pauseMs), "ALL");
        try {
            user().given().when().get("/jobs/" + jobId).then().statusCode(200).body(equalTo(status));
            long answeredAfterMs = (System.nanoTime() - pausedAt) / 1_000_000;
            // the read's 3 s, then the write-back's 3 s; without a limit it would wait out the pause
            assertTrue(answeredAfterMs < 8_000, "answered after " + answeredAfterMs + " ms");
        } finally {
            Waits.until("Redis to answer again", Duration.ofMillis(pauseMs + 5_000), () -> {
                try {
                    return "PONG".equals(redis.execute("PING").toString());
                } catch (RuntimeException stillPaused) {
                    return false;
                }
            });
        }
    }
}
