package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.article.ArticleEntity;
import dev.opad.article.ArticleStatus;
import dev.opad.job.JobEntity;
import dev.opad.job.JobEventEntity;
import dev.opad.job.JobEventType;
import dev.opad.job.JobState;
import dev.opad.queue.JobQueue;
import dev.opad.queue.JobStatusCache;
import dev.opad.queue.QueueKeys;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import dev.opad.worker.FakeOpenAiServer.Scripted;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancel as the api does it, against the worker running for real: a waiting job is withdrawn and
 * never reaches the model; a running one stops within a second of the message, its model call
 * aborted; and without the message the lease keeper still finds the flag within a renewal period.
 */
@QuarkusTest
@TestProfile(JobCancelTest.OneSlotShortLease.class)
@WithTestResource(RealInfrastructure.class)
@WithTestResource(FakeOpenAiResource.class)
class JobCancelTest {

    private static final Logger LOG = Logger.getLogger(JobCancelTest.class);
    private static final Duration LEASE_TTL = Duration.ofSeconds(3);
    /** What the api records its side of a cancel as (GenerationService.SOURCE). */
    private static final String API = "opad-api";

    /**
     * One slot, so a second job waits in the queue while the first runs; a model timeout far beyond
     * the held calls, so only a cancel can end them early.
     */
    public static class OneSlotShortLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "opad.worker.concurrency", "1",
                    "opad.worker.lease-ttl", LEASE_TTL.toSeconds() + "s",
                    "opad.model.timeout", "30s",
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

    private final FakeOpenAiServer fake = FakeOpenAiResource.server();

    @BeforeEach
    void noLeftoverScript() {
        fake.forgetScript();
    }

    @Test
    void aWaitingJobCancelledLikeTheApiDoesNeverReachesTheModel() {
        // The only slot is busy with another job for a few seconds, so the job to cancel stays queued.
        JobEntity busy = TestJobs.queued("a job holding the only slot");
        fake.script(Scripted.heldOpen(Duration.ofSeconds(3)));
        queue.push(busy.id());
        waitForModelCall("a job holding the only slot");

        String topic = "a job cancelled while waiting";
        JobEntity waiting = TestJobs.queued(topic);
        queue.push(waiting.id());
        assertTrue(queued().contains(waiting.id().toString()), "the job waits behind the busy one");

        JobEntity cancelled = cancelInPostgres(waiting.id());
        assertEquals(JobState.CANCELLED, cancelled.status(), "a waiting job is cancelled at once");
        queue.withdraw(waiting.id());
        statuses.put(cancelled.toStatusView());
        assertFalse(queued().contains(waiting.id().toString()), "withdrawn from the queue");

        Waits.until("the busy job to complete", Duration.ofSeconds(15),
                () -> TestJobs.load(busy.id()).status() == JobState.COMPLETED);
        // A stale copy of the id (say, pushed again by a reconciler that read Postgres before the cancel).
        queue.push(waiting.id());
        Waits.until("the stale copy to be taken and dropped", Duration.ofSeconds(10),
                () -> !queued().contains(waiting.id().toString()) && processingListsHolding(waiting.id()).isEmpty());

        JobEntity after = TestJobs.load(waiting.id());
        assertEquals(JobState.CANCELLED, after.status());
        assertEquals(0, after.attempt(), "never started");
        assertEquals(List.of(), TestJobs.callsAbout(fake, topic), "the model was never called for it");
        assertEquals(List.of("job.cancelled"), TestJobs.eventTypes(waiting.id()));
        assertEquals(JobState.CANCELLED, statuses.get(waiting.id()).orElseThrow().status());
        assertEquals(ArticleStatus.PENDING, TestJobs.article(waiting.articleId()).status());
        assertFalse(redis.key(String.class).exists(keys.lease(waiting.id())), "the dropped copy left no lease behind");
    }

    @Test
    void aRunningJobStopsWithinASecondOfTheMessageAndItsModelCallIsAborted() {
        String topic = "a job cancelled mid-call";
        JobEntity job = TestJobs.queued(topic);
        fake.script(Scripted.heldOpen(Duration.ofSeconds(10)));
        queue.push(job.id());
        waitForModelCall(topic);

        assertEquals(JobState.RUNNING, cancelInPostgres(job.id()).status(), "a running job is only flagged");
        long signalled = System.nanoTime();
        queue.signalCancel(job.id());
        Duration latency = untilCancelled(job.id(), signalled, Duration.ofSeconds(5));
        FakeOpenAiServer.HangUp hangUp = waitForHangUp(topic);
        Duration hungUpAfter = Duration.ofNanos(hangUp.atNanos() - signalled);
        LOG.infof("cancel via pub/sub: cancelled in Postgres %d ms after signalCancel; the provider saw the connection"
                + " close after %d ms", latency.toMillis(), hungUpAfter.toMillis());

        assertTrue(latency.compareTo(Duration.ofSeconds(1)) < 0, "cancelled after " + latency.toMillis() + " ms");
        assertTrue(hungUpAfter.compareTo(Duration.ofSeconds(1)) < 0, "model call aborted after " + hungUpAfter.toMillis() + " ms");
        assertEquals(1, TestJobs.callsAbout(fake, topic).size(), "no stage after the aborted one");
        assertStoppedCleanly(job);
    }

