package dev.opad.article;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The CEFR levels an article is written for, from beginner (A1) to proficient (C2). */
public enum CefrLevel {
    A1, A2, B1, B2, C1, C2;

    /** "b1" or " B1 " → B1; anything else is empty. */
    public static Optional<CefrLevel> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(level -> level.name().equals(wanted)).findFirst();
    }
}
