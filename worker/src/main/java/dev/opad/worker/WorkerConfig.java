package dev.opad.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "opad.worker")
public interface WorkerConfig {

    /** Names this worker's processing list; defaults to host name plus a random suffix. */
    Optional<String> id();

    /** How many jobs run at once; a job is taken only when a slot is free. */
    @WithDefault("8")
    int concurrency();

    /** How long one BLMOVE blocks; bounds how fast the worker notices shutdown. */
    @WithDefault("2s")
    Duration pollTimeout();

    /** How long running jobs may go on after SIGTERM; keep it below Kubernetes' termination grace. */
    @WithDefault("25s")
    Duration shutdownGrace();
}
