package dev.opad.worker.job;

import dev.opad.worker.crew.StageReport;
import java.time.Instant;
import dev.opad.worker.quality.GateReport;
import dev.opad.worker.quality.GlossaryEntry;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The article.json stored beside article.md: inputs, model, stages and timings. */
public record ArticleManifest(
        UUID articleId,
        UUID jobId,
        int attempt,
        Inputs inputs,
        Model model,
        String title,
        int wordCount,
        String sourceLine,
        List<GlossaryEntry> glossary,
        GateReport gate,
        String contentKey,
        String contentSha256,
        List<StageReport> stages,
        Instant createdAt) {

    public record Inputs(String language, String level, int length, String topic) {
    }

    /** The default model, and what each stage used (provider/model). */
    public record Model(String provider, String name, boolean demo, Map<String, String> stages) {
    }
}