    @Test
    void withoutTheMessageTheLeaseKeeperFindsTheFlagWithinARenewal() {
        String topic = "a job whose cancel message was lost";
        JobEntity job = TestJobs.queued(topic);
        fake.script(Scripted.heldOpen(Duration.ofSeconds(10)));
        queue.push(job.id());
        waitForModelCall(topic);

        cancelInPostgres(job.id());
        long flagged = System.nanoTime();
        // signalCancel without its PUBLISH: a worker that was resubscribing missed the message.
        redis.value(String.class).setex(keys.cancelFlag(job.id()), 3600, "1");
        Duration latency = untilCancelled(job.id(), flagged, Duration.ofSeconds(10));
        LOG.infof("cancel via the flag only: cancelled in Postgres %d ms after the flag was set (renewal every %d ms)",
                latency.toMillis(), LEASE_TTL.toMillis() / 3);

        Duration bound = LEASE_TTL.dividedBy(3).plusSeconds(1);
        assertTrue(latency.compareTo(bound) < 0, "cancelled after " + latency.toMillis() + " ms, bound " + bound.toMillis());
        waitForHangUp(topic);
        assertStoppedCleanly(job);
    }

    /**
     * Redis lost both the message and the flag: the request still lands at the next stage boundary,
     * read under the row lock the ledger takes for that stage's write, which is then not made.
     */
    @Test
    void withNeitherMessageNorFlagTheNextStageBoundaryFindsTheRequestInPostgres() {
        String topic = "a job whose cancel reached only Postgres";
        JobEntity job = TestJobs.queued(topic);
        fake.script(Scripted.completionAfter(Duration.ofSeconds(1)));
        queue.push(job.id());
        waitForModelCall(topic);

        cancelInPostgres(job.id());
        untilCancelled(job.id(), System.nanoTime(), Duration.ofSeconds(10));

        assertStoppedCleanly(job);
        List<String> events = TestJobs.eventTypes(job.id());
        assertEquals(0, TestJobs.count(events, "job.stage.completed"), "the stage in flight was not recorded: " + events);
        assertEquals(1, TestJobs.callsAbout(fake, topic).size(), "no model call after the boundary");
    }

    /**
     * The cancel flag {@code opad:cancel:<id>} belongs to one run: it goes when that run settles, so a
     * job its owner retries is not cancelled again by the lease keeper at its first renewal. (This
     * test found the flag outliving the run, when it was kept for an hour.)
     */
    @Test
    void aCancelledJobRetriedByItsOwnerRunsToTheEnd() {
        String topic = "a job cancelled and then retried";
        JobEntity job = TestJobs.queued(topic);
        fake.script(Scripted.heldOpen(Duration.ofSeconds(10)));
        queue.push(job.id());
        waitForModelCall(topic);
        cancelInPostgres(job.id());
        queue.signalCancel(job.id());
        untilCancelled(job.id(), System.nanoTime(), Duration.ofSeconds(5));

        // What JobControl.retry does; the first model call then spans a lease renewal.
        JobEntity retried = QuarkusTransaction.requiringNew().call(() -> {
            JobEntity locked = JobEntity.<JobEntity>findByIdOptional(job.id(), LockModeType.PESSIMISTIC_WRITE).orElseThrow();
            locked.retryByUser();
            ArticleEntity.<ArticleEntity>findByIdOptional(locked.articleId()).ifPresent(ArticleEntity::markIdle);
            JobEventEntity.record(locked, API, JobEventType.QUEUED, Map.of("manual_retry", true));
            JobEntity.flush();
            return locked;
        });
        fake.script(Scripted.heldOpen(LEASE_TTL));
        queue.push(job.id());
        statuses.put(retried.toStatusView());

        Waits.until("the retried job to finish", Duration.ofSeconds(20), () -> TestJobs.load(job.id()).status().isFinished());
        assertEquals(JobState.COMPLETED, TestJobs.load(job.id()).status(), "events: " + TestJobs.eventTypes(job.id()));
    }

    /**
     * The user deleted the article while its job waited (or waited to be retried): the worker that
     * takes the id cancels the job, saying why, instead of spending tokens on text nobody can read.
     */
    @Test
    void aJobWhoseArticleWasDeletedIsCancelledAndNeverReachesTheModel() {
        String topic = "a job whose article was deleted";
        JobEntity job = TestJobs.queued(topic);
        QuarkusTransaction.requiringNew().run(() -> ArticleEntity.<ArticleEntity>findByIdOptional(job.articleId())
                .orElseThrow().markDeleted());
        queue.push(job.id());

        Waits.until("the job to be settled", Duration.ofSeconds(10), () -> TestJobs.load(job.id()).status().isFinished());
        JobEntity after = TestJobs.load(job.id());
        assertEquals(JobState.CANCELLED, after.status(), "events: " + TestJobs.eventTypes(job.id()));
        assertEquals(0, after.attempt(), "never started");
        assertTrue(after.message().contains("article was deleted"), after.message());
        assertEquals(List.of("job.cancelled"), TestJobs.eventTypes(job.id()));
        assertEquals(List.of(), TestJobs.callsAbout(fake, topic), "the model was never called for it");
        assertEquals(ArticleStatus.DELETED, TestJobs.article(job.articleId()).status());
        Waits.until("Redis to let go of the job", Duration.ofSeconds(2),
                () -> !redis.key(String.class).exists(keys.lease(job.id())) && processingListsHolding(job.id()).isEmpty());
        assertEquals(JobState.CANCELLED, statuses.get(job.id()).orElseThrow().status());
    }

