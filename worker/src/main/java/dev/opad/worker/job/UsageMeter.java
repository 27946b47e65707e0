package dev.opad.worker.job;

import dev.opad.usage.ModelUsageEntity;
import dev.opad.usage.UsageConfig;
import dev.opad.worker.crew.CrewStage;
import dev.opad.worker.model.ModelChoice;
import dev.opad.worker.model.StageModels;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Prices every model call's tokens. The row is written by {@link JobLedger#stageCompleted} in the
 * transaction that ends the stage, ahead of and not fenced by the lease check: the tokens are spent
 * even if the attempt has lost its lease, was cancelled, or fails later.
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

    public ModelUsageEntity row(UUID userId, JobLedger.StartedJob job, CrewStage stage, String answeredBy,
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
        return usage;
    }

    /** From the price table (USD per million tokens); a model that is not listed has no known cost. */
    Optional<BigDecimal> cost(String model, int in, int out) {
        return Optional.ofNullable(config.prices().get(model)).map(price -> price.inputPerMillion().multiply(BigDecimal.valueOf(in))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(out)))
                .divide(MILLION, MathContext.DECIMAL64));
    }
}
