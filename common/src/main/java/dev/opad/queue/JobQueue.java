package dev.opad.queue;

import dev.opad.job.JobStatusView;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.list.ListCommands;
import io.quarkus.redis.datasource.list.Position;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The queue contract between api and worker. Lists and the delayed set hold job ids only;
 * everything else about a job lives in Postgres, so the queue can be rebuilt from the database
 * if Redis loses it.
 */
@ApplicationScoped
public class JobQueue {

    /** Moves due ids from the delayed set to the queue, atomically, by Redis's own clock. */
    private static final LuaScript PROMOTE_DUE = new LuaScript("""
            local t = redis.call('TIME')
            local now = t[1] * 1000 + math.floor(t[2] / 1000)
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
            for _, id in ipairs(due) do
              redis.call('ZREM', KEYS[1], id)
              redis.call('LPUSH', KEYS[2], id)
            end
            return #due
            """);

    /** KEYS: queue, status. ARGV: job id, status json, version, status ttl s. */
    private static final LuaScript PUSH_WITH_STATUS = new LuaScript(JobStatusCache.PUT_STATUS_FUNCTION + """
            put_status(KEYS[2], ARGV[2], ARGV[3], ARGV[4])
            return redis.call('LPUSH', KEYS[1], ARGV[1])
            """);

    private final RedisDataSource redis;
    private final ListCommands<String, String> lists;
    private final SortedSetCommands<String, String> sortedSets;
    private final QueueKeys keys;
    private final JobStatusCache statuses;

    public JobQueue(RedisDataSource redis, QueueKeys keys, JobStatusCache statuses) {
        this.redis = redis;
        this.lists = redis.list(String.class);
        this.sortedSets = redis.sortedSet(String.class);
        this.keys = keys;
        this.statuses = statuses;
    }

    /** Adds a job at the back of the queue (the reconciler, and tests). */
    public void push(UUID jobId) {
        lists.lpush(keys.jobs(), jobId.toString());
    }

    /**
     * The api's enqueue: the id at the back of the queue and the job's first status in one script,
     * so it costs one round trip and a queued id never lacks its status key.
     */
    public void push(JobStatusView queued) {
        PUSH_WITH_STATUS.run(redis, 2, keys.jobs(), keys.status(queued.id()), queued.id().toString(),
                statuses.toJson(queued), String.valueOf(queued.version()), String.valueOf(statuses.ttlSeconds()));
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

    /**
     * Removes one copy of the id from the worker's processing list: each take adds one, so a stale
     * attempt ending late never removes the copy of the attempt that runs the job now.
     */
    public void acknowledge(String workerId, UUID jobId) {
        lists.lrem(keys.processing(workerId), 1, jobId.toString());
    }

    /** Parks a job until {@code due}; a worker promotes it back to the queue then. */
    public void schedule(UUID jobId, Instant due) {
        sortedSets.zadd(keys.delayed(), due.toEpochMilli(), jobId.toString());
    }

    public int promoteDue(int max) {
        return PROMOTE_DUE.run(redis, 2, keys.delayed(), keys.jobs(), String.valueOf(max)).toInteger();
    }

    /** Takes a not-yet-running job out of the queue and the delayed set (cancel). */
    public void withdraw(UUID jobId) {
        lists.lrem(keys.jobs(), 0, jobId.toString());
        sortedSets.zrem(keys.delayed(), jobId.toString());
    }

    /** Whether Redis knows the job as waiting, delayed, or running under a lease. */
    public boolean isTracked(UUID jobId) {
        String id = jobId.toString();
        return lists.lpos(keys.jobs(), id).isPresent()
                || sortedSets.zscore(keys.delayed(), id).isPresent()
                || redis.key(String.class).exists(keys.lease(jobId));
    }

    /** Tells the worker running the job to stop: a flag it checks, and a message for the fast path. */
    public void signalCancel(UUID jobId) {
        redis.value(String.class).setex(keys.cancelFlag(jobId), 3600, "1");
        redis.pubsub(String.class).publish(keys.cancelChannel(), jobId.toString());
    }

    /** Forgets an old cancel request, before a job runs again. */
    public void clearCancel(UUID jobId) {
        redis.key(String.class).del(keys.cancelFlag(jobId));
    }

    /** Ids waiting for a worker. */
    public long depth() {
        return lists.llen(keys.jobs());
    }

    /** Ids waiting for their retry to fall due. */
    public long delayedDepth() {
        return sortedSets.zcard(keys.delayed());
    }

    /** Ids the worker has taken and not yet finished; a dead worker's stay until the reaper moves them. */
    public long processingDepth(String workerId) {
        return lists.llen(keys.processing(workerId));
    }
}
