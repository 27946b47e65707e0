package dev.opad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.UserMessage;
import dev.opad.worker.model.DemoChatModel;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model provider on loopback that speaks OpenAI's chat-completions API (the shape of the worker
 * tests' FakeOpenAiServer, {@code usage} block included) and answers what opad's demo model would
 * for the prompt, so the articles pass the real quality gate. Answers are cached by prompt, so the
 * fake model itself costs next to no CPU.
 *
 * <p>Plain sockets on virtual threads rather than an HTTP library: one thread per connection makes
 * thousands of held answers cheap, and a held connection is watched with a blocking read, so a
 * client hanging up (the worker cancelling the call) is seen at once, with its time. Not WireMock,
 * which the worker tests' fakes use: its Jetty pool gives each held answer a platform thread and each
 * call a journal entry and a stub match, which would bound the held calls and add its own cost to
 * the latencies the benchmark measures; nor does it report a hang-up.
 */
final class FakeModel implements AutoCloseable {

    /** How the next calls are answered. */
    enum Mode { IMMEDIATE, DELAYED, HELD }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DemoChatModel DEMO = new DemoChatModel(Duration.ZERO);
    private static final int CACHE_LIMIT = 20_000;

    private final ServerSocket server;
    private final Thread acceptor;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private final BlockingQueue<Long> hangUps = new LinkedBlockingQueue<>();
    private volatile Mode mode = Mode.IMMEDIATE;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean open = true;

    FakeModel() {
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8192);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake model", e);
        }
        acceptor = Thread.ofPlatform().name("fake-model-accept").daemon().start(this::accept);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    void answerImmediately() {
        mode = Mode.IMMEDIATE;
    }

    void answerAfter(Duration latency) {
        delay = latency;
        mode = Mode.DELAYED;
    }

    /** Calls are held open until the client hangs up (or the server closes). */
    void holdAnswers() {
        mode = Mode.HELD;
        hangUps.clear();
    }

    int inFlight() {
        return inFlight.get();
    }

    long calls() {
        return calls.get();
    }

    /** Forgets hang-ups seen so far. */
    void forgetHangUps() {
        hangUps.clear();
    }

    /** The {@link System#nanoTime} at which the next held call's client hung up, or -1 after the timeout. */
    long nextHangUp(Duration timeout) throws InterruptedException {
        Long at = hangUps.poll(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return at == null ? -1 : at;
    }

    private void accept() {
        while (open) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                if (open) {
                    Results.note("fake model: accept failed: " + e.getMessage());
                }
            }
        }
    }

    /** One connection, keep-alive: requests one after the other until the client closes it. */
    private void serve(Socket socket) {
        boolean held = false;
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
            OutputStream out = socket.getOutputStream();
            while (open) {
                byte[] body = readRequest(in);
                if (body == null) {
                    return;
                }
                calls.incrementAndGet();
                inFlight.incrementAndGet();
                Mode answering = mode;
                try {
                    byte[] answer = completion(body);
                    switch (answering) {
                        case IMMEDIATE -> { }
                        case DELAYED -> Thread.sleep(delay);
                        case HELD -> {
                            held = true;
                            // The request is complete; the next read ends only when the client hangs up.
                            int next = in.read();
                            if (next < 0) {
                                hangUps.add(System.nanoTime());
                                return;
                            }
                            held = false;
                        }
                    }
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + answer.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(answer);
                    out.flush();
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        } catch (IOException e) {
            if (held) {
                hangUps.add(System.nanoTime()); // a reset rather than a clean close
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one HTTP/1.1 request; returns its body, or null when the client closed the connection. */
    private static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) { // CR LF CR LF ends the head
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return in.readNBytes(length);
    }

    private byte[] completion(byte[] requestBody) throws IOException {
        JsonNode request = JSON.readTree(requestBody);
        String prompt = lastUserMessage(request);
        String answer = answers.get(prompt);
        if (answer == null) {
            answer = DEMO.chat(UserMessage.from(prompt)).aiMessage().text();
            if (answers.size() < CACHE_LIMIT) {
                answers.put(prompt, answer);
            }
        }
        ObjectNode response = JSON.createObjectNode()
                .put("id", "chatcmpl-" + calls.get())
                .put("object", "chat.completion")
                .put("created", 1_700_000_000L)
                .put("model", request.path("model").asText("gpt-bench"));
        ObjectNode choice = response.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", answer);
        response.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", 340).put("total_tokens", 460);
        return JSON.writeValueAsBytes(response);
    }

    private static String lastUserMessage(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asText())) {
                JsonNode content = message.path("content");
                if (content.isArray()) { // OpenAI's content parts
                    StringBuilder text = new StringBuilder();
                    content.forEach(part -> text.append(part.path("text").asText()));
                    return text.toString();
                }
                return content.asText();
            }
        }
        return "";
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        acceptor.interrupt();
    }
}
