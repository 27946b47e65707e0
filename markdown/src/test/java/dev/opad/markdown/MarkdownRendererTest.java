package dev.opad.markdown;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkdownRendererTest {

    /** An on* attribute inside a tag, which is what would make a browser run it; escaped text is harmless. */
    private static final Pattern EVENT_HANDLER_ATTRIBUTE = Pattern.compile("<[a-z][^>]*\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

    private final MarkdownRenderer renderer = new MarkdownRenderer();

    @Test
    void rendersHeadingsParagraphsAndEmphasis() {
        String html = renderer.render("""
                # Energiepreise

                Die Preise sind **stark** gestiegen, sagt *man*.

                - Strom
                - Gas
                """);

        assertAll(
                () -> assertTrue(html.contains("<h1>Energiepreise</h1>"), html),
                () -> assertTrue(html.contains("<p>Die Preise sind <strong>stark</strong> gestiegen, sagt <em>man</em>.</p>"), html),
                () -> assertTrue(html.contains("<li>Strom</li>"), html));
    }

    @Test
    void escapesScriptBlocks() {
        String html = renderer.render("Hallo\n\n<script>alert(1)</script>\n\nTschüss <script>alert(2)</script>");

        assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the text stays readable: " + html);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<img src=x onerror=alert(1)>",
            "Text <img src=x onerror=alert(1)> inline",
            "<div onmouseover=\"alert(1)\">hover</div>",
            "<svg onload=alert(1)>",
            "![x](x\" onerror=\"alert(1))"})
    void leavesNoEventHandlerAttributes(String markdown) {
        String html = renderer.render(markdown);

        assertFalse(EVENT_HANDLER_ATTRIBUTE.matcher(html).find(), html);
        assertFalse(html.contains("<img src=x"), html);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](java\tscript:alert(1))",
            "[x]( javascript:alert(1))",
            "<javascript:alert(1)>",
            "[x][ref]\n\n[ref]: javascript:alert(1)",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "![x](javascript:alert(1))"})
    void neutralisesScriptUrls(String markdown) {
        String html = renderer.render(markdown).toLowerCase(Locale.ROOT);

        assertFalse(html.contains("href=\"javascript:"), html);
        assertFalse(html.contains("src=\"javascript:"), html);
        assertFalse(html.contains("href=\"data:"), html);
    }

    @Test
    void keepsOrdinaryLinksAndMarksThemExternal() {
        String html = renderer.render("[Quelle](https://example.org/strom?x=1&y=2)");

        assertTrue(html.contains("href=\"https://example.org/strom?x=1&amp;y=2\""), html);
        assertTrue(html.contains("rel=\"nofollow noopener noreferrer\""), html);
    }

    @Test
    void rendersNothingForMissingContent() {
        assertTrue(renderer.render(null).isEmpty());
    }
}
