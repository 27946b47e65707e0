package dev.opad.bench;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.runtime.client.ObservableRedis;
import io.quarkus.redis.runtime.client.ObservableRedisMetrics;
import io.quarkus.redis.runtime.datasource.BlockingRedisDataSourceImpl;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;

/**
 * The blocking {@link RedisDataSource} Quarkus gives the services, built by hand: the same Vert.x
 * client and the same pool settings the api and the worker run with (from their
 * application.properties, Quarkus's defaults otherwise: 6 connections, 24 waiting).
 */
final class RedisClients implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();

    RedisDataSource dataSource(String uri, int maxPoolSize, int maxPoolWaiting, Duration timeout) {
        return dataSource(uri, maxPoolSize, maxPoolWaiting, timeout, null);
    }

    /**
     * With {@code metrics}, every command is reported as Quarkus's Redis binder does it in the services
     * ({@link ObservableRedis}, which Quarkus puts around each client when Micrometer is present).
     */
    RedisDataSource dataSource(String uri, int maxPoolSize, int maxPoolWaiting, Duration timeout, ObservableRedisMetrics metrics) {
        RedisOptions options = new RedisOptions()
                .setConnectionString(uri)
                .setMaxPoolSize(maxPoolSize)
                .setMaxPoolWaiting(maxPoolWaiting)
                .setMaxWaitingHandlers(2048);
        Redis redis = Redis.createClient(vertx, options);
        if (metrics != null) {
            redis = Redis.newInstance(new ObservableRedis(redis.getDelegate(), "<default>", metrics));
        }
        return new BlockingRedisDataSourceImpl(vertx, redis, RedisAPI.api(redis), timeout);
    }

    @Override
    public void close() {
        vertx.closeAndAwait();
    }
}
