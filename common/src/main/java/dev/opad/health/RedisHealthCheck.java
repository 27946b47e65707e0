package dev.opad.health;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the Redis connection. The PING has its own short deadline so a dead or
 * black-holed Redis turns readiness DOWN within seconds instead of hanging the probe.
 */
@Readiness
@ApplicationScoped
public class RedisHealthCheck implements HealthCheck {

    static final String NAME = "redis";
    private static final Duration DEADLINE = Duration.ofSeconds(2);

    private final ReactiveRedisDataSource redis;

    public RedisHealthCheck(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            redis.execute("PING").ifNoItem().after(DEADLINE).fail().await().indefinitely();
            return HealthCheckResponse.up(NAME);
        } catch (RuntimeException e) {
            return HealthCheckResponse.named(NAME).down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
