package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.opad.storage.FilesystemArticleStorage.StorageException;
import dev.opad.worker.model.Failure;
import dev.opad.worker.model.FailureClassifier;
import dev.opad.worker.model.ProviderHttpException;
import dev.opad.worker.model.ProviderTimeoutException;
import dev.opad.worker.model.ProviderUnreachableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    private static Failure classify(Throwable error) {
        return FailureClassifier.classify(error);
    }

    private static void assertTransient(String reason, Failure failure) {
        assertEquals(new Failure(Failure.Kind.TRANSIENT, reason, Optional.empty()), failure);
    }

    private static void assertPermanent(String reason, Failure failure) {
        assertEquals(new Failure(Failure.Kind.PERMANENT, reason, Optional.empty()), failure);
    }

    @Test
    void ourDatabaseBeingBusyOrGoneIsTransient() {
        // What Agroal and Hibernate throw when no connection is free in time, as seen under load.
        RuntimeException noConnection = new RuntimeException("Unable to acquire JDBC Connection",
                new java.sql.SQLException("Sorry, acquisition timeout!"));
        assertTransient("the database was busy or unreachable", classify(noConnection));
        RuntimeException failedCommit = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        failedCommit.addSuppressed(noConnection);
        assertTransient("the database was busy or unreachable", classify(failedCommit));
        assertTransient("the database was busy or unreachable", classify(new RuntimeException(
                new java.sql.SQLException("terminating connection due to administrator command", "57P01"))));
        assertTransient("the database was busy or unreachable", classify(new RuntimeException(
                new java.sql.SQLException("deadlock detected", "40P01"))));
        assertPermanent("SQLException: duplicate key value", classify(new java.sql.SQLException("duplicate key value", "23505")));
    }

    @Test
    void timeoutsAreTransient() {
        assertTransient("the model call timed out", classify(new RuntimeException(new HttpTimeoutException("request timed out"))));
        assertTransient("the model call timed out", classify(new SocketTimeoutException("Read timed out")));
        assertTransient("the model call timed out", classify(new TimeoutException("slow")));
        assertTransient("connecting to the model provider timed out",
                classify(new HttpConnectTimeoutException("HTTP connect timed out")));
        assertTransient("the model call timed out after 120 s", classify(
                new ProviderTimeoutException(Duration.ofSeconds(120), false, new HttpTimeoutException("request timed out"))));
        assertTransient("connecting to the model provider timed out after 1.5 s", classify(
                new ProviderTimeoutException(Duration.ofMillis(1500), true, new HttpConnectTimeoutException("x"))));
    }

    @Test
    void connectionFailuresAreTransient() {
        assertTransient("cannot connect to the model provider", classify(new RuntimeException(new ConnectException())));
        assertTransient("cannot connect to the model provider at api.example.com:443", classify(
                new ProviderUnreachableException("api.example.com:443", new ConnectException("Connection refused"))));
        assertTransient("the connection to the model provider at api.example.com:443 failed", classify(
                new ProviderUnreachableException("api.example.com:443", new IOException("HTTP/1.1 header parser received no bytes"))));
        assertTransient("cannot find the model provider's host", classify(
                new UnresolvedModelServerException(new UnknownHostException("api.nowhere"))));
        assertTransient("IOException: Connection reset", classify(new RuntimeException(new IOException("Connection reset"))));
    }

    @Test
    void serverErrorsAndRateLimitsAreTransient() {
        assertTransient("the model provider had a server error (HTTP 502)", classify(
                new InternalServerException(new HttpException(502, "Bad gateway"))));
        assertTransient("the model provider had a server error", classify(new InternalServerException("no choices")));
        assertTransient("the model provider is rate limiting requests", classify(new RateLimitException("slow down")));
        assertTransient("the model provider is rate limiting requests", classify(new HttpException(429, "{}")));
    }

    @Test
    void theProvidersRetryAfterSurvivesLangchain4jsWrapping() {
        var wrapped = new RateLimitException(new ProviderHttpException(429, "{}", Optional.of(Duration.ofSeconds(7)),
                Optional.of("gpt-test")));

        Failure failure = classify(wrapped);

        assertEquals(new Failure(Failure.Kind.TRANSIENT, "the model provider is rate limiting requests",
                Optional.of(Duration.ofSeconds(7))), failure);
    }

    @Test
    void providerRefusalsArePermanent() {
        assertPermanent("the model provider rejected the API key", classify(new AuthenticationException("401")));
        assertPermanent("the model provider rejected the API key", classify(new HttpException(401, "{}")));
        assertPermanent("the model provider denied access with this API key (HTTP 403)",
                classify(new AuthenticationException(new HttpException(403, "{}"))));
        assertPermanent("the model provider does not know the requested model", classify(new ModelNotFoundException("404")));
        assertPermanent("the model provider does not know the model 'llama9'", classify(new ModelNotFoundException(
                new ProviderHttpException(404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}",
                        Optional.empty(), Optional.of("llama9")))));
        assertPermanent("the model provider rejected the request as invalid: bad temperature",
                classify(new InvalidRequestException("bad temperature")));
        assertPermanent("the model provider refused the content", classify(new ContentFilteredException("filtered")));
        assertPermanent("the model provider refused the content", classify(new InvalidRequestException(
                new ProviderHttpException(400, FakeOpenAiServer.errorBody("Your prompt was flagged", "invalid_request_error",
                        "content_policy_violation"), Optional.empty(), Optional.empty()))));
    }

    @Test
    void malformedJsonIsPermanent() {
        assertPermanent("the model provider answered with something that is not valid JSON",
                classify(new RuntimeException(new JsonParseException(null, "Unexpected end-of-input"))));
    }

    @Test
    void storageFailuresAreTransient() {
        assertTransient("storage is unavailable", classify(
                new StorageException("cannot write articles/1.md", new AccessDeniedException("/data/articles"))));
        assertTransient("storage is unavailable", classify(new UncheckedIOException(new IOException("disk full"))));
    }

    @Test
    void anInterruptedCallIsTransient() {
        assertTransient("the model call was interrupted",
                classify(new LangChain4jException("interrupted", new InterruptedException())));
        assertTransient("the model call was interrupted",
                classify(new IllegalStateException("demo model call interrupted", new InterruptedException())));
    }

    @Test
    void langchain4jsOwnSplitDecidesWhatNothingElseExplains() {
        assertTransient("RetriableException: try again", classify(new RetriableException("try again")));
    }

    @Test
    void anythingUnknownIsPermanentWithItsNameAndAShortMessage() {
        assertPermanent("NullPointerException: Cannot invoke \"String.length()\"",
                classify(new NullPointerException("Cannot invoke \"String.length()\"")));
        assertPermanent("IllegalStateException", classify(new IllegalStateException()));

        Failure longOne = classify(new IllegalArgumentException("x".repeat(1000)));
        assertEquals(Failure.Kind.PERMANENT, longOne.kind());
        assertEquals(300, longOne.reason().length());
        assertTrue(longOne.reason().endsWith("…"));
    }

    @Test
    void reasonsNeverQuoteKeys() {
        Failure failure = classify(new IllegalStateException(
                "call failed with Authorization: Bearer sk-proj-abcdef123456 and api_key=secret-value-99"));

        assertFalse(failure.reason().contains("abcdef123456"), failure.reason());
        assertFalse(failure.reason().contains("secret-value-99"), failure.reason());
    }

    @Test
    void aCauseLoopDoesNotHang() {
        var first = new RuntimeException("first");
        var second = new RuntimeException("second", first);
        first.initCause(second);

        assertPermanent("RuntimeException: first", classify(first));
    }
}
