package dev.opad.api.feed;

import dev.opad.article.Language;
import java.time.Instant;
import java.util.UUID;

/** One completed article as its feed shows it; its HTML is made from the stored object at {@code storageKey}. */
record FeedEntry(UUID id, String title, String language, String level, String topic, Integer wordCount,
                 String storageKey, Instant completedAt) {

    /** The ISO 639-1 code of the language the row names (by its English name). */
    String languageCode() {
        return Language.parse(language).map(Language::code).orElse(language);
    }

    /** What changes the entry in the feed: any of it different, and the feed is too (its version). */
    String fingerprint() {
        return String.join("|", id.toString(), String.valueOf(completedAt), storageKey, String.valueOf(title), language,
                level, topic, String.valueOf(wordCount));
    }
}
