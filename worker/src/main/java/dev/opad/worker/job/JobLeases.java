package dev.opad.worker.job;

import dev.opad.job.JobStatusView;
import dev.opad.queue.JobStatusCache;
import dev.opad.queue.LuaScript;
import dev.opad.queue.QueueConfig;
import dev.opad.queue.QueueKeys;
import dev.opad.worker.WorkerConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Redis half of the lease protocol. Each operation is one Lua script, so checking the token
 * and acting on it cannot be split by another writer. The Postgres half is the token condition in
 * {@link JobLedger}.
 */
@ApplicationScoped
public class JobLeases {

    /** What a renewal found. */
    public enum Renewal { HELD, CANCEL_REQUESTED, LOST }

    /**
     * Moves up to ARGV[3] waiting ids into the worker's processing list and leases each (LMOVE and
     * SET NX PX per id), so a busy queue costs one round trip per batch instead of two per job.
     * ARGV[4], unless empty, is an id a BLMOVE has moved already and that only needs its lease.
     * An id whose lease another attempt holds is a second copy of a running job: it leaves the
     * processing list at once and comes back with an empty token.
     * KEYS: queue, processing. ARGV: lease key prefix, ttl ms, max ids, moved id or '', a token per id.
     * Returns id, token, id, token, ...
     */
    private static final LuaScript TAKE = new LuaScript("""
            local taken = {}
            local function lease(id, token)
              if redis.call('SET', ARGV[1] .. id, token, 'NX', 'PX', tonumber(ARGV[2])) then
                taken[#taken + 1] = id
                taken[#taken + 1] = token
              else
                redis.call('LREM', KEYS[2], 1, id)
                taken[#taken + 1] = id
                taken[#taken + 1] = ''
              end
            end
            local n = 0
            if ARGV[4] ~= '' then
              n = 1
              lease(ARGV[4], ARGV[5])
            end
            while n < tonumber(ARGV[3]) do
              local id = redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT')
              if not id then break end
              n = n + 1
              lease(id, ARGV[4 + n])
            end
            return taken
            """);

