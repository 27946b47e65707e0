package dev.opad.schedule;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What fired a run: its slot came, a person pressed "run now", or it makes up for downtime. */
public enum RunTrigger {
    SCHEDULED("scheduled"),
    MANUAL("manual"),
    CATCH_UP("catch-up");

    private final String wireName;

    RunTrigger(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static RunTrigger fromWireName(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown run trigger " + value));
    }
}
