package dev.opad.worker.quality;

import dev.opad.article.Language;
import java.util.regex.Pattern;

/**
 * Words as a learner would count them, for any of opad's languages.
 * <ul>
 * <li>Languages written with spaces count runs of letters or digits, as
 * {@link dev.opad.worker.crew.MarkdownText#wordCount} does ("l'école" and "well-known" are one word).</li>
 * <li>Korean counts eojeol, the space-separated units Korean word processors count as 단어: a noun and
 * its particle ("학교에") are one unit. Hangul syllables are letters, so the same rule does it.</li>
 * <li>Chinese and Japanese have no spaces, so their characters (Han, kana, and the marks ー and 々)
 * are counted and divided by the usual characters per word: 1.5 for Chinese, whose words are
 * mostly one or two characters, and 2 for Japanese, whose kana endings and particles make
 * words longer. Any Latin words or numbers among them count as words.</li>
 * </ul>
 */
final class WordCount {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");
    private static final Pattern CJK = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}ー々]");
    private static final double CHINESE_CHARACTERS_PER_WORD = 1.5;
    private static final double JAPANESE_CHARACTERS_PER_WORD = 2.0;

    private WordCount() {
    }

    static int of(String plainText, Language language) {
        long characters = CJK.matcher(plainText).results().count();
        if (characters == 0) {
            return (int) WORD.matcher(plainText).results().count();
        }
        double perWord = language == Language.JAPANESE ? JAPANESE_CHARACTERS_PER_WORD : CHINESE_CHARACTERS_PER_WORD;
        long otherWords = WORD.matcher(CJK.matcher(plainText).replaceAll(" ")).results().count();
        return (int) Math.round(characters / perWord) + (int) otherWords;
    }
}
