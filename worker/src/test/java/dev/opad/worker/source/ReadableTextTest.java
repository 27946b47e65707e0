package dev.opad.worker.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadableTextTest {

    @Test
    void keepsParagraphsAndDropsTags() {
        assertEquals("One two.\n\nThree\nfour.", text("<div>One <em>two</em>.</div><p>Three<br>four.</p>"));
    }

    @Test
    void dropsPageFurnitureEvenWhenNested() {
        assertEquals("Body text.", text("<nav><ul><li><nav>x</nav>Menu</li></ul></nav><footer><div>Imprint</div></footer>"
                + "<form><input name=q><button>Search</button></form><p>Body text.</p><aside>Ad</aside>"));
    }

    @Test
    void rawTextElementsCannotCloseAnythingElse() {
        assertEquals("Kept.", text("<script>if (a < b && c > d) { x = '</p><nav>'; }</script>"
                + "<style>p::after { content: '</style' }</style><p>Kept.</p>"));
    }

    @Test
    void anUnclosedHeadEndsAtTheBody() {
        assertEquals(new ReadableText.Extract(Optional.of("T"), "Hello"),
                ReadableText.fromHtml("<html><head><title>T</title><body><p>Hello"));
    }

    @Test
    void aTitleInsideAnSvgIsNotThePageTitle() {
        assertEquals(Optional.empty(), ReadableText.fromHtml("<svg><title>icon</title></svg><p>x</p>").title());
    }

    @Test
    void aLoneLessThanSignIsText() {
        assertEquals("a < b and c <= d", text("a < b and c <= d"));
    }

    @Test
    void quotedAttributesMayHoldAngleBrackets() {
        assertEquals("Link text", text("<a title=\"x > y\" href='/a>b'>Link text</a>"));
    }

    @Test
    void decodesNumericAndNamedReferencesAndLeavesUnknownOnesAlone() {
        assertEquals("\u00e9 \u00e9 \u2014 & \ud83d\ude00 &bogus; &amp \ufffd",
                text("&eacute; &#233; &mdash; &amp; &#x1F600; &bogus; &amp &#0;"));
    }

    @Test
    void tablesReadAsLinesOfCells() {
        assertEquals("Name Age\n\nAda 36", text("<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ada</td><td>36</td></tr></table>"));
    }

    @Test
    void emptyListItemsLeaveNoMarkers() {
        assertEquals("- a\n- c", text("<ul><li>a</li><li><nav>b</nav></li><li>c</li></ul>"));
    }

    @Test
    void plainTextKeepsItsLines() {
        assertEquals("a\nb\n\nc", ReadableText.fromPlainText("a  \r\nb\r\r\r\nc\n\n"));
    }

    @Test
    void cutsAtAParagraphThenAWordThenAnywhere() {
        assertEquals("aaaa aaaa", ReadableText.cut("aaaa aaaa\n\nbbbb", 12));
        assertEquals("aaaa bbbb", ReadableText.cut("aaaa bbbb cccc", 12));
        assertEquals("abcdefghij", ReadableText.cut("abcdefghijklmnop", 10));
        assertEquals("abcdefghi", ReadableText.cut("abcdefghi\ud83d\ude00xyz", 10));
        assertEquals("short", ReadableText.cut("short", 10));
    }

    private static String text(String html) {
        return ReadableText.fromHtml(html).text();
    }
}
