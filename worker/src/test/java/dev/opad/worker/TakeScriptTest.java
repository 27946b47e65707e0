package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.queue.JobQueue;
import dev.opad.queue.JobStatusCache;
import dev.opad.queue.QueueConfig;
import dev.opad.queue.QueueKeys;
import dev.opad.testing.RealInfrastructure;
import dev.opad.worker.job.JobLeases;
import dev.opad.worker.job.Lease;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The take script against a real Redis: a batch of ids moved and leased in one call, oldest first.
 * Its keys have their own prefix, so the worker's own taker, running in this test too, never sees them.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class TakeScriptTest {

    private static final String WORKER = "take-script-test";

    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper json;
    @Inject
    WorkerConfig config;

    private QueueKeys keys;
    private JobQueue queue;
    private JobLeases leases;

    @BeforeEach
    void ownKeys() {
        QueueConfig queueConfig = new QueueConfig() {
            @Override
            public String keyPrefix() {
                return "take-test-" + UUID.randomUUID();
            }

            @Override
            public Duration statusTtl() {
                return Duration.ofMinutes(5);
            }
        };
        keys = new QueueKeys(queueConfig);
        JobStatusCache statuses = new JobStatusCache(redis, keys, queueConfig, json);
        queue = new JobQueue(redis, keys, statuses);
        leases = new JobLeases(redis, keys, queueConfig, statuses, config);
    }

    @Test
    void takesUpToTheFreeSlotsOldestFirstEachWithItsLease() {
        List<UUID> ids = pushed(5);

        List<JobLeases.Taken> taken = leases.take(WORKER, 3, Optional.empty());

        assertEquals(ids.subList(0, 3), taken.stream().map(JobLeases.Taken::jobId).toList(), "oldest first");
        for (JobLeases.Taken job : taken) {
            Lease lease = job.lease().orElseThrow();
            assertEquals(lease.token().toString(), redis.value(String.class).get(keys.lease(job.jobId())));
            long ttl = redis.key(String.class).pttl(keys.lease(job.jobId()));
            assertTrue(ttl > 0 && ttl <= config.leaseTtl().toMillis(), "the lease expires unless renewed: " + ttl);
        }
        assertEquals(3, queue.processingDepth(WORKER));
        assertEquals(2, queue.depth());
    }

    @Test
    void anIdMovedByBlmoveIsLeasedFirstThenMoreAreTaken() {
        List<UUID> ids = pushed(3);
        UUID moved = queue.take(WORKER, Duration.ofSeconds(1)).orElseThrow();

        List<JobLeases.Taken> taken = leases.take(WORKER, 2, Optional.of(moved));

        assertEquals(List.of(ids.get(0), ids.get(1)), taken.stream().map(JobLeases.Taken::jobId).toList());
        assertTrue(taken.stream().allMatch(job -> job.lease().isPresent()));
        assertEquals(2, queue.processingDepth(WORKER));
        assertEquals(1, queue.depth());
    }

    @Test
    void aSecondCopyOfALeasedIdIsDroppedAndTheRunningLeaseKept() {
        UUID running = pushed(1).get(0);
        redis.value(String.class).set(keys.lease(running), "token-of-the-running-attempt");

        List<JobLeases.Taken> taken = leases.take(WORKER, 5, Optional.empty());

        assertEquals(1, taken.size());
        assertEquals(running, taken.get(0).jobId());
        assertTrue(taken.get(0).lease().isEmpty(), "no lease for the copy");
        assertEquals("token-of-the-running-attempt", redis.value(String.class).get(keys.lease(running)));
        assertEquals(0, queue.processingDepth(WORKER), "the copy left the processing list");
    }

    @Test
    void anEmptyQueueGivesNothing() {
        assertEquals(List.of(), leases.take(WORKER, 4, Optional.empty()));
    }

    /** Scripts run by SHA-1; a server that forgot them (restart, SCRIPT FLUSH) is sent the body again. */
    @Test
    void worksAfterRedisForgotItsScripts() {
        pushed(2);
        assertEquals(1, leases.take(WORKER, 1, Optional.empty()).size());

        redis.execute("SCRIPT", "FLUSH");

        assertEquals(1, leases.take(WORKER, 1, Optional.empty()).size());
        assertEquals(0, queue.depth());
    }

    private List<UUID> pushed(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            queue.push(id);
            ids.add(id);
        }
        return ids;
    }
}
