package dev.opad.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.queue.WorkerHeartbeat;
import dev.opad.queue.WorkerHeartbeats;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The operations view against real Redis and Postgres: what the test puts in the queue, the
 * workers' registry and the jobs table is what an admin reads back. No worker runs here.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AdminOverviewTest {

    @Inject
    RedisDataSource redis;

    @Inject
    WorkerHeartbeats heartbeats;

    @Test
    void anAdminSeesTheQueueTheWorkersAndTheNewestRunningAndFailedJobs() {
        TestUsers.User user = TestUsers.register();
        Map<String, Integer> before = overview().getMap("jobs");
        String running = queuedJob(user);
        String olderFailure = queuedJob(user);
        String newerFailure = queuedJob(user);
        markRunning(running, "busy-worker");
        markFailed(olderFailure, "the model provider rejected the API key", "2 minutes");
        markFailed(newerFailure, "quality gate: language is English, not German", "1 minute");

        // The queue as the test leaves it: earlier tests' leftovers are cleared first, so the depths are exact.
        redis.key(String.class).del("opad:jobs", "opad:jobs:delayed", "opad:workers");
        redis.list(String.class).lpush("opad:jobs", id(), id(), id());
        redis.sortedSet(String.class).zadd("opad:jobs:delayed", Map.of(id(), 1.0, id(), 2.0));
        Instant beat = Instant.now().minusSeconds(4);
        heartbeats.beat("busy-worker", new WorkerHeartbeat(beat, 2, 8, "node-1", "0.1.0"), Duration.ofSeconds(15));
        redis.list(String.class).lpush("opad:jobs:processing:busy-worker", running, id());
        // A worker that stopped beating and still holds a job, as the reaper finds it.
        redis.set(String.class).sadd("opad:workers", "dead-worker");
        redis.list(String.class).lpush("opad:jobs:processing:dead-worker", id());

        JsonPath overview = overview();
        assertEquals(3, overview.getInt("queue.waiting"));
        assertEquals(2, overview.getInt("queue.delayed"));
        assertEquals(3, overview.getInt("queue.processing"), "both workers' processing lists");

        Map<String, Integer> after = overview.getMap("jobs");
        assertEquals(List.of("queued", "running", "retrying", "completed", "failed", "cancelled", "discarded"),
                List.copyOf(after.keySet()), "every state, zeros included");
        assertEquals(before.get("running") + 1, after.get("running"));
        assertEquals(before.get("failed") + 2, after.get("failed"));

        Map<String, Object> busy = find(overview.getList("workers"), "id", "busy-worker");
        assertEquals(true, busy.get("alive"));
        assertEquals(beat.toString(), busy.get("last_heartbeat"));
        assertTrue(((Integer) busy.get("age_seconds")) >= 4, busy.toString());
        assertEquals(2, busy.get("running"));
        assertEquals(8, busy.get("concurrency"));
        assertEquals("node-1", busy.get("host"));
        assertEquals("0.1.0", busy.get("version"));
        Map<String, Object> dead = find(overview.getList("workers"), "id", "dead-worker");
        assertEquals(false, dead.get("alive"));
        assertNull(dead.get("last_heartbeat"));
        assertNull(dead.get("age_seconds"));
        assertEquals(1, dead.get("running"));

        Map<String, Object> runningJob = find(overview.getList("running"), "job_id", running);
        assertEquals(user.id().toString(), runningJob.get("user_id"));
        assertEquals("busy-worker", runningJob.get("worker_id"));
        assertEquals("writing", runningJob.get("stage"));
        assertEquals(40, runningJob.get("progress"));
        assertEquals(1, runningJob.get("attempt"));
        assertNotNull(runningJob.get("article_id"));
        assertNotNull(runningJob.get("started_at"));

        List<String> failedIds = overview.getList("failed.job_id");
        assertTrue(failedIds.indexOf(newerFailure) >= 0 && failedIds.indexOf(newerFailure) < failedIds.indexOf(olderFailure),
                "newest first: " + failedIds);
        Map<String, Object> failure = find(overview.getList("failed"), "job_id", olderFailure);
        assertEquals("the model provider rejected the API key", failure.get("error"));
        assertEquals(3, failure.get("failures"));
        assertNotNull(failure.get("finished_at"));
        assertTrue(Instant.parse(overview.getString("generated_at")).isAfter(beat));
    }

    @Test
    void onlyAnAdminMayLook() {
        TestUsers.shared().given().when().get("/admin/overview")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        RestAssured.given().when().get("/admin/overview")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
    }

    @Test
    void withoutRedisTheOverviewIsAProblemNotAnError() {
        TestUsers.User admin = TestUsers.admin();
        RealInfrastructure.redis().stop();
        try {
            admin.given().when().get("/admin/overview")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("/problems/queue-unavailable"))
                    .body("detail", matchesPattern(".*cannot be read.*"));
        } finally {
            RealInfrastructure.redis().startAgain();
        }
        Waits.until("the overview to answer again", Duration.ofSeconds(10),
                () -> admin.given().when().get("/admin/overview").statusCode() == 200);
    }

    private static JsonPath overview() {
        return TestUsers.admin().given().when().get("/admin/overview")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    private static Map<String, Object> find(List<Map<String, Object>> items, String field, String value) {
        return items.stream().filter(item -> value.equals(item.get(field))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + field + " " + value + " in " + items));
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static String queuedJob(TestUsers.User user) {
        String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        return user.given().when().post("/articles/" + article + "/generate").then().statusCode(202).extract().path("job_id");
    }

    /** What a worker's start and a stage change do, without a worker. */
    private static void markRunning(String jobId, String worker) {
        RealInfrastructure.database().execute("update jobs set status = 'running', attempt = 1, lease_token = gen_random_uuid(),"
                + " worker_id = '" + worker + "', stage = 'writing', progress = 40, started_at = now(),"
                + " version = version + 1 where id = '" + jobId + "'");
    }

    private static void markFailed(String jobId, String error, String ago) {
        RealInfrastructure.database().execute("update jobs set status = 'failed', attempt = 3, failures = 3, lease_token = null,"
                + " error = '" + error + "', finished_at = now() - interval '" + ago + "', version = version + 1"
                + " where id = '" + jobId + "'");
    }
}
