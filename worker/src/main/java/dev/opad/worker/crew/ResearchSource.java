package dev.opad.worker.crew;

import dev.opad.worker.source.SourceDocument;
import dev.opad.worker.source.SourceFetcher;

/**
 * What the research stage works from, and the honest source line the article carries: the
 * reader's own text, the page they named (fetched within strict limits), or — said plainly — the
 * model's general knowledge.
 */
record ResearchSource(String material, String line) {

    static ResearchSource of(ArticleRequest request, SourceFetcher fetcher) {
        if (hasText(request.sourceText())) {
            return new ResearchSource(request.sourceText(), lineFor(request));
        }
        if (hasText(request.sourceUrl())) {
            SourceDocument page = fetcher.fetch(request.sourceUrl());
            return new ResearchSource(page.text(), lineFor(request));
        }
        return new ResearchSource("(none: use general knowledge)", lineFor(request));
    }

    /** The article's source line; known without fetching anything, so a resumed job can write it too. */
    static String lineFor(ArticleRequest request) {
        if (hasText(request.sourceText())) {
            return "Source: a text supplied by the reader";
        }
        if (hasText(request.sourceUrl())) {
            return "Source: " + request.sourceUrl();
        }
        return "Source: the model's general knowledge; no sources were consulted";
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
