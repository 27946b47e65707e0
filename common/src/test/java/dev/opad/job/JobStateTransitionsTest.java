package dev.opad.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every move of the job state machine, legal or not, written out by hand (after JobRunr's
 * AllowedJobStateStateChangesTest). The table is the specification: it is deliberately not derived
 * from {@link JobState}, so a transition added or dropped there fails here until someone decides.
 */
class JobStateTransitionsTest {

    /** from, to, allowed: the full cross product of the seven states, 49 rows. */
    private static final String TABLE = """
            queued    queued    no
            queued    running   yes
            queued    retrying  no
            queued    completed no
            queued    failed    yes
            queued    cancelled yes
            queued    discarded no

            running   queued    yes
            running   running   no
            running   retrying  yes
            running   completed yes
            running   failed    yes
            running   cancelled yes
            running   discarded no

            retrying  queued    yes
            retrying  running   yes
            retrying  retrying  no
            retrying  completed no
            retrying  failed    no
            retrying  cancelled yes
            retrying  discarded no

            completed queued    no
            completed running   no
            completed retrying  no
            completed completed no
            completed failed    no
            completed cancelled no
            completed discarded no

            failed    queued    yes
            failed    running   no
            failed    retrying  no
            failed    completed no
            failed    failed    no
            failed    cancelled no
            failed    discarded yes

            cancelled queued    yes
            cancelled running   no
            cancelled retrying  no
            cancelled completed no
            cancelled failed    no
            cancelled cancelled no
            cancelled discarded yes

            discarded queued    no
            discarded running   no
            discarded retrying  no
            discarded completed no
            discarded failed    no
            discarded cancelled no
            discarded discarded no
            """;

    record Move(JobState from, JobState to, boolean allowed) {
        @Override
        public String toString() {
            return from.wireName() + " -> " + to.wireName() + (allowed ? " allowed" : " refused");
        }
    }

    static List<Move> table() {
        return TABLE.lines().filter(line -> !line.isBlank()).map(line -> {
            String[] cells = line.trim().split("\\s+");
            if (cells.length != 3 || !(cells[2].equals("yes") || cells[2].equals("no"))) {
                throw new IllegalArgumentException("malformed table row: " + line);
            }
            return new Move(JobState.fromWireName(cells[0]), JobState.fromWireName(cells[1]), cells[2].equals("yes"));
        }).toList();
    }

    static Stream<Arguments> moves() {
        return table().stream().map(Arguments::of);
    }

    @Test
    void theTableCoversEveryPairOfStatesExactlyOnce() {
        List<Move> moves = table();
        Set<List<JobState>> pairs = new HashSet<>();
        for (Move move : moves) {
            assertTrue(pairs.add(List.of(move.from(), move.to())), "listed twice: " + move);
        }
        int states = EnumSet.allOf(JobState.class).size();
        assertEquals(states * states, pairs.size(), "the table must list every (from, to) pair");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moves")
    void theStateMachineAnswersAsTheTableSays(Move move) {
        assertEquals(move.allowed(), move.from().canTransitionTo(move.to()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moves")
    void checkTransitionToReturnsTheNewStateOrThrows(Move move) {
        if (move.allowed()) {
            assertSame(move.to(), move.from().checkTransitionTo(move.to()));
        } else {
            IllegalJobTransitionException refused = assertThrows(IllegalJobTransitionException.class,
                    () -> move.from().checkTransitionTo(move.to()));
            assertEquals("illegal job transition " + move.from().wireName() + " -> " + move.to().wireName(),
                    refused.getMessage());
        }
    }
}
