package dev.opad.api.text;

/** What counts as clean text for opad's inputs; see {@link CleanText}. */
public final class TextRules {
    private TextRules() {
    }

    public static boolean isClean(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
                continue;
            }
            if (Character.isLowSurrogate(c) || isForbidden(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isForbidden(char c) {
        return Character.isISOControl(c)            // C0, DEL, C1: NUL, newlines, escapes
                || (c >= '\u200B' && c <= '\u200F') // zero-width space/joiners, LRM, RLM
                || (c >= '\u202A' && c <= '\u202E') // bidi embeddings and overrides
                || (c >= '\u2060' && c <= '\u2064') // word joiner, invisible operators
                || (c >= '\u2066' && c <= '\u2069') // bidi isolates
                || c == '\uFEFF'                    // byte-order mark / zero-width no-break space
                || c == '\uFFFE' || c == '\uFFFF';  // noncharacters
    }
}
