package dev.opad.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Each setting is also read from the environment under its derived name (opad.a.b-c: OPAD_A_B_C). A
 * default written {@code ${OPAD_NAME:value}} takes the variable README documents, else value; no file repeats it.
 */
@ConfigMapping(prefix = "opad.worker")
public interface WorkerConfig {

    /** Names this worker's processing list; defaults to host name plus a random suffix. */
    Optional<String> id();

    /** How many jobs run at once; a job is taken only when a slot is free. Virtual threads make 64 cheap. */
    @WithDefault("64")
    int concurrency();

    /** How long a lease lasts without renewal; renewed every third of it. */
    @WithDefault("${OPAD_LEASE_TTL:30s}")
    Duration leaseTtl();

    /** How often the worker says it is alive; it counts as dead after three missed beats. */
    @WithDefault("${OPAD_HEARTBEAT_INTERVAL:5s}")
    Duration heartbeatInterval();

    Retry retry();

    interface Retry {
        /** First back-off step; each failure doubles it, up to the cap, with full jitter. */
        @WithDefault("${OPAD_RETRY_BASE:2s}")
        Duration base();

        @WithDefault("${OPAD_RETRY_CAP:5m}")
        Duration cap();
    }

    /** How long one BLMOVE blocks; bounds how fast the worker notices shutdown. */
    @WithDefault("2s")
    Duration pollTimeout();

    /** How long running jobs may go on after SIGTERM; keep it below Kubernetes' termination grace. */
    @WithDefault("25s")
    Duration shutdownGrace();

    Scheduler scheduler();

    /** The scheduler every worker runs (issue 14): claims due schedules and orders their articles. */
    interface Scheduler {
        /** Off only for a worker that should run jobs but never fire schedules. */
        @WithDefault("true")
        boolean enabled();

        /** How often an idle scheduler looks for due schedules; a full batch is followed at once by the next. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Schedules claimed per transaction. */
        @WithDefault("100")
        int batchSize();
    }
}
