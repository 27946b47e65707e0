package dev.opad.worker.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * The article as the gate reads it: its Markdown parsed by commonmark, as the reader's page renders
 * it, into top-level blocks (title, headings, paragraphs, quotes, lists, tables, code), each with its
 * text free of markup and the raw lines it was written on, whose numbers findings quote. The demo
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

    /** The reader's parser (the gateway's {@code MarkdownRenderer} uses commonmark's defaults too). */
    private static final Parser BLOCKS = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();
    /** Inline Markdown only: a line or a glossary example is one paragraph, whatever it starts with. */
    private static final Parser INLINES = Parser.builder().enabledBlockTypes(Set.of()).build();

    private static final String DEMO_NOTICE = "Demo article:";
    /** "Source:" as the crew writes it, and as a model may translate it. */
    private static final Pattern SOURCE_LABEL = Pattern.compile(
            "^(Sources?|Quellen?|Fuentes?|Fontes?|Fonti|Bronn?en|Bron|출처|出典|出处|来源|來源)\\s*[:：].*");

    /**
     * A paragraph of table rows: the reader (commonmark without the tables extension) shows it as a
     * paragraph of pipes, but it is not prose, so the gate keeps it apart. Its text loses the pipes and
     * the rule row.
     */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\s*\\|.*");
    private static final Pattern TABLE_PIPES = Pattern.compile("\\||^\\s*:?-{3,}:?\\s*$", Pattern.MULTILINE);
    private static final Pattern URL = Pattern.compile("<?https?://[^\\s>)]+>?");
    private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][^>]*>");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final List<Block> blocks;

    private ArticleText(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    static ArticleText parse(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> blocks = new ArrayList<>();
        for (Node node = BLOCKS.parse(markdown).getFirstChild(); node != null; node = node.getNext()) {
            List<SourceSpan> spans = node.getSourceSpans();
            Kind kind = kind(node);
            if (kind == null || spans.isEmpty()) {
                continue;
            }
            int first = spans.getFirst().getLineIndex();
            List<String> raw = List.copyOf(lines.subList(first, Math.min(spans.getLast().getLineIndex() + 1, lines.size())));
            if (kind == Kind.PARAGRAPH && raw.stream().allMatch(line -> TABLE_ROW.matcher(line).matches())) {
                kind = Kind.TABLE;
            }
            String text = switch (kind) {
                case TABLE -> collapse(TABLE_PIPES.matcher(String.join("\n", raw)).replaceAll(" "));
                case CODE -> collapse(node instanceof FencedCodeBlock fenced ? fenced.getLiteral()
                        : ((IndentedCodeBlock) node).getLiteral());
                default -> text(node);
            };
            blocks.add(new Block(label(kind, raw, text), first + 1, raw, text));
        }
        return new ArticleText(blocks);
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

    /** Inline Markdown removed: emphasis and links keep their text; images, code spans, URLs and HTML go. */
    static String plain(String markdown) {
        return text(INLINES.parse(markdown));
    }

    /** The kind of a top-level block; {@code null} for what a reader does not see (rules, link definitions). */
    private static Kind kind(Node node) {
        return switch (node) {
            case Heading heading -> heading.getLevel() == 1 ? Kind.TITLE : Kind.HEADING;
            case Paragraph paragraph -> Kind.PARAGRAPH;
            // The reader shows an HTML block escaped, as a paragraph of text.
            case HtmlBlock html -> Kind.PARAGRAPH;
            case BlockQuote quote -> Kind.QUOTE;
            case BulletList list -> Kind.LIST;
            case OrderedList list -> Kind.LIST;
            case FencedCodeBlock code -> Kind.CODE;
            case IndentedCodeBlock code -> Kind.CODE;
            default -> null;
        };
    }

    private static Kind label(Kind kind, List<String> raw, String text) {
        if (kind == Kind.QUOTE && text.startsWith(DEMO_NOTICE)) {
            return Kind.NOTICE;
        }
        if (kind == Kind.PARAGRAPH && raw.size() == 1 && SOURCE_LABEL.matcher(text).matches()) {
            return Kind.SOURCE_LINE;
        }
        return kind;
    }

    private static String text(Node node) {
        PlainText plain = new PlainText();
        node.accept(plain);
        return collapse(URL.matcher(plain.out).replaceAll(""));
    }

    private static String collapse(String text) {
        return SPACES.matcher(text).replaceAll(" ").strip();
    }

    /** The words of a block and everything in it; code is not prose, so code spans and blocks add none. */
    private static final class PlainText extends AbstractVisitor {

        private final StringBuilder out = new StringBuilder();

        @Override
        public void visit(Text text) {
            out.append(text.getLiteral());
        }

        @Override
        public void visit(SoftLineBreak lineBreak) {
            out.append(' ');
        }

        @Override
        public void visit(HardLineBreak lineBreak) {
            out.append(' ');
        }

        @Override
        public void visit(Paragraph paragraph) {
            out.append(' ');
            visitChildren(paragraph);
            out.append(' ');
        }

        @Override
        public void visit(Heading heading) {
            out.append(' ');
            visitChildren(heading);
            out.append(' ');
        }

        @Override
        public void visit(HtmlBlock html) {
            out.append(' ').append(HTML_TAG.matcher(html.getLiteral()).replaceAll("")).append(' ');
        }

        @Override
        public void visit(Code code) {
        }

        @Override
        public void visit(Image image) {
        }

        @Override
        public void visit(HtmlInline html) {
        }

        @Override
        public void visit(FencedCodeBlock code) {
        }

        @Override
        public void visit(IndentedCodeBlock code) {
        }
    }
}
