package dev.opad.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.job.JobStatusView;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The fast copy of each job's status in Redis. Postgres stays the truth; this can always be rebuilt.
 * Writes carry the row's version and never replace a newer copy, so writers racing each other
 * (a worker, the reaper, a rebuild on read) cannot leave an older status behind.
 */
@ApplicationScoped
public class JobStatusCache {

    private static final Logger LOG = Logger.getLogger(JobStatusCache.class);

    private static final String PUT_IF_NOT_OLDER = """
            local current = redis.call('GET', KEYS[1])
            if current then
              local ok, decoded = pcall(cjson.decode, current)
              if ok and type(decoded) == 'table' and tonumber(decoded['version']) and
                 tonumber(decoded['version']) > tonumber(ARGV[2]) then
                return 0
              end
            end
            redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[3]))
            return 1
            """;

    private final RedisDataSource redis;
    private final QueueKeys keys;
    private final QueueConfig config;
    private final ObjectMapper json;

    public JobStatusCache(RedisDataSource redis, QueueKeys keys, QueueConfig config, ObjectMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.config = config;
        this.json = json;
    }

    /** Writes the status and refreshes its TTL, unless Redis already holds a newer version. */
    public boolean put(JobStatusView status) {
        return redis.execute("EVAL", PUT_IF_NOT_OLDER, "1", keys.status(status.id()), toJson(status),
                String.valueOf(status.version()), String.valueOf(config.statusTtl().toSeconds())).toInteger() == 1;
    }

    public Optional<JobStatusView> get(UUID jobId) {
        return Optional.ofNullable(redis.value(String.class).get(keys.status(jobId))).flatMap(this::fromJson);
    }

    public String toJson(JobStatusView status) {
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
