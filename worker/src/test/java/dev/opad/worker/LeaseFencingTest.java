package dev.opad.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.article.ArticleEntity;
import dev.opad.article.Language;
import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.job.JobStatusView;
import dev.opad.queue.JobQueue;
import dev.opad.queue.JobStatusCache;
import dev.opad.queue.QueueConfig;
import dev.opad.queue.QueueKeys;
import dev.opad.storage.ArticleStorage;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import dev.opad.worker.housekeeping.Recovery;
import dev.opad.worker.job.ArticlePublisher;
import dev.opad.worker.job.JobLeases;
import dev.opad.worker.job.Lease;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A worker frozen in a long pause (its lease renewal stopped) loses the job to a new attempt, and
 * cannot overwrite the status or the result the new attempt writes.
 */
@QuarkusTest
@TestProfile(LeaseFencingTest.SlowDemo.class)
@WithTestResource(RealInfrastructure.class)
class LeaseFencingTest {

    public static class SlowDemo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opad.model.demo.delay", "400ms", "opad.worker.lease-ttl", "3s");
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
    QueueConfig queueConfig;
    @Inject
    WorkerConfig workerConfig;
    @Inject
    Recovery recovery;
    @Inject
    ArticleStorage storage;

    @Test
    void aStalledAttemptCannotOverwriteTheAttemptThatTookOver() {
        JobEntity job = QuarkusTransaction.requiringNew().call(() -> {
            ArticleEntity article = ArticleEntity.request(RealInfrastructure.insertUser(), Language.GERMAN, "B1", 300, "Zeit");
            article.persist();
            JobEntity queued = JobEntity.queuedFor(article);
            queued.persist();
            return queued;
        });
        queue.push(job.id());
        Waits.until("attempt 1 to run", Duration.ofSeconds(10), () -> load(job.id()).status() == JobState.RUNNING);
        UUID firstToken = load(job.id()).leaseToken();

        // Attempt 1 freezes: no more renewals, and its lease runs out (removed here rather than waited for).
        // Only attempt 1's: the attempt that takes over keeps renewing, as it would on a healthy worker.
        // The seam is the lease bean itself: for this test, one whose renewals of attempt 1 never reach
        // Redis (QuarkusMock removes it after the test).
        QuarkusMock.installMockForType(new JobLeases(redis, keys, queueConfig, statuses, workerConfig) {
            @Override
            public Renewal renew(Lease lease) {
                return lease.token().equals(firstToken) ? Renewal.HELD : super.renew(lease);
            }
        }, JobLeases.class);
        redis.key(String.class).del(keys.lease(job.id()));
        recovery.orphanedRunningJob(job.id(), firstToken);

        Waits.until("attempt 2 to complete", Duration.ofSeconds(20), () -> load(job.id()).status() == JobState.COMPLETED);
        // Attempt 1 goes on trying its next writes meanwhile; each must be refused, so the outcome stays
        // attempt 2's all along, not only at the end.
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertTheSecondAttemptAloneFinished(job.id()));
    }

    private void assertTheSecondAttemptAloneFinished(UUID jobId) {
        JobEntity done = load(jobId);
        assertEquals(JobState.COMPLETED, done.status());
        assertEquals(2, done.attempt(), "the second attempt finished the job");
        String storageKey = QuarkusTransaction.requiringNew().call(() -> ArticleEntity.<ArticleEntity>findById(done.articleId())).storageKey;
        assertEquals(ArticlePublisher.markdownKey(done.articleId(), done.id(), 2), storageKey);
        List<String> objects = storage.list(ArticlePublisher.jobPrefix(done.articleId(), done.id()));
        assertTrue(objects.stream().allMatch(k -> k.contains("/2/")), "only attempt 2's objects remain: " + objects);

        JobStatusView status = statuses.get(jobId).orElseThrow();
        assertEquals(JobState.COMPLETED, status.status(), "Redis status not overwritten by the stalled attempt");
        assertEquals(2, status.attempt());
        assertEquals(1, RealInfrastructure.database().count(
                "select count(*) from job_events where job_id = '" + jobId + "' and type = 'job.completed'"));
        assertEquals(1, RealInfrastructure.database().count(
                "select count(*) from job_events where job_id = '" + jobId + "' and type = 'job.requeued'"));
        assertEquals(0, RealInfrastructure.database().count(
                "select count(*) from job_events where job_id = '" + jobId + "' and attempt = 1 and type like 'job.stage%'"
                        + " and occurred_at > (select occurred_at from job_events where job_id = '" + jobId
                        + "' and type = 'job.requeued')"), "attempt 1 wrote no progress after losing its lease");
    }

    private static JobEntity load(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> JobEntity.findById(id));
    }
}
