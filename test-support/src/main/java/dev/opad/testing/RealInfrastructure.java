package dev.opad.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} application its own real Redis and Postgres: a redis-server
 * process on a free port and a fresh database, both removed when the tests end; and a fresh
 * JWT key pair for the api's logins.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisServerProcess redis;
    private static volatile PostgresTestDatabase database;

    @Override
    public Map<String, String> start() {
        redis = RedisServerProcess.start();
        database = PostgresTestDatabase.create();
        JwtKeyFiles keys = JwtKeyFiles.generate();
        // In test mode SmallRye JWT injects a generated key pair as inline values, which win over
        // locations; so the keys are given inline as well as by location (the api checks both exist).
        return Map.of(
                "smallrye.jwt.sign.key.location", keys.privateKey().toString(),
                "mp.jwt.verify.publickey.location", keys.publicKey().toString(),
                "smallrye.jwt.sign.key", keys.privateKeyPem(),
                "mp.jwt.verify.publickey", keys.publicKeyPem(),
                "quarkus.redis.hosts", redis.uri(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.user(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.close();
        }
        if (database != null) {
            database.close();
        }
    }

    public static RedisServerProcess redis() {
        return redis;
    }

    public static PostgresTestDatabase database() {
        return database;
    }

    /** A user row for tests that write articles directly (articles and jobs need an owner). */
    public static java.util.UUID insertUser() {
        java.util.UUID id = java.util.UUID.randomUUID();
        database.execute("INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES ('"
                + id + "', '" + id + "@test.opad', 'Test user', 'not-a-hash', 'user', now())");
        return id;
    }
}
