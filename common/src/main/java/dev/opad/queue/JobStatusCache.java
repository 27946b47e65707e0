package dev.opad.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.job.JobStatusView;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import java.util.Optional;
import java.util.UUID;

/** The fast copy of each job's status in Redis. Postgres stays the truth; this can always be rebuilt. */
@ApplicationScoped
public class JobStatusCache {

    private static final Logger LOG = Logger.getLogger(JobStatusCache.class);

    private final ValueCommands<String, String> values;
    private final QueueKeys keys;
    private final QueueConfig config;
    private final ObjectMapper json;

    public JobStatusCache(RedisDataSource redis, QueueKeys keys, QueueConfig config, ObjectMapper json) {
        this.values = redis.value(String.class);
        this.keys = keys;
        this.config = config;
        this.json = json;
    }

    /** Writes the status and refreshes its TTL. */
    public void put(JobStatusView status) {
        values.set(keys.status(status.id()), toJson(status), new SetArgs().ex(config.statusTtl()));
    }

    /** Writes the status only when no key exists, so a rebuild never clobbers a newer worker write. */
    public void putIfAbsent(JobStatusView status) {
        values.set(keys.status(status.id()), toJson(status), new SetArgs().ex(config.statusTtl()).nx());
    }

    public Optional<JobStatusView> get(UUID jobId) {
        return Optional.ofNullable(values.get(keys.status(jobId))).flatMap(this::fromJson);
    }

    private String toJson(JobStatusView status) {
        try {
            return json.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise job status " + status.id(), e);
        }
    }

    /** A key someone else wrote in another shape is treated as missing, so the caller rebuilds it from Postgres. */
    private Optional<JobStatusView> fromJson(String value) {
        try {
            return Optional.of(json.readValue(value, JobStatusView.class));
        } catch (JsonProcessingException e) {
            LOG.warnf("ignoring unreadable job status in Redis: %s", e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
