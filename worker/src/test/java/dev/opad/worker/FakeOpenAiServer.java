package dev.opad.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * OpenAI's chat-completions HTTP API on loopback, played by WireMock: takes the real request JSON, answers
 * with the real response shape including the {@code usage} block; what it was sent is WireMock's journal.
 * A test can {@link #script} the next answers (status, headers, body, delay) to play a failing provider.
 *
 * <p>One piece WireMock does not have: seeing the client hang up. Its delays and dribbles write into a
 * socket nobody reads, and a failed write ends the exchange without telling anyone. So a
 * {@link Scripted#heldOpen} answer is a WireMock response whose body is {@link HeldOpenBody}: it sends
 * the headers at once, then trickles whitespace, flushed, until its time is up, and notes the moment a
 * write fails ({@link #hangUps()}). JobCancelTest measures with that moment how fast a cancel reaches
 * the provider.
 */
final class FakeOpenAiServer implements AutoCloseable {

    record Received(String path, String authorization, JsonNode body) {

        static Received of(LoggedRequest request) {
            return new Received(request.getUrl().replaceFirst("\\?.*", ""), request.getHeader("Authorization"),
                    LoopbackWireMock.json(request.getBodyAsString()));
        }

        String lastUserMessage() {
            JsonNode messages = body.get("messages");
            for (int i = messages.size() - 1; i >= 0; i--) {
                if ("user".equals(messages.get(i).get("role").asText())) {
                    return messages.get(i).get("content").asText();
                }
            }
            return "";
        }
    }

    /** A client that hung up while its answer was held open, and when the server noticed ({@link System#nanoTime}). */
    record HangUp(Received request, long atNanos) {
    }

    /**
     * One scripted answer. A {@code null} body means the usual completion for the prompt, so a test can
     * make a good answer late. A held-open answer sends its headers at once and then trickles whitespace
     * until the delay is over, so a client that hangs up is noticed within a beat.
     */
    record Scripted(int status, Map<String, String> headers, String body, Duration delay, boolean heldOpen) {

        Scripted(int status, Map<String, String> headers, String body, Duration delay) {
            this(status, headers, body, delay, false);
        }

        static Scripted status(int status, String body) {
            return new Scripted(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
        }

        static Scripted completionAfter(Duration delay) {
            return new Scripted(200, Map.of("Content-Type", "application/json"), null, delay);
        }

        /** A good answer after {@code delay}, the connection watched meanwhile (see {@link #hangUps()}). */
        static Scripted heldOpen(Duration delay) {
            return new Scripted(200, Map.of("Content-Type", "application/json"), null, delay, true);
        }

        Scripted withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Scripted(status, Map.copyOf(more), body, delay, heldOpen);
        }

        ResponseDefinitionBuilder answer() {
            ResponseDefinitionBuilder answer = aResponse().withStatus(status);
            headers.forEach(answer::withHeader);
            if (body != null) {
                answer.withBody(body);
            }
            if (heldOpen) {
                return answer.withTransformers(COMPLETION, HoldOpen.NAME)
                        .withTransformerParameter(HoldOpen.MILLIS, delay.toMillis());
            }
            answer.withFixedDelay((int) delay.toMillis());
            return body == null ? answer.withTransformers(COMPLETION) : answer;
        }
    }

    /** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
    static String errorBody(String message, String type, String code) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("message", message).put("type", type).putNull("param").put("code", code);
        return error.toString();
    }

    static final int PROMPT_TOKENS = 120;
    static final int COMPLETION_TOKENS = 340;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v1/chat/completions";
    /** The extension answering with {@link #completion}. */
    private static final String COMPLETION = "openai-completion";

    private final WireMockServer server;
    private final ScriptedAnswers script;
    private final List<HangUp> hangUps = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    FakeOpenAiServer(Function<String, String> answerForPrompt) {
        AtomicInteger answered = new AtomicInteger();
        server = LoopbackWireMock.start(LoopbackWireMock.bodyFrom(COMPLETION,
                        request -> completion(Received.of(request), answered.incrementAndGet(), answerForPrompt)),
                new HoldOpen(hangUps, closing));
        server.stubFor(any(urlPathEqualTo(PATH)).atPriority(5)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withTransformers(COMPLETION)));
        script = new ScriptedAnswers(server, () -> any(urlPathEqualTo(PATH)));
        LoopbackWireMock.warmUp(server);
    }

    /** The next calls get these answers, in order; after them the server answers normally again. */
    FakeOpenAiServer script(Scripted... answers) {
        script.add(Arrays.stream(answers).map(Scripted::answer).toList());
        return this;
    }

    /** Drops answers scripted but not yet used, so one test's leftovers cannot reach the next. */
    FakeOpenAiServer forgetScript() {
        script.forget();
        return this;
    }

    /** Held-open answers whose client hung up before they were complete. */
    List<HangUp> hangUps() {
        return hangUps;
    }

    String baseUrl() {
        return LoopbackWireMock.baseUrl(server) + "/v1";
    }

    /** What the server was sent, oldest first. */
    List<Received> received() {
        return server.findAll(anyRequestedFor(urlPathEqualTo(PATH))).stream().map(Received::of).toList();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop();
    }

    /** The usual completion: its text depends on the prompt. */
    private static String completion(Received request, int number, Function<String, String> answerForPrompt) {
        ObjectNode response = JSON.createObjectNode()
                .put("id", "chatcmpl-" + number)
                .put("object", "chat.completion")
                .put("created", 1_700_000_000L)
                .put("model", request.body().get("model").asText());
        ObjectNode choice = response.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant")
                .put("content", answerForPrompt.apply(request.lastUserMessage()));
        response.putObject("usage")
                .put("prompt_tokens", PROMPT_TOKENS)
                .put("completion_tokens", COMPLETION_TOKENS)
                .put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);
        return response.toString();
    }

    /** Serves the rendered answer as a {@link HeldOpenBody}, held for the stub's {@link #MILLIS}. */
    private static final class HoldOpen implements ResponseTransformerV2 {

        static final String NAME = "openai-hold-open";
        static final String MILLIS = "holdMillis";

        private final List<HangUp> hangUps;
        private final CountDownLatch closing;

        HoldOpen(List<HangUp> hangUps, CountDownLatch closing) {
            this.hangUps = hangUps;
            this.closing = closing;
        }

        @Override
        public Response transform(Response response, ServeEvent event) {
            byte[] answer = response.getBody();
            Duration hold = Duration.ofMillis(Long.parseLong(
                    String.valueOf(event.getResponseDefinition().getTransformerParameters().get(MILLIS))));
            Received request = Received.of(LoggedRequest.createFrom(event.getRequest()));
            return Response.Builder.like(response)
                    .body(() -> new HeldOpenBody(answer, hold, closing, () -> hangUps.add(new HangUp(request, System.nanoTime()))))
                    .build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    /**
     * The answer, read at once by whoever reads it (WireMock logs a copy), but written to the client by
     * {@link #transferTo}, which is how WireMock sends a body: whitespace every {@link #TRICKLE}, each
     * flushed, until the hold is over, then the answer. Leading whitespace is valid JSON, so the trickle
     * leaves a complete answer well-formed. A write that fails is the client hanging up.
     */
    private static final class HeldOpenBody extends ByteArrayInputStream {

        private static final Duration TRICKLE = Duration.ofMillis(50);

        private final Duration hold;
        private final CountDownLatch closing;
        private final Runnable hungUp;

        HeldOpenBody(byte[] answer, Duration hold, CountDownLatch closing, Runnable hungUp) {
            super(answer);
            this.hold = hold;
            this.closing = closing;
            this.hungUp = hungUp;
        }

        @Override
        public synchronized long transferTo(OutputStream out) throws IOException {
            try {
                long end = System.nanoTime() + hold.toNanos();
                while (System.nanoTime() < end && !closing.await(TRICKLE.toMillis(), TimeUnit.MILLISECONDS)) {
                    out.write(' ');
                    out.flush();
                }
                long sent = super.transferTo(out);
                out.flush();
                return sent;
            } catch (IOException clientGone) {
                hungUp.run();
                throw clientGone;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while holding the answer", e);
            }
        }
    }
}
