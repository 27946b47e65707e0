package dev.opad.api.job.stream;

import dev.opad.api.limits.TooManyRequestsProblem;
import dev.opad.api.problem.ServiceBusyProblem;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live streams this api instance holds, in all and per user, and the one way in. A stream is counted
 * before any work is done for it, and each count is one atomic step — add one, and take it back if that
 * passed a limit — so a burst of opens cannot all pass a check before any of them is counted. The
 * {@link Admission} it answers is given back once, when the stream ends or when opening it fails.
 *
 * <p>A refused open holds its place for an instant before giving it back, so an open racing it at the
 * very limit may be refused too; the limits themselves are never passed.
 */
final class StreamAdmissions {

    private final int maxStreams;
    private final int maxPerUser;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<UUID, Integer> perUser = new ConcurrentHashMap<>();

    StreamAdmissions(int maxStreams, int maxPerUser) {
        this.maxStreams = maxStreams;
        this.maxPerUser = maxPerUser;
    }

    /** Counts one more stream of the caller's, or refuses it: 503 when this instance is full, 429 when the caller is. */
    Admission admit(UUID caller) {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            throw new ServiceBusyProblem("This server holds as many live streams as it can; poll GET /jobs/{id} "
                    + "or try again shortly", 5);
        }
        if (perUser.merge(caller, 1, Integer::sum) > maxPerUser) {
            leave(caller);
            throw new TooManyRequestsProblem("You have " + maxPerUser + " live job streams open; close one first",
                    Duration.ofSeconds(5));
        }
        return new Admission(caller);
    }

    /** Streams admitted and not yet given back. */
    int open() {
        return open.get();
    }

    private void leave(UUID caller) {
        perUser.computeIfPresent(caller, (id, count) -> count > 1 ? count - 1 : null);
        open.decrementAndGet();
    }

    /** One admitted stream's place. */
    final class Admission {

        private final UUID caller;
        private final AtomicBoolean released = new AtomicBoolean();

        private Admission(UUID caller) {
            this.caller = caller;
        }

        /** Gives the place back; only the first call counts, since a stream's end can be reported more than once. */
        void release() {
            if (released.compareAndSet(false, true)) {
                leave(caller);
            }
        }
    }
}
