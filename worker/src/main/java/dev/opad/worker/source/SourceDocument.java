package dev.opad.worker.source;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The readable text of a fetched source page.
 *
 * @param url         where the text came from, after redirects
 * @param contentType the media type the site declared, such as {@code text/html}
 * @param title       the page's {@code <title>}, if it had one
 * @param text        paragraphs separated by blank lines; never blank
 * @param truncated   whether the text was cut to the configured length
 */
public record SourceDocument(URI url, String contentType, Optional<String> title, String text, boolean truncated) {

    public SourceDocument {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
    }
}
