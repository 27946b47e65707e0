package dev.opad.worker.search;

import dev.langchain4j.web.search.WebSearchEngine;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Builds the web-search engine from configuration; a provider without its key is a start-up error, not a silent fallback. */
public class WebSearches {

    @Produces
    @Singleton
    WebSearch webSearch(WebSearchConfig config) {
        return switch (config.provider()) {
            case NONE -> WebSearch.none();
            case TAVILY -> new WebSearch(Optional.of(tavily(config)), config.maxResults());
        };
    }

    private static WebSearchEngine tavily(WebSearchConfig config) {
        String key = config.tavily().apiKey().filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                "opad.research.web-search.provider=tavily needs OPAD_TAVILY_API_KEY (opad.research.web-search.tavily.api-key)"));
        return new TavilySearchEngine(config.tavily().baseUrl(), key, config.tavily().searchDepth(), config.timeout());
    }
}
