package dev.opad.worker.crew;

import java.util.List;

/** The reviewed Markdown article and how it was made. */
public record CrewResult(String markdown, String title, int wordCount, String modelName, List<StageReport> stages) {
}
