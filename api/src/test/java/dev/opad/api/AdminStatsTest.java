package dev.opad.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opad.testing.PostgresTestDatabase;
import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operations page's figures from job events and usage rows written with known times: the
 * percentiles, counts and sums are exact, and the window leaves older rows out. No worker runs here.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AdminStatsTest {

    private final PostgresTestDatabase db = RealInfrastructure.database();

    @Test
    void waitsRunsOutcomesAndModelUseOfTheWindowAreExact() {
        // The figures are the system's: earlier tests' attempts are cleared so that only these count.
        db.execute("delete from job_events where type in ('job.started', 'job.completed', 'job.failed', 'job.cancelled',"
                + " 'job.retry_scheduled', 'job.requeued')");
        TestUsers.User user = TestUsers.register();
        String done = job(user);
        String retried = job(user);
        String old = job(user);
        // done: queued 100 s ago, started 90 s ago (wait 10), completed 30 s ago (run 60)
        queuedAt(done, "100 seconds");
        event(done, "job.started", 1, "90 seconds", "{}");
        event(done, "job.completed", 1, "30 seconds", "{}");
        // retried: wait 2, run 8, then due 35 s ago and started 30 s ago (wait 5), failed 20 s ago (run 10)
        queuedAt(retried, "50 seconds");
        event(retried, "job.started", 1, "48 seconds", "{}");
        event(retried, "job.retry_scheduled", 1, "40 seconds",
                "{\"next_attempt_at\": \"' || to_char((now() - interval '35 seconds') at time zone 'UTC',"
                        + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') || '\"}");
        event(retried, "job.started", 2, "30 seconds", "{}");
        event(retried, "job.failed", 2, "20 seconds", "{}");
        // old: two hours ago, outside the window
        queuedAt(old, "130 minutes");
        event(old, "job.started", 1, "125 minutes", "{}");
        event(old, "job.completed", 1, "121 minutes", "{}");
        usage(done, "stats-model-a", 100, 50, "0.010", "1 minute");
        usage(done, "stats-model-a", 200, 70, "0.020", "1 minute");
        usage(retried, "stats-model-b", 10, 5, null, "1 minute");
        usage(old, "stats-model-a", 9999, 9999, "9.000", "3 hours");

        JsonPath stats = TestUsers.admin().given().when().get("/admin/stats")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();

        assertEquals(60, stats.getInt("window_minutes"));
        assertEquals(3, stats.getInt("waits.count"));
        assertEquals(5.0, stats.getDouble("waits.p50"), 0.25, "waits 2, 5, 10 (each row written by its own statement, a few ms apart)");
        assertEquals(9.5, stats.getDouble("waits.p95"), 0.25);
        assertEquals(3, stats.getInt("runs.count"));
        assertEquals(10.0, stats.getDouble("runs.p50"), 0.25, "runs 8, 10, 60");
        assertEquals(55.0, stats.getDouble("runs.p95"), 0.25);
        assertEquals(59.0, stats.getDouble("runs.p99"), 0.25);
        assertEquals(1, stats.getInt("finished.completed"));
        assertEquals(1, stats.getInt("finished.failed"));
        assertEquals(1, stats.getInt("retries"));
        assertEquals(0.5, stats.getDouble("failure_rate"), 1e-9);
        List<Map<String, Object>> models = stats.getList("models");
        Map<String, Object> a = models.stream().filter(m -> "stats-model-a".equals(m.get("model"))).findFirst().orElseThrow();
        assertEquals(2, a.get("calls"));
        assertEquals(300, a.get("input_tokens"), "the 3-hour-old row is outside the window");
        assertEquals(120, a.get("output_tokens"));
        assertEquals(0.03, ((Number) a.get("cost_usd")).doubleValue(), 1e-9);
        Map<String, Object> b = models.stream().filter(m -> "stats-model-b".equals(m.get("model"))).findFirst().orElseThrow();
        assertEquals(null, b.get("cost_usd"), "not in the price table: cost unknown, not zero");

        JsonPath wider = TestUsers.admin().given().queryParam("window_minutes", "180").when().get("/admin/stats")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(4, wider.getInt("waits.count"), "three hours take the old job in");
    }

    @Test
    void aWindowOutsideFiveMinutesToADayIsRefusedInPlainWords() {
        for (String bad : new String[] {"4", "1441", "sixty", "1.5"}) {
            TestUsers.admin().given().queryParam("window_minutes", bad).when().get("/admin/stats")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        TestUsers.shared().given().when().get("/admin/stats").then().statusCode(403);
    }

    private static String job(TestUsers.User user) {
        String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        return user.given().when().post("/articles/" + article + "/generate").then().statusCode(202).extract().path("job_id");
    }

    private void queuedAt(String job, String ago) {
        db.execute("update job_events set occurred_at = now() - interval '" + ago + "' where job_id = '" + job
                + "' and type = 'job.queued'");
    }

    private void event(String job, String type, int attempt, String ago, String data) {
        db.execute("insert into job_events (event_id, trace_id, source, type, occurred_at, job_id, attempt, level, data)"
                + " values (gen_random_uuid(), 'abc', 'test', '" + type + "', now() - interval '" + ago + "', '" + job + "', "
                + attempt + ", 'info', ('" + data + "')::jsonb)");
    }

    private void usage(String job, String model, int in, int out, String cost, String ago) {
        db.execute("insert into model_usage (id, user_id, article_id, job_id, attempt, stage, provider, model, prompt_tokens,"
                + " completion_tokens, total_tokens, cost_usd, created_at) select gen_random_uuid(), user_id, article_id, id, 1,"
                + " 'writing', 'openai', '" + model + "', " + in + ", " + out + ", " + (in + out) + ", " + cost
                + ", now() - interval '" + ago + "' from jobs where id = '" + job + "'");
    }
}
