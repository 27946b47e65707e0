package dev.opad.worker.crew;

/** What the crew is asked to write. */
public record ArticleRequest(String language, String level, int length, String topic) {
}
