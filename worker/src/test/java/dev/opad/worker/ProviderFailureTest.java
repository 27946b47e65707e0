package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.chat.ChatModel;
import dev.opad.worker.FakeOpenAiServer.Scripted;
import dev.opad.worker.model.ChatModels;
import dev.opad.worker.model.Failure;
import dev.opad.worker.model.FailureClassifier;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a failing OpenAI-compatible provider looks like to the worker's retry policy, over real HTTP. */
class ProviderFailureTest {

    private static final String API_KEY = "sk-test-secret-key-12345";
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private FakeOpenAiServer fake;
    private ChatModel model;

    @BeforeEach
    void startFake() throws Exception {
        fake = new FakeOpenAiServer(prompt -> "fine");
        model = ChatModels.create(TestModelConfig.openAi(fake.baseUrl(), API_KEY, "gpt-test", TIMEOUT));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void aHealthyProviderStillAnswers() {
        assertEquals("fine", model.chat("hello"));
    }

    @Test
    void rateLimitingIsTransientAndKeepsRetryAfterSeconds() {
        fake.script(Scripted.status(429, FakeOpenAiServer.errorBody("Rate limit reached", "requests", "rate_limit_exceeded"))
                .withHeader("Retry-After", "7"));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.TRANSIENT, failure.kind());
        assertEquals("the model provider is rate limiting requests", failure.reason());
        assertEquals(Optional.of(Duration.ofSeconds(7)), failure.retryAfter());
    }

    @Test
    void retryAfterAsAnHttpDateCountsFromNow() {
        String inThirtySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        fake.script(Scripted.status(429, "{}").withHeader("Retry-After", inThirtySeconds));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.TRANSIENT, failure.kind());
        Duration wait = failure.retryAfter().orElseThrow();
        // The date has whole seconds and the call takes a moment.
        assertTrue(wait.compareTo(Duration.ofSeconds(27)) >= 0 && wait.compareTo(Duration.ofSeconds(30)) <= 0,
                wait.toString());
    }

    @Test
    void anExhaustedQuotaIsPermanentThoughItComesAs429() {
        fake.script(Scripted.status(429, FakeOpenAiServer.errorBody(
                "You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota", "insufficient_quota")));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.PERMANENT, failure.kind());
        assertEquals("the model provider account has no quota or credit left", failure.reason());
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void serverErrorsAreTransient(int status) {
        fake.script(Scripted.status(status, "{\"error\":{\"message\":\"The server is overloaded\"}}"));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.TRANSIENT, failure.kind());
        assertEquals("the model provider had a server error (HTTP " + status + ")", failure.reason());
        assertEquals(Optional.empty(), failure.retryAfter());
    }

    @Test
    void anUnavailableProviderCanSayWhenToComeBack() {
        fake.script(Scripted.status(503, "").withHeader("Retry-After", "120"));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.TRANSIENT, failure.kind());
        assertEquals(Optional.of(Duration.ofMinutes(2)), failure.retryAfter());
    }

    @Test
    void aSlowAnswerTimesOutAsTransient() {
        fake.script(Scripted.completionAfter(Duration.ofSeconds(3)));

        long started = System.nanoTime();
        Failure failure = failureOfOneCall();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(Failure.Kind.TRANSIENT, failure.kind());
        assertEquals("the model call timed out after 300 ms", failure.reason());
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "gave up after " + took);
    }

    /** Permanent: the body arrived whole (the HTTP layer checks its length) and still is not JSON. */
    @Test
    void aCompleteButMalformedAnswerIsPermanent() {
        fake.script(Scripted.status(200, "{\"id\": \"chatcmpl-1\", \"choices\": [{\"message\": "));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.PERMANENT, failure.kind());
        assertEquals("the model provider answered with something that is not valid JSON", failure.reason());
    }

    @Test
    void aRejectedKeyIsPermanentAndNotQuoted() {
        fake.script(Scripted.status(401, FakeOpenAiServer.errorBody(
                "Incorrect API key provided: " + API_KEY + ". You can find your API key at "
                        + "https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key")));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.PERMANENT, failure.kind());
        assertEquals("the model provider rejected the API key", failure.reason());
    }

    @Test
    void anUnknownModelIsPermanentAndNamed() {
        fake.script(Scripted.status(404, FakeOpenAiServer.errorBody(
                "The model `gpt-test` does not exist or you do not have access to it.",
                "invalid_request_error", "model_not_found")));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.PERMANENT, failure.kind());
        assertEquals("the model provider does not know the model 'gpt-test'", failure.reason());
    }

    @Test
    void anInvalidRequestIsPermanentWithTheProvidersWords() {
        fake.script(Scripted.status(400, FakeOpenAiServer.errorBody(
                "This model's maximum context length is 8192 tokens.", "invalid_request_error", "context_length_exceeded")));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.PERMANENT, failure.kind());
        assertEquals("the model provider rejected the request as invalid (HTTP 400): "
                + "This model's maximum context length is 8192 tokens.", failure.reason());
    }

    @Test
    void aRefusedConnectionIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ChatModel nowhere = ChatModels.create(TestModelConfig.openAi(
                "http://127.0.0.1:" + closedPort + "/v1", API_KEY, "gpt-test", TIMEOUT));

        Failure failure = FailureClassifier.classify(assertThrows(RuntimeException.class, () -> nowhere.chat("hello")));

        assertEquals(Failure.Kind.TRANSIENT, failure.kind());
        assertEquals("cannot connect to the model provider at 127.0.0.1:" + closedPort, failure.reason());
    }

    private Failure failureOfOneCall() {
        RuntimeException error = assertThrows(RuntimeException.class, () -> model.chat("hello"));
        Failure failure = FailureClassifier.classify(error);
        assertFalse(failure.reason().contains(API_KEY), failure.reason());
        assertFalse(failure.reason().contains("hello"), "no prompt in " + failure.reason());
        assertEquals(1, fake.received().size(), "one call, no hidden retries");
        return failure;
    }
}
