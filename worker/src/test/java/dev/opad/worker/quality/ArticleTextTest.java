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

        // "---" under a paragraph makes it a setext heading, as the reader shows it.
        List<Kind> kinds = article.blocks().stream().map(Block::kind).toList();
        assertEquals(List.of(Kind.TITLE, Kind.SOURCE_LINE, Kind.NOTICE, Kind.HEADING, Kind.HEADING, Kind.LIST, Kind.QUOTE,
                Kind.CODE), kinds);
        assertEquals("Energy prices", article.blocks().get(0).text());
        assertEquals("Prices rose sharply in many countries, and pay more.", article.blocks().get(4).text());
        assertEquals(9, article.blocks().get(4).firstLine());
        assertEquals(3, article.blocks().get(4).rawLines().size());
        assertEquals(3, article.blocks().get(7).rawLines().size());
        assertEquals("""
                Energy prices
                Why it matters
                Prices rose sharply in many countries, and pay more.
                gas electricity
                "We will cope," a mayor said.""", article.readableText());
    }

    @Test
    void setextHeadingsAreTitlesAndHeadings() {
        ArticleText article = ArticleText.parse("""
                Energy prices
                =============

                Why it matters
                --------------

                Prices rose sharply in many countries, and families pay more.
                """);

        assertEquals(List.of(new Block(Kind.TITLE, 1, List.of("Energy prices", "============="), "Energy prices"),
                new Block(Kind.HEADING, 4, List.of("Why it matters", "--------------"), "Why it matters"),
                new Block(Kind.PARAGRAPH, 7, List.of("Prices rose sharply in many countries, and families pay more."),
                        "Prices rose sharply in many countries, and families pay more.")), article.blocks());
    }

    @Test
    void aListIsOneBlockWithItsLooseItemsNestedListsAndContinuations() {
        ArticleText article = ArticleText.parse("""
                1) Gas *costs* more.

                2) Electricity too:
                   - at home
                   - at work
                  and at school.

                Prices rose in
                2024. Then they fell. A number after a line of prose does not start a list.
                """);

        assertEquals(List.of(Kind.LIST, Kind.PARAGRAPH), article.blocks().stream().map(Block::kind).toList());
        assertEquals("Gas costs more. Electricity too: at home at work and at school.", article.blocks().get(0).text());
        assertEquals(6, article.blocks().get(0).rawLines().size());
        assertEquals(8, article.blocks().get(1).firstLine());
        assertEquals("Prices rose in 2024. Then they fell. A number after a line of prose does not start a list.",
                article.blocks().get(1).text());
    }

    @Test
    void aQuoteIsOneBlockWithLazyLinesNestedQuotesAndLists() {
        ArticleText article = ArticleText.parse("""
                > "We will cope," a mayor said,
                "as we always have."
                > > Said before.
                >
                > - first
                > - second

                > *Demo article: composed by opad's offline demo model from templates.*
                """);

        assertEquals(List.of(Kind.QUOTE, Kind.NOTICE), article.blocks().stream().map(Block::kind).toList());
        assertEquals("\"We will cope,\" a mayor said, \"as we always have.\" Said before. first second",
                article.blocks().get(0).text());
        assertEquals(6, article.blocks().get(0).rawLines().size());
        assertEquals("\"We will cope,\" a mayor said, \"as we always have.\" Said before. first second",
                article.readableText());
    }

    @Test
    void inlineMarkupIsTextAsTheReaderShowsIt() {
        assertEquals("bold, italic, a link, html, *not emphasis*, snake_case, 2 * 3 & AT&T, and",
                ArticleText.plain("**bold**, _italic_, [a link](https://example.org), <span>html</span>, \\*not emphasis\\*, "
                        + "snake_case, 2 * 3 &amp; AT&T, ![a picture](x.png)`code`and https://example.org/page"));
        // A line or an example is inline text, whatever it starts with.
        assertEquals("2024. The year # began", ArticleText.plain("2024. The year # *began*"));
        assertEquals("- # > item", ArticleText.plain("- # > item"));
    }

    @Test
    void codeBlocksFencedOrIndentedAreCode() {
        ArticleText article = ArticleText.parse("""
                A paragraph of prose before the code.

                    indented code

                ~~~
                fenced
                ~~~
                """);

        assertEquals(List.of(Kind.PARAGRAPH, Kind.CODE, Kind.CODE), article.blocks().stream().map(Block::kind).toList());
        assertEquals(List.of("~~~", "fenced", "~~~"), article.blocks().get(2).rawLines());
        assertEquals("A paragraph of prose before the code.", article.readableText());
    }
}
