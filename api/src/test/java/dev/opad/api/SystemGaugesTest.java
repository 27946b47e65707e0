package dev.opad.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.api.admin.SystemGauges;
import dev.opad.testing.RealInfrastructure;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The system gauges against real Redis and Postgres (no worker runs here): what the test queues is
 * what a sample reads, and a scrape shows the sample. The api's own cancels count as finished jobs.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SystemGaugesTest {

    @Inject
    SystemGauges gauges;
    @Inject
    RedisDataSource redis;

    @Test
    void aSampleReadsTheQueueAndAScrapeShowsIt() {
        TestUsers.User user = TestUsers.register();
        SystemGauges.Snapshot before = gauges.sample();
        String first = queuedJob(user);
        queuedJob(user);
        String dead = queuedJob(user);
        RealInfrastructure.database().execute("update jobs set status = 'failed', failures = 3, error = 'x',"
                + " finished_at = now(), version = version + 1 where id = '" + dead + "'");
        RealInfrastructure.database().execute("update jobs set updated_at = now() - interval '90 seconds'"
                + " where id = '" + first + "'");
        redis.sortedSet(String.class).zadd("opad:jobs:delayed", Map.of(UUID.randomUUID().toString(), 1.0));

        SystemGauges.Snapshot after = gauges.sample();
        assertEquals(before.waiting() + 3, after.waiting(), "three ids pushed");
        assertEquals(before.delayed() + 1, after.delayed());
        assertEquals(before.deadLetters() + 1, after.deadLetters());
        assertTrue(after.oldestWaitingAgeSeconds() >= 90, "the job queued 90 s ago: " + after.oldestWaitingAgeSeconds());

        String scrape = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(after.waiting(), value(scrape, "opad_queue_waiting_jobs"), 0.0);
        assertEquals(after.delayed(), value(scrape, "opad_queue_delayed_jobs"), 0.0);
        assertEquals(after.deadLetters(), value(scrape, "opad_dead_letter_jobs"), 0.0);
        assertEquals(after.running(), value(scrape, "opad_queue_running_jobs"), 0.0);
        assertTrue(value(scrape, "opad_queue_oldest_waiting_age_seconds") >= 90);
        assertEquals(after.activeSchedules(), value(scrape, "opad_schedules{status=\"active\"}"), 0.0);
        assertEquals(after.pausedSchedules(), value(scrape, "opad_schedules{status=\"paused\"}"), 0.0);
    }

    @Test
    void cancellingAWaitingJobCountsItAsFinishedCancelled() {
        TestUsers.User user = TestUsers.register();
        double before = value(scrape(), "opad_jobs_finished_total{outcome=\"cancelled\"}");
        String job = queuedJob(user);
        user.given().when().post("/jobs/" + job + "/cancel").then().statusCode(200);
        assertEquals(before + 1, value(scrape(), "opad_jobs_finished_total{outcome=\"cancelled\"}"), 0.0);
    }

    private static String scrape() {
        return RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one series in Prometheus's text format; 0 when the series is not there yet. */
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String queuedJob(TestUsers.User user) {
        String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        return user.given().when().post("/articles/" + article + "/generate").then().statusCode(202).extract().path("job_id");
    }
}
