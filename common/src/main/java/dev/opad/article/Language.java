package dev.opad.article;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The languages opad writes in, accepted by English name ("German") or ISO 639-1 code ("de"). */
public enum Language {
    ENGLISH("en", "English"),
    GERMAN("de", "German"),
    SPANISH("es", "Spanish"),
    FRENCH("fr", "French"),
    ITALIAN("it", "Italian"),
    PORTUGUESE("pt", "Portuguese"),
    DUTCH("nl", "Dutch"),
    KOREAN("ko", "Korean"),
    JAPANESE("ja", "Japanese"),
    CHINESE("zh", "Chinese");

    private final String code;
    private final String displayName;

    Language(String code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    public String code() {
        return code;
    }

    public String displayName() {
        return displayName;
    }

    public static Optional<Language> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(l -> l.code.equals(wanted) || l.displayName.toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }

    public static String supportedList() {
        return Arrays.stream(values()).map(l -> l.displayName + " (" + l.code + ")").collect(Collectors.joining(", "));
    }
}