    /** KEYS: lease, cancel flag. ARGV: token, ttl ms. */
    private static final LuaScript RENEW = new LuaScript("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
            if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
            return 1
            """);

    /** KEYS: lease, status. ARGV: token, status json, version, status ttl s, status channel. */
    private static final LuaScript PUT_STATUS_UNDER_LEASE = new LuaScript(JobStatusCache.PUT_STATUS_FUNCTION + """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            return put_status(KEYS[2], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
            """);

    /**
     * Ends an attempt in Redis after Postgres accepted its final write: status (unless a newer
     * one is there), lease released if still ours, id off the processing list, and the id parked
     * in the delayed set or put back at the head of the queue when asked.
     * The cancel flag belongs to this run and goes with it, so a later run of the same job (a
     * retry) is not cancelled by an old request.
     * KEYS: lease, status, processing, delayed, queue, cancel flag. ARGV: token, status json,
     * version, ttl s, disposition (done | delay | requeue), due ms, job id, status channel.
     */
    private static final LuaScript SETTLE = new LuaScript(JobStatusCache.PUT_STATUS_FUNCTION + """
            put_status(KEYS[2], ARGV[2], ARGV[3], ARGV[4], ARGV[8])
            if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
            redis.call('LREM', KEYS[3], 1, ARGV[7])
            redis.call('DEL', KEYS[6])
            if ARGV[5] == 'delay' then redis.call('ZADD', KEYS[4], tonumber(ARGV[6]), ARGV[7]) end
            if ARGV[5] == 'requeue' then
              redis.call('LREM', KEYS[5], 0, ARGV[7])
              redis.call('RPUSH', KEYS[5], ARGV[7])
            end
            return 1
            """);

    /** KEYS: lease. ARGV: token. */
    private static final LuaScript RELEASE = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """);

    private final RedisDataSource redis;
    private final QueueKeys keys;
    private final QueueConfig queueConfig;
    private final JobStatusCache statuses;
    private final long ttlMillis;

    public JobLeases(RedisDataSource redis, QueueKeys keys, QueueConfig queueConfig, JobStatusCache statuses,
                     WorkerConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.queueConfig = queueConfig;
        this.statuses = statuses;
        this.ttlMillis = config.leaseTtl().toMillis();
    }

    /** A job id the take script moved: its lease, or none when another attempt holds it (a second copy, dropped). */
    public record Taken(UUID jobId, Optional<Lease> lease) {
    }

    /**
     * Takes up to {@code max} waiting ids with their leases, starting with {@code moved} when a BLMOVE
     * has just moved one. SET NX: a second copy of an id in the queue cannot start a second run while
     * the first holds the lease.
     */
    public List<Taken> take(String workerId, int max, Optional<UUID> moved) {
        String[] keysThenArgs = new String[6 + max];
        keysThenArgs[0] = keys.jobs();
        keysThenArgs[1] = keys.processing(workerId);
        keysThenArgs[2] = keys.leasePrefix();
        keysThenArgs[3] = String.valueOf(ttlMillis);
        keysThenArgs[4] = String.valueOf(max);
        keysThenArgs[5] = moved.map(UUID::toString).orElse("");
        for (int i = 0; i < max; i++) {
            keysThenArgs[6 + i] = UUID.randomUUID().toString();
        }
        Response answer = TAKE.run(redis, 2, keysThenArgs);
        List<Taken> taken = new ArrayList<>(answer.size() / 2);
        for (int i = 0; i < answer.size(); i += 2) {
            UUID jobId = UUID.fromString(answer.get(i).toString());
            String token = answer.get(i + 1).toString();
            taken.add(new Taken(jobId, token.isEmpty() ? Optional.empty() : Optional.of(new Lease(jobId, UUID.fromString(token)))));
        }
        return taken;
    }

    public Renewal renew(Lease lease) {
        int answer = RENEW.run(redis, 2, keys.lease(lease.jobId()), keys.cancelFlag(lease.jobId()),
                lease.token().toString(), String.valueOf(ttlMillis)).toInteger();
        return switch (answer) {
            case 1 -> Renewal.HELD;
            case 2 -> Renewal.CANCEL_REQUESTED;
            default -> Renewal.LOST;
        };
    }

    public boolean holds(Lease lease) {
        return lease.token().toString().equals(redis.value(String.class).get(keys.lease(lease.jobId())));
    }

    /** A running attempt's progress; written only while the lease is held. */
    public boolean putStatus(Lease lease, JobStatusView view) {
        return PUT_STATUS_UNDER_LEASE.run(redis, 2, keys.lease(lease.jobId()), keys.status(lease.jobId()),
                lease.token().toString(), statuses.toJson(view), String.valueOf(view.version()),
                String.valueOf(queueConfig.statusTtl().toSeconds()), keys.statusChanges()).toInteger() == 1;
    }

    public void settleDone(String workerId, Lease lease, JobStatusView view) {
        settle(workerId, lease, view, "done", 0);
    }

    public void settleDelayed(String workerId, Lease lease, JobStatusView view, Instant due) {
        settle(workerId, lease, view, "delay", due.toEpochMilli());
    }

    public void settleRequeued(String workerId, Lease lease, JobStatusView view) {
        settle(workerId, lease, view, "requeue", 0);
    }

    public void release(Lease lease) {
        RELEASE.run(redis, 1, keys.lease(lease.jobId()), lease.token().toString());
    }

    private void settle(String workerId, Lease lease, JobStatusView view, String disposition, long dueMillis) {
        SETTLE.run(redis, 6, keys.lease(lease.jobId()), keys.status(lease.jobId()), keys.processing(workerId),
                keys.delayed(), keys.jobs(), keys.cancelFlag(lease.jobId()), lease.token().toString(), statuses.toJson(view), String.valueOf(view.version()),
                String.valueOf(queueConfig.statusTtl().toSeconds()), disposition, String.valueOf(dueMillis),
                lease.jobId().toString(), keys.statusChanges());
    }
}
