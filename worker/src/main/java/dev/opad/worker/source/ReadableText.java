package dev.opad.worker.source;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words a reader sees on a web page, as plain paragraphs: what the research stage reads from a
 * user's source. A small forgiving scanner rather than an HTML parser, because opad needs the prose,
 * not the tree: scripts, styles, navigation, headers, footers, asides, forms and the document head go;
 * tags become paragraph breaks or nothing; character references are decoded; whitespace is collapsed.
 */
final class ReadableText {

    /** The page's words, and its {@code <title>} when it has one. */
    record Extract(Optional<String> title, String text) {
    }

    /** Content that is never prose; for the raw-text ones the scanner jumps straight to the closing tag. */
    private static final Set<String> RAW_TEXT = Set.of("script", "style", "title", "textarea", "xmp", "noembed", "noframes");

    /** Elements whose whole content is left out: page furniture, not the article. */
    private static final Set<String> LEFT_OUT = Set.of("head", "nav", "header", "footer", "aside", "form", "button",
            "select", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "dialog", "menu");

    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "blockquote", "pre",
            "ul", "ol", "dl", "dt", "dd", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "figure",
            "figcaption", "address", "details", "summary", "caption", "body", "html", "center");

    private static final Set<String> CELLS = Set.of("td", "th");

    private ReadableText() {
    }

    static Extract fromHtml(String html) {
        return new Scanner(html).scan();
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

    private static final class Scanner {

        private final String html;
        private final int length;
        private final Paragraphs out = new Paragraphs();
        /** Open left-out elements, innermost last; text is kept only while this is empty. */
        private final java.util.ArrayList<String> leftOut = new java.util.ArrayList<>();
        private String title;
        private int pos;

        Scanner(String html) {
            this.html = html;
            this.length = html.length();
        }

        Extract scan() {
            while (pos < length) {
                int lt = html.indexOf('<', pos);
                if (lt < 0) {
                    text(pos, length);
                    break;
                }
                text(pos, lt);
                pos = lt;
                markup();
            }
            return new Extract(Optional.ofNullable(title).filter(t -> !t.isBlank()), out.toString());
        }

        private void text(int from, int to) {
            if (from < to && leftOut.isEmpty()) {
                out.text(Entities.decode(html.substring(from, to)));
            }
        }

        /** At a {@code <}: a comment, a declaration, a tag, or just a less-than sign. */
        private void markup() {
            if (html.startsWith("<!--", pos)) {
                pos = skipPast("-->", pos + 4);
            } else if (html.startsWith("<![CDATA[", pos)) {
                int end = html.indexOf("]]>", pos + 9);
                int stop = end < 0 ? length : end;
                if (leftOut.isEmpty()) {
                    out.text(html.substring(pos + 9, stop));
                }
                pos = end < 0 ? length : end + 3;
            } else if (html.startsWith("<!", pos) || html.startsWith("<?", pos)) {
                pos = skipPast(">", pos + 2);
            } else {
                tag();
            }
        }

        private void tag() {
            int start = pos + 1;
            boolean closing = start < length && html.charAt(start) == '/';
            int nameStart = closing ? start + 1 : start;
            int nameEnd = nameStart;
            while (nameEnd < length && isNameChar(html.charAt(nameEnd), nameEnd == nameStart)) {
                nameEnd++;
            }
            if (nameEnd == nameStart) {
                // "a < b" or "</ >": not a tag, so the sign is text.
                if (leftOut.isEmpty()) {
                    out.text("<");
                }
                pos++;
                return;
            }
            String name = html.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT);
            int end = tagEnd(nameEnd);
            boolean selfClosing = end > 0 && html.charAt(end - 1) == '/';
            pos = end + 1;
            if (closing) {
                closeTag(name);
            } else {
                openTag(name, selfClosing);
            }
        }

        private void openTag(String name, boolean selfClosing) {
            if (RAW_TEXT.contains(name)) {
                int close = endTagOf(name, pos);
                int stop = close < 0 ? length : close;
                boolean inHead = leftOut.isEmpty() || leftOut.equals(java.util.List.of("head"));
                if (name.equals("title") && title == null && inHead) {
                    title = Paragraphs.collapse(Entities.decode(html.substring(pos, stop)));
                }
                pos = close < 0 ? length : tagEnd(close + 2 + name.length()) + 1;
                return;
            }
            if (name.equals("body")) {
                // The head ends where the body starts, whether or not anyone wrote </head>.
                leftOut.remove("head");
            }
            if (LEFT_OUT.contains(name)) {
                if (!selfClosing) {
                    leftOut.add(name);
                }
                return;
            }
            if (!leftOut.isEmpty()) {
                return;
            }
            if (name.equals("br")) {
                out.lineBreak();
            } else if (name.equals("li")) {
                out.lineBreak();
                out.marker("- ");
            } else if (BLOCKS.contains(name)) {
                out.paragraphBreak();
            } else if (CELLS.contains(name)) {
                out.space();
            } else if (name.equals("img")) {
                out.space();
            }
        }

        private void closeTag(String name) {
            int open = leftOut.lastIndexOf(name);
            if (open >= 0) {
                // Closing an outer element closes whatever was left open inside it.
                leftOut.subList(open, leftOut.size()).clear();
                return;
            }
            if (!leftOut.isEmpty()) {
                return;
            }
            if (name.equals("li")) {
                out.endItem();
                out.lineBreak();
            } else if (BLOCKS.contains(name)) {
                out.paragraphBreak();
            } else if (CELLS.contains(name)) {
                out.space();
            }
        }

        /** The index of the {@code >} that ends the tag, skipping quoted attribute values; the end of input if none. */
        private int tagEnd(int from) {
            char quote = 0;
            for (int i = from; i < length; i++) {
                char c = html.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    return i;
                }
            }
            return length;
        }

        private int skipPast(String marker, int from) {
            int end = html.indexOf(marker, from);
            return end < 0 ? length : end + marker.length();
        }

        /** Where {@code </name} really ends the raw text: followed by a space, {@code /}, {@code >} or the end. */
        private int endTagOf(String name, int from) {
            String needle = "</" + name;
            for (int i = from; i <= length - needle.length(); i++) {
                if (html.regionMatches(true, i, needle, 0, needle.length())) {
                    int after = i + needle.length();
                    if (after == length || " \t\n\r\f/>".indexOf(html.charAt(after)) >= 0) {
                        return i;
                    }
                }
            }
            return -1;
        }

        private static boolean isNameChar(char c, boolean first) {
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            return first ? letter : letter || c >= '0' && c <= '9' || c == '-' || c == ':' || c == '_';
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

    /** Character references: numeric ones, and the named ones prose actually uses (all of Latin-1 and typography). */
    static final class Entities {

        private static final Map<String, Integer> NAMED = named();

        private Entities() {
        }

        static String decode(String text) {
            int amp = text.indexOf('&');
            if (amp < 0) {
                return text;
            }
            StringBuilder out = new StringBuilder(text.length());
            int pos = 0;
            while (amp >= 0) {
                out.append(text, pos, amp);
                int semicolon = text.indexOf(';', amp + 1);
                int decodedUntil = -1;
                if (semicolon > amp + 1 && semicolon - amp <= 12) {
                    String name = text.substring(amp + 1, semicolon);
                    int codePoint = name.startsWith("#") ? numeric(name.substring(1)) : NAMED.getOrDefault(name, -1);
                    if (codePoint >= 0) {
                        out.appendCodePoint(codePoint);
                        decodedUntil = semicolon + 1;
                    }
                }
                if (decodedUntil < 0) {
                    out.append('&');
                    decodedUntil = amp + 1;
                }
                pos = decodedUntil;
                amp = text.indexOf('&', pos);
            }
            out.append(text, pos, text.length());
            return out.toString();
        }

        /** @return the code point, U+FFFD for one that is not a character, or -1 if this is not a number */
        private static int numeric(String digits) {
            boolean hex = digits.startsWith("x") || digits.startsWith("X");
            String number = hex ? digits.substring(1) : digits;
            if (number.isEmpty() || number.length() > 8) {
                return -1;
            }
            int value;
            try {
                value = Integer.parseInt(number, hex ? 16 : 10);
            } catch (NumberFormatException e) {
                return -1;
            }
            if (value == 0 || value > Character.MAX_CODE_POINT || value >= 0xd800 && value <= 0xdfff) {
                return 0xfffd;
            }
            return value;
        }

        private static Map<String, Integer> named() {
            Map<String, Integer> named = new HashMap<>();
            String[] latin1 = ("nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr "
                    + "deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest "
                    + "Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc "
                    + "Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute "
                    + "THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave "
                    + "iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc "
                    + "uuml yacute thorn yuml").split(" ");
            for (int i = 0; i < latin1.length; i++) {
                named.put(latin1[i], 0xa0 + i);
            }
            Object[] more = {
                    "amp", '&', "lt", '<', "gt", '>', "quot", '"', "apos", '\'',
                    "ndash", 0x2013, "mdash", 0x2014, "lsquo", 0x2018, "rsquo", 0x2019, "sbquo", 0x201a,
                    "ldquo", 0x201c, "rdquo", 0x201d, "bdquo", 0x201e, "hellip", 0x2026, "bull", 0x2022,
                    "prime", 0x2032, "Prime", 0x2033, "lsaquo", 0x2039, "rsaquo", 0x203a, "euro", 0x20ac,
                    "trade", 0x2122, "larr", 0x2190, "rarr", 0x2192, "uarr", 0x2191, "darr", 0x2193,
                    "minus", 0x2212, "le", 0x2264, "ge", 0x2265, "ne", 0x2260, "asymp", 0x2248, "infin", 0x221e,
                    "dagger", 0x2020, "Dagger", 0x2021, "permil", 0x2030, "thinsp", 0x2009, "ensp", 0x2002,
                    "emsp", 0x2003, "zwnj", 0x200c, "zwj", 0x200d, "lrm", 0x200e, "rlm", 0x200f,
                    "OElig", 0x152, "oelig", 0x153, "Scaron", 0x160, "scaron", 0x161, "Yuml", 0x178,
                    "fnof", 0x192, "circ", 0x2c6, "tilde", 0x2dc,
            };
            for (int i = 0; i < more.length; i += 2) {
                Object value = more[i + 1];
                named.put((String) more[i], value instanceof Character c ? (int) c : (Integer) value);
            }
            return Map.copyOf(named);
        }
    }
}
