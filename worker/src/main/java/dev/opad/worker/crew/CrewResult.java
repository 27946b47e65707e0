package dev.opad.worker.crew;

import dev.opad.worker.quality.GlossaryEntry;
import java.util.List;

/** The reviewed Markdown article, its glossary, and how it was made. */
public record CrewResult(String markdown, String title, int wordCount, String modelName, String sourceLine,
                         List<GlossaryEntry> glossary, List<StageReport> stages) {
}
