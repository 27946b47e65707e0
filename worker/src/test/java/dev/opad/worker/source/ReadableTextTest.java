package dev.opad.worker.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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
        assertEquals("\u00e9 \u00e9 \u2014 & \ud83d\ude00 &bogus; & \ufffd",
                text("&eacute; &#233; &mdash; &amp; &#x1F600; &bogus; &amp &#0;"));
    }

    @Test
    void decodesEveryNamedReferenceOfHtml() {
        assertEquals("\u010cesk\u00e1 republika, \u010de\u0161tina \u2192 \u2665 \u215e",
                text("&Ccaron;esk&aacute; republika, &ccaron;e&scaron;tina &rarr; &hearts; &frac78;"));
    }

    @Test
    void decodesTheLegacyReferencesWrittenWithoutASemicolon() {
        assertEquals("AT&T & Co \u00a9 2024, caf\u00e9 \u00e0 la carte", text("AT&T &amp Co &copy 2024, caf&eacute &agrave la carte"));
    }

    @Test
    void leavesOutWhatTheBrowserDoesNotShow() {
        assertEquals("Shown.\n\nFound by searching.", text("<p hidden>a</p><p aria-hidden=\"true\">b</p>"
                + "<p style=\"color: red; display : none\">c</p><div style=\"VISIBILITY:hidden\"><p>d</p></div>"
                + "<p style=\"display:block\">Shown.</p><p hidden=\"until-found\">Found by searching.</p>"));
    }

    @Test
    void leavesOutCookieAndConsentBanners() {
        assertEquals("The article's own words, which are what a reader came for.", text("<div id=\"cookie-notice\"><p>We use "
                + "cookies.</p><button>OK</button></div><div class=\"gdpr-overlay\">Your privacy matters</div>"
                + "<section class=\"Consent\"><p>Accept all</p></section><div id=\"onetrust-banner-sdk\">Vendors</div>"
                + "<div role=\"dialog\" aria-modal=\"true\">Subscribe to our newsletter</div>"
                + "<p>The article's own words, which are what a reader came for.</p>"));
    }

    @Test
    void aBannerNameOnTheWrapperOfThePageDoesNotTakeThePageWithIt() {
        assertEquals("Headline\n\nBody.", text("<body class=\"cookie-consent-pending\"><div id=\"page\" "
                + "class=\"has-cookie-banner\"><h1>Headline</h1><p>Body.</p></div><div class=\"cookie-bar\">Accept</div></body>"));
        assertEquals("A long paragraph that holds nearly all of the page's words.", text("<div aria-hidden=\"true\">"
                + "<p>A long paragraph that holds nearly all of the page's words.</p></div><p aria-hidden=\"true\">icon</p>"));
    }

    @Test
    void aPagesHeaderGoesAnArticlesHeaderStays() {
        assertEquals("Headline\n\nBy Ada\n\nText.", text("<header><a href=/>Home</a> Site name</header><article><header>"
                + "<h1>Headline</h1><p>By Ada</p></header><p>Text.</p></article>"));
    }

    @Test
    void leavesOutFurnitureNamedInOldStyleMarkup() {
        assertEquals("Opinion.", text("<div id=\"footer\">Imprint</div><ul class=\"navi_main\"><li>Home</li></ul>"
                + "<div class=\"sidebar-left\">More</div><div id=\"breadcrumb\">Home &gt; News</div>"
                + "<div class=\"commentary\"><p>Opinion.</p></div><div id=\"comments\">First!</div>"));
    }

    @Test
    void readsTheCharsetAMetaElementDeclares() {
        byte[] latin2 = "<html><head><meta charset=\"iso-8859-2\"><title>\u010ce\u0161tina</title></head><p>\u0158\u00ed\u010d\u00e1rd"
                .getBytes(Charset.forName("ISO-8859-2"));
        assertEquals(new ReadableText.Extract(Optional.of("\u010ce\u0161tina"), "\u0158\u00ed\u010d\u00e1rd"),
                ReadableText.fromHtml(latin2, Optional.empty()));
        byte[] cp1252 = ("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
                + "<p>\u201cQuoted\u201d \u20ac5</p>").getBytes(Charset.forName("windows-1252"));
        assertEquals("\u201cQuoted\u201d \u20ac5", ReadableText.fromHtml(cp1252, Optional.empty()).text());
    }

    @Test
    void theHeadersCharsetBeatsTheMetaElementAndTheByteOrderMarkBeatsBoth() {
        byte[] latin2 = "<meta charset=\"utf-8\"><p>\u0158\u00ed\u010d\u00e1rd".getBytes(Charset.forName("ISO-8859-2"));
        assertEquals("\u0158\u00ed\u010d\u00e1rd", ReadableText.fromHtml(latin2, Optional.of(Charset.forName("ISO-8859-2"))).text());
        byte[] utf8 = "\ufeff<meta charset=\"iso-8859-1\"><p>\u0158\u00ed\u010d\u00e1rd".getBytes(StandardCharsets.UTF_8);
        assertEquals("\u0158\u00ed\u010d\u00e1rd", ReadableText.fromHtml(utf8, Optional.of(StandardCharsets.ISO_8859_1)).text());
    }

    @Test
    void withoutAnyDeclarationThePageIsUtf8() {
        byte[] utf8 = "<p>\u0158\u00ed\u010d\u00e1rd \ud83d\ude00</p>".getBytes(StandardCharsets.UTF_8);
        assertEquals("\u0158\u00ed\u010d\u00e1rd \ud83d\ude00", ReadableText.fromHtml(utf8, Optional.empty()).text());
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
