package dev.opad.worker.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The article as the gate reads it: its Markdown sorted line by line into blocks (title, headings,
 * paragraphs, quotes, lists, tables, code), each with its text free of markup. Models write simple
 * Markdown, so a line reader is enough and keeps the raw line numbers that findings quote. The demo
 * notice and the source line are labels on the article, not part of it: they are kept apart.
 */
final class ArticleText {

    enum Kind { TITLE, HEADING, PARAGRAPH, QUOTE, LIST, TABLE, CODE, NOTICE, SOURCE_LINE }

    /** One block; {@code firstLine} is 1-based, {@code rawLines} as written, {@code text} without markup. */
    record Block(Kind kind, int firstLine, List<String> rawLines, String text) {
    }

    /** What a reader reads as the article, in reading order. */
    static final Set<Kind> READABLE = Set.of(Kind.TITLE, Kind.HEADING, Kind.PARAGRAPH, Kind.QUOTE, Kind.LIST,
            Kind.TABLE);

    private static final Pattern FENCE = Pattern.compile("^(```|~~~).*");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})(?:\\s+(.*?))?\\s*#*\\s*$");
    private static final Pattern LIST_ITEM = Pattern.compile("^([-*+]|\\d{1,3}[.)])\\s+.*");
    private static final Pattern RULE = Pattern.compile("^([-*_])(\\s*\\1){2,}\\s*$");
    private static final String DEMO_NOTICE = "Demo article:";
    /** "Source:" as the crew writes it, and as a model may translate it. */
    private static final Pattern SOURCE_LABEL = Pattern.compile(
            "^(Sources?|Quellen?|Fuentes?|Fontes?|Fonti|Bronn?en|Bron|출처|出典|出处|来源|來源)\\s*[:：].*");

    private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern URL = Pattern.compile("<?https?://[^\\s>)]+>?");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][^>]*>");
    private static final Pattern ESCAPE = Pattern.compile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!>|])");
    private static final Pattern EMPHASIS = Pattern.compile("\\*{1,3}|(?<![\\p{L}\\p{N}])_{1,3}|_{1,3}(?![\\p{L}\\p{N}])|~~");
    private static final Pattern TABLE_PIPES = Pattern.compile("\\||^\\s*:?-{3,}:?\\s*$");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final List<Block> blocks;

    private ArticleText(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    static ArticleText parse(String markdown) {
        return new ArticleText(new Reader(markdown).read());
    }

    List<Block> blocks() {
        return blocks;
    }

    List<Block> blocks(Kind kind) {
        return blocks.stream().filter(b -> b.kind() == kind).toList();
    }

    List<Block> readableBlocks() {
        return blocks.stream().filter(b -> READABLE.contains(b.kind())).toList();
    }

    /** The article's text without markup or labels: what is counted, detected and searched. */
    String readableText() {
        return readableBlocks().stream().map(Block::text).collect(Collectors.joining("\n"));
    }

    /** Inline Markdown removed: links keep their text, images, code spans, URLs and HTML go. */
    static String plain(String markdown) {
        String text = IMAGE.matcher(markdown).replaceAll("");
        text = LINK.matcher(text).replaceAll("$1");
        text = URL.matcher(text).replaceAll("");
        text = INLINE_CODE.matcher(text).replaceAll("");
        text = HTML_TAG.matcher(text).replaceAll("");
        text = EMPHASIS.matcher(text).replaceAll("");
        text = ESCAPE.matcher(text).replaceAll("$1");
        return SPACES.matcher(text).replaceAll(" ").strip();
    }

    /** Reads lines into blocks the way CommonMark would for the Markdown models write. */
    private static final class Reader {
        private final List<String> lines;
        private final List<Block> blocks = new ArrayList<>();
        private Kind openKind;
        private int openLine;
        private final List<String> openRaw = new ArrayList<>();
        private final List<String> openText = new ArrayList<>();

        Reader(String markdown) {
            this.lines = markdown.lines().toList();
        }

        List<Block> read() {
            boolean inFence = false;
            for (int i = 0; i < lines.size(); i++) {
                String raw = lines.get(i);
                String line = raw.strip();
                int number = i + 1;
                if (FENCE.matcher(line).matches()) {
                    if (!inFence) {
                        close();
                        open(Kind.CODE, number);
                    }
                    openRaw.add(raw);
                    inFence = !inFence;
                    if (!inFence) {
                        close();
                    }
                } else if (inFence) {
                    openRaw.add(raw);
                    openText.add(raw);
                } else if (line.isEmpty()) {
                    close();
                } else if (HEADING.matcher(line).matches() && raw.startsWith("#")) {
                    close();
                    var heading = HEADING.matcher(line);
                    heading.matches();
                    String text = heading.group(2) == null ? "" : heading.group(2);
                    open(heading.group(1).length() == 1 ? Kind.TITLE : Kind.HEADING, number);
                    add(raw, text);
                    close();
                } else if (RULE.matcher(line).matches() && openKind != Kind.PARAGRAPH) {
                    close();
                } else if (line.startsWith(">")) {
                    continueOrOpen(Kind.QUOTE, number);
                    add(raw, line.replaceFirst("^(>\\s?)+", ""));
                } else if (LIST_ITEM.matcher(line).matches()) {
                    continueOrOpen(Kind.LIST, number);
                    add(raw, line.replaceFirst("^([-*+]|\\d{1,3}[.)])\\s+", ""));
                } else if (line.startsWith("|")) {
                    continueOrOpen(Kind.TABLE, number);
                    add(raw, TABLE_PIPES.matcher(line).replaceAll(" "));
                } else {
                    // A plain line continues the open block (CommonMark's lazy continuation) or starts a paragraph.
                    continueOrOpen(openKind == null || openKind == Kind.TABLE ? Kind.PARAGRAPH : openKind, number);
                    add(raw, line);
                }
            }
            close();
            return blocks;
        }

        private void continueOrOpen(Kind kind, int number) {
            if (openKind != kind) {
                close();
                open(kind, number);
            }
        }

        private void open(Kind kind, int number) {
            openKind = kind;
            openLine = number;
        }

        private void add(String raw, String text) {
            openRaw.add(raw);
            openText.add(text);
        }

        private void close() {
            if (openKind == null) {
                return;
            }
            String text = plain(String.join("\n", openText));
            blocks.add(new Block(label(openKind, text), openLine, List.copyOf(openRaw), text));
            openKind = null;
            openRaw.clear();
            openText.clear();
        }

        private Kind label(Kind kind, String text) {
            if (kind == Kind.QUOTE && text.startsWith(DEMO_NOTICE)) {
                return Kind.NOTICE;
            }
            if (kind == Kind.PARAGRAPH && openRaw.size() == 1 && SOURCE_LABEL.matcher(text).matches()) {
                return Kind.SOURCE_LINE;
            }
            return kind;
        }
    }
}
