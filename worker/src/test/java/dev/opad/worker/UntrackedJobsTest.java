package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.queue.JobQueue;
import dev.opad.queue.JobStatusCache;
import dev.opad.queue.QueueConfig;
import dev.opad.queue.QueueKeys;
import dev.opad.testing.RealInfrastructure;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's question to Redis, "which of these ids do you know nowhere?", against a real
 * Redis and a backlog longer than the script reads at once. Own key prefix, so the worker running
 * in this test never sees these ids.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class UntrackedJobsTest {

    private static final int BACKLOG = 2_500;

    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper json;

    private QueueKeys keys;
    private JobQueue queue;

    @BeforeEach
    void ownKeys() {
        QueueConfig queueConfig = new QueueConfig() {
            @Override
            public String keyPrefix() {
                return "untracked-test-" + UUID.randomUUID();
            }

            @Override
            public Duration statusTtl() {
                return Duration.ofMinutes(5);
            }
        };
        keys = new QueueKeys(queueConfig);
        queue = new JobQueue(redis, keys, new JobStatusCache(redis, keys, queueConfig, json));
    }

    @Test
    void findsExactlyTheIdsRedisKnowsNowhere() {
        List<UUID> backlog = new ArrayList<>();
        for (int i = 0; i < BACKLOG; i++) {
            UUID id = UUID.randomUUID();
            queue.push(id);
            backlog.add(id);
        }
        UUID oldest = backlog.getFirst();
        UUID middle = backlog.get(BACKLOG / 2);
        UUID newest = backlog.getLast();
        UUID delayed = UUID.randomUUID();
        queue.schedule(delayed, Instant.now().plusSeconds(60));
        UUID leased = UUID.randomUUID();
        redis.value(String.class).setex(keys.lease(leased), 60, UUID.randomUUID().toString());
        UUID taken = UUID.randomUUID();
        redis.set(String.class).sadd(keys.workers(), "w1", "w2");
        redis.list(String.class).lpush(keys.processing("w2"), UUID.randomUUID().toString(), taken.toString());
        UUID lostFirst = UUID.randomUUID();
        UUID lostSecond = UUID.randomUUID();

        List<UUID> asked = List.of(lostFirst, oldest, delayed, newest, lostSecond, leased, middle, taken,
                lostFirst);
        List<UUID> untracked = queue.untracked(asked);

        assertEquals(List.of(lostFirst, lostSecond), untracked, "the lost ids, each once, in the order asked");
        assertEquals(List.of(), queue.untracked(backlog), "every id of the backlog is known");
        assertEquals(List.of(), queue.untracked(List.of()));
    }
}
