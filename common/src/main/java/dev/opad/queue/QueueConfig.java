package dev.opad.queue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "opad.queue")
public interface QueueConfig {

    /** Every Redis key starts with this; set {@code {opad}} to keep all keys in one Redis Cluster slot. */
    @WithDefault("opad")
    String keyPrefix();

    /** How long a job's status key lives after its last write. */
    @WithDefault("24h")
    Duration statusTtl();
}
