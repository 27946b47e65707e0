package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.article.ArticleEntity;
import dev.opad.article.ArticleStatus;
import dev.opad.article.Language;
import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.job.JobStatusView;
import dev.opad.queue.JobQueue;
import dev.opad.queue.JobStatusCache;
import dev.opad.queue.QueueKeys;
import dev.opad.queue.WorkerHeartbeat;
import dev.opad.queue.WorkerHeartbeats;
import dev.opad.storage.ArticleStorage;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import dev.opad.worker.job.ArticlePublisher;
import dev.opad.worker.job.JobTaker;
import dev.opad.worker.job.WorkerIdentity;
import dev.opad.worker.model.DemoChatModel;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A job goes from a real Redis list to completed in real Postgres, with its article in storage. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class JobTakerTest {

    @Inject
    JobQueue queue;
    @Inject
    JobStatusCache statuses;
    @Inject
    QueueKeys keys;
    @Inject
    RedisDataSource redis;
    @Inject
    ArticleStorage storage;
    @Inject
    JobTaker taker;
    @Inject
    ObjectMapper json;
    @Inject
    WorkerHeartbeats heartbeats;
    @Inject
    WorkerIdentity identity;
    @Inject
    WorkerConfig config;

    /** The api's operations view reads this heartbeat; it must say what the worker is and may do. */
    @Test
    void theWorkerBeatsWithItsConcurrencyHostAndVersion() {
        Waits.until("the first heartbeat", Duration.ofSeconds(10), () -> heartbeats.find(identity.id()).isPresent());
        WorkerHeartbeat beat = heartbeats.find(identity.id()).orElseThrow();
        assertEquals(config.concurrency(), beat.concurrency());
        assertNotNull(beat.at());
        assertNotNull(beat.host());
        assertEquals(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.application.version", String.class), beat.version());
        assertTrue(heartbeats.registered().contains(identity.id()), "registered for the reaper");
    }

    @Test
    void takesAQueuedJobToCompletedWithAVerifiedArticle() throws Exception {
        JobEntity job = queuedJob(Language.GERMAN, "B1", 400, "Energiepreise");
        queue.push(job.id());

        Waits.until("job " + job.id() + " to complete", Duration.ofSeconds(20), () -> jobState(job.id()) == JobState.COMPLETED);
        // Postgres commits first, Redis follows a moment later.
        Waits.until("the Redis status to follow", Duration.ofSeconds(5),
                () -> statuses.get(job.id()).map(s -> s.status() == JobState.COMPLETED).orElse(false));

        JobStatusView status = statuses.get(job.id()).orElseThrow();
        assertEquals(JobState.COMPLETED, status.status());
        assertEquals(100, status.progress());
        assertEquals(1, status.attempt());
        ArticleEntity article = QuarkusTransaction.requiringNew().call(() -> ArticleEntity.findById(job.articleId()));
        assertEquals(ArticleStatus.COMPLETED, article.status());
        assertEquals(ArticlePublisher.markdownKey(job.articleId(), job.id(), 1), article.storageKey);
        assertTrue(article.wordCount >= 320 && article.wordCount <= 480, "about 400 words, was " + article.wordCount);

        String markdown = new String(storage.get(article.storageKey).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(markdown.startsWith("# " + article.title), markdown);
        assertTrue(markdown.contains(DemoChatModel.NOTICE), "the demo says it is a demo");
        assertTrue(markdown.contains("Energiepreise") && markdown.contains(" ist "), "German text about the topic");

        JsonNode manifest = json.readTree(storage.get(ArticlePublisher.manifestKey(job.articleId(), job.id(), 1)).orElseThrow());
        assertEquals("demo", manifest.at("/model/provider").asText());
        assertEquals(DemoChatModel.MODEL_NAME, manifest.at("/model/name").asText());
        assertTrue(manifest.at("/model/demo").asBoolean());
        assertEquals("German", manifest.at("/inputs/language").asText());
        assertEquals(400, manifest.at("/inputs/length").asInt());
        List<String> stages = manifest.get("stages").findValuesAsText("name");
        assertEquals(List.of("researching", "writing", "reviewing", "glossary"), stages);
        assertNotNull(manifest.at("/stages/1/output_tokens").numberValue(), "token usage recorded per stage");

        Waits.until("processing list to drain", Duration.ofSeconds(5),
                () -> redis.list(String.class).llen(keys.processing(taker.workerId())) == 0);
    }

    /**
     * Issue 17's commits per job: each stage's start rides on the write before it (the job's start, the previous
     * stage's end), so a demo job commits 7 times in the worker instead of 11, each change still with its event.
     * Postgres stamps every row with the transaction that wrote it (xmin), so the events tell the commits apart.
     */
    @Test
    void aJobsStagesStartInTheWriteBeforeThem() {
        JobEntity job = queuedJob(Language.ENGLISH, "A2", 150, "bicycles");
        queue.push(job.id());
        Waits.until("job " + job.id() + " to complete", Duration.ofSeconds(20), () -> jobState(job.id()) == JobState.COMPLETED);

        @SuppressWarnings("unchecked")
        List<String> commits = QuarkusTransaction.requiringNew().call(() -> JobEntity.getEntityManager().createNativeQuery("""
                select string_agg(type, '+' order by type) from job_events where job_id = :job
                group by xmin::text order by min(occurred_at)""").setParameter("job", job.id()).getResultList());
        assertEquals(List.of("job.stage.started+job.started",
                "job.stage.completed+job.stage.started", "job.stage.completed+job.stage.started",
                "job.stage.completed+job.stage.started", "job.stage.completed", "job.stage.started", "job.completed"), commits);
    }

    @Test
    void anIdWithoutAQueuedJobIsSkippedAndAcknowledged() {
        UUID unknown = UUID.randomUUID();
        queue.push(unknown);
        Waits.until("the stale id to be taken and acknowledged", Duration.ofSeconds(10),
                () -> !redis.list(String.class).lrange(keys.jobs(), 0, -1).contains(unknown.toString())
                        && redis.list(String.class).llen(keys.processing(taker.workerId())) == 0);
        assertTrue(statuses.get(unknown).isEmpty(), "no status invented for an unknown job");
    }

    @Test
    void aCompletedJobIsNotRunAgainWhenItsIdComesBack() {
        JobEntity job = queuedJob(Language.ENGLISH, "A2", 150, "rain");
        queue.push(job.id());
        Waits.until("first run", Duration.ofSeconds(20), () -> jobState(job.id()) == JobState.COMPLETED);
        var firstFinish = QuarkusTransaction.requiringNew().call(() -> JobEntity.<JobEntity>findById(job.id()).finishedAt());

        queue.push(job.id());
        Waits.until("duplicate id to be consumed", Duration.ofSeconds(10),
                () -> redis.list(String.class).llen(keys.jobs()) == 0
                        && redis.list(String.class).llen(keys.processing(taker.workerId())) == 0);
        JobEntity after = QuarkusTransaction.requiringNew().call(() -> JobEntity.findById(job.id()));
        assertEquals(1, after.attempt(), "ran once");
        assertEquals(firstFinish, after.finishedAt());
    }

    private static JobEntity queuedJob(Language language, String level, int length, String topic) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ArticleEntity article = ArticleEntity.request(RealInfrastructure.insertUser(), language, level, length, topic);
            article.persist();
            JobEntity job = JobEntity.queuedFor(article);
            job.persist();
            return job;
        });
    }

    private static JobState jobState(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> JobEntity.<JobEntity>findById(id).status());
    }
}
