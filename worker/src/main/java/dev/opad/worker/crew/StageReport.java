package dev.opad.worker.crew;

import java.time.Duration;
import java.time.Instant;

/** What one stage took: written to article.json so a reader can see where time and tokens went. */
public record StageReport(String name, Instant startedAt, Instant finishedAt, long durationMs,
                          Integer inputTokens, Integer outputTokens) {

    /** A stage an earlier attempt completed; its output came from the checkpoint. */
    public static StageReport resumed(CrewStage stage) {
        Instant now = Instant.now();
        return new StageReport(stage.wireName() + " (from checkpoint)", now, now, 0, 0, 0);
    }

    public static StageReport of(CrewStage stage, Instant startedAt, Integer inputTokens, Integer outputTokens) {
        Instant finishedAt = Instant.now();
        return new StageReport(stage.wireName(), startedAt, finishedAt,
                Duration.between(startedAt, finishedAt).toMillis(), inputTokens, outputTokens);
    }
}
