package dev.opad.api.job;

import dev.opad.api.problem.NotFoundProblem;
import dev.opad.job.JobEntity;
import dev.opad.job.JobStatusView;
import dev.opad.queue.JobStatusCache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Answers "how is my job doing?" from Redis when it can, from Postgres when Redis lost the key or is down.
 * The Redis path never blocks a thread: clients poll this, so it is the api's hottest read (BENCHMARKS.md, P3).
 */
@ApplicationScoped
public class JobStatusService {

    private static final Logger LOG = Logger.getLogger(JobStatusService.class);

    private final JobStatusCache cache;
    private final Vertx vertx;
    private final Duration redisTimeout;

    /** {@code quarkus.redis.timeout} bounds the blocking Redis calls; the reactive read gets the same limit here. */
    public JobStatusService(JobStatusCache cache, Vertx vertx,
                            @ConfigProperty(name = "quarkus.redis.timeout") Duration redisTimeout) {
        this.cache = cache;
        this.vertx = vertx;
        this.redisTimeout = redisTimeout;
    }

    /** A status JSON and whose job it is. */
    private record OwnedStatus(String json, UUID owner) {
    }

    /**
     * The status JSON of the caller's own job only: anyone else's is "not found", so job ids cannot
     * be probed. The JSON stored in Redis is passed on as it is, not mapped and written again: every
     * writer of the key uses {@link JobStatusCache#toJson}, the same mapping the response would use.
     */
    public CompletionStage<String> statusJson(UUID caller, UUID jobId) {
        return withTimeout(cache.getJson(jobId).toCompletableFuture())
                .exceptionally(redisDown -> {
                    LOG.debugf("status cache unavailable, reading job %s from Postgres: %s", jobId, redisDown);
                    return null;
                })
                .thenCompose(stored -> {
                    Optional<UUID> owner = stored == null ? Optional.empty() : cache.ownerOf(stored);
                    return owner.isPresent()
                            ? CompletableFuture.completedFuture(new OwnedStatus(stored, owner.get()))
                            : rebuild(jobId);
                })
                .thenApply(status -> {
                    if (!caller.equals(status.owner())) {
                        throw notFound(jobId);
                    }
                    return status.json();
                });
    }

    /**
     * The limit of the blocking Redis calls for the reactive read too. A Vert.x timer on the event
     * loop keeps it cheap: {@code CompletableFuture.orTimeout} schedules on a shared thread, which
     * cost a fifth of a core at 15,000 reads a second.
     */
    private CompletableFuture<String> withTimeout(CompletableFuture<String> read) {
        long timer = vertx.setTimer(redisTimeout.toMillis(),
                expired -> read.completeExceptionally(new TimeoutException("no answer from Redis in " + redisTimeout)));
        return read.whenComplete((value, failure) -> vertx.cancelTimer(timer));
    }

    private static NotFoundProblem notFound(UUID jobId) {
        return new NotFoundProblem("No job with id " + jobId);
    }

    /** Postgres and the write-back block, so they run on a worker thread, never on the event loop. */
    private CompletionStage<OwnedStatus> rebuild(UUID jobId) {
        return vertx.executeBlocking(() -> rebuildBlocking(jobId), false).toCompletionStage();
    }

    private OwnedStatus rebuildBlocking(UUID jobId) {
        JobStatusView view = QuarkusTransaction.requiringNew().call(() -> JobEntity.<JobEntity>findByIdOptional(jobId)
                        .map(JobEntity::toStatusView))
                .orElseThrow(() -> notFound(jobId));
        try {
            cache.put(view);
        } catch (RuntimeException redisDown) {
            LOG.debugf("could not restore status key of job %s: %s", jobId, redisDown.getMessage());
        }
        return new OwnedStatus(cache.toJson(view), view.userId());
    }
}
