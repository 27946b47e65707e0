package dev.opad.worker.job;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts and stops the real {@link JobTaker} loop outside CDI, as Quarkus's startup and shutdown
 * events would. It lives in the taker's package because those observers are package-private.
 */
public final class BenchTaking {

    private BenchTaking() {
    }

    public static void start(JobTaker taker) {
        taker.onStart(new StartupEvent());
    }

    public static void stop(JobTaker taker) {
        taker.onStop(new ShutdownEvent());
    }
}
