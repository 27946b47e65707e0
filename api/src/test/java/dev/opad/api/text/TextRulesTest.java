package dev.opad.api.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The clean-text rule, category by category, and the characters that got past its first version. */
class TextRulesTest {

    /** Character.getType's constants for Cc, Cf, Zl, Zp, Co, Cn, Cs. */
    @ParameterizedTest(name = "every code point of category {0} is refused")
    @ValueSource(bytes = {Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
        Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE})
    void everyCodePointOfAForbiddenCategoryIsRefused(byte category) {
        List<Integer> members = IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
                .filter(c -> Character.getType(c) == category).boxed().toList();
        assertFalse(members.isEmpty());
        List<String> accepted = members.stream().filter(c -> TextRules.isClean("a" + Character.toString(c) + "b"))
                .map(c -> "U+%04X".formatted(c)).toList();
        assertEquals(List.of(), accepted, members.size() + " code points in category " + category);
    }

    /** What the review found getting in, and the tag block, which a model reads and a person cannot see. */
    @ParameterizedTest(name = "U+{0} is refused")
    @ValueSource(strings = {"061C", "2028", "2029", "180E", "3164", "115F", "1160", "FFA0", "00AD", "034F", "FE0F",
        "FE00", "180B", "E0100", "2800", "17B4", "E0000", "E0001", "E0041", "E007F", "E000", "F0000", "FFFE", "FFFF",
        "200B", "202E", "2066", "FEFF", "0000", "0085"})
    void theCharactersTheReviewFoundAreRefused(String hex) {
        int c = Integer.parseInt(hex, 16);
        assertFalse(TextRules.isClean("energy" + Character.toString(c) + "prices"), "U+" + hex);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Energiepreise in Europa", "Ünïcödé façade", "日本語のテキスト", "한국어 문장",
        "العربية الفصحى", "עברית", "नमस्ते दुनिया", "e\u0301te\u0301", "emoji 😀 and 🌍", "price\u00A0€ 5",
        "Ελληνικά", "Кириллица", "math ∑ ≤ ∞", "ideographic\u3000space"})
    void textPeopleTypeIsAccepted(String text) {
        assertTrue(TextRules.isClean(text), text);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\uD800", "\uDC00", "x\uD83Dy", "\uDE00\uD83D"})
    void brokenSurrogatePairsAreRefused(String text) {
        assertFalse(TextRules.isClean(text));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ich \u2764\uFE0F dich, lange genug", "passphrase with \u2800 braille blank", "soft\u00A0space 12345"})
    void aSecretMayHoldWhatOnlyLooksOdd(String secret) {
        assertTrue(TextRules.isUsableSecret(secret), secret);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nul\u0000inside", "rtl\u202Eoverride", "zero\u200Bwidth", "broken \uD800 pair"})
    void aSecretMayNotHoldControlsFormatCharactersOrBrokenPairs(String secret) {
        assertFalse(TextRules.isUsableSecret(secret), secret);
    }
}
