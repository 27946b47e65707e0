package dev.opad.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The workers' registry in Redis: each worker's heartbeat key, which expires when it stops beating,
 * and the set of worker ids whose processing lists the reaper must look at. Workers write it; the
 * reaper and the api's operations view read it.
 */
@ApplicationScoped
public class WorkerHeartbeats {

    private static final Logger LOG = Logger.getLogger(WorkerHeartbeats.class);

    private final RedisDataSource redis;
    private final QueueKeys keys;
    private final ObjectMapper json;

    public WorkerHeartbeats(RedisDataSource redis, QueueKeys keys, ObjectMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
    }

    /** The worker is alive for {@code ttl} more, and registered so that the reaper finds its processing list. */
    public void beat(String workerId, WorkerHeartbeat heartbeat, Duration ttl) {
        redis.value(String.class).psetex(keys.worker(workerId), ttl.toMillis(), toJson(heartbeat));
        redis.set(String.class).sadd(keys.workers(), workerId);
    }

    /** A clean stop: the heartbeat goes at once; the registration stays until the reaper finds the list empty. */
    public void stop(String workerId) {
        redis.key(String.class).del(keys.worker(workerId));
    }

    /** Every worker that may hold a processing list, dead ones not yet reaped included. */
    public Set<String> registered() {
        return redis.set(String.class).smembers(keys.workers());
    }

    /**
     * The worker's last heartbeat, empty once it expired (the worker counts as dead). A heartbeat
     * that cannot be read still says the worker is alive, so it comes back with its fields unknown.
     */
    public Optional<WorkerHeartbeat> find(String workerId) {
        String stored = redis.value(String.class).get(keys.worker(workerId));
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(stored, WorkerHeartbeat.class));
        } catch (JsonProcessingException e) {
            LOG.debugf("heartbeat of worker %s is not readable: %s", workerId, e.getOriginalMessage());
            return Optional.of(new WorkerHeartbeat(null, 0, 0, null, null));
        }
    }

    private String toJson(WorkerHeartbeat heartbeat) {
        try {
            return json.writeValueAsString(heartbeat);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("heartbeat not serialisable", e);
        }
    }
}
