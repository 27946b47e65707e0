package dev.opad.worker;

import dev.opad.worker.housekeeping.RetentionConfig;
import dev.opad.metrics.MetricsConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opad.queue.QueueConfig;
import dev.opad.storage.StorageConfig;
import dev.opad.testing.DocumentedVariablesContract;
import dev.opad.trace.TraceConfig;
import dev.opad.usage.UsageConfig;
import dev.opad.webhook.WebhookConfig;
import dev.opad.worker.model.ModelConfig;
import dev.opad.worker.search.WebSearchConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The variables README documents reach the worker's settings: the worker's real application.properties and
 * mappings, with a map standing in for the process environment (see {@link DocumentedVariablesContract}).
 */
class WorkerEnvironmentTest extends DocumentedVariablesContract {

    WorkerEnvironmentTest() {
        super(TraceConfig.class, MetricsConfig.class, RetentionConfig.class, WorkerConfig.class, ModelConfig.class, WebSearchConfig.class, QueueConfig.class, UsageConfig.class,
                StorageConfig.class, WebhookConfig.class);
    }

    @Override
    protected Stream<Variable> documentedVariables() {
        return Stream.of(
                new Variable("OPAD_WORKER_ID", "w-7", c -> worker(c).id(), Optional.of("w-7")),
                new Variable("OPAD_WORKER_CONCURRENCY", "3", c -> worker(c).concurrency(), 3),
                new Variable("OPAD_LEASE_TTL", "7s", c -> worker(c).leaseTtl(), Duration.ofSeconds(7)),
                new Variable("OPAD_HEARTBEAT_INTERVAL", "2s", c -> worker(c).heartbeatInterval(), Duration.ofSeconds(2)),
                new Variable("OPAD_RETRY_BASE", "1s", c -> worker(c).retry().base(), Duration.ofSeconds(1)),
                new Variable("OPAD_RETRY_CAP", "1m", c -> worker(c).retry().cap(), Duration.ofMinutes(1)),
                new Variable("OPAD_WORKER_SHUTDOWN_GRACE", "9s", c -> worker(c).shutdownGrace(), Duration.ofSeconds(9)),
                new Variable("OPAD_WORKER_SCHEDULER_ENABLED", "false", c -> worker(c).scheduler().enabled(), false),
                new Variable("OPAD_WORKER_SCHEDULER_POLL_INTERVAL", "250ms", c -> worker(c).scheduler().pollInterval(),
                        Duration.ofMillis(250)),
                new Variable("OPAD_WORKER_SCHEDULER_BATCH_SIZE", "7", c -> worker(c).scheduler().batchSize(), 7),
                new Variable("OPAD_METRICS_ENABLED", "false", c -> c.getConfigMapping(MetricsConfig.class).enabled(), false),
                new Variable("OPAD_RETENTION_DAYS", "7", c -> c.getConfigMapping(RetentionConfig.class).days(), 7),
                new Variable("OPAD_RETENTION_USAGE_DAYS", "400", c -> c.getConfigMapping(RetentionConfig.class).usageDays(),
                        Optional.of(400)),
                new Variable("OPAD_RETENTION_INTERVAL", "15m", c -> c.getConfigMapping(RetentionConfig.class).interval(),
                        Duration.ofMinutes(15)),
                new Variable("OPAD_MODEL_PROVIDER", "openai", c -> model(c).provider(), ModelConfig.Provider.OPENAI),
                new Variable("OPAD_MODEL_TIMEOUT", "30s", c -> model(c).timeout(), Duration.ofSeconds(30)),
                new Variable("OPAD_DEMO_DELAY", "0s", c -> model(c).demo().delay(), Duration.ZERO),
                new Variable("OPAD_OPENAI_BASE_URL", "http://localhost:11434/v1", c -> model(c).openai().baseUrl(),
                        "http://localhost:11434/v1"),
                new Variable("OPAD_OPENAI_API_KEY", "sk-1", c -> model(c).openai().apiKey(), Optional.of("sk-1")),
                new Variable("OPAD_OPENAI_MODEL", "llama3.1", c -> model(c).openai().model(), "llama3.1"),
                new Variable("OPAD_ANTHROPIC_BASE_URL", "http://localhost:1/v1", c -> model(c).anthropic().baseUrl(),
                        "http://localhost:1/v1"),
                new Variable("OPAD_ANTHROPIC_API_KEY", "sk-ant-1", c -> model(c).anthropic().apiKey(), Optional.of("sk-ant-1")),
                new Variable("OPAD_ANTHROPIC_MODEL", "claude-x", c -> model(c).anthropic().model(), "claude-x"),
                new Variable("OPAD_ANTHROPIC_MAX_TOKENS", "8192", c -> model(c).anthropic().maxTokens(), 8192),
                new Variable("OPAD_WEB_SEARCH", "tavily", c -> search(c).provider(), WebSearchConfig.Provider.TAVILY),
                new Variable("OPAD_WEB_SEARCH_MAX_RESULTS", "8", c -> search(c).maxResults(), 8),
                new Variable("OPAD_WEB_SEARCH_TIMEOUT", "3s", c -> search(c).timeout(), Duration.ofSeconds(3)),
                new Variable("OPAD_TAVILY_BASE_URL", "http://localhost:2", c -> search(c).tavily().baseUrl(), "http://localhost:2"),
                new Variable("OPAD_TAVILY_API_KEY", "tvly-1", c -> search(c).tavily().apiKey(), Optional.of("tvly-1")),
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
                new Variable("OPAD_S3_ENDPOINT", "http://localhost:9000", c -> storage(c).s3().endpoint(),
                        Optional.of(URI.create("http://localhost:9000"))),
                new Variable("OPAD_S3_REGION", "us-east-1", c -> storage(c).s3().region(), "us-east-1"),
                new Variable("OPAD_S3_BUCKET", "articles", c -> storage(c).s3().bucket(), Optional.of("articles")),
                new Variable("OPAD_S3_ACCESS_KEY_ID", "id-1", c -> storage(c).s3().accessKeyId(), Optional.of("id-1")),
                new Variable("OPAD_S3_SECRET_ACCESS_KEY", "secret-1", c -> storage(c).s3().secretAccessKey(),
                        Optional.of("secret-1")),
                new Variable("OPAD_S3_PATH_STYLE", "true", c -> storage(c).s3().pathStyle(), true),
                new Variable("OPAD_WEBHOOK_ALLOWED_PRIVATE_HOSTS", "127.0.0.1,localhost",
                        c -> webhook(c).allowedPrivateHosts(), Optional.of(Set.of("127.0.0.1", "localhost"))),
                new Variable("OPAD_WEBHOOK_DISABLE_AFTER", "2d", c -> webhook(c).delivery().disableAfter(), Duration.ofDays(2)),
                new Variable("OPAD_WEBHOOK_DELIVERY_ENABLED", "false", c -> webhook(c).delivery().enabled(), false),
                new Variable("OPAD_WEBHOOK_DELIVERY_CONCURRENCY", "4", c -> webhook(c).delivery().concurrency(), 4),
                new Variable("OPAD_WEBHOOK_DELIVERY_POLL_INTERVAL", "250ms", c -> webhook(c).delivery().pollInterval(),
                        Duration.ofMillis(250)),
                new Variable("OPAD_WEBHOOK_DELIVERY_TIMEOUT", "5s", c -> webhook(c).delivery().timeout(), Duration.ofSeconds(5)),
                new Variable("OPAD_WEBHOOK_DELIVERY_CLAIM_TTL", "2m", c -> webhook(c).delivery().claimTtl(), Duration.ofMinutes(2)),
                new Variable("OPAD_WEBHOOK_DELIVERY_RETRY_BASE", "100ms", c -> webhook(c).delivery().retryBase(),
                        Duration.ofMillis(100)),
                new Variable("OPAD_WEBHOOK_DELIVERY_RETRY_CAP", "10m", c -> webhook(c).delivery().retryCap(), Duration.ofMinutes(10)),
                new Variable("OPAD_WEBHOOK_DELIVERY_RETRY_WINDOW", "3h", c -> webhook(c).delivery().retryWindow(),
                        Duration.ofHours(3)));
    }

