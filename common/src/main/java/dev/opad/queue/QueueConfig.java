package dev.opad.queue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Each setting is also read from the environment under its derived name (opad.a.b-c: OPAD_A_B_C). A
 * default written {@code ${OPAD_NAME:value}} takes the variable README documents, else value; no file repeats it.
 */
@ConfigMapping(prefix = "opad.queue")
public interface QueueConfig {

    /** Every Redis key starts with this; set {@code {opad}} to keep all keys in one Redis Cluster slot. */
    @WithDefault("${OPAD_QUEUE_PREFIX:opad}")
    String keyPrefix();

    /** How long a job's status key lives after its last write. */
    @WithDefault("24h")
    Duration statusTtl();
}
