package dev.opad.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.article.ArticleStatus;
import dev.opad.job.JobEntity;
import dev.opad.job.JobEventEntity;
import dev.opad.job.JobState;
import dev.opad.queue.JobQueue;
import dev.opad.queue.JobStatusCache;
import dev.opad.queue.QueueKeys;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import dev.opad.worker.FakeOpenAiServer.Scripted;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failing provider, scripted call by call, against the worker running for real: transient failures
 * are retried (no sooner than the provider's Retry-After) until the budget is spent; a permanent one
 * fails the job at once.
 */
@QuarkusTest
@TestProfile(JobRetryTest.QuickRetries.class)
@WithTestResource(RealInfrastructure.class)
@WithTestResource(FakeOpenAiResource.class)
class JobRetryTest {

    private static final Duration MODEL_TIMEOUT = Duration.ofSeconds(2);
    private static final String SERVER_ERROR = "the model provider had a server error (HTTP 500)";

    public static class QuickRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "opad.model.timeout", MODEL_TIMEOUT.toSeconds() + "s",
                    "opad.worker.retry.base", "100ms",
                    "opad.worker.retry.cap", "1s");
        }
    }

    @Inject
    JobQueue queue;
    @Inject
    JobStatusCache statuses;
    @Inject
    QueueKeys keys;
    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper json;

    private final FakeOpenAiServer fake = FakeOpenAiResource.server();

    @BeforeEach
    void noLeftoverScript() {
        fake.forgetScript();
    }

    @Test
    void rateLimitingIsRetriedNoSoonerThanRetryAfter() throws Exception {
        String topic = "rate limited once";
        JobEntity job = TestJobs.queued(topic);
        fake.script(Scripted.status(429, FakeOpenAiServer.errorBody("Rate limit reached for requests", "requests",
                "rate_limit_exceeded")).withHeader("Retry-After", "1"));
        Instant pushedAt = Instant.now();
        queue.push(job.id());

        AtomicReference<JsonNode> retrying = new AtomicReference<>();
        Waits.until("Redis to show the job retrying", Duration.ofSeconds(10), () -> {
            JsonNode status = statusJson(job.id());
            if (status != null && "retrying".equals(status.path("status").asText())) {
                retrying.set(status);
            }
            return retrying.get() != null;
        });
        Instant failedAt = Instant.parse(retrying.get().path("updated_at").asText());
        Instant due = Instant.parse(retrying.get().path("next_attempt_at").asText());
        assertEquals("the model provider is rate limiting requests", retrying.get().path("error").asText());
        assertTrue(Duration.between(failedAt, due).toMillis() >= 950, "due " + due + " after failing at " + failedAt);
        assertFalse(due.isBefore(pushedAt.plusSeconds(1)), "Retry-After: 1 honoured");

        JobEntity done = waitForEnd(job.id(), JobState.COMPLETED);
        assertEquals(2, done.attempt());
        assertEquals(1, done.failures());
        List<JobEventEntity> events = TestJobs.events(job.id());
        List<String> types = events.stream().map(event -> event.type).toList();
        assertEquals(1, TestJobs.count(types, "job.retry_scheduled"), types.toString());
        assertTrue(types.indexOf("job.retry_scheduled") < types.indexOf("job.completed"), types.toString());
        JobEventEntity secondStart = events.stream().filter(e -> e.type.equals("job.started") && e.attempt == 2)
                .findFirst().orElseThrow();
        assertFalse(secondStart.occurredAt.isBefore(due), "attempt 2 started at " + secondStart.occurredAt + ", due " + due);
        assertEquals(4, TestJobs.callsAbout(fake, topic).size(), "one refused call, then three stages");
        assertEquals(ArticleStatus.COMPLETED, TestJobs.article(job.articleId()).status());
        assertEquals(JobState.COMPLETED, statuses.get(job.id()).orElseThrow().status());
    }

    /** Every call's usage block becomes one row; the rows sum exactly to what the provider reported. */
    @Test
    void recordedUsageSumsExactlyToWhatTheProviderReported() {
        String topic = "usage accounted for";
        JobEntity job = TestJobs.queued(topic);
        fake.script(Scripted.completionAfter(Duration.ZERO),
                Scripted.status(500, FakeOpenAiServer.errorBody("The server had an error", "server_error", null)));
        queue.push(job.id());
        waitForEnd(job.id(), JobState.COMPLETED);

        long answered = fake.received().stream()
                .filter(r -> r.lastUserMessage().contains(topic))
                .count() - 1; // the call answered with 500 reported no usage
        String rows = "from model_usage where job_id = '" + job.id() + "'";
        assertEquals(answered, RealInfrastructure.database().count("select count(*) " + rows), "one row per answered call");
        assertEquals(answered * FakeOpenAiServer.PROMPT_TOKENS,
                RealInfrastructure.database().count("select sum(prompt_tokens) " + rows));
        assertEquals(answered * FakeOpenAiServer.COMPLETION_TOKENS,
                RealInfrastructure.database().count("select sum(completion_tokens) " + rows));
        assertEquals(1, RealInfrastructure.database().count("select count(*) " + rows + " and attempt = 1"),
                "the research call of the failed attempt is counted too");
        assertEquals(0, RealInfrastructure.database().count("select count(*) " + rows + " and cost_usd is not null"),
                "gpt-test is not in the price table: tokens counted, cost unknown");
    }

    /** Each stage's output is checkpointed: a retry after a failure in review resumes at review. */
    @Test
    void aJobRetriedAfterAFailureInReviewDoesNotPayForResearchOrWritingAgain() {
        String topic = "resumed after review failed";
        JobEntity job = TestJobs.queued(topic);
        fake.script(Scripted.completionAfter(Duration.ZERO), Scripted.completionAfter(Duration.ZERO),
                Scripted.status(500, FakeOpenAiServer.errorBody("The server had an error", "server_error", null)));
        queue.push(job.id());

        JobEntity done = waitForEnd(job.id(), JobState.COMPLETED);
        assertEquals(2, done.attempt());
        List<String> stages = fake.received().stream()
                .map(FakeOpenAiServer.Received::lastUserMessage)
                .filter(prompt -> prompt.contains(topic))
                .map(prompt -> prompt.lines().filter(l -> l.startsWith("Stage: ")).findFirst().orElse("?"))
                .toList();
        assertEquals(1, TestJobs.count(stages, "Stage: research"), stages.toString());
        assertEquals(1, TestJobs.count(stages, "Stage: write"), stages.toString());
        assertEquals(2, TestJobs.count(stages, "Stage: review"), "the failed review and its retry: " + stages);
    }

    @Test
    void aServerErrorIsRetried() {
        String topic = "server error once";
        JobEntity job = TestJobs.queued(topic);
        fake.script(Scripted.status(500, FakeOpenAiServer.errorBody("The server had an error", "server_error", null)));
        queue.push(job.id());

        JobEntity done = waitForEnd(job.id(), JobState.COMPLETED);
        assertEquals(2, done.attempt());
        assertEquals(1, done.failures());
        assertRetriedOnceBecause(job.id(), SERVER_ERROR);
    }

    @Test
    void aCallThatTimesOutIsRetried() {
        String topic = "slow answer once";
        JobEntity job = TestJobs.queued(topic);
        fake.script(Scripted.completionAfter(MODEL_TIMEOUT.plusSeconds(2)));
        queue.push(job.id());

        JobEntity done = waitForEnd(job.id(), JobState.COMPLETED);
        assertEquals(2, done.attempt());
        assertEquals(1, done.failures());
        assertRetriedOnceBecause(job.id(), "the model call timed out after 2 s");
    }

    @Test
    void aRejectedKeyFailsAtOnce() {
        String topic = "rejected key";
        JobEntity job = TestJobs.queued(topic);
        fake.script(Scripted.status(401, FakeOpenAiServer.errorBody("Incorrect API key provided: "
                + FakeOpenAiResource.API_KEY + ".", "invalid_request_error", "invalid_api_key")));
        queue.push(job.id());

        JobEntity failed = waitForEnd(job.id(), JobState.FAILED);
        assertEquals(1, failed.attempt());
        assertEquals(1, failed.failures());
        assertEquals("the model provider rejected the API key", failed.error());
        List<String> types = TestJobs.eventTypes(job.id());
        assertEquals(1, TestJobs.count(types, "job.failed"), types.toString());
        assertEquals(0, TestJobs.count(types, "job.retry_scheduled"), types.toString());
        assertEquals(ArticleStatus.FAILED, TestJobs.article(job.articleId()).status());
        JsonNode status = statusJson(job.id());
        assertEquals("failed", status.path("status").asText());
        assertEquals("the model provider rejected the API key", status.path("error").asText());

        // For longer than any back-off here (cap 1 s) plus a promotion round, checked all along:
        // no retry scheduled, still one call, one attempt. A retry would break the last two for good.
        await().during(Duration.ofMillis(1_700)).atMost(Duration.ofMillis(2_500)).untilAsserted(() -> {
            assertTrue(redis.sortedSet(String.class).zscore(keys.delayed(), job.id().toString()).isEmpty(), "no retry scheduled");
            assertEquals(1, TestJobs.callsAbout(fake, topic).size());
            assertEquals(1, TestJobs.load(job.id()).attempt());
        });
    }

    @Test
    void aServerThatAlwaysFailsSpendsTheWholeBudget() {
        String topic = "server error every time";
        JobEntity job = TestJobs.queued(topic);
        String overloaded = FakeOpenAiServer.errorBody("The server had an error", "server_error", null);
        fake.script(Scripted.status(500, overloaded), Scripted.status(500, overloaded), Scripted.status(500, overloaded));
        queue.push(job.id());

        JobEntity failed = waitForEnd(job.id(), JobState.FAILED);
        assertEquals(JobEntity.DEFAULT_MAX_ATTEMPTS, failed.maxAttempts());
        assertEquals(3, failed.attempt());
        assertEquals(3, failed.failures());
        assertEquals(SERVER_ERROR, failed.error());
        List<String> types = TestJobs.eventTypes(job.id());
        assertEquals(3, TestJobs.count(types, "job.started"), types.toString());
        assertEquals(2, TestJobs.count(types, "job.retry_scheduled"), types.toString());
        assertEquals(1, TestJobs.count(types, "job.failed"), types.toString());
        assertEquals("job.failed", types.getLast());
        assertEquals(3, TestJobs.callsAbout(fake, topic).size(), "one call per attempt, each refused");
        assertEquals(JobState.FAILED, statuses.get(job.id()).orElseThrow().status());
        assertEquals(3, statuses.get(job.id()).orElseThrow().attempt());
    }

    private void assertRetriedOnceBecause(UUID jobId, String reason) {
        List<JobEventEntity> events = TestJobs.events(jobId);
        List<String> types = events.stream().map(event -> event.type).toList();
        assertEquals(2, TestJobs.count(types, "job.started"), types.toString());
        assertEquals(1, TestJobs.count(types, "job.retry_scheduled"), types.toString());
        assertTrue(types.indexOf("job.retry_scheduled") < types.indexOf("job.completed"), types.toString());
        JobEventEntity retry = events.stream().filter(e -> e.type.equals("job.retry_scheduled")).findFirst().orElseThrow();
        assertEquals(reason, retry.data.get("error"));
        assertEquals(1, retry.attempt);
        assertEquals(JobState.COMPLETED, statuses.get(jobId).orElseThrow().status());
    }

    private static JobEntity waitForEnd(UUID jobId, JobState expected) {
        Waits.until("job " + jobId + " to finish", Duration.ofSeconds(20), () -> TestJobs.load(jobId).status().isFinished());
        JobEntity job = TestJobs.load(jobId);
        assertEquals(expected, job.status(), "ended with error '" + job.error() + "'; events " + TestJobs.eventTypes(jobId));
        return job;
    }

    private JsonNode statusJson(UUID jobId) {
        String raw = redis.value(String.class).get(keys.status(jobId));
        try {
            return raw == null ? null : json.readTree(raw);
        } catch (Exception e) {
            throw new AssertionError("unreadable status JSON: " + raw, e);
        }
    }
}
