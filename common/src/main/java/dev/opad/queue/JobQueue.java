package dev.opad.queue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.list.ListCommands;
import io.quarkus.redis.datasource.list.Position;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The queue contract between api and worker. The list holds job ids only; everything else about
 * a job lives in Postgres, so the queue can be rebuilt from the database if Redis loses it.
 */
@ApplicationScoped
public class JobQueue {

    private final ListCommands<String, String> lists;
    private final QueueKeys keys;

    public JobQueue(RedisDataSource redis, QueueKeys keys) {
        this.lists = redis.list(String.class);
        this.keys = keys;
    }

    public void push(UUID jobId) {
        lists.lpush(keys.jobs(), jobId.toString());
    }

    /**
     * Blocks up to {@code timeout} for the oldest waiting id and atomically moves it into the
     * worker's processing list (BLMOVE RIGHT LEFT), so a worker that dies holding it leaves
     * the id where it can be found, instead of losing it as plain BRPOP would.
     */
    public Optional<UUID> take(String workerId, Duration timeout) {
        String id = lists.blmove(keys.jobs(), keys.processing(workerId), Position.RIGHT, Position.LEFT, timeout);
        return Optional.ofNullable(id).map(UUID::fromString);
    }

    /** Removes a finished job from the worker's processing list. */
    public void acknowledge(String workerId, UUID jobId) {
        lists.lrem(keys.processing(workerId), 1, jobId.toString());
    }

    public long depth() {
        return lists.llen(keys.jobs());
    }
}
