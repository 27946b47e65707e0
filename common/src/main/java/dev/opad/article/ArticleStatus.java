package dev.opad.article;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The durable life of an article; its jobs carry the finer-grained state. */
public enum ArticleStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    DELETED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ArticleStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
