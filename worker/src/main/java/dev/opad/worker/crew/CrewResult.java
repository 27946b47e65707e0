package dev.opad.worker.crew;

import dev.opad.worker.quality.GateReport;
import dev.opad.worker.quality.GlossaryEntry;
import java.util.List;

/** The reviewed Markdown article, its glossary, the quality gate's report, and how it was made. */
public record CrewResult(String markdown, String title, int wordCount, String modelName, String sourceLine,
                         List<GlossaryEntry> glossary, GateReport gate, List<StageReport> stages) {
}
