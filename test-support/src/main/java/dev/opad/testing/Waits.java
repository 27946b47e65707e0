package dev.opad.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

public final class Waits {
    private Waits() {
    }

    private static final long FIRST_PAUSE_MS = 20;
    private static final long LONGEST_PAUSE_MS = 250;

    /**
     * Polls the condition, first after 20 ms, then less often up to every 250 ms; fails loudly with the description
     * when the deadline passes. Short waits stay short, and a wait of minutes (hundreds of jobs, a worker's start)
     * does not spend the machine's two cores on asking.
     */
    public static void until(String description, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        long pause = FIRST_PAUSE_MS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + deadline.toMillis() + " ms waiting for " + description);
            }
            try {
                Thread.sleep(pause);
                pause = Math.min(LONGEST_PAUSE_MS, pause * 3 / 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + description, e);
            }
        }
    }
}
