package dev.opad.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkerStateTest {

    private static final Duration BEAT = Duration.ofSeconds(5);
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private static WorkerState after(Duration age) {
        return WorkerState.of(NOW.minus(age), null, BEAT, NOW);
    }

    @Test
    void aliveWithinTwoBeatsLateWithinThreeDeadAfter() {
        assertEquals(WorkerState.ALIVE, after(Duration.ZERO));
        assertEquals(WorkerState.ALIVE, after(Duration.ofSeconds(10)));
        assertEquals(WorkerState.LATE, after(Duration.ofMillis(10_001)));
        assertEquals(WorkerState.LATE, after(Duration.ofSeconds(15)));
        assertEquals(WorkerState.DEAD, after(Duration.ofMillis(15_001)));
        assertEquals(WorkerState.DEAD, after(Duration.ofHours(5)));
    }

    @Test
    void aWorkerThatSaidGoodbyeIsStoppedWhateverItsAge() {
        assertEquals(WorkerState.STOPPED, WorkerState.of(NOW.minusSeconds(1), NOW, BEAT, NOW));
        assertEquals(WorkerState.STOPPED, WorkerState.of(NOW.minus(Duration.ofHours(3)), NOW.minus(Duration.ofHours(3)), BEAT, NOW));
    }

    @Test
    void theThresholdsFollowEachWorkersOwnBeat() {
        assertEquals(WorkerState.ALIVE, WorkerState.of(NOW.minusSeconds(50), null, Duration.ofSeconds(30), NOW));
        assertEquals(WorkerState.DEAD, WorkerState.of(NOW.minusSeconds(50), null, Duration.ofSeconds(10), NOW));
    }

    @Test
    void wireNamesAreLowerCase() {
        assertEquals("alive late dead stopped", String.join(" ", java.util.Arrays.stream(WorkerState.values())
                .map(WorkerState::wireName).toList()));
    }
}
