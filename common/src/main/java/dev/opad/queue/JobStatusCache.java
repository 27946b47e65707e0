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

    /**
     * The one definition of "write the status unless Redis holds a newer version": every script
     * that writes a job's status includes it. Returns 1 when written, 0 when a newer copy was kept.
     */
    public static final String PUT_STATUS_FUNCTION = """
            local function put_status(key, json, version, ttl)
              local current = redis.call('GET', key)
              if current then
                local ok, decoded = pcall(cjson.decode, current)
                if ok and type(decoded) == 'table' and tonumber(decoded['version']) and
                   tonumber(decoded['version']) > tonumber(version) then
                  return 0
                end
              end
              redis.call('SET', key, json, 'EX', tonumber(ttl))
              return 1
            end
            """;

    private static final String PUT_IF_NOT_OLDER = PUT_STATUS_FUNCTION + """
            return put_status(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
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