    /** A system property (-Dopad.worker.lease-ttl=...) still beats the documented variable, as it did. */
    @Test
    void aPropertyBeatsTheDocumentedVariable() throws IOException {
        SmallRyeConfig config = config(Map.of("OPAD_LEASE_TTL", "7s"),
                new PropertiesConfigSource(Map.of("opad.worker.lease-ttl", "11s"), "system", 400));
        assertEquals(Duration.ofSeconds(11), worker(config).leaseTtl());
    }

    /** Every running job may wait for a Redis connection, so the wait queue follows the concurrency. */
    @Test
    void theRedisWaitQueueFollowsTheConcurrency() throws IOException {
        assertEquals(String.valueOf(worker(config(Map.of())).concurrency()),
                config(Map.of()).getRawValue("quarkus.redis.max-pool-waiting"));
        assertEquals("3", config(Map.of("OPAD_WORKER_CONCURRENCY", "3")).getRawValue("quarkus.redis.max-pool-waiting"));
    }

    private static WorkerConfig worker(SmallRyeConfig config) {
        return config.getConfigMapping(WorkerConfig.class);
    }

    private static WebhookConfig webhook(SmallRyeConfig config) {
        return config.getConfigMapping(WebhookConfig.class);
    }

    private static ModelConfig model(SmallRyeConfig config) {
        return config.getConfigMapping(ModelConfig.class);
    }

    private static WebSearchConfig search(SmallRyeConfig config) {
        return config.getConfigMapping(WebSearchConfig.class);
    }

    private static StorageConfig storage(SmallRyeConfig config) {
        return config.getConfigMapping(StorageConfig.class);
    }
}
