package dev.opad.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.job.JobState;
import dev.opad.schedule.RunOutcome;
import dev.opad.schedule.RunTrigger;
import dev.opad.schedule.ScheduleEntity;
import dev.opad.schedule.ScheduleFiring;
import dev.opad.schedule.ScheduleRunEntity;
import dev.opad.schedule.ScheduleStatus;
import dev.opad.schedule.SkipReason;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import dev.opad.worker.FakeOpenAiServer.Scripted;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler inside a real worker, on real Postgres and Redis, with a fake OpenAI-compatible
 * provider: a due slot fires once and its run follows the job; the policies (overlap, budget,
 * auto-pause) each leave a run with its reason; a series varies its topics and titles.
 */
@QuarkusTest
@TestProfile(SchedulerTest.QuickScheduler.class)
@WithTestResource(RealInfrastructure.class)
@WithTestResource(FakeOpenAiResource.class)
class SchedulerTest {

    static final long BUDGET = 100_000;
    private static final Duration RUN_DEADLINE = Duration.ofSeconds(30);

    public static class QuickScheduler implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opad.worker.scheduler.poll-interval", "100ms",
                    "opad.usage.daily-token-budget", String.valueOf(BUDGET));
        }
    }

    private final FakeOpenAiServer fake = FakeOpenAiResource.server();

    @jakarta.inject.Inject
    ScheduleFiring firing;

    @BeforeEach
    void noLeftoverScript() {
        fake.forgetScript();
    }

    @Test
    void aDueSlotFiresOnceAndItsRunFollowsTheJobToTheEnd() {
        ScheduleEntity schedule = TestSchedules.withTopics("tram lines");
        Instant before = schedule.nextRunAt();
        TestSchedules.dueNow(schedule.id());

        ScheduleRunEntity run = endedRun(schedule.id(), 1);
        assertEquals(RunOutcome.COMPLETED, run.outcome());
        assertEquals(RunTrigger.SCHEDULED, run.trigger());
        assertEquals(JobState.COMPLETED, TestSchedules.job(run.jobId()).status());
        assertEquals(schedule.id(), TestSchedules.article(run.articleId()).scheduleId);
        assertEquals((FakeOpenAiServer.PROMPT_TOKENS + FakeOpenAiServer.COMPLETION_TOKENS) * 4L, run.tokens(),
                "four model calls' tokens");
        assertNull(run.costUsd(), "gpt-test has no price, so the cost is unknown rather than zero");
        assertNotNull(run.finishedAt());
        assertTrue(!run.firedAt().isBefore(run.scheduledFor()), run.firedAt() + " vs " + run.scheduledFor());

        ScheduleEntity after = TestSchedules.load(schedule.id());
        assertEquals(1, after.totalRuns());
        assertEquals(1, after.totalCompleted());
        assertEquals(0, after.consecutiveFailures());
        assertEquals(before, after.nextRunAt(), "the next slot is the rule's next 07:00 Berlin, as before");
        assertEquals(1, TestSchedules.runs(schedule.id()).size(), "one slot, one run");
    }

    @Test
    void aSlotClaimedTwiceFiresOnceAndTheSecondClaimIsQuiet() {
        ScheduleEntity schedule = TestSchedules.withTopics("a slot claimed twice");
        Instant slot = Instant.parse("2027-01-04T06:00:00Z");
        ScheduleFiring.Fired first = fireManually(schedule.id(), slot);
        ScheduleFiring.Fired second = fireManually(schedule.id(), slot);

        assertTrue(first.recorded());
        assertTrue(first.job().isPresent());
        assertTrue(!second.recorded(), "the slot's run exists: the second claim writes nothing");
        assertTrue(second.job().isEmpty(), "and orders nothing");
        List<ScheduleRunEntity> runs = TestSchedules.runs(schedule.id());
        assertEquals(1, runs.size());
        assertEquals(first.runId().orElseThrow(), runs.get(0).id());
        assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() -> dev.opad.article.ArticleEntity.count(
                "scheduleId", schedule.id())), "one article for the slot");
        assertEquals(1, TestSchedules.load(schedule.id()).totalRuns());
    }

    /** What the api's "run now" does, for a given slot, without pushing the job. */
    private ScheduleFiring.Fired fireManually(UUID scheduleId, Instant slot) {
        return QuarkusTransaction.requiringNew().call(() -> firing.fire(
                ScheduleEntity.<ScheduleEntity>findById(scheduleId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE),
                slot, RunTrigger.MANUAL, Instant.now(), "test"));
    }

    @Test
    void topicsAreUsedInTurn() {
        ScheduleEntity schedule = TestSchedules.withTopics("bicycles", "markets", "rivers");
        List<String> topics = new java.util.ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            TestSchedules.dueNow(schedule.id());
            ScheduleRunEntity run = endedRun(schedule.id(), n);
            topics.add(TestSchedules.article(run.articleId()).topic);
        }
        assertEquals(List.of("bicycles", "markets", "rivers", "bicycles"), topics);
    }

    @Test
    void aThemeSeriesNeverRepeatsATitle() {
        ScheduleEntity schedule = TestSchedules.withTheme("city gardens");
        Set<String> titles = new HashSet<>();
        String previous = null;
        for (int n = 1; n <= 6; n++) {
            TestSchedules.dueNow(schedule.id());
            ScheduleRunEntity run = endedRun(schedule.id(), n);
            assertEquals(RunOutcome.COMPLETED, run.outcome());
            String title = TestSchedules.article(run.articleId()).title;
            assertNotEquals(previous, title, "two runs in a row share a title");
            titles.add(title);
            previous = title;
        }
        assertEquals(6, titles.size(), "every title of the series is new: " + titles);
        // The writer was told what the series already had: the sixth write prompt lists five titles.
        String lastWrite = fake.received().stream().map(FakeOpenAiServer.Received::lastUserMessage)
                .filter(m -> m.contains("Stage: write") && m.contains("Topic: city gardens")).reduce((a, b) -> b).orElseThrow();
        String earlier = lastWrite.lines().filter(l -> l.startsWith("Earlier titles: ")).findFirst().orElseThrow();
        assertEquals(5, earlier.split(" \\| ").length, earlier);
    }

    @Test
    void aSlotWhileThePreviousRunIsActiveIsSkippedAsOverlap() {
        ScheduleEntity schedule = TestSchedules.withTopics("slow answers");
        fake.script(Scripted.completionAfter(Duration.ofSeconds(4)));
        TestSchedules.dueNow(schedule.id());
        Waits.until("the first run to be queued", RUN_DEADLINE, () -> TestSchedules.runs(schedule.id()).size() == 1);

        TestSchedules.dueNow(schedule.id());
        Waits.until("the second slot to be recorded", RUN_DEADLINE, () -> TestSchedules.runs(schedule.id()).size() == 2);
        ScheduleRunEntity skipped = TestSchedules.runs(schedule.id()).get(1);
        assertEquals(RunOutcome.SKIPPED, skipped.outcome());
        assertEquals(SkipReason.OVERLAP, skipped.skipReason());
        assertNull(skipped.jobId());
        ScheduleRunEntity first = endedRun(schedule.id(), 1);
        assertEquals(RunOutcome.COMPLETED, first.outcome(), "the active run was left alone");
        assertEquals(1, TestSchedules.load(schedule.id()).totalRuns(), "a skipped slot orders nothing");
    }

    @Test
    void aSlotAfterTheOwnersTokensAreSpentIsSkippedAsBudget() {
        UUID owner = RealInfrastructure.insertUser();
        ScheduleEntity schedule = TestSchedules.create(owner, List.of("expensive"), null, TestSchedules.DAILY, 3);
        TestSchedules.spendBudget(owner, BUDGET);
        TestSchedules.dueNow(schedule.id());

        Waits.until("the slot to be recorded", RUN_DEADLINE, () -> TestSchedules.runs(schedule.id()).size() == 1);
        ScheduleRunEntity run = TestSchedules.runs(schedule.id()).get(0);
        assertEquals(RunOutcome.SKIPPED, run.outcome());
        assertEquals(SkipReason.BUDGET, run.skipReason());
        assertNull(run.articleId(), "no article ordered");
    }

    @Test
    void threeRunsFailedForGoodPauseTheScheduleNamingTheErrorAndResumeStartsAfresh() {
        ScheduleEntity schedule = TestSchedules.withTopics("a revoked key");
        // The owner's webhook endpoint hears of each failed run and of the pause (issue 16: the outbox).
        RealInfrastructure.database().execute("insert into webhook_endpoints (id, user_id, url, events, secret, created_at,"
                + " updated_at) values (gen_random_uuid(), '" + schedule.userId() + "', 'https://hooks.example.com/opad',"
                + " '{job.failed,schedule.paused}', 'whsec_AAAA', now(), now())");
        Scripted badKey = Scripted.status(401, FakeOpenAiServer.errorBody("Incorrect API key provided", "invalid_request_error",
                "invalid_api_key"));
        for (int n = 1; n <= 3; n++) {
            assertEquals(ScheduleStatus.ACTIVE, TestSchedules.load(schedule.id()).status(), "paused too early, after " + (n - 1));
            fake.script(badKey);
            TestSchedules.dueNow(schedule.id());
            assertEquals(RunOutcome.FAILED, endedRun(schedule.id(), n).outcome());
        }
        ScheduleEntity paused = TestSchedules.load(schedule.id());
        assertEquals(ScheduleStatus.PAUSED, paused.status());
        assertEquals(3, paused.consecutiveFailures());
        assertTrue(paused.pausedReason().contains("3 failed runs in a row"), paused.pausedReason());
        assertTrue(paused.pausedReason().contains("rejected the API key"), paused.pausedReason());
        assertEquals(3, RealInfrastructure.database().count("select count(*) from webhook_deliveries where user_id = '"
                + schedule.userId() + "' and event_type = 'job.failed' and payload like '%\"schedule_id\":\"" + schedule.id() + "\"%'"),
                "a job.failed event per run, written by the failing attempt's own commit");
        assertEquals(1, RealInfrastructure.database().count("select count(*) from webhook_deliveries where schedule_id = '"
                + schedule.id() + "' and event_type = 'schedule.paused' and payload like '%\"paused_by\":\"failures\"%'"),
                "one schedule.paused, with the pause");

        TestSchedules.dueNow(schedule.id());
        await("a paused schedule to stay quiet").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> TestSchedules.runs(schedule.id()).size() == 3);

        QuarkusTransaction.requiringNew().run(() -> ScheduleEntity.<ScheduleEntity>findById(schedule.id()).resume(Instant.now()));
        ScheduleEntity resumed = TestSchedules.load(schedule.id());
        assertEquals(ScheduleStatus.ACTIVE, resumed.status());
        assertEquals(0, resumed.consecutiveFailures());
        assertNull(resumed.pausedReason());
        assertTrue(resumed.nextRunAt().isAfter(Instant.now()), "resume does not catch up the slots passed while paused");
        TestSchedules.dueNow(schedule.id());
        assertEquals(RunOutcome.COMPLETED, endedRun(schedule.id(), 4).outcome());
        assertEquals(0, TestSchedules.load(schedule.id()).consecutiveFailures());
    }

    /** The schedule's {@code n}th run, once its job has ended. */
    private static ScheduleRunEntity endedRun(UUID schedule, int n) {
        Waits.until("run " + n + " of the schedule to end", RUN_DEADLINE, () -> {
            List<ScheduleRunEntity> runs = TestSchedules.runs(schedule);
            return runs.size() >= n && !runs.get(n - 1).outcome().isActive();
        });
        return TestSchedules.runs(schedule).get(n - 1);
    }
}