    /** The transaction of JobControl.cancel: a waiting job is cancelled at once, a running one flagged. */
    private static JobEntity cancelInPostgres(UUID jobId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            JobEntity locked = JobEntity.<JobEntity>findByIdOptional(jobId, LockModeType.PESSIMISTIC_WRITE).orElseThrow();
            switch (locked.status()) {
                case QUEUED, RETRYING -> {
                    locked.cancel();
                    ArticleEntity.<ArticleEntity>findByIdOptional(locked.articleId()).ifPresent(ArticleEntity::markIdle);
                    JobEventEntity.record(locked, API, JobEventType.CANCELLED, Map.of("by", "user"));
                }
                case RUNNING -> {
                    locked.requestCancel();
                    JobEventEntity.record(locked, API, JobEventType.CANCEL_REQUESTED, Map.of());
                }
                default -> throw new IllegalStateException("job " + jobId + " is already " + locked.status().wireName());
            }
            JobEntity.flush();
            return locked;
        });
    }

    /** After a cancel of a running job: the worker's record of it, and nothing left in Redis that claims the job. */
    private void assertStoppedCleanly(JobEntity job) {
        List<String> events = TestJobs.eventTypes(job.id());
        assertEquals(1, TestJobs.count(events, "job.cancelled"), events.toString());
        assertTrue(events.indexOf("job.cancel_requested") < events.indexOf("job.cancelled"), events.toString());
        JobEventEntity cancelled = TestJobs.events(job.id()).stream().filter(e -> e.type.equals("job.cancelled")).findFirst().orElseThrow();
        assertTrue(cancelled.source.startsWith("opad-worker/"), "recorded by the worker that stopped it: " + cancelled.source);

        JobEntity after = TestJobs.load(job.id());
        assertEquals(1, after.attempt());
        assertEquals(0, after.failures(), "a cancel is not a failure");
        assertEquals(null, after.leaseToken());
        assertEquals(ArticleStatus.PENDING, TestJobs.article(job.articleId()).status());

        Waits.until("Redis to let go of the job", Duration.ofSeconds(2),
                () -> !redis.key(String.class).exists(keys.lease(job.id())) && processingListsHolding(job.id()).isEmpty());
        assertEquals(JobState.CANCELLED, statuses.get(job.id()).orElseThrow().status());
        assertTrue(redis.sortedSet(String.class).zscore(keys.delayed(), job.id().toString()).isEmpty(), "no retry scheduled");
        assertFalse(queued().contains(job.id().toString()), "not queued again");
    }

    /** Polls Postgres every 10 ms: the time until the cancelled state is committed and readable. */
    private static Duration untilCancelled(UUID jobId, long sinceNanos, Duration deadline) {
        long end = sinceNanos + deadline.toNanos();
        while (System.nanoTime() < end) {
            JobState state = TestJobs.load(jobId).status();
            if (state == JobState.CANCELLED) {
                return Duration.ofNanos(System.nanoTime() - sinceNanos);
            }
            if (state.isFinished()) {
                throw new AssertionError("job " + jobId + " ended " + state.wireName() + ", not cancelled; events "
                        + TestJobs.eventTypes(jobId));
            }
            sleep(10);
        }
        throw new AssertionError("job " + jobId + " not cancelled within " + deadline.toMillis() + " ms; it is "
                + TestJobs.load(jobId).status().wireName());
    }

    private void waitForModelCall(String topic) {
        Waits.until("the model call about '" + topic + "'", Duration.ofSeconds(10),
                () -> !TestJobs.callsAbout(fake, topic).isEmpty());
    }

    private FakeOpenAiServer.HangUp waitForHangUp(String topic) {
        Waits.until("the provider to see the call about '" + topic + "' hang up", Duration.ofSeconds(2),
                () -> hangUp(topic).isPresent());
        return hangUp(topic).orElseThrow();
    }

    private Optional<FakeOpenAiServer.HangUp> hangUp(String topic) {
        return fake.hangUps().stream().filter(h -> TestJobs.names(h.request(), topic)).findFirst();
    }

    private List<String> queued() {
        return redis.list(String.class).lrange(keys.jobs(), 0, -1);
    }

    private List<String> processingListsHolding(UUID jobId) {
        return redis.key(String.class).keys(keys.processing("*")).stream()
                .filter(list -> redis.list(String.class).lrange(list, 0, -1).contains(jobId.toString()))
                .toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
