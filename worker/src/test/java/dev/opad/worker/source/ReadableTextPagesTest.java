package dev.opad.worker.source;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Real pages, saved by Mozilla for Readability's tests (see src/test/resources/source-pages/README.md):
 * the article's paragraphs must come through whole, the page's menus, footers, cookie banners and
 * scripts must not. Each page declares its charset only in a {@code <meta>}, as the fetcher passes it
 * no header charset here.
 */
class ReadableTextPagesTest {

    @Test
    void aBlogPostWithACookieNotice() throws IOException {
        ReadableText.Extract page = page("links-in-tables");

        assertEquals(Optional.of("Saving Data: Reducing the size of App Updates by 65% | Android Developers Blog"), page.title());
        assertParagraphs(page, "Saving Data: Reducing the size of App Updates by 65%",
                "Posted by Andrew Hayden, Software Engineer on Google Play",
                "Android users are downloading tens of billions of apps and games on Google Play. We're also seeing "
                        + "developers update their apps frequently in order to provide users with great content, improve "
                        + "security, and enhance the overall user experience. It takes a lot of data to download these "
                        + "updates and we know users care about how much data their devices are using. Earlier this year, "
                        + "we announced that we started using the bsdiff algorithm (by Colin Percival). Using bsdiff, we "
                        + "were able to reduce the size of app updates on average by 47% compared to the full APK size.");
        assertTrue(page.text().contains("a new approach that goes further \u2014 File-by-File patching."), page.text());
        assertAbsent(page, "Deze site gebruikt cookies", "Powered by Blogger", "Links to this post", "_WidgetManager",
                "window[");
    }

    @Test
    void aNewsArticleBehindAConsentDialog() throws IOException {
        ReadableText.Extract page = page("medicalnewstoday");

        assertEquals(Optional.of("How does the brain turn unconscious information into conscious thought?"), page.title());
        assertParagraphs(page, "How does the brain turn unconscious information into conscious thought?", "By Ana Sandoiu",
                "Many of us have noticed that we seem to get our best ideas when we're in the shower, or that we can find "
                        + "the answer to a difficult question when we least think about it.",
                "The hypothesis");
        assertAbsent(page, "Please accept our privacy terms", "We use cookies", "Top categories", "Advertise with MNT",
                "Log in or sign up", "googletag");
    }

    @Test
    void aGermanNewsItemInsideAPortal() throws IOException {
        ReadableText.Extract page = page("heise");

        assertEquals(Optional.of("1Password f\u00fcr Mac generiert Einmal-Passw\u00f6rter | Mac & i"), page.title());
        assertParagraphs(page, "1Password f\u00fcr Mac generiert Einmal-Passw\u00f6rter",
                "1Password kostet aktuell knapp 50 Euro im Mac App Store und setzt in seiner aktuellen Version mindestens "
                        + "OS X 10.10 voraus. (bsc)");
        assertTrue(page.text().contains("AgileBits hat Version 5.3 seines bekannten Passwortmanagers 1Password f\u00fcr OS X "
                + "freigegeben."), page.text());
        assertAbsent(page, "7-Tage-News", "News-Archiv", "Mac & i > News", "Impressum", "Datenschutzhinweis",
                "Copyright \u00a9 2015 Heise Medien", "polling-uri");
    }

    @Test
    void aFrenchArticleWithNoBreakSpaces() throws IOException {
        ReadableText.Extract page = page("lemonde-1");

        assertEquals(Optional.of("Le projet de loi sur le renseignement massivement approuv\u00e9 \u00e0 l'Assembl\u00e9e"),
                page.title());
        assertParagraphs(page, "Le projet de loi sur le renseignement massivement approuv\u00e9 \u00e0 l'Assembl\u00e9e",
                "Retour sur ses principales dispositions, apr\u00e8s son passage en commission des lois et apr\u00e8s le "
                        + "d\u00e9bat en s\u00e9ance publique.",
                "D\u00e9finition des objectifs des services");
        // &nbsp; is a space to a reader, and collapses like one.
        assertTrue(page.text().contains("lors d\u2019un vote solennel, mardi 5 mai. Il sera d\u00e9sormais examin\u00e9"),
                page.text());
        assertTrue(page.text().contains("un \u00ab m\u00e9morandum argument\u00e9 \u00bb au Conseil constitutionnel"), page.text());
        assertAbsent(page, "utilisation de cookies", "Mentions l\u00e9gales", "Recevez nos newsletters", "Index actualit\u00e9",
                "require([");
    }

    private static void assertParagraphs(ReadableText.Extract page, String... paragraphs) {
        List<String> all = Arrays.asList(page.text().split("\n\n"));
        assertAll(Arrays.stream(paragraphs).map(p -> () -> assertTrue(all.contains(p), "no paragraph \"" + p + "\" in:\n"
                + page.text())));
    }

    private static void assertAbsent(ReadableText.Extract page, String... texts) {
        List<String> everywhere = List.of(texts);
        assertAll(everywhere.stream().map(t -> () -> assertFalse(page.text().contains(t), "\"" + t + "\" is in:\n" + page.text())));
        assertAll(List.of("&amp;", "&nbsp;", "&quot;", "&lt;", "function(", "</").stream()
                .map(t -> () -> assertFalse(page.text().contains(t), "markup \"" + t + "\" is in:\n" + page.text())));
    }

    private static ReadableText.Extract page(String name) throws IOException {
        try (InputStream in = ReadableTextPagesTest.class.getResourceAsStream("/source-pages/" + name + ".html")) {
            return ReadableText.fromHtml(in.readAllBytes(), Optional.empty());
        }
    }
}
