package dev.opad.api;

import dev.opad.metrics.MetricsConfig;
import dev.opad.api.auth.AuthConfig;
import dev.opad.api.feed.FeedConfig;
import dev.opad.api.limits.LimitsConfig;
import dev.opad.api.schedule.ScheduleConfig;
import dev.opad.api.webhook.WebhookRegistrationConfig;
import dev.opad.queue.QueueConfig;
import dev.opad.storage.StorageConfig;
import dev.opad.testing.DocumentedVariablesContract;
import dev.opad.trace.TraceConfig;
import dev.opad.usage.UsageConfig;
import dev.opad.webhook.WebhookConfig;
import io.smallrye.config.SmallRyeConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The variables README documents reach the api's settings: the api's real application.properties and
 * mappings, with a map standing in for the process environment (see {@link DocumentedVariablesContract}).
 */
class ApiEnvironmentTest extends DocumentedVariablesContract {

    ApiEnvironmentTest() {
        super(TraceConfig.class, MetricsConfig.class, AuthConfig.class, LimitsConfig.class, QueueConfig.class, UsageConfig.class, StorageConfig.class,
                ScheduleConfig.class, WebhookConfig.class, WebhookRegistrationConfig.class, FeedConfig.class);
    }

    @Override
    protected Stream<Variable> documentedVariables() {
        return Stream.of(
                new Variable("OPAD_SESSION_LIFETIME", "30m", c -> auth(c).sessionLifetime(), Duration.ofMinutes(30)),
                new Variable("OPAD_AUTH_REGISTER_PER_ADDRESS", "4", c -> auth(c).register().perAddress(), 4),
                new Variable("OPAD_AUTH_REGISTER_GLOBAL", "40", c -> auth(c).register().global(), 40),
                new Variable("OPAD_AUTH_LOGIN_PER_EMAIL_AND_ADDRESS", "3", c -> auth(c).login().perEmailAndAddress(), 3),
                new Variable("OPAD_AUTH_LOGIN_PER_ADDRESS", "30", c -> auth(c).login().perAddress(), 30),
                new Variable("OPAD_AUTH_HASHING_CONCURRENCY", "2", c -> auth(c).hashing().concurrency(), Optional.of(2)),
                new Variable("OPAD_AUTH_DEFAULT_TOKEN_DAYS", "7", c -> auth(c).defaultTokenDays(), 7),
                new Variable("OPAD_RATE_GENERATE_PER_HOUR", "5", c -> limits(c).generatePerHour(), 5),
                new Variable("OPAD_TRUSTED_PROXIES", "10.0.0.0/8,::1", c -> limits(c).trustedProxies(),
                        Optional.of(List.of("10.0.0.0/8", "::1"))),
                new Variable("OPAD_SCHEDULES_MAX_PER_USER", "5",
                        c -> c.getConfigMapping(ScheduleConfig.class).maxPerUser(), 5),
                new Variable("OPAD_WEBHOOK_ALLOWED_PRIVATE_HOSTS", "127.0.0.1,localhost",
                        c -> c.getConfigMapping(WebhookConfig.class).allowedPrivateHosts(),
                        Optional.of(Set.of("127.0.0.1", "localhost"))),
                new Variable("OPAD_WEBHOOK_REGISTRATION_MAX_ENDPOINTS", "3",
                        c -> c.getConfigMapping(WebhookRegistrationConfig.class).maxEndpoints(), 3),
                new Variable("OPAD_WEBHOOK_REGISTRATION_ROTATION_OVERLAP", "2h",
                        c -> c.getConfigMapping(WebhookRegistrationConfig.class).rotationOverlap(), Duration.ofHours(2)),
                new Variable("OPAD_PUBLIC_URL", "https://opad.example", c -> feeds(c).publicUrl(),
                        URI.create("https://opad.example")),
                new Variable("OPAD_FEED_MAX_ENTRIES", "20", c -> feeds(c).maxEntries(), 20),
                new Variable("OPAD_FEED_RATE_PER_ADDRESS", "5", c -> feeds(c).perAddressPerMinute(), 5),
                new Variable("OPAD_METRICS_ENABLED", "false", c -> c.getConfigMapping(MetricsConfig.class).enabled(), false),
                new Variable("OPAD_OTLP_ENDPOINT", "http://collector:4318", c -> c.getConfigMapping(TraceConfig.class).otlpEndpoint(),
                        Optional.of(URI.create("http://collector:4318"))),
                // and Quarkus's exporter is pointed there (without it the sampler keeps every span unexported)
                new Variable("OPAD_OTLP_ENDPOINT", "http://collector:4318",
                        c -> c.getOptionalValue("quarkus.otel.exporter.otlp.traces.endpoint", String.class),
                        Optional.of("http://collector:4318")),
                new Variable("OPAD_QUEUE_PREFIX", "{opad}", c -> c.getConfigMapping(QueueConfig.class).keyPrefix(), "{opad}"),
                new Variable("OPAD_DAILY_TOKEN_BUDGET", "0", c -> c.getConfigMapping(UsageConfig.class).dailyTokenBudget(), 0L),
                new Variable("OPAD_STORAGE_TYPE", "s3", c -> storage(c).type(), StorageConfig.Type.S3),
                new Variable("OPAD_STORAGE_DIR", "/srv/articles", c -> storage(c).dir(), Path.of("/srv/articles")),
                new Variable("OPAD_S3_REGION", "us-east-1", c -> storage(c).s3().region(), "us-east-1"),
                new Variable("OPAD_S3_BUCKET", "articles", c -> storage(c).s3().bucket(), Optional.of("articles")),
                new Variable("OPAD_S3_PATH_STYLE", "true", c -> storage(c).s3().pathStyle(), true),
                new Variable("OPAD_JWT_PUBLIC_KEY", "/etc/opad/jwt-public.pem",
                        c -> c.getRawValue("mp.jwt.verify.publickey.location"), "/etc/opad/jwt-public.pem"));
    }

    private static AuthConfig auth(SmallRyeConfig config) {
        return config.getConfigMapping(AuthConfig.class);
    }

    private static LimitsConfig limits(SmallRyeConfig config) {
        return config.getConfigMapping(LimitsConfig.class);
    }

    private static FeedConfig feeds(SmallRyeConfig config) {
        return config.getConfigMapping(FeedConfig.class);
    }

    private static StorageConfig storage(SmallRyeConfig config) {
        return config.getConfigMapping(StorageConfig.class);
    }
}
