package dev.opad.api.text;

/**
 * What counts as clean text for opad's inputs; see {@link CleanText}. The rule is written in
 * Unicode properties rather than as a list of code points, so a character added to a category
 * in a later Unicode version is covered too:
 * <ul>
 *   <li>general categories Cc (controls), Cf (format: soft hyphen, zero-width and direction
 *       marks, the tag block a model reads but a person cannot see), Zl and Zp (line and
 *       paragraph separators), Co (private use), Cn (unassigned and noncharacters), and Cs
 *       (a surrogate not in a valid pair);</li>
 *   <li>the characters that render as nothing but belong to a visible category: the Hangul and
 *       Braille fillers, the combining grapheme joiner, Khmer's inherent vowels, and the
 *       variation selectors (including the Mongolian ones), which change how a neighbour looks
 *       and can hide bits of text.</li>
 * </ul>
 */
public final class TextRules {
    private TextRules() {
    }

    public static boolean isClean(String value) {
        return value.codePoints().noneMatch(TextRules::isForbidden);
    }

    /** See {@link CleanText#secret()}: controls (NUL included), format characters and lone surrogates. */
    public static boolean isUsableSecret(String value) {
        return value.codePoints().map(Character::getType).noneMatch(type -> type == Character.CONTROL
                || type == Character.FORMAT || type == Character.SURROGATE);
    }

    /** A lone surrogate comes out of {@link String#codePoints()} as itself, category Cs. */
    static boolean isForbidden(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE -> true;
            default -> isInvisibleFiller(codePoint);
        };
    }

    private static boolean isInvisibleFiller(int c) {
        return c == 0x034F                        // combining grapheme joiner (Mn)
                || c == 0x115F || c == 0x1160     // Hangul choseong and jungseong fillers (Lo)
                || c == 0x3164 || c == 0xFFA0     // Hangul filler and its halfwidth form (Lo)
                || c == 0x2800                    // Braille pattern blank (So)
                || c == 0x17B4 || c == 0x17B5     // Khmer inherent vowels (Mn)
                || (c >= 0x180B && c <= 0x180F)   // Mongolian variation selectors (Mn; U+180E is Cf)
                || (c >= 0xFE00 && c <= 0xFE0F)   // variation selectors (Mn)
                || (c >= 0xE0100 && c <= 0xE01EF); // variation selectors supplement (Mn)
    }
}
