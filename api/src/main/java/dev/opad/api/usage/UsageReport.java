package dev.opad.api.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Token and cost figures; {@code costUsd} counts only priced models, {@code costComplete} says whether all were. */
public final class UsageReport {
    private UsageReport() {
    }

    public record Totals(long calls, long promptTokens, long completionTokens, long totalTokens, BigDecimal costUsd,
                         boolean costComplete) {
    }

    public record StageTotals(String stage, Totals totals) {
    }

    public record DayTotals(LocalDate date, Totals totals) {
    }

    public record Call(String stage, int attempt, String provider, String model, int promptTokens, int completionTokens,
                       int totalTokens, BigDecimal costUsd, Instant at) {
    }

    public record ForArticle(UUID articleId, Totals totals, List<StageTotals> byStage, List<Call> calls) {
    }

    public record ForUser(int days, long dailyTokenBudget, long usedToday, Long remainingToday, Instant resetsAt,
                          Totals totals, List<DayTotals> byDay, List<StageTotals> byStage) {
    }
}
