package dev.opad.queue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.job.JobStatusView;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
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
     * A written status is also published on {@code channel} ({@link QueueKeys#statusChanges()}), in the
     * same script: the one place every change passes, so the api's live streams see each one that was
     * kept and none that was refused.
     */
    public static final String PUT_STATUS_FUNCTION = """
            local function put_status(key, json, version, ttl, channel)
              local current = redis.call('GET', key)
              if current then
                local ok, decoded = pcall(cjson.decode, current)
                if ok and type(decoded) == 'table' and tonumber(decoded['version']) and
                   tonumber(decoded['version']) > tonumber(version) then
                  return 0
                end
              end
              redis.call('SET', key, json, 'EX', tonumber(ttl))
              redis.call('PUBLISH', channel, json)
              return 1
            end
            """;

    private static final LuaScript PUT_IF_NOT_OLDER = new LuaScript(PUT_STATUS_FUNCTION + """
            return put_status(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
            """);

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
        return PUT_IF_NOT_OLDER.run(redis, 1, keys.status(status.id()), toJson(status),
                String.valueOf(status.version()), String.valueOf(ttlSeconds()), keys.statusChanges()).toInteger() == 1;
    }

    /** How long a status key lives after its last write. */
    public long ttlSeconds() {
        return config.statusTtl().toSeconds();
    }

    public Optional<JobStatusView> get(UUID jobId) {
        return Optional.ofNullable(redis.value(String.class).get(keys.status(jobId))).flatMap(this::fromJson);
    }

    /**
     * The stored status JSON exactly as written, read without blocking a thread: for a reader that
     * passes it on unmapped (the api's {@code GET /jobs/{id}}). Completes with null when the key is
     * gone; fails when Redis cannot be reached. It talks to the Vert.x client directly rather than
     * through Mutiny: each Mutiny operator captures and restores the caller's contexts (CDI,
     * transaction), a good part of the cost of a read clients poll (BENCHMARKS.md, P3).
     */
    public CompletionStage<String> getJson(UUID jobId) {
        return redis.getReactive().getRedis().getDelegate()
                .send(Request.cmd(Command.GET).arg(keys.status(jobId)))
                .map(value -> value == null ? null : value.toString(StandardCharsets.UTF_8))
                .toCompletionStage();
    }

    /**
     * Whose job a stored status JSON describes: the top-level {@code user_id} of a well-formed JSON
     * object, found by streaming through it rather than mapping it (a {@code user_id} inside a
     * string or a nested object does not count). Empty for anything else (malformed, no or two
     * {@code user_id}s, not a UUID), which a reader treats like a missing key. It parses with the
     * mapper's settings: where the mapper refuses repeated keys (the api's does), so does this.
     */
    public Optional<UUID> ownerOf(String statusJson) {
        try (JsonParser parser = json.getFactory().createParser(statusJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return unreadable("not a JSON object");
            }
            UUID owner = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean isOwner = "user_id".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (!isOwner) {
                    parser.skipChildren();
                } else if (owner == null && value == JsonToken.VALUE_STRING) {
                    owner = UUID.fromString(parser.getText());
                } else {
                    return unreadable("user_id repeated or not a string");
                }
            }
            // The whole document is read, so a truncated value or trailing garbage is refused too.
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return unreadable("not a single JSON object");
            }
            return owner == null ? unreadable("no user_id") : Optional.of(owner);
        } catch (JsonProcessingException e) {
            return unreadable(e.getOriginalMessage());
        } catch (IOException | IllegalArgumentException e) {
            return unreadable(e.getMessage());
        }
    }

    private static Optional<UUID> unreadable(String why) {
        LOG.warnf("ignoring unreadable job status in Redis: %s", why);
        return Optional.empty();
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
