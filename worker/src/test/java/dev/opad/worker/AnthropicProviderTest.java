package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.opad.worker.FakeAnthropicServer.Received;
import dev.opad.worker.FakeAnthropicServer.Scripted;
import dev.opad.worker.model.ChatModels;
import dev.opad.worker.model.Failure;
import dev.opad.worker.model.FailureClassifier;
import dev.opad.worker.model.ProviderHttpException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** opad's Anthropic provider against a fake Messages API over real HTTP: answers, usage, headers, failures. */
class AnthropicProviderTest {

    private static final String API_KEY = "sk-ant-test-secret-key-12345";
    private static final String MODEL = "claude-test";
    private static final int MAX_TOKENS = 1234;
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private FakeAnthropicServer fake;
    private ChatModel model;

    @BeforeEach
    void startFake() throws Exception {
        fake = new FakeAnthropicServer(prompt -> "Answer to: " + prompt);
        model = ChatModels.create(TestModelConfig.anthropic(fake.baseUrl(), API_KEY, MODEL, MAX_TOKENS, TIMEOUT));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void aChatReturnsTheTextAndTheExactUsage() {
        ChatResponse response = model.chat(ChatRequest.builder()
                .messages(UserMessage.from("Stage: write\nTopic: tea"))
                .build());

        assertEquals("Answer to: Stage: write\nTopic: tea", response.aiMessage().text());
        assertEquals(FakeAnthropicServer.INPUT_TOKENS, response.tokenUsage().inputTokenCount());
        assertEquals(FakeAnthropicServer.OUTPUT_TOKENS, response.tokenUsage().outputTokenCount());
        assertEquals(MODEL, response.modelName());
        assertEquals(FinishReason.STOP, response.finishReason());
    }

    @Test
    void theRequestCarriesTheKeyTheVersionTheModelAndMaxTokens() {
        model.chat("hello");

        assertEquals(1, fake.received().size());
        Received request = fake.received().getFirst();
        assertEquals("POST", request.method());
        assertEquals("/v1/messages", request.path());
        assertEquals(API_KEY, request.apiKey());
        assertEquals(FakeAnthropicServer.VERSION, request.anthropicVersion());
        assertNull(request.authorization(), "Anthropic takes the key in x-api-key, not as a bearer token");
        assertEquals(MODEL, request.body().path("model").asText());
        assertEquals(MAX_TOKENS, request.body().path("max_tokens").asInt());
        assertEquals("hello", request.lastUserMessage());
    }

    @Test
    void rateLimitingIsTransientAndKeepsRetryAfter() {
        fake.script(Scripted.status(429, FakeAnthropicServer.errorBody("rate_limit_error",
                "Number of request tokens has exceeded your per-minute rate limit")).withHeader("retry-after", "7"));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.TRANSIENT, failure.kind());
        assertEquals("the model provider is rate limiting requests", failure.reason());
        assertEquals(Optional.of(Duration.ofSeconds(7)), failure.retryAfter());
    }

    @Test
    void anOverloadedProviderIsTransientAndKeepsRetryAfter() {
        fake.script(Scripted.status(529, FakeAnthropicServer.errorBody("overloaded_error", "Overloaded"))
                .withHeader("retry-after", "30"));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.TRANSIENT, failure.kind());
        assertEquals("the model provider is overloaded (HTTP 529)", failure.reason());
        assertEquals(Optional.of(Duration.ofSeconds(30)), failure.retryAfter());
    }

    @Test
    void anOverloadedProviderWithoutAHintLeavesTheWaitToTheWorker() {
        fake.script(Scripted.status(529, FakeAnthropicServer.errorBody("overloaded_error", "Overloaded")));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.TRANSIENT, failure.kind());
        assertEquals(Optional.empty(), failure.retryAfter());
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void serverErrorsAreTransient(int status) {
        fake.script(Scripted.status(status, FakeAnthropicServer.errorBody("api_error", "Internal server error")));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.TRANSIENT, failure.kind());
        assertEquals("the model provider had a server error (HTTP " + status + ")", failure.reason());
    }

    @Test
    void aRejectedKeyIsPermanent() {
        fake.script(Scripted.status(401, FakeAnthropicServer.errorBody("authentication_error", "invalid x-api-key")));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.PERMANENT, failure.kind());
        assertEquals("the model provider rejected the API key", failure.reason());
    }

    @Test
    void aKeyWithoutPermissionIsPermanent() {
        fake.script(Scripted.status(403, FakeAnthropicServer.errorBody("permission_error",
                "Your API key does not have permission to use the specified resource.")));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.PERMANENT, failure.kind());
        assertEquals("the model provider denied access with this API key (HTTP 403)", failure.reason());
    }

    @Test
    void anUnknownModelIsPermanentAndNamed() {
        fake.script(Scripted.status(404, FakeAnthropicServer.errorBody("not_found_error", "model: " + MODEL)));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.PERMANENT, failure.kind());
        assertEquals("the model provider does not know the model '" + MODEL + "'", failure.reason());
    }

    @Test
    void anInvalidRequestIsPermanentWithTheProvidersWords() {
        fake.script(Scripted.status(400, FakeAnthropicServer.errorBody("invalid_request_error",
                "max_tokens: 100000 > 8192, which is the maximum allowed number of output tokens for claude-test")));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.PERMANENT, failure.kind());
        assertEquals("the model provider rejected the request as invalid (HTTP 400): "
                + "max_tokens: 100000 > 8192, which is the maximum allowed number of output tokens for claude-test",
                failure.reason());
    }

    @Test
    void aSlowAnswerTimesOutAsTransient() {
        fake.script(Scripted.messageAfter(Duration.ofSeconds(3)));

        long started = System.nanoTime();
        Failure failure = failureOfOneCall();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(Failure.Kind.TRANSIENT, failure.kind());
        assertEquals("the model call timed out after 500 ms", failure.reason());
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "gave up after " + took);
    }

    @Test
    void anthropicsErrorBodyIsRead() {
        var error = new ProviderHttpException(529, FakeAnthropicServer.errorBody("overloaded_error", "Overloaded"),
                Optional.empty(), Optional.of(MODEL));

        assertEquals(Optional.of("overloaded_error"), error.errorCode());
        assertEquals(Optional.of("Overloaded"), error.errorMessage());
    }

    /** A proxy in front of Anthropic may pass the body on under another status. */
    @Test
    void anOverloadedBodyIsTransientWhateverTheStatus() {
        fake.script(Scripted.status(503, FakeAnthropicServer.errorBody("overloaded_error", "Overloaded"))
                .withHeader("retry-after", "5"));

        Failure failure = failureOfOneCall();

        assertEquals(Failure.Kind.TRANSIENT, failure.kind());
        assertEquals("the model provider is overloaded (HTTP 503)", failure.reason());
        assertEquals(Optional.of(Duration.ofSeconds(5)), failure.retryAfter());
    }

    @Test
    void withoutAKeyTheModelIsNotBuilt() {
        var noKey = new TestModelConfig(TestModelConfig.Provider.ANTHROPIC, TIMEOUT, () -> Duration.ZERO,
                new TestModelConfig.TestOpenAi("http://unused", Optional.empty(), "unused"),
                new TestModelConfig.TestAnthropic(fake.baseUrl(), Optional.empty(), MODEL, MAX_TOKENS),
                Map.of());

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> ChatModels.create(noKey));

        assertTrue(error.getMessage().contains("OPAD_ANTHROPIC_API_KEY"), error.getMessage());
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
