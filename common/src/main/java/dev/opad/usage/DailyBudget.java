package dev.opad.usage;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/** The per-user daily token budget: checked when a job is queued (api) and before each stage (worker). */
@ApplicationScoped
public class DailyBudget {

    private final UsageConfig config;

    public DailyBudget(UsageConfig config) {
        this.config = config;
    }

    /** Joins the caller's transaction when there is one, so the check costs no commit of its own. */
    public boolean isUsedUp(UUID userId) {
        long budget = config.dailyTokenBudget();
        return budget > 0 && QuarkusTransaction.joiningExisting().call(() -> ModelUsageEntity.tokensToday(userId)) >= budget;
    }

    /** Of these users, those whose budget is used up: the scheduler asks once per batch. */
    public java.util.Set<UUID> usedUpAmong(java.util.Collection<UUID> userIds) {
        long budget = config.dailyTokenBudget();
        return budget <= 0 ? java.util.Set.of()
                : QuarkusTransaction.joiningExisting().call(() -> ModelUsageEntity.spentToday(userIds, budget));
    }

    public long budget() {
        return config.dailyTokenBudget();
    }

    /** Time until the budget resets, at midnight UTC. */
    public static Duration untilReset() {
        Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return Duration.between(Instant.now(), midnight);
    }
}
