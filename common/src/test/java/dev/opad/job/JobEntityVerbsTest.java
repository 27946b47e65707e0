package dev.opad.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.opad.article.ArticleEntity;
import dev.opad.article.Language;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The entity's verbs against the state machine: each verb, tried on a job in each state, either
 * moves it to the verb's state (when {@link JobStateTransitionsTest}'s table allows that move) or
 * throws and leaves the job as it was. Plain objects, no database: the verbs are pure state changes.
 */
class JobEntityVerbsTest {

    private static final UUID TOKEN = UUID.randomUUID();

    /** Each verb and the state it leads to, written out rather than read from JobEntity. */
    private static final Map<String, Verb> VERBS = Map.of(
            "start", new Verb(JobState.RUNNING, job -> job.start(UUID.randomUUID(), "worker-2")),
            "complete", new Verb(JobState.COMPLETED, JobEntity::complete),
            "fail", new Verb(JobState.FAILED, job -> job.fail("broken")),
            "scheduleRetry", new Verb(JobState.RETRYING, job -> job.scheduleRetry("flaky", Instant.now())),
            "requeue", new Verb(JobState.QUEUED, job -> job.requeue("worker gone")),
            "cancel", new Verb(JobState.CANCELLED, JobEntity::cancel),
            "retryByUser", new Verb(JobState.QUEUED, JobEntity::retryByUser),
            "discard", new Verb(JobState.DISCARDED, JobEntity::discard));

    private record Verb(JobState leadsTo, Consumer<JobEntity> apply) {
    }

    static Stream<Arguments> verbsInEveryState() {
        List<Arguments> cases = new ArrayList<>();
        for (JobState from : JobState.values()) {
            VERBS.keySet().stream().sorted().forEach(verb -> cases.add(Arguments.of(from, verb)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} on a {0} job")
    @MethodSource("verbsInEveryState")
    void aVerbMovesTheJobOnlyWhereTheStateMachineAllows(JobState from, String verbName) {
        Verb verb = VERBS.get(verbName);
        boolean allowed = JobStateTransitionsTest.table().stream()
                .filter(move -> move.from() == from && move.to() == verb.leadsTo())
                .findFirst().orElseThrow().allowed();
        JobEntity job = jobIn(from);
        JobStatusView before = job.toStatusView();

        if (allowed) {
            verb.apply().accept(job);
            assertEquals(verb.leadsTo(), job.status());
        } else {
            assertThrows(IllegalJobTransitionException.class, () -> verb.apply().accept(job));
            assertEquals(before, job.toStatusView(), "a refused verb changes nothing");
        }
    }

    /** A job brought into {@code state} the way the system does it, by legal verbs from queued. */
    private static JobEntity jobIn(JobState state) {
        ArticleEntity article = ArticleEntity.request(UUID.randomUUID(), Language.ENGLISH, "B1", 200, "verbs");
        JobEntity job = JobEntity.queuedFor(article);
        switch (state) {
            case QUEUED -> { }
            case RUNNING -> job.start(TOKEN, "worker-1");
            case RETRYING -> {
                job.start(TOKEN, "worker-1");
                job.scheduleRetry("flaky", Instant.now());
            }
            case COMPLETED -> {
                job.start(TOKEN, "worker-1");
                job.complete();
            }
            case FAILED -> {
                job.start(TOKEN, "worker-1");
                job.fail("broken");
            }
            case CANCELLED -> job.cancel();
            case DISCARDED -> {
                job.cancel();
                job.discard();
            }
        }
        assertEquals(state, job.status(), "set-up");
        return job;
    }
}
