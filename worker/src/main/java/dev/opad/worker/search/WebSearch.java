package dev.opad.worker.search;

import dev.langchain4j.web.search.WebSearchEngine;
import java.util.Optional;

/** The configured web-search engine, if any, and how many results research reads from it. */
public record WebSearch(Optional<WebSearchEngine> engine, int maxResults) {

    public static WebSearch none() {
        return new WebSearch(Optional.empty(), 0);
    }
}
