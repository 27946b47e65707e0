package dev.opad.worker.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.web.search.WebSearchOrganicResult;
import dev.langchain4j.web.search.WebSearchRequest;
import dev.opad.worker.model.Failure;
import dev.opad.worker.model.FailureClassifier;
import dev.opad.worker.search.FakeTavilyServer.Scripted;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** opad's Tavily client against a fake of Tavily's search API over real HTTP, failures included. */
class TavilySearchEngineTest {

    private FakeTavilyServer fake;
    private TavilySearchEngine engine;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeTavilyServer();
        engine = new TavilySearchEngine(fake.baseUrl() + "/", FakeTavilyServer.API_KEY, "basic", Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void findsResultsAndSendsTheQueryTheWayTavilyExpects() {
        List<WebSearchOrganicResult> found = engine.search(WebSearchRequest.from("Energiepreise", 2)).results();

        assertEquals(2, found.size());
        assertEquals("Strompreise sinken im Herbst", found.get(0).title());
        assertEquals(URI.create("https://news.example.org/strom"), found.get(0).url());
        assertTrue(found.get(0).snippet().contains("acht Prozent"), found.get(0).snippet());
        JsonNode sent = fake.searches().getFirst();
        assertEquals("Energiepreise", sent.path("query").asText());
        assertEquals(2, sent.path("max_results").asInt());
        assertEquals("basic", sent.path("search_depth").asText());
        assertEquals(false, sent.path("include_answer").asBoolean(true));
    }

    @Test
    void aRejectedKeyIsPermanentAndSaysSo() {
        TavilySearchEngine wrongKey = new TavilySearchEngine(fake.baseUrl(), "tvly-wrong", "basic", Duration.ofSeconds(2));

        Failure failure = failureOf(() -> wrongKey.search("anything"));

        assertEquals(Failure.Kind.PERMANENT, failure.kind());
        assertEquals("the web-search provider rejected the API key", failure.reason());
    }

    @Test
    void rateLimitingIsTransientAndKeepsRetryAfter() {
        fake.script(new Scripted(429, Map.of("Retry-After", "9"), "{}", Duration.ZERO));

        Failure failure = failureOf(() -> engine.search("anything"));

        assertEquals(Failure.Kind.TRANSIENT, failure.kind());
        assertEquals(Optional.of(Duration.ofSeconds(9)), failure.retryAfter());
    }

    @Test
    void aUsedUpPlanIsPermanent() {
        fake.script(Scripted.status(432));

        Failure failure = failureOf(() -> engine.search("anything"));

        assertEquals(Failure.Kind.PERMANENT, failure.kind());
        assertEquals("the web-search plan's usage limit is reached", failure.reason());
    }

    @Test
    void serverErrorsMalformedAnswersAndSlowAnswersAreTransient() {
        fake.script(Scripted.status(502),
                new Scripted(200, Map.of("Content-Type", "text/html"), "<html>Bad gateway</html>", Duration.ZERO),
                new Scripted(200, Map.of(), "{}", Duration.ofSeconds(2)));

        assertEquals(Failure.ofTransient("the web search failed (HTTP 502)"), failureOf(() -> engine.search("a")));
        assertEquals(Failure.ofTransient("the web search answered with something that is not valid JSON"),
                failureOf(() -> engine.search("b")));
        assertEquals(Failure.ofTransient("the web search did not answer in time"), failureOf(() -> engine.search("c")));
    }

    @Test
    void aBadRequestIsPermanent() {
        fake.script(Scripted.status(400));

        assertEquals(Failure.ofPermanent("the web search refused the request (HTTP 400)"),
                failureOf(() -> engine.search("anything")));
    }

    @Test
    void resultsWithoutAWebAddressOrTextAreLeftOut() {
        fake.script(new Scripted(200, Map.of(), """
                {"query":"q","results":[
                  {"title":"ok","url":"https://ok.example.org/a","content":"usable text","score":0.8},
                  {"title":"file","url":"file:///etc/passwd","content":"nope","score":0.7},
                  {"title":"empty","url":"https://empty.example.org","content":"  ","score":0.6}
                ],"response_time":0.1}""", Duration.ZERO));

        List<WebSearchOrganicResult> found = engine.search("q").results();

        assertEquals(List.of(URI.create("https://ok.example.org/a")), found.stream().map(WebSearchOrganicResult::url).toList());
    }

    private static Failure failureOf(Runnable call) {
        return FailureClassifier.classify(assertThrows(WebSearchException.class, call::run));
    }
}
