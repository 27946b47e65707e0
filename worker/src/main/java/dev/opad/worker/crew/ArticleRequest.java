package dev.opad.worker.crew;

/** What the crew is asked to write; the source fields are optional. */
public record ArticleRequest(String language, String level, int length, String topic, String sourceText, String sourceUrl) {

    public ArticleRequest(String language, String level, int length, String topic) {
        this(language, level, length, topic, null, null);
    }
}
