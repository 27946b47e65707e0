package dev.opad.worker.crew;

import java.util.List;

/**
 * What the crew is asked to write; the source fields are optional. {@code earlierTitles} are the
 * titles of the series' latest articles when a schedule ordered this one (newest first): the writer
 * must find a new angle rather than repeat them.
 */
public record ArticleRequest(String language, String level, int length, String topic, String sourceText, String sourceUrl,
                             List<String> earlierTitles) {

    public ArticleRequest {
        earlierTitles = earlierTitles == null ? List.of() : List.copyOf(earlierTitles);
    }

    public ArticleRequest(String language, String level, int length, String topic, String sourceText, String sourceUrl) {
        this(language, level, length, topic, sourceText, sourceUrl, List.of());
    }

    public ArticleRequest(String language, String level, int length, String topic) {
        this(language, level, length, topic, null, null, List.of());
    }

    /** The earlier titles as one prompt line; "none" for an article ordered on its own. */
    public String earlierTitlesLine() {
        return earlierTitles.isEmpty() ? "none" : String.join(" | ", earlierTitles);
    }
}
