package dev.opad.worker;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.queue.JobQueue;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import dev.opad.worker.FakeOpenAiServer.Scripted;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's metrics after real jobs against a scripted OpenAI-compatible provider: each figure
 * moves by exactly what the jobs did, and Prometheus gets opad's bucket bounds. Figures are read as
 * differences, since the application (and its registry) is shared with JobRetryTest's profile.
 */
@QuarkusTest
@TestProfile(JobRetryTest.QuickRetries.class)
@WithTestResource(RealInfrastructure.class)
@WithTestResource(FakeOpenAiResource.class)
class JobMetricsTest {

    @Inject
    JobQueue queue;
    @Inject
    MeterRegistry registry;

    private final FakeOpenAiServer fake = FakeOpenAiResource.server();

    @BeforeEach
    void noLeftoverScript() {
        fake.forgetScript();
    }

    @Test
    void aCompletedJobCountsOneRunEveryStageAndTheTokensItsUsageRowsHold() {
        Snapshot before = snapshot();
        JobEntity job = TestJobs.queued("metrics of a completed job");
        queue.push(job.id());
        waitForEnd(job.id(), JobState.COMPLETED);

        Snapshot after = snapshot();
        assertEquals(1, after.runs("completed") - before.runs("completed"));
        assertEquals(1, after.finished("completed") - before.finished("completed"));
        assertEquals(1, after.waits() - before.waits());
        for (String stage : new String[] {"researching", "writing", "reviewing", "glossary", "storing"}) {
            assertEquals(1, after.stage(stage) - before.stage(stage), stage);
        }
        String rows = "from model_usage where job_id = '" + job.id() + "'";
        long calls = RealInfrastructure.database().count("select count(*) " + rows);
        assertEquals(calls, after.modelCalls() - before.modelCalls(), "one timed call per usage row");
        assertEquals(RealInfrastructure.database().count("select sum(prompt_tokens) " + rows),
                Math.round(after.tokens("input") - before.tokens("input")));
        assertEquals(RealInfrastructure.database().count("select sum(completion_tokens) " + rows),
                Math.round(after.tokens("output") - before.tokens("output")));
    }

    @Test
    void aServerErrorCountsARetryByItsCauseAndARetryingRun() {
        Snapshot before = snapshot();
        JobEntity job = TestJobs.queued("metrics of a retried job");
        fake.script(Scripted.status(500, FakeOpenAiServer.errorBody("The server had an error", "server_error", null)));
        queue.push(job.id());
        waitForEnd(job.id(), JobState.COMPLETED);

        Snapshot after = snapshot();
        assertEquals(1, after.retries("provider_error") - before.retries("provider_error"));
        assertEquals(1, after.runs("retrying") - before.runs("retrying"));
        assertEquals(1, after.runs("completed") - before.runs("completed"));
        assertEquals(2, after.waits() - before.waits(), "the first attempt and the retry each waited");
    }

    @Test
    void aRejectedKeyCountsAFailedJobAndNoRetry() {
        Snapshot before = snapshot();
        JobEntity job = TestJobs.queued("metrics of a failed job");
        fake.script(Scripted.status(401, FakeOpenAiServer.errorBody("Incorrect API key provided.", "invalid_request_error",
                "invalid_api_key")));
        queue.push(job.id());
        waitForEnd(job.id(), JobState.FAILED);

        Snapshot after = snapshot();
        assertEquals(1, after.finished("failed") - before.finished("failed"));
        assertEquals(1, after.runs("failed") - before.runs("failed"));
        assertEquals(before.allRetries(), after.allRetries(), "a permanent failure is not retried");
    }

    @Test
    void prometheusGetsTheBucketsFromATenthOfASecondToTwoHours() {
        JobEntity job = TestJobs.queued("metrics scraped");
        queue.push(job.id());
        waitForEnd(job.id(), JobState.COMPLETED);

        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String bound : new String[] {"0.1", "1.0", "60.0", "3600.0", "7200.0", "+Inf"}) {
            assertTrue(scrape.contains("opad_job_run_seconds_bucket{outcome=\"completed\",le=\"" + bound + "\"}"), bound);
        }
        assertTrue(scrape.contains("opad_job_wait_seconds_count"), "wait histogram");
        assertTrue(scrape.contains("opad_jobs_finished_total{outcome=\"completed\"}"), "finished counter");
        assertTrue(scrape.contains("opad_model_tokens_total{kind=\"input\",model=\"gpt-test\",provider=\"openai\"}"),
                "tokens by provider, model and kind");
        assertTrue(scrape.contains("opad_model_call_seconds_count{model=\"gpt-test\",provider=\"openai\",stage=\"researching\"}"),
                "model calls by stage");
        assertTrue(!scrape.contains(job.id().toString()) && !scrape.contains(job.articleId().toString()), "no ids as labels");
    }

    /** The figures, read at once: the registry itself moves on. */
    private record Snapshot(java.util.Map<String, Double> figures) {
        double get(String key) {
            return figures.getOrDefault(key, 0.0);
        }

        long runs(String outcome) {
            return Math.round(get("run." + outcome));
        }

        double finished(String outcome) {
            return get("finished." + outcome);
        }

        long waits() {
            return Math.round(get("waits"));
        }

        long stage(String stage) {
            return Math.round(get("stage." + stage));
        }

        long modelCalls() {
            return Math.round(get("calls"));
        }

        double tokens(String kind) {
            return get("tokens." + kind);
        }

        double retries(String reason) {
            return get("retries." + reason);
        }

        double allRetries() {
            return get("retries");
        }
    }

    private Snapshot snapshot() {
        java.util.Map<String, Double> figures = new java.util.HashMap<>();
        Search.in(registry).name("opad.job.run").timers()
                .forEach(t -> figures.put("run." + t.getId().getTag("outcome"), (double) t.count()));
        Search.in(registry).name("opad.jobs.finished").counters()
                .forEach(c -> figures.put("finished." + c.getId().getTag("outcome"), c.count()));
        figures.put("waits", (double) Search.in(registry).name("opad.job.wait").timer().count());
        Search.in(registry).name("opad.stage").timers()
                .forEach(t -> figures.put("stage." + t.getId().getTag("stage"), (double) t.count()));
        figures.put("calls", (double) Search.in(registry).name("opad.model.call").timers().stream().mapToLong(t -> t.count()).sum());
        for (String kind : new String[] {"input", "output"}) {
            figures.put("tokens." + kind, Search.in(registry).name("opad.model.tokens").tag("kind", kind).counters().stream()
                    .mapToDouble(c -> c.count()).sum());
        }
        Search.in(registry).name("opad.job.retries").counters().forEach(c -> {
            figures.put("retries." + c.getId().getTag("reason"), c.count());
            figures.merge("retries", c.count(), Double::sum);
        });
        return new Snapshot(figures);
    }

    private static void waitForEnd(UUID jobId, JobState expected) {
        Waits.until("job " + jobId + " to finish", Duration.ofSeconds(20), () -> TestJobs.load(jobId).status().isFinished());
        assertEquals(expected, TestJobs.load(jobId).status());
    }
}
