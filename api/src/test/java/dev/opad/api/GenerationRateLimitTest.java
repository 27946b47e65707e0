package dev.opad.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class GenerationRateLimitTest {

    /** The default limit, opad.limits.generate-per-hour. */
    private static final int LIMIT = 30;

    @Test
    void theGenerationAfterTheLimitIsTooManyWithRetryAfter() {
        TestUsers.User user = TestUsers.register();
        for (int i = 1; i <= LIMIT; i++) {
            String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
            user.given().when().post("/articles/" + article + "/generate").then().statusCode(202);
        }
        String one = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        long jobs = RealInfrastructure.database().count("select count(*) from jobs where user_id = '" + user.id() + "'");

        user.given().when().post("/articles/" + one + "/generate")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("detail", containsString("30 per hour"));
        assertEquals(jobs, RealInfrastructure.database().count("select count(*) from jobs where user_id = '" + user.id() + "'"),
                "no job for a refused generation");

        // Another user has a bucket of their own.
        TestUsers.User other = TestUsers.register();
        String theirs = ArticleResourceTest.createArticle(other, ArticleResourceTest.GERMAN_B1);
        other.given().when().post("/articles/" + theirs + "/generate").then().statusCode(202);
    }

    /** Issue 12, item 16: only a request that queues a job takes a token of the hourly limit. */
    @Test
    void refusedGenerationsDoNotUseTheLimit() {
        TestUsers.User user = TestUsers.register();
        for (int i = 0; i <= LIMIT; i++) {
            user.given().when().post("/articles/" + java.util.UUID.randomUUID() + "/generate").then().statusCode(404);
        }
        String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        String jobId = user.given().when().post("/articles/" + article + "/generate").then().statusCode(202)
                .extract().path("job_id");
        for (int i = 0; i <= LIMIT; i++) {
            user.given().when().post("/articles/" + article + "/generate").then().statusCode(409);
            user.given().when().post("/jobs/" + jobId + "/retry").then().statusCode(409);
        }
        String another = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        user.given().when().post("/articles/" + another + "/generate").then().statusCode(202);
    }
}
