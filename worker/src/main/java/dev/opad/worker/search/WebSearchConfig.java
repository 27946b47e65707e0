package dev.opad.worker.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The web-search engine research consults when the reader gave no source of their own.
 * <p>
 * Each setting is also read from the environment under its derived name (opad.a.b-c: OPAD_A_B_C). A
 * default written {@code ${OPAD_NAME:value}} takes the variable README documents, else value; no file repeats it.
 */
@ConfigMapping(prefix = "opad.research.web-search")
public interface WebSearchConfig {

    /** {@code none} (the default: research from the model's own knowledge) or {@code tavily}. */
    @WithDefault("${OPAD_WEB_SEARCH:none}")
    Provider provider();

    /** How many results the research stage reads. */
    @WithDefault("${OPAD_WEB_SEARCH_MAX_RESULTS:5}")
    int maxResults();

    /** Deadline of one search call. */
    @WithDefault("${OPAD_WEB_SEARCH_TIMEOUT:20s}")
    Duration timeout();

    Tavily tavily();

    enum Provider { NONE, TAVILY }

    interface Tavily {
        @WithDefault("${OPAD_TAVILY_BASE_URL:https://api.tavily.com}")
        String baseUrl();

        @WithDefault("${OPAD_TAVILY_API_KEY:}")
        Optional<String> apiKey();

        /** {@code basic} or {@code advanced} (twice the credits). */
        @WithDefault("basic")
        String searchDepth();
    }
}
