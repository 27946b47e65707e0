package dev.opad.queue;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The one place that knows opad's Redis key names (see docs/ARCHITECTURE.md). Every key starts
 * with the configured prefix; with a hash-tag prefix such as {@code {opad}} all of them live in
 * one Redis Cluster slot, so the multi-key scripts stay legal there.
 */
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

    /** Sorted set of job ids waiting to be retried, scored by due time in epoch milliseconds. */
    public String delayed() {
        return prefix + ":jobs:delayed";
    }

    /** String holding the job's status JSON. */
    public String status(UUID jobId) {
        return prefix + ":job:" + jobId;
    }

    /** String holding the fencing token of the attempt that runs the job; expires unless renewed. */
    public String lease(UUID jobId) {
        return leasePrefix() + jobId;
    }

    /** What every lease key starts with: the take script leases ids it has only just found. */
    public String leasePrefix() {
        return prefix + ":lease:";
    }

    /** Set of worker ids that may have processing lists. */
    public String workers() {
        return prefix + ":workers";
    }

    /** A worker's heartbeat; its absence means the worker is dead. */
    public String worker(String workerId) {
        return prefix + ":worker:" + workerId;
    }

    /** A short-lived lock so that one worker at a time runs a housekeeping task. */
    public String lock(String task) {
        return prefix + ":lock:" + task;
    }

    /** Set when a running job should stop, for workers that missed the pub/sub message. */
    public String cancelFlag(UUID jobId) {
        return prefix + ":cancel:" + jobId;
    }

    /** Pub/sub channel carrying every status JSON a writer stored: the api's live streams listen. */
    public String statusChanges() {
        return prefix + ":job-status";
    }

    /** Pub/sub channel carrying ids of running jobs to cancel. */
    public String cancelChannel() {
        return prefix + ":cancel";
    }

    /** Marks a session JWT (by its jti) ended by a logout; expires with the token. Copy of Postgres's revoked_sessions. */
    public String revokedSession(UUID tokenId) {
        return prefix + ":session:revoked:" + tokenId;
    }

    /** Present once the revoked_sessions rows have been copied to Redis: without it, a missing key proves nothing. */
    public String revokedSessionsLoaded() {
        return prefix + ":session:revoked-loaded";
    }
}
