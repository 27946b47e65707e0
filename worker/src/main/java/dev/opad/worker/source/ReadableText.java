package dev.opad.worker.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeVisitor;
import org.jsoup.select.QueryParser;

/**
 * The words a reader sees on a web page, as plain paragraphs: what the research stage reads from a
 * user's source. jsoup parses the page as a browser would (charset, entities, broken markup); what is
 * ours is the choice of what a reader does not see or does not read as the page's text: scripts, styles,
 * navigation, page headers, footers, asides, forms, hidden elements and cookie or consent banners go;
 * block elements become paragraph breaks, list items lines, and whitespace is collapsed.
 *
 * <p>No main-content extraction (Readability and the like): a source may be any page, and cutting the
 * furniture keeps every paragraph the author wrote, where guessing the article can drop some.
 */
final class ReadableText {

    /** The page's words, and its {@code <title>} when it has one. */
    record Extract(Optional<String> title, String text) {
    }

    /** Never prose, or never the page's own prose: left out with everything inside. */
    private static final String LEFT_OUT = String.join(", ", "head", "script", "style", "title", "textarea", "xmp",
            "noembed", "noframes", "noscript", "template", "nav", "footer", "aside", "form", "button", "select",
            "input", "svg", "math", "iframe", "object", "canvas", "dialog", "menu", "[hidden]:not([hidden=until-found])");

    /** What assistive technology is told is furniture, or is hidden from it. */
    private static final String FURNITURE_ROLES = String.join(", ", "[aria-hidden=true]", "[role=navigation]",
            "[role=banner]", "[role=contentinfo]", "[role=complementary]", "[role=dialog]", "[role=alertdialog]",
            "[aria-modal=true]");

    private static final Evaluator FURNITURE_ROLE = QueryParser.parse(FURNITURE_ROLES);
    private static final Evaluator CANDIDATES = QueryParser.parse("header, [id], [class], " + FURNITURE_ROLES);
    private static final Evaluator ARTICLE = QueryParser.parse("article, main, [role=main]");
    private static final Evaluator ARTICLE_OR_HEADLINE = QueryParser.parse("article, main, [role=main], h1");

    private static final Pattern INVISIBLE_STYLE = Pattern.compile(
            "(?i)(^|[;\\s])(display\\s*:\\s*none|visibility\\s*:\\s*hidden)\\b");

    /**
     * Names sites and consent tools give their cookie, consent and other banners (OneTrust, Cookiebot,
     * Didomi, Usercentrics, Quantcast, Sourcepoint, TrustArc, Osano's cc-window, Complianz).
     */
    private static final Pattern BANNER_NAME = Pattern.compile(
            "(?i)cookie|consent|gdpr|banner|onetrust|didomi|usercentrics|qc-cmp|sp_message|truste|cc-window|cmplz");

