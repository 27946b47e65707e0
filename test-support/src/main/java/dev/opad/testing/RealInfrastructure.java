package dev.opad.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} application its own real Redis and Postgres: a redis-server
 * process on a free port and a fresh database, both removed when the tests end.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisServerProcess redis;
    private static volatile PostgresTestDatabase database;

    @Override
    public Map<String, String> start() {
        redis = RedisServerProcess.start();
        database = PostgresTestDatabase.create();
        return Map.of(
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
}
