package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.queue.JobQueue;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The owner's daily token budget is checked before every stage that calls a model, inside the
 * transaction that starts the stage: with a budget of one token, the first stage runs (nothing
 * spent yet) and the second is never started.
 */
@QuarkusTest
@TestProfile(DailyBudgetJobTest.OneTokenBudget.class)
@WithTestResource(RealInfrastructure.class)
class DailyBudgetJobTest {

    public static class OneTokenBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opad.usage.daily-token-budget", "1");
        }
    }

    @Inject
    JobQueue queue;

    @Test
    void theStageAfterTheBudgetRanOutIsNotStartedAndTheJobFailsForGood() {
        JobEntity job = TestJobs.queued("a budget that runs out");
        queue.push(job.id());

        Waits.until("the job to end", Duration.ofSeconds(20), () -> TestJobs.load(job.id()).status().isFinished());
        JobEntity after = TestJobs.load(job.id());
        assertEquals(JobState.FAILED, after.status(), "events: " + TestJobs.eventTypes(job.id()));
        assertTrue(after.error().contains("daily token budget of 1 tokens is used up"), after.error());
        assertEquals(1, after.attempt(), "a used-up budget is not retried");
        List<String> events = TestJobs.eventTypes(job.id());
        assertEquals(List.of("job.started", "job.stage.started", "job.stage.completed", "job.failed"), events);
    }
}
