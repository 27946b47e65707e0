package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.chat.ChatModel;
import dev.opad.worker.model.ChatModels;
import dev.opad.worker.model.Failure;
import dev.opad.worker.model.FailureClassifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A provider that stops talking must not hold a job forever. Stopping a job must stop its model call:
 * interrupting the calling thread aborts the HTTP exchange and the provider sees the connection close,
 * so no tokens are spent on an answer nobody reads. And the timeout covers the whole answer, not just
 * its first line.
 */
class ProviderStallTest {

    @Test
    void interruptingTheCallerClosesTheConnection() throws Exception {
        try (StallingProvider provider = new StallingProvider(Duration.ofSeconds(10), "")) {
            ChatModel model = ChatModels.create(TestModelConfig.openAi(provider.baseUrl(), "sk-test", "gpt-test",
                    Duration.ofSeconds(30)));
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    model.chat("Write about the weather.");
                } catch (Throwable e) {
                    thrown.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            assertTrue(provider.requestRead.await(5, TimeUnit.SECONDS), "the request reached the provider");

            long interruptedAt = System.nanoTime();
            caller.interrupt();
            assertTrue(caller.join(Duration.ofSeconds(1)), "the call returned within a second of the interrupt");
            assertTrue(provider.connectionClosed.await(2, TimeUnit.SECONDS), "the provider saw the connection close");
            Duration untilClosed = Duration.ofNanos(provider.closedAt.get() - interruptedAt);

            assertTrue(untilClosed.compareTo(Duration.ofSeconds(2)) < 0, "closed after " + untilClosed);
            assertNotNull(thrown.get());
            assertTrue(stillInterrupted.get(), "the thread's interrupt status survives for the job runner");
            Failure failure = FailureClassifier.classify(thrown.get());
            assertEquals(Failure.Kind.TRANSIENT, failure.kind());
            assertEquals("the model call was interrupted", failure.reason());
        }
    }

    @Test
    void aCallerInterruptedBeforeTheCallDoesNotConnect() throws Exception {
        try (StallingProvider provider = new StallingProvider(Duration.ofSeconds(10), "")) {
            ChatModel model = ChatModels.create(TestModelConfig.openAi(provider.baseUrl(), "sk-test", "gpt-test",
                    Duration.ofSeconds(30)));
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread caller = Thread.ofVirtual().unstarted(() -> {
                Thread.currentThread().interrupt();
                try {
                    model.chat("Write about the weather.");
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            caller.start();

            assertTrue(caller.join(Duration.ofSeconds(1)));
            assertEquals("the model call was interrupted", FailureClassifier.classify(thrown.get()).reason());
            assertFalse(provider.requestRead.await(200, TimeUnit.MILLISECONDS), "nothing was sent");
        }
    }

    @Test
    void anAnswerThatStallsAfterItsHeadersTimesOut() throws Exception {
        String headersAndABit = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"id\":";
        try (StallingProvider provider = new StallingProvider(Duration.ofSeconds(10), headersAndABit)) {
            ChatModel model = ChatModels.create(TestModelConfig.openAi(provider.baseUrl(), "sk-test", "gpt-test",
                    Duration.ofMillis(300)));

            long started = System.nanoTime();
            RuntimeException error = assertThrows(RuntimeException.class, () -> model.chat("Write about the weather."));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "gave up after " + took);
            Failure failure = FailureClassifier.classify(error);
            assertEquals(Failure.Kind.TRANSIENT, failure.kind());
            assertEquals("the model call timed out after 300 ms", failure.reason());
            assertTrue(provider.connectionClosed.await(2, TimeUnit.SECONDS), "the abandoned exchange was closed");
        }
    }

    /**
     * A raw-socket provider that reads one chat request, sends {@code partialAnswer} (perhaps nothing)
     * and then no more; it watches the connection for up to {@code patience} and notes when the client
     * closes it (end of stream or reset). Hand-written, not WireMock: the point is when the client
     * closes the connection, and WireMock neither reports that nor can stop after a partial header block.
     */
    private static final class StallingProvider implements AutoCloseable {

        final CountDownLatch requestRead = new CountDownLatch(1);
        final CountDownLatch connectionClosed = new CountDownLatch(1);
        final AtomicReference<Long> closedAt = new AtomicReference<>();
        private final ServerSocket server;
        private final Thread acceptor;

        StallingProvider(Duration patience, String partialAnswer) throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().start(() -> serveOne(patience, partialAnswer));
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
        }

        private void serveOne(Duration patience, String partialAnswer) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout((int) patience.toMillis());
                InputStream in = socket.getInputStream();
                readRequest(in);
                requestRead.countDown();
                socket.getOutputStream().write(partialAnswer.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                try {
                    if (in.read() == -1) {
                        closed();
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // the client kept waiting for the whole patience: the test fails on the latch
                } catch (IOException reset) {
                    closed();
                }
            } catch (IOException serverClosed) {
                // close() ends the accept
            }
        }

        private void closed() {
            closedAt.set(System.nanoTime());
            connectionClosed.countDown();
        }

        /** Headers up to the blank line, then Content-Length bytes of body. */
        private static void readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b == -1) {
                    throw new IOException("request ended early");
                }
                head.write(b);
            }
            int length = head.toString(StandardCharsets.ISO_8859_1).lines()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                    .map(line -> Integer.parseInt(line.substring("content-length:".length()).strip()))
                    .findFirst().orElse(0);
            in.readNBytes(length);
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(Duration.ofSeconds(15));
        }
    }
}