    /** Names old-style markup gives navigation, footers, sidebars, comments and share buttons, as whole words. */
    private static final Pattern FURNITURE_NAME = Pattern.compile("(?i)(?<![a-z])(nav|navi|navigation|navbar|menu"
            + "|breadcrumbs?|footer|sidebar|comments?|related|share|sharing|social)(?![a-z])");

    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "blockquote", "pre",
            "ul", "ol", "dl", "dt", "dd", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "figure",
            "figcaption", "address", "details", "summary", "caption", "body", "html", "center", "header", "hgroup");

    private static final Set<String> CELLS = Set.of("td", "th", "img");

    private ReadableText() {
    }

    /**
     * Reads a page from its bytes: the charset is the byte order mark's, else {@code declared} (the
     * Content-Type header's), else a {@code <meta>} declaration's, else UTF-8.
     */
    static Extract fromHtml(byte[] body, Optional<Charset> declared) {
        try {
            return extract(Jsoup.parse(new ByteArrayInputStream(body), declared.map(Charset::name).orElse(null), ""));
        } catch (IOException e) {
            throw new UncheckedIOException("reading an in-memory page failed", e);
        }
    }

    /** Reads a page already decoded to text. */
    static Extract fromHtml(String html) {
        return extract(Jsoup.parse(html));
    }

    private static Extract extract(Document page) {
        Optional<String> title = Optional.of(Paragraphs.collapse(page.title())).filter(t -> !t.isEmpty());
        page.select(LEFT_OUT).remove();
        page.select("[style]").stream().filter(e -> INVISIBLE_STYLE.matcher(e.attr("style")).find()).forEach(Node::remove);
        Element body = page.body();
        int pageText = body.text().length();
        for (Element element : body.select(CANDIDATES)) {
            if (element.ownerDocument() != null && isFurniture(element) && !mayHoldTheArticle(element, pageText)) {
                element.remove();
            }
        }
        Paragraphs out = new Paragraphs();
        body.traverse(new Writer(out));
        return new Extract(title, out.toString());
    }

    /** A furniture role or name, or a page's header (an article's header holds its headline and byline). */
    private static boolean isFurniture(Element element) {
        String names = element.id() + " " + element.className();
        return element.is(FURNITURE_ROLE) || BANNER_NAME.matcher(names).find() || FURNITURE_NAME.matcher(names).find()
                || element.normalName().equals("header") && element.closest(ARTICLE) == null;
    }

    /**
     * Whether a likely piece of furniture may in fact hold the page's text: it contains the article or the
     * main part, or more than half the page's words, or, unless it is a page header (where the site's
     * name is often the top heading), the top heading. A class such as {@code has-cookie-banner} on a
     * wrapper must not take the whole page with it.
     */
    private static boolean mayHoldTheArticle(Element element, int pageText) {
        String name = element.normalName();
        return name.equals("body") || name.equals("html")
                || element.selectFirst(name.equals("header") ? ARTICLE : ARTICLE_OR_HEADLINE) != null
                || element.text().length() * 2 > pageText;
    }

    /** Plain text keeps its lines; only line endings, trailing spaces and runs of blank lines are tidied. */
    static String fromPlainText(String text) {
        String unified = text.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(unified.length());
        int blank = 0;
        for (String line : unified.split("\n", -1)) {
            String trimmed = line.stripTrailing();
            if (trimmed.isEmpty()) {
                blank++;
                continue;
            }
            if (!out.isEmpty()) {
                out.append(blank > 0 ? "\n\n" : "\n");
            }
            blank = 0;
            out.append(trimmed);
        }
        return out.toString();
    }

    /**
     * Cuts {@code text} to at most {@code max} characters, at a paragraph break if there is one in the last
     * fifth, else at a space, else anywhere that does not split a surrogate pair.
     */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int paragraph = text.lastIndexOf("\n\n", max);
        if (paragraph >= max * 4 / 5) {
            return text.substring(0, paragraph);
        }
        int space = text.lastIndexOf(' ', max);
        if (space >= max * 4 / 5) {
            return text.substring(0, space).stripTrailing();
        }
        int end = Character.isLowSurrogate(text.charAt(max)) ? max - 1 : max;
        return text.substring(0, end);
    }

    /** Walks what is left of the page, writing its text and the breaks its elements imply. */
    private record Writer(Paragraphs out) implements NodeVisitor {

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode text) {
                out.text(text.getWholeText());
            } else if (node instanceof Element element) {
                String name = element.normalName();
                if (name.equals("br")) {
                    out.lineBreak();
                } else if (name.equals("li")) {
                    out.lineBreak();
                    out.marker("- ");
                } else if (BLOCKS.contains(name)) {
                    out.paragraphBreak();
                } else if (CELLS.contains(name)) {
                    out.space();
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element) {
                String name = element.normalName();
                if (name.equals("li")) {
                    out.endItem();
                    out.lineBreak();
                } else if (BLOCKS.contains(name)) {
                    out.paragraphBreak();
                } else if (CELLS.contains(name)) {
                    out.space();
                }
            }
        }
    }

    /** Text with collapsed whitespace, split into paragraphs by blank lines. */
    private static final class Paragraphs {

        private final StringBuilder out = new StringBuilder();
        private boolean pendingSpace;
        /** A list item's marker, written with the item's first word so that an empty item leaves nothing. */
        private String pendingMarker;

        void text(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (isSpace(c)) {
                    pendingSpace = true;
                    continue;
                }
                if (pendingMarker != null) {
                    lineBreak();
                    out.append(pendingMarker);
                    pendingMarker = null;
                } else if (pendingSpace && !atLineStart()) {
                    out.append(' ');
                }
                pendingSpace = false;
                out.append(c);
            }
        }

        void space() {
            pendingSpace = true;
        }

        void marker(String marker) {
            pendingMarker = marker;
        }

        void endItem() {
            pendingMarker = null;
        }

        void lineBreak() {
            pendingSpace = false;
            trimTrailingSpaces();
            if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
        }

        void paragraphBreak() {
            pendingSpace = false;
            trimTrailingSpaces();
            if (out.isEmpty() || endsWith("\n\n")) {
                return;
            }
            out.append(out.charAt(out.length() - 1) == '\n' ? "\n" : "\n\n");
        }

        private boolean atLineStart() {
            return out.isEmpty() || out.charAt(out.length() - 1) == '\n';
        }

        private boolean endsWith(String suffix) {
            int from = out.length() - suffix.length();
            return from >= 0 && out.indexOf(suffix, from) == from;
        }

        private void trimTrailingSpaces() {
            while (!out.isEmpty() && out.charAt(out.length() - 1) == ' ') {
                out.setLength(out.length() - 1);
            }
        }

        @Override
        public String toString() {
            return out.toString().strip();
        }

        static String collapse(String text) {
            Paragraphs one = new Paragraphs();
            one.text(text);
            return one.toString();
        }

        /** HTML's whitespace, plus the no-break space a decoded {@code &nbsp;} becomes. */
        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u00a0';
        }
    }
}
