package dev.opad.schedule;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A schedule fires only while active; a paused one keeps its history and says why it paused. */
public enum ScheduleStatus {
    ACTIVE,
    PAUSED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScheduleStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
