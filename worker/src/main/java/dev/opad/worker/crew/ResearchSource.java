package dev.opad.worker.crew;

import dev.langchain4j.web.search.WebSearchOrganicResult;
import dev.langchain4j.web.search.WebSearchRequest;
import dev.opad.worker.search.WebSearch;
import dev.opad.worker.source.SourceDocument;
import dev.opad.worker.source.SourceFetcher;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the research stage works from, and the honest source line the article carries: the
 * reader's own text, the page they named (fetched within strict limits), what the configured web
 * search found for the topic, or — said plainly — the model's general knowledge.
 */
record ResearchSource(String material, String line) {

    static final String GENERAL_KNOWLEDGE = "Source: the model's general knowledge; no sources were consulted";
    private static final int CITED = 3;
    private static final int MAX_SNIPPET = 1_500;

    static ResearchSource of(ArticleRequest request, SourceFetcher fetcher, WebSearch search) {
        if (hasText(request.sourceText())) {
            return new ResearchSource(request.sourceText(), lineFor(request));
        }
        if (hasText(request.sourceUrl())) {
            SourceDocument page = fetcher.fetch(request.sourceUrl());
            return new ResearchSource(page.text(), lineFor(request));
        }
        if (search.engine().isPresent()) {
            List<WebSearchOrganicResult> found = search.engine().get()
                    .search(WebSearchRequest.from(request.topic(), search.maxResults())).results();
            if (!found.isEmpty()) {
                return new ResearchSource(material(found), citation(found));
            }
        }
        return new ResearchSource("(none: use general knowledge)", lineFor(request));
    }

    /** Numbered results, each with its address, so the notes can only lean on what was found. */
    private static String material(List<WebSearchOrganicResult> found) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < found.size(); i++) {
            WebSearchOrganicResult result = found.get(i);
            String snippet = result.snippet() == null ? "" : result.snippet().strip();
            text.append('[').append(i + 1).append("] ").append(result.title()).append(" — ").append(result.url())
                    .append('\n').append(snippet.length() > MAX_SNIPPET ? snippet.substring(0, MAX_SNIPPET) : snippet)
                    .append("\n\n");
        }
        return text.toString().strip();
    }

    private static String citation(List<WebSearchOrganicResult> found) {
        return "Sources (web search): " + found.stream().limit(CITED)
                .map(r -> r.url().getHost() + " (" + r.url() + ")")
                .collect(Collectors.joining("; "));
    }

    /**
     * The research checkpoint keeps the source line with the notes: a resumed job neither searches
     * nor fetches again, yet its article still names what the notes were made from.
     */
    record Notes(String line, String notes) {

        private static final String MARK = "<!-- opad-source: ";
        private static final String END = " -->\n";

        String checkpoint() {
            return MARK + line.replace("-->", "- ->").replace('\n', ' ') + END + notes;
        }

        /** Reads a checkpoint; one written before source lines were kept gets {@code fallbackLine}. */
        static Notes fromCheckpoint(String saved, String fallbackLine) {
            int end = saved.indexOf(END);
            if (saved.startsWith(MARK) && end > 0) {
                return new Notes(saved.substring(MARK.length(), end), saved.substring(end + END.length()));
            }
            return new Notes(fallbackLine, saved);
        }
    }

    /** The source line when no web search is involved; also what a checkpoint from before lines were kept gets. */
    static String lineFor(ArticleRequest request) {
        if (hasText(request.sourceText())) {
            return "Source: a text supplied by the reader";
        }
        return hasText(request.sourceUrl()) ? "Source: " + request.sourceUrl() : GENERAL_KNOWLEDGE;
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
