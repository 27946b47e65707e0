package dev.opad.worker.job;

import dev.opad.usage.ModelUsageEntity;
import dev.opad.usage.UsageConfig;
import dev.opad.worker.crew.CrewStage;
import dev.opad.worker.model.ModelChoice;
import dev.opad.worker.model.StageModels;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Records every model call's tokens and cost as soon as the call returns, in its own transaction
 * and not fenced by the lease: the tokens are spent even if the attempt later fails, is cancelled,
 * or loses its lease.
 */
@ApplicationScoped
public class UsageMeter {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final UsageConfig config;
    private final StageModels models;

    public UsageMeter(UsageConfig config, StageModels models) {
        this.config = config;
        this.models = models;
    }

    public void record(UUID userId, JobLedger.StartedJob job, CrewStage stage, String answeredBy,
                       Integer inputTokens, Integer outputTokens) {
        ModelChoice choice = models.choice(stage.modelStage());
        String model = answeredBy != null ? answeredBy : choice.modelName();
        int in = inputTokens == null ? 0 : inputTokens;
        int out = outputTokens == null ? 0 : outputTokens;
        ModelUsageEntity usage = new ModelUsageEntity();
        usage.id = UUID.randomUUID();
        usage.userId = userId;
        usage.articleId = job.articleId();
        usage.jobId = job.lease().jobId();
        usage.attempt = job.attempt();
        usage.stage = stage.wireName();
        usage.provider = choice.provider().name().toLowerCase(Locale.ROOT);
        usage.model = model;
        usage.promptTokens = in;
        usage.completionTokens = out;
        usage.totalTokens = in + out;
        usage.costUsd = cost(model, in, out).orElse(null);
        usage.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(usage::persist);
    }

    /** From the price table (USD per million tokens); a model that is not listed has no known cost. */
    Optional<BigDecimal> cost(String model, int in, int out) {
        return Optional.ofNullable(config.prices().get(model)).map(price -> price.inputPerMillion().multiply(BigDecimal.valueOf(in))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(out)))
                .divide(MILLION, MathContext.DECIMAL64));
    }
}
