package dev.opad.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Speaks OpenAI's chat-completions HTTP API on loopback: takes the real request JSON, answers with
 * the real response shape including the {@code usage} block, and records what it was sent.
 * A test can {@link #script} the next answers (status, headers, body, delay) to play a failing provider.
 */
final class FakeOpenAiServer implements AutoCloseable {

    record Received(String path, String authorization, JsonNode body) {
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
     * make a good answer late; the delay ends early when the server closes. A held-open answer sends
     * its headers at once and then trickles whitespace until the delay is over, so a client that hangs
     * up is noticed within a beat instead of when the answer would have been written.
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
    private static final Duration TRICKLE = Duration.ofMillis(50);

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Function<String, String> answerForPrompt;
    private final Queue<Scripted> scripted = new ConcurrentLinkedQueue<>();
    private final List<IOException> failedWrites = new CopyOnWriteArrayList<>();
    private final List<HangUp> hangUps = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

    FakeOpenAiServer(Function<String, String> answerForPrompt) throws IOException {
        this.answerForPrompt = answerForPrompt;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::complete);
        // One thread per exchange, so a delayed answer does not hold up the next request.
        server.setExecutor(handlers);
        server.start();
    }

    /** The next calls get these answers, in order; after them the server answers normally again. */
    FakeOpenAiServer script(Scripted... answers) {
        scripted.addAll(List.of(answers));
        return this;
    }

    /** Drops answers scripted but not yet used, so one test's leftovers cannot reach the next. */
    FakeOpenAiServer forgetScript() {
        scripted.clear();
        return this;
    }

    /** Held-open answers whose client hung up before they were complete. */
    List<HangUp> hangUps() {
        return hangUps;
    }

    /** Answers the server could not deliver because the client had already hung up. */
    List<IOException> failedWrites() {
        return failedWrites;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    List<Received> received() {
        return received;
    }

    private void complete(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        Received request = new Received(exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), body);
        received.add(request);

        Scripted script = scripted.poll();
        if (script == null) {
            send(exchange, 200, Map.of("Content-Type", "application/json"), completion(body, request));
            return;
        }
        if (script.heldOpen()) {
            holdOpen(exchange, script, request);
            return;
        }
        if (!script.delay().isZero()) {
            try {
                closing.await(script.delay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = script.body() == null
                ? completion(body, request)
                : script.body().getBytes(StandardCharsets.UTF_8);
        send(exchange, script.status(), script.headers(), bytes);
    }

    private byte[] completion(JsonNode body, Received request) throws IOException {
        ObjectNode response = JSON.createObjectNode()
                .put("id", "chatcmpl-" + received.size())
                .put("object", "chat.completion")
                .put("created", 1_700_000_000L)
                .put("model", body.get("model").asText());
        ObjectNode choice = response.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", answerForPrompt.apply(request.lastUserMessage()));
        response.putObject("usage")
                .put("prompt_tokens", PROMPT_TOKENS)
                .put("completion_tokens", COMPLETION_TOKENS)
                .put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);

        return JSON.writeValueAsBytes(response);
    }

    /** Leading whitespace is valid JSON, so the trickle leaves a complete answer well-formed. */
    private void holdOpen(HttpExchange exchange, Scripted script, Received request) throws IOException {
        byte[] answer = script.body() == null
                ? completion(request.body(), request)
                : script.body().getBytes(StandardCharsets.UTF_8);
        try {
            script.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(script.status(), 0);
            OutputStream out = exchange.getResponseBody();
            long end = System.nanoTime() + script.delay().toNanos();
            while (System.nanoTime() < end && !closing.await(TRICKLE.toMillis(), TimeUnit.MILLISECONDS)) {
                out.write(' ');
                out.flush();
            }
            out.write(answer);
            out.flush();
        } catch (IOException clientGone) {
            hangUps.add(new HangUp(request, System.nanoTime()));
            failedWrites.add(clientGone);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] bytes) {
        try {
            headers.forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.getResponseBody().flush();
        } catch (IOException clientGone) {
            failedWrites.add(clientGone);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.close();
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
