package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With Redis gone the api stays alive, says it is not ready, and refuses to queue instead of half-queueing. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class RedisOutageTest {

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

            // Status reads fall back to Postgres.
            user().given().when().get("/jobs/" + earlierJob).then().statusCode(200).body("status", equalTo("queued"));
        } finally {
            RealInfrastructure.redis().startAgain();
        }
        Waits.until("readiness to recover", Duration.ofSeconds(10),
                () -> given().when().get("/q/health/ready").statusCode() == 200);
        user().given().when().post("/articles/" + articleId + "/generate").then().statusCode(202);
    }
}
