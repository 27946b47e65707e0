package dev.opad.worker.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opad.article.Language;
import dev.opad.worker.crew.MarkdownText;
import org.junit.jupiter.api.Test;

class WordCountTest {

    @Test
    void spacedLanguagesCountWordsAsTheCrewDoes() {
        String french = "Aujourd'hui, l'école du quartier a ouvert une bibliothèque bien-aimée.";
        assertEquals(MarkdownText.wordCount(french), WordCount.of(french, Language.FRENCH));
        assertEquals(9, WordCount.of(french, Language.FRENCH));
        assertEquals(6, WordCount.of("Die Preise steigen seit 2022 wieder.", Language.GERMAN));
    }

    @Test
    void koreanCountsEojeol() {
        assertEquals(7, WordCount.of("서울에서는 초록색 자전거를 쉽게 볼 수 있습니다.", Language.KOREAN));
        assertEquals(4, WordCount.of("이 자전거의 이름은 '따릉이'입니다.", Language.KOREAN));
    }

    @Test
    void chineseCountsCharactersByOneAndAHalf() {
        // 30 Han characters (punctuation not counted) are 20 words.
        String chinese = "城市里的很多人每天早上坐公交车去上班，因为道路拥挤停车费也很贵。";
        assertEquals(20, WordCount.of(chinese, Language.CHINESE));
        assertEquals(20 + 2, WordCount.of(chinese + "Tesla Model", Language.CHINESE), "Latin words count as words");
    }

    @Test
    void japaneseCountsCharactersByTwo() {
        // 22 kanji and kana, "ー" included, are 11 words.
        assertEquals(11, WordCount.of("毎朝バスで通勤します。温かいコーヒーを飲みます。", Language.JAPANESE));
    }
}
