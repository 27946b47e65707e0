package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.queue.JobQueue;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Redis Cluster readiness: with the prefix {@code {opad}} every key the worker touches carries the
 * same hash tag, so all of them (and every multi-key script) live in one cluster slot.
 */
@QuarkusTest
@TestProfile(HashTagPrefixTest.ClusterPrefix.class)
@WithTestResource(RealInfrastructure.class)
class HashTagPrefixTest {

    public static class ClusterPrefix implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opad.queue.key-prefix", "{opad}", "opad.model.demo.delay", "50ms");
        }
    }

    @Inject
    JobQueue queue;
    @Inject
    RedisDataSource redis;

    @Test
    void aJobRunsWithEveryKeyUnderOneHashTag() {
        JobEntity job = TestJobs.queued("hash tags");
        queue.push(job.id());
        Waits.until("the job to complete", Duration.ofSeconds(20),
                () -> QuarkusTransaction.requiringNew().call(() -> JobEntity.<JobEntity>findById(job.id()).status())
                        == JobState.COMPLETED);

        List<String> keys = redis.key(String.class).keys("*");
        assertTrue(keys.contains("{opad}:job:" + job.id()), "status key under the tag: " + keys);
        assertTrue(keys.contains("{opad}:workers"), "worker registry under the tag: " + keys);
        assertTrue(keys.stream().allMatch(k -> k.startsWith("{opad}:")), "every key shares the hash tag: " + keys);
        assertEquals(0, keys.stream().filter(k -> k.startsWith("opad:")).count());
    }
}
