package dev.opad.api.admin;

import dev.opad.workers.WorkerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /admin/workers}: every worker heard from in the last 24 h, alive ones first.
 *
 * @param workers     the registry's rows, read at {@code generatedAt}
 * @param generatedAt when the list was read
 */
public record WorkerList(List<Worker> workers, Instant generatedAt) {

    /**
     * @param state         alive (beat within two periods), late (a beat missed), dead (three missed: the reaper
     *                      takes its jobs back) or stopped (a graceful shutdown)
     * @param uptimeSeconds from its start to its last beat
     * @param jobsDone      jobs it completed since it started
     * @param jobsFailed    jobs that failed for good on it since it started
     * @param running       jobs it ran at its last beat
     */
    public record Worker(String id, String host, String version, Instant startedAt, long uptimeSeconds, long jobsDone,
                         long jobsFailed, int running, int concurrency, Instant lastHeartbeat, String state) {

        static Worker of(WorkerRegistry.Entry entry) {
            return new Worker(entry.id(), entry.host(), entry.version(), entry.startedAt(),
                    Math.max(0, Duration.between(entry.startedAt(), entry.lastHeartbeat()).toSeconds()), entry.jobsDone(),
                    entry.jobsFailed(), entry.running(), entry.concurrency(), entry.lastHeartbeat(), entry.state().wireName());
        }
    }
}
