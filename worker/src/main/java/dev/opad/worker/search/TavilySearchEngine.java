package dev.opad.worker.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.web.search.WebSearchEngine;
import dev.langchain4j.web.search.WebSearchInformationResult;
import dev.langchain4j.web.search.WebSearchOrganicResult;
import dev.langchain4j.web.search.WebSearchRequest;
import dev.langchain4j.web.search.WebSearchResults;
import dev.opad.worker.model.ProviderHttpException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * langchain4j's {@link WebSearchEngine} over Tavily's search API ({@code POST /search}, bearer key).
 * langchain4j's own Tavily module is not published for the langchain4j version opad uses, and the
 * API is one call, so opad speaks it itself. Errors become {@link WebSearchException}s the retry
 * policy understands.
 */
public final class TavilySearchEngine implements WebSearchEngine {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tavily's own "plan limit exceeded" statuses: waiting a few minutes does not help. */
    private static final int PLAN_LIMIT = 432;
    private static final int PAYG_LIMIT = 433;

    private final HttpClient http;
    private final URI endpoint;
    private final String apiKey;
    private final String searchDepth;
    private final Duration timeout;

    public TavilySearchEngine(String baseUrl, String apiKey, String searchDepth, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/search");
        this.apiKey = apiKey;
        this.searchDepth = searchDepth;
        this.timeout = timeout;
    }

    @Override
    public WebSearchResults search(WebSearchRequest request) {
        HttpResponse<String> response = send(body(request));
        if (response.statusCode() != 200) {
            throw failure(response);
        }
        return results(response.body());
    }

    private String body(WebSearchRequest request) {
        ObjectNode body = JSON.createObjectNode()
                .put("query", request.searchTerms())
                .put("search_depth", searchDepth)
                .put("include_answer", false)
                .put("include_raw_content", false)
                .put("include_images", false);
        if (request.maxResults() != null) {
            body.put("max_results", request.maxResults());
        }
        return body.toString();
    }

    private HttpResponse<String> send(String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw WebSearchException.transientFailure("the web search did not answer in time", e);
        } catch (IOException e) {
            throw WebSearchException.transientFailure("the web search could not be reached", e);
        } catch (InterruptedException e) {
            // A cancelled job interrupts its thread; the runner turns the interrupt into the cancellation.
            Thread.currentThread().interrupt();
            throw WebSearchException.transientFailure("the web search was interrupted", e);
        }
    }

    private static WebSearchException failure(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            return WebSearchException.permanent("the web-search provider rejected the API key");
        }
        if (status == PLAN_LIMIT || status == PAYG_LIMIT) {
            return WebSearchException.permanent("the web-search plan's usage limit is reached");
        }
        if (status == 429) {
            Optional<Duration> wait = ProviderHttpException.retryAfter(response.headers(), Instant.now());
            return new WebSearchException(true, "the web-search provider is rate limiting requests", wait, null);
        }
        if (status >= 500) {
            return WebSearchException.transientFailure("the web search failed (HTTP " + status + ")", null);
        }
        return WebSearchException.permanent("the web search refused the request (HTTP " + status + ")");
    }

    private static WebSearchResults results(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // Typically a proxy's error page in front of the engine: worth another try later.
            throw WebSearchException.transientFailure("the web search answered with something that is not valid JSON", e);
        }
        List<WebSearchOrganicResult> found = new ArrayList<>();
        for (JsonNode result : root.path("results")) {
            URI url = parseUrl(result.path("url").asText("")).orElse(null);
            String content = result.path("content").asText("");
            if (url != null && !content.isBlank()) {
                String title = result.path("title").asText(url.getHost());
                found.add(WebSearchOrganicResult.from(title, url, content, null,
                        Map.of("score", result.path("score").asText(""))));
            }
        }
        return WebSearchResults.from(WebSearchInformationResult.from((long) found.size()), found);
    }

    /** Only http(s) links become sources: a result is cited in the article, never fetched. */
    private static Optional<URI> parseUrl(String text) {
        try {
            URI url = URI.create(text);
            boolean web = "https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme());
            return web && url.getHost() != null ? Optional.of(url) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
