package dev.opad.schedule;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Why a slot ordered no article: the previous run was still active, no worker was up when it came
 * (and a newer slot was caught up instead, or it was too old), or the owner's daily tokens were spent.
 */
public enum SkipReason {
    OVERLAP,
    MISSED,
    BUDGET;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SkipReason fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
