package dev.opad.queue;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The one place that knows opad's Redis key names (see docs/ARCHITECTURE.md). */
@ApplicationScoped
public class QueueKeys {

    private final String prefix;

    public QueueKeys(QueueConfig config) {
        this.prefix = config.keyPrefix();
    }

    /** List of job ids waiting for a worker: LPUSH by the api, taken from the right by workers. */
    public String jobs() {
        return prefix + ":jobs";
    }

    /** List of the job ids one worker has taken and not yet finished. */
    public String processing(String workerId) {
        return prefix + ":jobs:processing:" + workerId;
    }

    /** String holding the job's status JSON. */
    public String status(UUID jobId) {
        return prefix + ":job:" + jobId;
    }
}
