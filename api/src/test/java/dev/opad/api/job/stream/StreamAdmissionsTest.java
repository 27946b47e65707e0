package dev.opad.api.job.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.api.limits.TooManyRequestsProblem;
import dev.opad.api.problem.ServiceBusyProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The stream limits under a burst: many threads open at the same instant, round after round, and the
 * limits hold exactly — as many streams as allowed, not one more — and every place comes back once.
 * A check followed later by a count let a burst through here: every open passed the check before the
 * first one was counted.
 */
class StreamAdmissionsTest {

    private static final int ROUNDS = 20;

    @Test
    void aBurstFillsTheInstanceExactlyAndTheRestAreTold503() throws Exception {
        StreamAdmissions admissions = new StreamAdmissions(50, 1_000);
        for (int round = 0; round < ROUNDS; round++) {
            Burst burst = Burst.of(admissions, 200, i -> UUID.randomUUID());
            assertEquals(50, burst.admitted.size(), "round " + round);
            assertEquals(150, burst.busy.get(), "round " + round);
            assertEquals(0, burst.tooMany.get(), "round " + round);
            assertEquals(50, admissions.open());
            burst.releaseAll();
            assertEquals(0, admissions.open(), "every place came back");
        }
    }

    @Test
    void aBurstOfEachUsersOpensGetsExactlyTheirShareAndTheRestAreTold429() throws Exception {
        StreamAdmissions admissions = new StreamAdmissions(10_000, 20);
        List<UUID> users = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (int round = 0; round < ROUNDS; round++) {
            Burst burst = Burst.of(admissions, 200, i -> users.get(i % users.size()));
            assertEquals(Map.of(users.get(0), 20L, users.get(1), 20L, users.get(2), 20L, users.get(3), 20L),
                    burst.perUser(), "round " + round);
            assertEquals(120, burst.tooMany.get(), "round " + round);
            assertEquals(0, burst.busy.get(), "round " + round);
            assertEquals(80, admissions.open());
            burst.releaseAll();
            assertEquals(0, admissions.open(), "every place came back");
        }
    }

    @Test
    void withBothLimitsInPlayNeitherIsEverPassed() throws Exception {
        StreamAdmissions admissions = new StreamAdmissions(30, 20);
        List<UUID> users = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (int round = 0; round < ROUNDS; round++) {
            Burst burst = Burst.of(admissions, 120, i -> users.get(i % users.size()));
            int admitted = burst.admitted.size();
            assertTrue(admitted > 0 && admitted <= 30, "round " + round + ": " + admitted + " admitted");
            assertTrue(burst.perUser().values().stream().allMatch(count -> count <= 20), "round " + round + ": " + burst.perUser());
            assertEquals(120, admitted + burst.busy.get() + burst.tooMany.get(), "every open was admitted or refused");
            assertEquals(admitted, admissions.open());
            burst.releaseAll();
            assertEquals(0, admissions.open(), "every place came back");
        }
    }

    @Test
    void aPlaceReleasedManyTimesAtOnceComesBackOnce() throws Exception {
        StreamAdmissions admissions = new StreamAdmissions(10, 2);
        UUID user = UUID.randomUUID();
        StreamAdmissions.Admission ended = admissions.admit(user);
        StreamAdmissions.Admission open = admissions.admit(user);
        // A stream's end reported by the emitter and by a failed open, over and over, from many threads.
        Burst.run(64, i -> ended.release());
        assertEquals(1, admissions.open());

        admissions.admit(user);
        assertThrows(TooManyRequestsProblem.class, () -> admissions.admit(user),
                "the user holds two again: the extra releases gave back nothing");
        open.release();
        admissions.admit(user);
        assertEquals(2, admissions.open());
    }

    /** A number of opens started at the same instant, each on its own thread, and what became of them. */
    private static final class Burst {

        record Admitted(UUID user, StreamAdmissions.Admission admission) {
        }

        final Queue<Admitted> admitted = new ConcurrentLinkedQueue<>();
        final AtomicInteger busy = new AtomicInteger();
        final AtomicInteger tooMany = new AtomicInteger();

        static Burst of(StreamAdmissions admissions, int opens, IntFunction<UUID> userOf) throws Exception {
            Burst burst = new Burst();
            run(opens, i -> {
                UUID user = userOf.apply(i);
                try {
                    burst.admitted.add(new Admitted(user, admissions.admit(user)));
                } catch (ServiceBusyProblem full) {
                    burst.busy.incrementAndGet();
                } catch (TooManyRequestsProblem theirs) {
                    burst.tooMany.incrementAndGet();
                }
            });
            return burst;
        }

        Map<UUID, Long> perUser() {
            return admitted.stream().collect(Collectors.groupingBy(Admitted::user, Collectors.counting()));
        }

        /** Ends every admitted stream, all at once too. */
        void releaseAll() throws Exception {
            List<Admitted> all = new ArrayList<>(admitted);
            run(all.size(), i -> all.get(i).admission().release());
            admitted.clear();
        }

        /** Runs each task on a platform thread of its own, all let go together once every thread is waiting. */
        static void run(int tasks, IntConsumer task) throws Exception {
            ExecutorService threads = Executors.newFixedThreadPool(tasks);
            try {
                CountDownLatch ready = new CountDownLatch(tasks);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < tasks; i++) {
                    int index = i;
                    done.add(threads.submit(() -> {
                        ready.countDown();
                        go.await();
                        task.accept(index);
                        return null;
                    }));
                }
                assertTrue(ready.await(30, TimeUnit.SECONDS), "every thread started");
                go.countDown();
                for (Future<?> each : done) {
                    each.get(30, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
