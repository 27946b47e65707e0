package dev.opad.bench;

import io.quarkus.redis.datasource.RedisDataSource;
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
        RedisOptions options = new RedisOptions()
                .setConnectionString(uri)
                .setMaxPoolSize(maxPoolSize)
                .setMaxPoolWaiting(maxPoolWaiting)
                .setMaxWaitingHandlers(2048);
        Redis redis = Redis.createClient(vertx, options);
        return new BlockingRedisDataSourceImpl(vertx, redis, RedisAPI.api(redis), timeout);
    }

    @Override
    public void close() {
        vertx.closeAndAwait();
    }
}
