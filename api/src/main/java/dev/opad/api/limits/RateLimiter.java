package dev.opad.api.limits;

import dev.opad.queue.LuaScript;
import dev.opad.queue.QueueConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Token buckets in Redis, one key per subject, refilled continuously: {@code capacity} requests
 * per {@code window}, bursts up to the capacity. One Lua script reads, refills and takes
 * atomically, with Redis's own clock, so every api instance shares the same bucket.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /** Returns 0 when a token was taken, else the milliseconds until one will be free. */
    private static final LuaScript TAKE = new LuaScript("""
            local capacity = tonumber(ARGV[1])
            local window_ms = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = t[1] * 1000 + math.floor(t[2] / 1000)
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1]) or capacity
            local at = tonumber(state[2]) or now
            tokens = math.min(capacity, tokens + (now - at) * capacity / window_ms)
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
            else
              wait = math.ceil((1 - tokens) * window_ms / capacity)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], window_ms)
            return wait
            """);

    /** Gives one token back (never above the capacity): for attempts that turned out to be legitimate. */
    private static final LuaScript REFUND = new LuaScript("""
            local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens'))
            if tokens then
              redis.call('HSET', KEYS[1], 'tokens', tostring(math.min(tonumber(ARGV[1]), tokens + 1)))
            end
            return 0
            """);

    private final RedisDataSource redis;
    private final String prefix;

    public RateLimiter(RedisDataSource redis, QueueConfig queue) {
        this.redis = redis;
        this.prefix = queue.keyPrefix() + ":ratelimit:";
    }

    /**
     * Takes one token from the bucket {@code name:subject}, or throws {@link TooManyRequestsProblem}
     * saying when to retry. If Redis is unreachable the limit is not enforced (logged): refusing
     * every login because the limiter's store is down would turn an outage into a lock-out.
     */
    public void take(String name, String subject, int capacity, Duration window, String what) {
        long waitMs;
        try {
            Response answer = TAKE.run(redis, 1, prefix + name + ":" + subject,
                    String.valueOf(capacity), String.valueOf(window.toMillis()));
            waitMs = answer.toLong();
        } catch (RuntimeException e) {
            LOG.warnf("rate limit %s not checked, Redis unavailable: %s", name, e.getMessage());
            return;
        }
        if (waitMs > 0) {
            throw new TooManyRequestsProblem(what, Duration.ofMillis(waitMs));
        }
    }

    /**
     * Returns the token {@link #take} took from {@code name:subject}, e.g. when a login it guarded
     * succeeded: only failures are meant to use up such a bucket. Best effort, like {@link #take}.
     */
    public void refund(String name, String subject, int capacity) {
        try {
            REFUND.run(redis, 1, prefix + name + ":" + subject, String.valueOf(capacity));
        } catch (RuntimeException e) {
            LOG.warnf("rate limit %s not refunded, Redis unavailable: %s", name, e.getMessage());
        }
    }
}
