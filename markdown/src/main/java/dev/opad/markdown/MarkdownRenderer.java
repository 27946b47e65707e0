package dev.opad.markdown;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Turns an article's markdown into an HTML fragment the UI inserts as it is. The markdown is
 * model output, so it is treated as untrusted: raw HTML is escaped to text and only http(s) and
 * mailto URLs survive, which leaves no way to smuggle in script, event handlers or
 * {@code javascript:} links.
 */
@ApplicationScoped
public class MarkdownRenderer {

    private static final List<String> SAFE_PROTOCOLS = List.of("http", "https", "mailto");

    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            // The default sanitizer also lets data: through, which has no place in an article.
            .urlSanitizer(new DefaultUrlSanitizer(SAFE_PROTOCOLS))
            .attributeProviderFactory(context -> externalLinks())
            .build();

    public String render(String markdown) {
        return renderer.render(parser.parse(markdown == null ? "" : markdown));
    }

    /** Links in an article lead away from opad: they must not get a handle on this page or send it as referrer. */
    private static AttributeProvider externalLinks() {
        return (node, tagName, attributes) -> {
            if (node instanceof Link) {
                attributes.put("rel", "nofollow noopener noreferrer");
            }
        };
    }
}
