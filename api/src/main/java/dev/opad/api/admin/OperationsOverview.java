package dev.opad.api.admin;

import dev.opad.api.problem.QueueUnavailableProblem;
import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.queue.JobQueue;
import dev.opad.queue.WorkerHeartbeat;
import dev.opad.queue.WorkerHeartbeats;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator looks at: queue depths and workers from Redis, job counts and the newest
 * running and failed jobs from Postgres. Read-only; retry and discard stay on {@code /jobs/{id}}.
 */
@ApplicationScoped
public class OperationsOverview {

    static final int LIST_LIMIT = 50;

    private final JobQueue queue;
    private final WorkerHeartbeats heartbeats;

    public OperationsOverview(JobQueue queue, WorkerHeartbeats heartbeats) {
        this.queue = queue;
        this.heartbeats = heartbeats;
    }

    public Overview overview() {
        Instant now = Instant.now();
        RedisView redis = fromRedis(now);
        return QuarkusTransaction.requiringNew().call(() -> new Overview(redis.queue(), countsByState(), running(),
                failed(), redis.workers(), now));
    }

    private record RedisView(Overview.Queue queue, List<Overview.Worker> workers) {
    }

    /** Redis first: without it the page has nothing an operator needs most, so it is a 503, not half an answer. */
    private RedisView fromRedis(Instant now) {
        try {
            List<Overview.Worker> workers = heartbeats.registered().stream().sorted()
                    .map(id -> worker(id, now)).toList();
            long processing = workers.stream().mapToLong(Overview.Worker::running).sum();
            return new RedisView(new Overview.Queue(queue.depth(), queue.delayedDepth(), processing), workers);
        } catch (RuntimeException redisDown) {
            throw new QueueUnavailableProblem(
                    "The job queue is unavailable right now; its state cannot be read. Try again shortly.", redisDown);
        }
    }

    private Overview.Worker worker(String id, Instant now) {
        long holding = queue.processingDepth(id);
        Optional<WorkerHeartbeat> beat = heartbeats.find(id);
        Instant at = beat.map(WorkerHeartbeat::at).orElse(null);
        return new Overview.Worker(id, beat.isPresent(), at,
                at == null ? null : Math.max(0, Duration.between(at, now).toSeconds()), holding,
                beat.map(WorkerHeartbeat::concurrency).orElse(null),
                beat.map(WorkerHeartbeat::host).orElse(null),
                beat.map(WorkerHeartbeat::version).orElse(null));
    }

    private static Map<String, Long> countsByState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JobState state : JobState.values()) {
            counts.put(state.wireName(), 0L);
        }
        JobEntity.getEntityManager()
                .createQuery("select j.status, count(j) from JobEntity j group by j.status", Object[].class)
                .getResultStream()
                .forEach(row -> counts.put(((JobState) row[0]).wireName(), (Long) row[1]));
        return counts;
    }

    private static List<Overview.RunningJob> running() {
        return JobEntity.<JobEntity>find("status = ?1 order by startedAt desc nulls last, id", JobState.RUNNING)
                .range(0, LIST_LIMIT - 1).stream()
                .map(job -> new Overview.RunningJob(job.id(), job.articleId(), job.userId(), job.stage(), job.progress(),
                        job.attempt(), job.workerId(), job.startedAt()))
                .toList();
    }

    private static List<Overview.FailedJob> failed() {
        return JobEntity.<JobEntity>find("status = ?1 order by finishedAt desc nulls last, updatedAt desc, id",
                        JobState.FAILED)
                .range(0, LIST_LIMIT - 1).stream()
                .map(job -> new Overview.FailedJob(job.id(), job.articleId(), job.userId(), job.error(), job.attempt(),
                        job.failures(), job.finishedAt() == null ? job.updatedAt() : job.finishedAt()))
                .toList();
    }
}
