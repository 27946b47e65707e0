package dev.opad.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * A real redis-server the suite starts on a free port, with persistence off. It can be stopped
 * and started again on the same port to test what opad does while Redis is away.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private Process process;

    private RedisServerProcess(int port) {
        this.port = port;
    }

    public static RedisServerProcess start() {
        RedisServerProcess redis = new RedisServerProcess(FreePort.find());
        redis.startAgain();
        return redis;
    }

    public synchronized void startAgain() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = List.of(binary(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning");
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0)
                    + " (install redis-server, or run ./opad test which installs it)", e);
        }
        Waits.until("redis-server on port " + port, Duration.ofSeconds(10), () -> FreePort.isListening("127.0.0.1", port));
    }

    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Waits.until("redis-server on port " + port + " to stop", Duration.ofSeconds(10),
                () -> !FreePort.isListening("127.0.0.1", port));
    }

    /** Sends FLUSHALL over a plain socket (RESP), as an operator or a crash losing all data would. */
    public void flushAll() {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("*1\r\n$8\r\nFLUSHALL\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] reply = new byte[5];
            int read = socket.getInputStream().read(reply);
            if (read < 3 || reply[0] != '+') {
                throw new IllegalStateException("FLUSHALL not acknowledged");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach redis-server on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }

    private static String binary() {
        String configured = System.getenv("OPAD_TEST_REDIS_SERVER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return "redis-server";
    }
}
