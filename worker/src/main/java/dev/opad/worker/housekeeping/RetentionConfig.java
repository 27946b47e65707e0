package dev.opad.worker.housekeeping;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How long history is kept (design note 002: cleaned up after 30 days). */
@ConfigMapping(prefix = "opad.retention")
public interface RetentionConfig {

    /**
     * Job events and checkpoints of jobs finished this many days ago, webhook deliveries that finished (succeeded or
     * failed) as long ago, and stored objects of articles deleted as long ago, are removed.
     */
    @WithDefault("${OPAD_RETENTION_DAYS:30}")
    int days();

    /** Model usage rows are the bill: kept unless this many days is set. */
    @WithDefault("${OPAD_RETENTION_USAGE_DAYS:}")
    Optional<Integer> usageDays();

    /** How often one worker runs a pass. */
    @WithDefault("${OPAD_RETENTION_INTERVAL:1h}")
    Duration interval();

    /** Rows per delete statement: short transactions that never hold many locks. */
    @WithDefault("500")
    int batchSize();
}
