package dev.opad.worker.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opad.worker.quality.ArticleText.Block;
import dev.opad.worker.quality.ArticleText.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArticleTextTest {

    @Test
    void blocksAreSortedAndFreedOfMarkup() {
        ArticleText article = ArticleText.parse("""
                # Energy *prices*

                *Source: a text supplied by the reader*

                > *Demo article: composed by opad's offline demo model from templates.*

                ## Why it matters

                Prices rose **sharply** in [many countries](https://example.org/prices),
                and `families` pay more.
                ---

                - gas
                - electricity
                > "We will cope," a mayor said.

                ```json
                {"title": "x"}
                ```
                """);

        List<Kind> kinds = article.blocks().stream().map(Block::kind).toList();
        assertEquals(List.of(Kind.TITLE, Kind.SOURCE_LINE, Kind.NOTICE, Kind.HEADING, Kind.PARAGRAPH, Kind.LIST, Kind.QUOTE,
                Kind.CODE), kinds);
        assertEquals("Energy prices", article.blocks().get(0).text());
        assertEquals("Prices rose sharply in many countries, and pay more. ---", article.blocks().get(4).text());
        assertEquals(9, article.blocks().get(4).firstLine());
        assertEquals(3, article.blocks().get(7).rawLines().size());
        assertEquals("""
                Energy prices
                Why it matters
                Prices rose sharply in many countries, and pay more. ---
                gas electricity
                "We will cope," a mayor said.""", article.readableText());
    }
}
