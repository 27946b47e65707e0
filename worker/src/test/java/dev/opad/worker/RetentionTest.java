package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.job.JobEntity;
import dev.opad.storage.ArticleStorage;
import dev.opad.testing.PostgresTestDatabase;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import dev.opad.worker.housekeeping.Retention;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Retention and the registry against real Postgres, storage and Redis: a pass removes exactly what
 * is older than the line — in batches smaller than the data — and keeps the rest and the bill (job history,
 * idempotency keys, webhook deliveries, dead workers, deleted articles' objects); the
 * worker's own registry row is written as it beats.
 */
@QuarkusTest
@TestProfile(RetentionTest.SmallBatches.class)
@WithTestResource(RealInfrastructure.class)
class RetentionTest {

    /** Batches of 2, so that every kind needs several statements; usage kept (the default). */
    public static class SmallBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opad.retention.batch-size", "2");
        }
    }

    @Inject
    Retention retention;
    @Inject
    ArticleStorage storage;

    private final PostgresTestDatabase db = RealInfrastructure.database();

    @Test
    void aPassRemovesOldHistoryInBatchesAndKeepsRecentHistoryAndUsage() {
        retention.pass(); // whatever earlier tests left behind
        UUID old = finishedJob("history of an old job", "31 days");
        UUID recent = finishedJob("history of a recent job", "29 days");
        for (UUID job : new UUID[] {old, recent}) {
            for (int i = 0; i < 5; i++) {
                db.execute("insert into job_events (event_id, trace_id, source, type, occurred_at, job_id, attempt, level)"
                        + " values (gen_random_uuid(), 'abc', 'test', 'job.started', now(), '" + job + "', 1, 'info')");
            }
            for (String stage : new String[] {"researching", "writing", "reviewing"}) {
                db.execute("insert into job_checkpoints (job_id, stage, output, created_at) values ('" + job + "', '"
                        + stage + "', 'x', now())");
            }
            db.execute("insert into model_usage (id, user_id, article_id, job_id, attempt, stage, provider, model,"
                    + " prompt_tokens, completion_tokens, total_tokens, created_at) select gen_random_uuid(), user_id,"
                    + " article_id, id, 1, 'writing', 'demo', 'opad-demo', 10, 20, 30, now() - interval '40 days'"
                    + " from jobs where id = '" + job + "'");
        }
        db.execute("insert into idempotency_keys (user_id, key, fingerprint, status, created_at) values ('"
                + RealInfrastructure.insertUser() + "', 'old-key', 'f', 'in_progress', now() - interval '25 hours')");

        Map<String, Long> removed = retention.pass();

        assertEquals(5, removed.get("job_events"));
        assertEquals(3, removed.get("job_checkpoints"));
        assertEquals(1, removed.get("idempotency_keys"));
        assertEquals(0, db.count("select count(*) from job_events where job_id = '" + old + "'"));
        assertEquals(0, db.count("select count(*) from job_checkpoints where job_id = '" + old + "'"));
        assertEquals(5, db.count("select count(*) from job_events where job_id = '" + recent + "'"), "29 days: kept");
        assertEquals(3, db.count("select count(*) from job_checkpoints where job_id = '" + recent + "'"));
        assertEquals(1, db.count("select count(*) from jobs where id = '" + old + "'"), "the job row itself stays");
        assertEquals(2, db.count("select count(*) from model_usage where job_id in ('" + old + "', '" + recent + "')"),
                "usage rows are the bill: kept without OPAD_RETENTION_USAGE_DAYS");
        assertTrue(!removed.containsKey("model_usage"));
    }

    @Test
    void theObjectsOfAnArticleDeletedLongAgoGoAndARecentlyDeletedOnesStay() {
        UUID longAgo = deletedArticle("31 days");
        UUID lately = deletedArticle("2 days");

        retention.pass();

        assertTrue(storage.list("articles/" + longAgo + "/").isEmpty(), "removed");
        assertEquals(2, storage.list("articles/" + lately + "/").size(), "kept");
        assertEquals(1, db.count("select count(*) from articles where id = '" + longAgo
                + "' and objects_removed_at is not null and storage_key is null"));
        assertEquals(0, retention.pass().get("article_objects"), "an emptied article is not looked at again");
    }

    @Test
    void webhookDeliveriesThatFinishedLongAgoGoInBatchesAndPendingOrRecentOnesStay() {
        retention.pass(); // whatever earlier tests left behind
        UUID user = RealInfrastructure.insertUser();
        List<UUID> old = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            old.add(delivery(user, "succeeded", "40 days", "31 days"));
            old.add(delivery(user, "failed", "32 days", "31 days"));
        }
        UUID recent = delivery(user, "succeeded", "40 days", "29 days");
        // Pending for a long time (sent again, say): no finished_at, so kept whatever its age.
        UUID pending = delivery(user, "pending", "40 days", null);

        Map<String, Long> removed = retention.pass();

        assertEquals(6, removed.get("webhook_deliveries"), "three batches of two, and a short one");
        assertEquals(0, db.count("select count(*) from webhook_deliveries where id in (" + quoted(old) + ")"));
        assertEquals(1, db.count("select count(*) from webhook_deliveries where id = '" + recent + "'"), "29 days: kept");
        assertEquals(1, db.count("select count(*) from webhook_deliveries where id = '" + pending + "'"), "pending: kept");
        assertEquals(0, retention.pass().get("webhook_deliveries"));
        String scrape = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(scrape.contains("opad_retention_deleted_total{kind=\"webhook_deliveries\"}"), "counted by kind");
    }

    @Test
    void deadWorkersLeaveTheRegistryAfterADayAndThisWorkerBeatsIntoIt() {
        db.execute("insert into workers (id, started_at, last_heartbeat_at, heartbeat_interval_ms, concurrency) values"
                + " ('gone-yesterday', now() - interval '30 hours', now() - interval '25 hours', 5000, 4),"
                + " ('gone-lately', now() - interval '3 hours', now() - interval '2 hours', 5000, 4)");

        retention.pass();

        assertEquals(0, db.count("select count(*) from workers where id = 'gone-yesterday'"));
        assertEquals(1, db.count("select count(*) from workers where id = 'gone-lately'"));
        Waits.until("this worker's registry row", Duration.ofSeconds(10), () -> db.count(
                "select count(*) from workers where last_heartbeat_at > now() - interval '10 seconds' and stopped_at is null"
                        + " and concurrency > 0") >= 1);
        String scrape = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(scrape.contains("opad_retention_deleted_total{kind=\"workers\"}"), "what retention removed, by kind");
    }

    /**
     * A one-off callback's delivery of {@code user}'s, created and (unless pending) finished that long ago. A pending
     * one is due tomorrow, so this worker's sender leaves it alone.
     */
    private UUID delivery(UUID user, String status, String createdAgo, String finishedAgo) {
        UUID id = UUID.randomUUID();
        String finished = finishedAgo == null ? "null" : "now() - interval '" + finishedAgo + "'";
        db.execute("insert into webhook_deliveries (id, user_id, url, event_type, payload, status, attempts, next_attempt_at,"
                + " created_at, finished_at) values ('" + id + "', '" + user + "', 'https://93.184.216.34/hook',"
                + " 'job.completed', '{}', '" + status + "', 3, now() + interval '1 day', now() - interval '" + createdAgo
                + "', " + finished + ")");
        return id;
    }

    private static String quoted(List<UUID> ids) {
        return String.join(", ", ids.stream().map(id -> "'" + id + "'").toList());
    }

    private UUID finishedJob(String topic, String ago) {
        JobEntity job = TestJobs.queued(topic);
        db.execute("update jobs set status = 'completed', progress = 100, finished_at = now() - interval '" + ago
                + "', version = version + 1 where id = '" + job.id() + "'");
        return job.id();
    }

    private UUID deletedArticle(String ago) {
        JobEntity job = TestJobs.queued("deleted " + ago + " ago");
        UUID article = job.articleId();
        String folder = "articles/" + article + "/" + job.id() + "/1/";
        storage.put(folder + "article.md", "# x".getBytes(), "text/markdown");
        storage.put(folder + "article.json", "{}".getBytes(), "application/json");
        db.execute("update jobs set status = 'cancelled', finished_at = now(), version = version + 1 where id = '" + job.id() + "'");
        db.execute("update articles set status = 'deleted', storage_key = '" + folder + "article.md', deleted_at = now()"
                + " - interval '" + ago + "' where id = '" + article + "'");
        return article;
    }
}
