package dev.opad.worker.crew;

/**
 * What the research stage works from, and the honest source line the article carries: the
 * reader's own text, a page they named, or — said plainly — the model's general knowledge.
 */
record ResearchSource(String material, String line) {

    static ResearchSource of(ArticleRequest request) {
        if (request.sourceText() != null && !request.sourceText().isBlank()) {
            return new ResearchSource(request.sourceText(), "Source: a text supplied by the reader");
        }
        return new ResearchSource("(none: use general knowledge)",
                "Source: the model's general knowledge; no sources were consulted");
    }
}
