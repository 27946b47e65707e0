package dev.opad.worker.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The web-search engine research consults when the reader gave no source of their own. */
@ConfigMapping(prefix = "opad.research.web-search")
public interface WebSearchConfig {

    /** {@code none} (the default: research from the model's own knowledge) or {@code tavily}. */
    @WithDefault("none")
    Provider provider();

    /** How many results the research stage reads. */
    @WithDefault("5")
    int maxResults();

    /** Deadline of one search call. */
    @WithDefault("20s")
    Duration timeout();

    Tavily tavily();

    enum Provider { NONE, TAVILY }

    interface Tavily {
        @WithDefault("https://api.tavily.com")
        String baseUrl();

        Optional<String> apiKey();

        /** {@code basic} or {@code advanced} (twice the credits). */
        @WithDefault("basic")
        String searchDepth();
    }
}
