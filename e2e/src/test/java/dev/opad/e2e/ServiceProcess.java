package dev.opad.e2e;

import dev.opad.testing.FreePort;
import dev.opad.testing.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One opad service started from its packaged fast-jar, as {@code ./opad up} and the Dockerfiles run it:
 * the prod profile, so probes and metrics are on a management port of their own (a free one per start).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    /**
     * A service starts in 10-15 s; a worker restarted while two others fire schedules and run jobs on two cores that
     * other builds share took over 60 s (ScheduleReliabilityIT), so the limit is generous.
     */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** Each module's variable for its management port (application.properties). */
    static final Map<String, String> MANAGEMENT_PORT_VARIABLES = Map.of(
            "api", "OPAD_API_MANAGEMENT_PORT", "worker", "OPAD_WORKER_MANAGEMENT_PORT", "web-gateway", "OPAD_WEB_MANAGEMENT_PORT");

    private final String name;
    private final int port;
    private final int managementPort;
    private final Process process;
    private final Path log;
    private final long startToReadyMs;

    private ServiceProcess(String name, int port, int managementPort, Process process, Path log, long startToReadyMs) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
        this.startToReadyMs = startToReadyMs;
    }

    static ServiceProcess start(String name, String module, int port, Map<String, String> env) {
        return start(name, module, port, env, List.of());
    }

    /**
     * The JVM options ./opad up gives every service (the OPAD_JVM_OPTIONS line of lib/opad/services.sh),
     * read from the script itself so a test of the services' limits runs with the same heap they get there.
     */
    static List<String> opadJvmOptions() {
        Path script = Path.of(System.getProperty("opad.root", "..")).toAbsolutePath().normalize().resolve("lib/opad/services.sh");
        try {
            String line = Files.readAllLines(script).stream().filter(l -> l.startsWith("OPAD_JVM_OPTIONS=("))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no OPAD_JVM_OPTIONS=(...) line in " + script));
            return List.of(line.substring(line.indexOf('(') + 1, line.lastIndexOf(')')).trim().split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServiceProcess start(String name, String module, int port, Map<String, String> env, List<String> jvmOptions) {
        Path root = Path.of(System.getProperty("opad.root", "..")).toAbsolutePath().normalize();
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the whole build (./opad test) so the services are packaged first");
        }
        Path log = root.resolve("e2e/target/service-logs").resolve(name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new java.util.ArrayList<>(List.of(java));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            int managementPort = FreePort.find();
            builder.environment().put(MANAGEMENT_PORT_VARIABLES.get(module), String.valueOf(managementPort));
            long started = System.nanoTime();
            Process process = builder.start();
            try {
                Waits.until(name + " to become ready (log: " + log + ")", READY_TIMEOUT,
                        () -> process.isAlive() && status("http://127.0.0.1:" + managementPort + "/q/health/ready") == 200);
            } catch (AssertionError notReady) {
                process.destroyForcibly();
                throw notReady;
            }
            return new ServiceProcess(name, port, managementPort, process, log, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the probes, the metrics and (the api's) OpenAPI document are. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public long startToReadyMs() {
        return startToReadyMs;
    }

    public long pid() {
        return process.pid();
    }

    /** Resident memory of the JVM now, from /proc; -1 where /proc is not there. */
    long residentKiB() {
        try {
            return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    public Path log() {
        return log;
    }

    public String name() {
        return name;
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL: the process dies at once, mid-job, as after an OOM kill or a node failure. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM and wait for the process to exit by itself, up to the given seconds. */
    public boolean terminate(int seconds) {
        process.destroy();
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM first, as Kubernetes does, so the service shuts down gracefully. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
