package dev.opad.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

public final class Waits {
    private Waits() {
    }

    /** Polls the condition every 50 ms; fails loudly with the description when the deadline passes. */
    public static void until(String description, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + deadline.toMillis() + " ms waiting for " + description);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + description, e);
            }
        }
    }
}
