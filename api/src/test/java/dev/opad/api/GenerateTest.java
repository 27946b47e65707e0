package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class GenerateTest {

    @Inject
    RedisDataSource redis;

    /** Resolved lazily: the application (and RestAssured's port) is ready only once a test runs. */
    private static TestUsers.User user() {
        return TestUsers.shared();
    }

    @Test
    void commitsTheJobThenQueuesItsIdAndStatus() {
        String articleId = ArticleResourceTest.createArticle(user(), ArticleResourceTest.GERMAN_B1);

        var response = user().given().when().post("/articles/" + articleId + "/generate")
                .then().statusCode(202)
                .body("article_id", equalTo(articleId))
                .body("status", equalTo("queued"))
                .extract();
        String jobId = response.path("job_id");
        assertEquals("/jobs/" + jobId, response.path("status_url"));
        assertTrue(response.header("Location").endsWith("/jobs/" + jobId), response.header("Location"));

        assertEquals(1, RealInfrastructure.database().count(
                "select count(*) from jobs where id = '" + jobId + "' and status = 'queued'"));
        assertTrue(redis.list(String.class).lrange("opad:jobs", 0, -1).contains(jobId), "id pushed to opad:jobs");
        long ttl = redis.key(String.class).ttl("opad:job:" + jobId);
        assertTrue(ttl > 86_000 && ttl <= 86_400, "status key lives 24 h, was " + ttl);

        user().given().when().get("/jobs/" + jobId)
                .then().statusCode(200)
                .body("id", equalTo(jobId))
                .body("article_id", equalTo(articleId))
                .body("status", equalTo("queued"))
                .body("progress", equalTo(0))
                .body("attempt", equalTo(0));
    }

    @Test
    void theArticleNamesItsLatestJobSoAClientCanFollowIt() {
        String articleId = ArticleResourceTest.createArticle(user(), ArticleResourceTest.GERMAN_B1);
        user().given().when().get("/articles/" + articleId).then().statusCode(200).body("latest_job_id", equalTo(null));

        String jobId = user().given().when().post("/articles/" + articleId + "/generate")
                .then().statusCode(202).extract().path("job_id");

        user().given().when().get("/articles/" + articleId).then().statusCode(200).body("latest_job_id", equalTo(jobId));
        String listed = user().given().queryParam("size", 100).when().get("/articles").then().statusCode(200)
                .extract().path("items.find { it.id == '" + articleId + "' }.latest_job_id");
        assertEquals(jobId, listed);
    }

    @Test
    void aSecondGenerateWhileOneIsActiveConflicts() {
        String articleId = ArticleResourceTest.createArticle(user(), ArticleResourceTest.GERMAN_B1);
        String jobId = user().given().when().post("/articles/" + articleId + "/generate")
                .then().statusCode(202).extract().path("job_id");

        user().given().when().post("/articles/" + articleId + "/generate")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString(jobId));
        assertEquals(1, RealInfrastructure.database().count(
                "select count(*) from jobs where article_id = '" + articleId + "'"));
    }

    /** Issue 12, item 9: a retrying job is active too (it was a 500, a unique violation). */
    @Test
    void aGenerateWhileTheJobWaitsToBeRetriedConflicts() {
        String articleId = ArticleResourceTest.createArticle(user(), ArticleResourceTest.GERMAN_B1);
        String jobId = user().given().when().post("/articles/" + articleId + "/generate")
                .then().statusCode(202).extract().path("job_id");
        RealInfrastructure.database().execute("update jobs set status = 'retrying', failures = 1, attempt = 1,"
                + " next_attempt_at = now() + interval '1 minute', version = version + 1 where id = '" + jobId + "'");

        user().given().when().post("/articles/" + articleId + "/generate")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString(jobId))
                .body("detail", containsString("retrying"));
        assertEquals(1, RealInfrastructure.database().count(
                "select count(*) from jobs where article_id = '" + articleId + "'"));
    }

    /** The schema's "one active job per article" and JobState's "active" are one definition. */
    @Test
    void theActiveJobIndexCoversExactlyTheActiveStates() {
        String index = RealInfrastructure.database().query(
                "select indexdef from pg_indexes where indexname = 'jobs_one_active_per_article'");
        java.util.Set<String> listed = new java.util.TreeSet<>();
        java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("'([a-z]+)'").matcher(index);
        while (quoted.find()) {
            listed.add(quoted.group(1));
        }
        java.util.Set<String> active = new java.util.TreeSet<>();
        dev.opad.job.JobState.active().forEach(state -> active.add(state.wireName()));
        assertEquals(active, listed, index);
    }

    @Test
    void concurrentGeneratesForOneArticleQueueExactlyOneJob() throws Exception {
        String articleId = ArticleResourceTest.createArticle(user(), ArticleResourceTest.GERMAN_B1);
        int requests = 20;
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(requests)) {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < requests; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return user().given().when().post("/articles/" + articleId + "/generate").statusCode();
                }));
            }
            start.countDown();
            var codes = new java.util.ArrayList<Integer>();
            for (var answer : answers) {
                codes.add(answer.get());
            }
            assertEquals(1, codes.stream().filter(c -> c == 202).count(), "codes " + codes);
            assertEquals(requests - 1, codes.stream().filter(c -> c == 409).count(), "codes " + codes);
        }
        assertEquals(1, RealInfrastructure.database().count(
                "select count(*) from jobs where article_id = '" + articleId + "'"));
    }

    @Test
    void aDeletedArticleCannotBeGenerated() {
        String articleId = ArticleResourceTest.createArticle(user(), ArticleResourceTest.GERMAN_B1);
        user().given().when().delete("/articles/" + articleId).then().statusCode(204);
        user().given().when().post("/articles/" + articleId + "/generate").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void statusIsRebuiltFromPostgresWhenRedisLostIt() {
        String articleId = ArticleResourceTest.createArticle(user(), ArticleResourceTest.GERMAN_B1);
        String jobId = user().given().when().post("/articles/" + articleId + "/generate")
                .then().statusCode(202).extract().path("job_id");
        redis.key(String.class).del("opad:job:" + jobId);
        assertNull(redis.value(String.class).get("opad:job:" + jobId));

        user().given().when().get("/jobs/" + jobId)
                .then().statusCode(200)
                .body("id", equalTo(jobId))
                .body("status", equalTo("queued"))
                .body("stage", equalTo("queued"));
        assertTrue(redis.value(String.class).get("opad:job:" + jobId).contains("\"article_id\":\"" + articleId + "\""),
                "status key restored in the shared snake_case shape");
    }
}
