package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opad.worker.model.ProviderHttpException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderHttpExceptionTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static Optional<Duration> retryAfter(Map<String, String> headers) {
        Map<String, List<String>> multi = new java.util.HashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return ProviderHttpException.retryAfter(HttpHeaders.of(multi, (name, value) -> true), NOW);
    }

    @Test
    void readsDeltaSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), retryAfter(Map.of("Retry-After", "7")));
        assertEquals(Optional.of(Duration.ZERO), retryAfter(Map.of("retry-after", " 0 ")));
    }

    @Test
    void readsAnHttpDateFromNow() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), retryAfter(Map.of("Retry-After", "Sun, 01 Mar 2026 12:01:30 GMT")));
        assertEquals(Optional.of(Duration.ZERO), retryAfter(Map.of("Retry-After", "Sun, 01 Mar 2026 11:00:00 GMT")),
                "a date in the past means now");
    }

    @Test
    void prefersOpenAisMilliseconds() {
        assertEquals(Optional.of(Duration.ofMillis(1500)), retryAfter(Map.of("retry-after-ms", "1500", "Retry-After", "2")));
        assertEquals(Optional.of(Duration.ofSeconds(2)), retryAfter(Map.of("retry-after-ms", "soon", "Retry-After", "2")));
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertEquals(Optional.empty(), retryAfter(Map.of()));
        assertEquals(Optional.empty(), retryAfter(Map.of("Retry-After", "tomorrow")));
        assertEquals(Optional.empty(), retryAfter(Map.of("Retry-After", "-5")));
    }

    @Test
    void readsOpenAisErrorBody() {
        var error = new ProviderHttpException(429, FakeOpenAiServer.errorBody("You exceeded your current quota",
                "insufficient_quota", "insufficient_quota"), Optional.empty(), Optional.of("gpt-test"));

        assertEquals(429, error.statusCode());
        assertEquals(Optional.of("insufficient_quota"), error.errorCode());
        assertEquals(Optional.of("You exceeded your current quota"), error.errorMessage());
        assertEquals(Optional.of("gpt-test"), error.requestedModel());
    }

    @Test
    void toleratesBodiesThatAreNotOpenAis() {
        var html = new ProviderHttpException(502, "<html>Bad Gateway</html>", Optional.empty(), Optional.empty());
        var ollama = new ProviderHttpException(404, "{\"error\":\"model not found\"}", Optional.empty(), Optional.empty());

        assertEquals(Optional.empty(), html.errorCode());
        assertEquals(Optional.empty(), html.errorMessage());
        assertEquals(Optional.of("model not found"), ollama.errorMessage());
    }
}
