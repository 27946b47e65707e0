package dev.opad.api.admin;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /admin/stats}: how the system did over the last {@code windowMinutes}.
 *
 * @param waits        from a job being queued (or falling due, for a retry) to an attempt starting
 * @param runs         from an attempt starting to its end
 * @param retries      failed attempts scheduled to be tried again
 * @param failureRate  failed ÷ (completed + failed) of the jobs that ended in the window; null when none ended
 * @param deadLetters  jobs failed for good now (not only in the window), waiting for a retry or discard
 * @param models       model calls in the window by provider and model, most tokens first
 */
public record Stats(int windowMinutes, Instant from, Instant to, Latency waits, Latency runs, Finished finished, long retries,
                    Double failureRate, long deadLetters, List<Model> models) {

    /** Seconds; the percentiles are null when nothing was counted. */
    public record Latency(long count, Double p50, Double p95, Double p99) {
    }

    public record Finished(long completed, long failed, long cancelled) {
    }

    /** @param costUsd null when no call of the model is in the price table */
    public record Model(String provider, String model, long calls, long inputTokens, long outputTokens, BigDecimal costUsd) {
    }
}
