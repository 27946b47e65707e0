package dev.opad.api.usage;

import dev.opad.api.problem.BadRequestProblem;
import dev.opad.api.problem.NotFoundProblem;
import dev.opad.article.ArticleEntity;
import dev.opad.usage.DailyBudget;
import dev.opad.usage.ModelUsageEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the model calls cost: per article, and per user per day and stage. */
@ApplicationScoped
public class UsageService {

    static final int MAX_DAYS = 90;

    private final DailyBudget budget;

    public UsageService(DailyBudget budget) {
        this.budget = budget;
    }

    public UsageReport.ForArticle forArticle(UUID owner, UUID articleId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ArticleEntity.findOwned(articleId, owner).orElseThrow(() -> NotFoundProblem.article(articleId));
            List<ModelUsageEntity> calls = ModelUsageEntity.<ModelUsageEntity>find(
                    "articleId = ?1 order by createdAt", articleId).list();
            return new UsageReport.ForArticle(articleId, totals(calls), byStage(calls), calls.stream()
                    .map(c -> new UsageReport.Call(c.stage, c.attempt, c.provider, c.model, c.promptTokens,
                            c.completionTokens, c.totalTokens, c.costUsd, c.createdAt)).toList());
        });
    }

    public UsageReport.ForUser forUser(UUID userId, String days) {
        int span = parseDays(days);
        Instant since = LocalDate.now(ZoneOffset.UTC).minusDays(span - 1L).atStartOfDay().toInstant(ZoneOffset.UTC);
        return QuarkusTransaction.requiringNew().call(() -> {
            List<ModelUsageEntity> calls = ModelUsageEntity.<ModelUsageEntity>find(
                    "userId = ?1 and createdAt >= ?2 order by createdAt", userId, since).list();
            Map<LocalDate, List<ModelUsageEntity>> perDay = calls.stream().collect(Collectors.groupingBy(
                    c -> c.createdAt.atZone(ZoneOffset.UTC).toLocalDate(), TreeMap::new, Collectors.toList()));
            long usedToday = ModelUsageEntity.tokensToday(userId);
            long limit = budget.budget();
            return new UsageReport.ForUser(span, limit, usedToday, limit > 0 ? Math.max(0, limit - usedToday) : null,
                    Instant.now().plus(DailyBudget.untilReset()), totals(calls),
                    perDay.entrySet().stream().map(e -> new UsageReport.DayTotals(e.getKey(), totals(e.getValue()))).toList(),
                    byStage(calls));
        });
    }

    private static List<UsageReport.StageTotals> byStage(List<ModelUsageEntity> calls) {
        return calls.stream().collect(Collectors.groupingBy(c -> c.stage, TreeMap::new, Collectors.toList()))
                .entrySet().stream().map(e -> new UsageReport.StageTotals(e.getKey(), totals(e.getValue()))).toList();
    }

    private static UsageReport.Totals totals(List<ModelUsageEntity> calls) {
        Function<Function<ModelUsageEntity, Integer>, Long> sum = field -> calls.stream().mapToLong(c -> field.apply(c)).sum();
        BigDecimal cost = calls.stream().map(c -> c.costUsd).filter(java.util.Objects::nonNull)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean complete = calls.stream().allMatch(c -> c.costUsd != null);
        return new UsageReport.Totals(calls.size(), sum.apply(c -> c.promptTokens), sum.apply(c -> c.completionTokens),
                sum.apply(c -> c.totalTokens), cost, complete);
    }

    private static int parseDays(String days) {
        if (days == null || days.isBlank()) {
            return 7;
        }
        try {
            int value = Integer.parseInt(days.strip());
            if (value >= 1 && value <= MAX_DAYS) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadRequestProblem("days", "must be a whole number between 1 and " + MAX_DAYS);
    }
}
