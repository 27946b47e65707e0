package dev.opad.api.auth;

import dev.opad.api.problem.ServiceBusyProblem;
import dev.opad.queue.LuaScript;
import dev.opad.queue.QueueKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Session JWTs ended by a logout before their exp. Postgres ({@code revoked_sessions}) is the truth;
 * Redis holds a copy, one key per token id that expires with the token, so that every api instance
 * can check each request's token with one Redis call on the event loop. A marker key says the copy
 * is complete: after a Redis restart or FLUSHALL it is missing, and the next check copies the rows
 * again. With Redis down, the check asks Postgres.
 */
@ApplicationScoped
public class SessionRevocations {

    private static final Logger LOG = Logger.getLogger(SessionRevocations.class);

    /** 1: revoked; 0: not revoked; -1: the copy is not loaded, ask Postgres. */
    private static final LuaScript CHECK = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 1 end
            if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
            return -1
            """);

    /**
     * Every authenticated request waits for this check, so a stalled Redis is given far less than the
     * client's 3 s timeout before Postgres answers instead; the request's own Redis work has its own.
     */
    private static final Duration REDIS_WAIT = Duration.ofMillis(500);

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactiveRedis;
    private final QueueKeys keys;
    private final EntityManager entities;

    public SessionRevocations(RedisDataSource redis, ReactiveRedisDataSource reactiveRedis, QueueKeys keys,
                              EntityManager entities) {
        this.redis = redis;
        this.reactiveRedis = reactiveRedis;
        this.keys = keys;
        this.entities = entities;
    }

    /**
     * Ends the session now, on every api instance; idempotent. If Redis cannot take the copy, the
     * answer is a 503 to retry: a marker left from before would otherwise vouch for the token.
     */
    public void revoke(UUID tokenId, UUID userId, Instant expiresAt) {
        QuarkusTransaction.requiringNew().run(() -> {
            entities.createNativeQuery("""
                            INSERT INTO revoked_sessions (token_id, user_id, expires_at, revoked_at)
                            VALUES (?1, ?2, ?3, now()) ON CONFLICT (token_id) DO NOTHING""")
                    .setParameter(1, tokenId).setParameter(2, userId).setParameter(3, expiresAt)
                    .executeUpdate();
            // Rows are useless once their token has expired; the index makes this cheap.
            entities.createNativeQuery("DELETE FROM revoked_sessions WHERE expires_at < now()").executeUpdate();
        });
        try {
            copyToRedis(tokenId, expiresAt);
        } catch (RuntimeException e) {
            LOG.warnf("revoked session not copied to Redis: %s", e.getMessage());
            throw new ServiceBusyProblem("The logout could not be completed right now; try again shortly.", 5);
        }
    }

    /** Whether the session with this token id was ended; runs on the event loop unless Postgres must answer. */
    public Uni<Boolean> isRevoked(UUID tokenId) {
        return CHECK.run(reactiveRedis, 2, keys.revokedSession(tokenId), keys.revokedSessionsLoaded())
                .ifNoItem().after(REDIS_WAIT).fail()
                .map(answer -> answer.toInteger())
                .flatMap(answer -> answer >= 0
                        ? Uni.createFrom().item(answer == 1)
                        : blocking(() -> reload(tokenId)))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("revoked sessions checked in Postgres, Redis unavailable: %s", failure.getMessage());
                    return blocking(() -> revokedInPostgres(tokenId));
                });
    }

    private static Uni<Boolean> blocking(java.util.function.Supplier<Boolean> check) {
        return Uni.createFrom().item(check).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private boolean revokedInPostgres(UUID tokenId) {
        return QuarkusTransaction.requiringNew().call(() -> !entities.createNativeQuery(
                        "SELECT 1 FROM revoked_sessions WHERE token_id = ?1")
                .setParameter(1, tokenId).getResultList().isEmpty());
    }

    /** Copies every unexpired revocation to Redis, sets the marker, and answers for {@code tokenId}. */
    private boolean reload(UUID tokenId) {
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> entities.createNativeQuery(
                        "SELECT token_id, expires_at FROM revoked_sessions WHERE expires_at > now()", Object[].class)
                .getResultList());
        boolean revoked = false;
        try {
            for (Object[] row : rows) {
                UUID id = (UUID) row[0];
                revoked |= id.equals(tokenId);
                copyToRedis(id, toInstant(row[1]));
            }
            redis.execute("SET", keys.revokedSessionsLoaded(), "1");
        } catch (RuntimeException e) {
            // The answer stands on the rows read; the copy is tried again by the next check.
            LOG.warnf("revoked sessions not copied to Redis: %s", e.getMessage());
            revoked = rows.stream().anyMatch(row -> tokenId.equals(row[0]));
        }
        return revoked;
    }

    private void copyToRedis(UUID tokenId, Instant expiresAt) {
        redis.execute("SET", keys.revokedSession(tokenId), "1", "PXAT", String.valueOf(expiresAt.toEpochMilli()));
    }

    private static Instant toInstant(Object column) {
        return column instanceof Instant instant ? instant : ((java.time.OffsetDateTime) column).toInstant();
    }
}
