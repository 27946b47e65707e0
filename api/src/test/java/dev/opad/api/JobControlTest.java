package dev.opad.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cancel, retry, discard and the event history, as owners and admins use them. No worker runs here. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class JobControlTest {

    @Inject
    RedisDataSource redis;

    @Test
    void aQueuedJobIsCancelledAtOnceAndLeavesTheQueue() {
        TestUsers.User user = TestUsers.register();
        String jobId = queuedJob(user);
        assertTrue(queue().contains(jobId));
        RealInfrastructure.database().execute("insert into webhook_endpoints (id, user_id, url, events, secret, created_at,"
                + " updated_at) values (gen_random_uuid(), '" + user.id() + "', 'https://hooks.example.com/opad',"
                + " '{job.cancelled}', 'whsec_AAAA', now(), now())");

        user.given().when().post("/jobs/" + jobId + "/cancel")
                .then().statusCode(200).body("status", equalTo("cancelled"));
        assertFalse(queue().contains(jobId), "withdrawn from opad:jobs");
        user.given().when().get("/jobs/" + jobId).then().body("status", equalTo("cancelled"));
        user.given().when().post("/jobs/" + jobId + "/cancel")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("cancelled"));
        user.given().queryParam("type", "job.cancelled").when().get("/jobs/" + jobId + "/events")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].data.by", equalTo("user"));
        assertEquals(1, RealInfrastructure.database().count("select count(*) from webhook_deliveries where job_id = '" + jobId
                + "' and event_type = 'job.cancelled' and status = 'pending'"), "the cancel's commit wrote its webhook");
    }

    @Test
    void aRunningJobIsSignalledAndItsWorkerFinishesTheCancel() {
        TestUsers.User user = TestUsers.register();
        String jobId = queuedJob(user);
        markRunning(jobId);

        user.given().when().post("/jobs/" + jobId + "/cancel")
                .then().statusCode(202).body("status", equalTo("running")).body("message", equalTo("Cancelling"));
        assertEquals("1", redis.value(String.class).get("opad:cancel:" + jobId), "flag for workers that missed the message");
        assertEquals(1, RealInfrastructure.database().count(
                "select count(*) from jobs where id = '" + jobId + "' and cancel_requested_at is not null"));
    }

    @Test
    void aFailedJobCanBeRetriedOrDiscardedAndShowsUpAsADeadLetter() {
        TestUsers.User user = TestUsers.register();
        String jobId = queuedJob(user);
        markFailed(jobId);
        user.given().queryParam("status", "failed").when().get("/jobs")
                .then().statusCode(200).body("items.id", hasItem(jobId)).body("items[0].error", equalTo("the model provider rejected the API key"));

        user.given().when().post("/jobs/" + jobId + "/retry")
                .then().statusCode(202).body("status", equalTo("queued")).body("error", org.hamcrest.Matchers.nullValue());
        assertTrue(queue().contains(jobId), "queued again");
        assertEquals(0, RealInfrastructure.database().count("select failures from jobs where id = '" + jobId + "'"),
                "a fresh retry budget");

        user.given().when().delete("/jobs/" + jobId).then().statusCode(409);
        markFailed(jobId);
        user.given().when().delete("/jobs/" + jobId).then().statusCode(204);
        user.given().queryParam("status", "failed").when().get("/jobs").then().body("items.id", not(hasItem(jobId)));
        user.given().when().get("/jobs/" + jobId).then().statusCode(200).body("status", equalTo("discarded"));
    }

    @Test
    void anAdminRetriesAnyonesFailedJob() {
        TestUsers.User user = TestUsers.register();
        String jobId = queuedJob(user);
        markFailed(jobId);
        TestUsers.admin().given().queryParam("status", "failed").queryParam("size", 100).when().get("/jobs")
                .then().body("items.id", hasItem(jobId));
        TestUsers.admin().given().when().post("/jobs/" + jobId + "/retry").then().statusCode(202);
        TestUsers.register().given().when().post("/jobs/" + jobId + "/retry").then().statusCode(404);
    }

    /** Issue 12, item 12: running it again would spend tokens on an article nobody can read. */
    @Test
    void aJobWhoseArticleWasDeletedIsNotRetried() {
        TestUsers.User user = TestUsers.register();
        String jobId = queuedJob(user);
        markFailed(jobId);
        String articleId = user.given().when().get("/jobs/" + jobId).then().extract().path("article_id");
        user.given().when().delete("/articles/" + articleId).then().statusCode(204);
        long copies = queue().stream().filter(jobId::equals).count();

        user.given().when().post("/jobs/" + jobId + "/retry")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("deleted"));
        assertEquals(1, RealInfrastructure.database().count(
                "select count(*) from jobs where id = '" + jobId + "' and status = 'failed'"), "the job stays failed");
        assertEquals(copies, queue().stream().filter(jobId::equals).count(), "not queued again");
    }

    @Test
    void theHistoryFiltersByTypeLevelAndLimit() {
        TestUsers.User user = TestUsers.register();
        String jobId = queuedJob(user);
        user.given().when().post("/jobs/" + jobId + "/cancel").then().statusCode(200);
        List<String> types = user.given().when().get("/jobs/" + jobId + "/events")
                .then().statusCode(200)
                .body("[0].trace_id", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{32}"))
                .body("[0].source", equalTo("opad-api"))
                .extract().jsonPath().getList("type");
        assertEquals(List.of("job.queued", "job.cancelled"), types);
        user.given().queryParam("level", "info").queryParam("limit", 1).when().get("/jobs/" + jobId + "/events")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].type", equalTo("job.queued"));
        user.given().queryParam("level", "loud").when().get("/jobs/" + jobId + "/events").then().statusCode(400);
        user.given().queryParam("limit", 0).when().get("/jobs/" + jobId + "/events").then().statusCode(400);
        TestUsers.register().given().when().get("/jobs/" + jobId + "/events").then().statusCode(404);
    }

    /** Deleting an article stops its job: a waiting one at once, a running one through its worker. */
    @Test
    void deletingAnArticleCancelsItsActiveJob() {
        TestUsers.User user = TestUsers.register();
        String waiting = queuedJob(user);
        String waitingArticle = user.given().when().get("/jobs/" + waiting).then().extract().path("article_id");
        user.given().when().delete("/articles/" + waitingArticle).then().statusCode(204);
        user.given().when().get("/jobs/" + waiting).then().statusCode(200).body("status", equalTo("cancelled"));
        assertFalse(queue().contains(waiting), "withdrawn from opad:jobs");

        String running = queuedJob(user);
        markRunning(running);
        String runningArticle = user.given().when().get("/jobs/" + running).then().extract().path("article_id");
        user.given().when().delete("/articles/" + runningArticle).then().statusCode(204);
        assertEquals("1", redis.value(String.class).get("opad:cancel:" + running), "its worker is told to stop");
        assertEquals(1, RealInfrastructure.database().count(
                "select count(*) from jobs where id = '" + running + "' and cancel_requested_at is not null"));
    }

    /** The history's free-text filters reached Postgres as they came: a NUL there is a 500. */
    @Test
    void theHistoryRefusesFiltersThatAreNotNames() {
        TestUsers.User user = TestUsers.register();
        String jobId = queuedJob(user);
        for (String[] filter : new String[][] {{"type", "job.\u0000queued"}, {"stage", "writ\u0000ing"},
            {"type", "job.exploded"}, {"stage", "x".repeat(41)}, {"stage", "writ\u202eing"}}) {
            user.given().queryParam(filter[0], filter[1]).when().get("/jobs/" + jobId + "/events")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(filter[0]));
        }
        user.given().queryParam("type", "job.queued").queryParam("stage", "queued").when().get("/jobs/" + jobId + "/events")
                .then().statusCode(200);
    }

    private List<String> queue() {
        return redis.list(String.class).lrange("opad:jobs", 0, -1);
    }

    private static String queuedJob(TestUsers.User user) {
        String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        return user.given().when().post("/articles/" + article + "/generate").then().statusCode(202).extract().path("job_id");
    }

    /** What a worker's start does, without a worker: the job runs under some lease. */
    private static void markRunning(String jobId) {
        RealInfrastructure.database().execute("update jobs set status = 'running', attempt = 1, lease_token = gen_random_uuid(),"
                + " worker_id = 'test-worker', version = version + 1 where id = '" + jobId + "'");
    }

    private static void markFailed(String jobId) {
        RealInfrastructure.database().execute("update jobs set status = 'failed', failures = 3, lease_token = null,"
                + " error = 'the model provider rejected the API key', finished_at = now(), version = version + 1"
                + " where id = '" + jobId + "'");
    }
}
