package dev.opad.api.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /admin/overview}: the queue as Redis holds it, the jobs as Postgres holds them, and the
 * workers as their heartbeats describe them, read at {@code generatedAt}.
 *
 * @param jobs every job state (its wire name) with the number of jobs in it, zeros included
 */
public record Overview(Queue queue, Map<String, Long> jobs, List<RunningJob> running, List<FailedJob> failed,
                       List<Worker> workers, Instant generatedAt) {

    /**
     * @param waiting    ids in the queue, not yet taken
     * @param delayed    ids waiting for their retry to fall due
     * @param processing ids taken by a registered worker and not yet finished (a dead worker's included until reaped)
     */
    public record Queue(long waiting, long delayed, long processing) {
    }

    public record RunningJob(UUID jobId, UUID articleId, UUID userId, String stage, int progress, int attempt,
                             String workerId, Instant startedAt) {
    }

    /** A dead letter: {@code POST /jobs/{id}/retry} queues it again, {@code DELETE /jobs/{id}} discards it. */
    public record FailedJob(UUID jobId, UUID articleId, UUID userId, String error, int attempt, int failures,
                            Instant finishedAt) {
    }

    /**
     * @param alive         whether its heartbeat key still exists (it expires after three missed beats)
     * @param lastHeartbeat when its last beat was sent; {@code null} once the heartbeat expired
     * @param ageSeconds    seconds since that beat; {@code null} once the heartbeat expired
     * @param running       ids in its processing list
     * @param concurrency   jobs it may run at once, as its heartbeat says
     * @param host          its machine or pod, from workers that report one
     * @param version       its build version, from workers that report one
     */
    public record Worker(String id, boolean alive, Instant lastHeartbeat, Long ageSeconds, long running,
                         Integer concurrency, String host, String version) {
    }
}
