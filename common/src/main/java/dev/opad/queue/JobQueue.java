package dev.opad.queue;

import dev.opad.job.JobStatusView;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.list.ListCommands;
import io.quarkus.redis.datasource.list.Position;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

    /** KEYS: queue, status. ARGV: job id, status json, version, status ttl s, status channel. */
    private static final LuaScript PUSH_WITH_STATUS = new LuaScript(JobStatusCache.PUT_STATUS_FUNCTION + """
            put_status(KEYS[2], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
            return redis.call('LPUSH', KEYS[1], ARGV[1])
            """);

    /**
     * KEYS: queue, delayed set, then every processing list. ARGV: lease key prefix, then job ids.
     * Returns the ids Redis knows nowhere, in the order given. The delayed set and the leases are
     * one lookup per id; the lists are read once each, from the tail, where the oldest ids wait
     * (the reconciler asks about the oldest first), and only until every id is found. One LPOS per
     * id from the head cost a whole scan of a long backlog for each of them.
     */
    private static final LuaScript UNTRACKED = new LuaScript("""
            local wanted, left = {}, 0
            for i = 2, #ARGV do
              local id = ARGV[i]
              if not wanted[id] and redis.call('ZSCORE', KEYS[2], id) == false
                  and redis.call('EXISTS', ARGV[1] .. id) == 0 then
                wanted[id] = true
                left = left + 1
              end
            end
            local chunk = 1000
            for k = 1, #KEYS do
              if k ~= 2 then
                local length = redis.call('LLEN', KEYS[k])
                local from = 0
                while left > 0 and from < length do
                  for _, id in ipairs(redis.call('LRANGE', KEYS[k], -from - chunk, -from - 1)) do
                    if wanted[id] then
                      wanted[id] = nil
                      left = left - 1
                    end
                  end
                  from = from + chunk
                end
              end
            end
            local missing = {}
            for i = 2, #ARGV do
              if wanted[ARGV[i]] then
                missing[#missing + 1] = ARGV[i]
                wanted[ARGV[i]] = nil
              end
            end
            return missing
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

    /** Adds a job at the back of the queue (a retry the api grants). */
    public void push(UUID jobId) {
        lists.lpush(keys.jobs(), jobId.toString());
    }

    /**
     * The api's enqueue: the id at the back of the queue and the job's first status in one script,
     * so it costs one round trip and a queued id never lacks its status key.
     */
    public void push(JobStatusView queued) {
        PUSH_WITH_STATUS.run(redis, 2, keys.jobs(), keys.status(queued.id()), queued.id().toString(),
                statuses.toJson(queued), String.valueOf(queued.version()), String.valueOf(statuses.ttlSeconds()),
                keys.statusChanges());
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

    /**
     * The ids Redis knows nowhere: not waiting, not delayed, not leased, and in no worker's
     * processing list (the reconciler puts those back). One script, so Redis answers from one state.
     */
    public List<UUID> untracked(Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        List<String> keysThenArgs = new ArrayList<>();
        keysThenArgs.add(keys.jobs());
        keysThenArgs.add(keys.delayed());
        for (String worker : redis.set(String.class).smembers(keys.workers())) {
            keysThenArgs.add(keys.processing(worker));
        }
        int keyCount = keysThenArgs.size();
        keysThenArgs.add(keys.leasePrefix());
        jobIds.forEach(id -> keysThenArgs.add(id.toString()));
        List<UUID> missing = new ArrayList<>();
        for (Response id : UNTRACKED.run(redis, keyCount, keysThenArgs.toArray(String[]::new))) {
            missing.add(UUID.fromString(id.toString()));
        }
        return missing;
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
