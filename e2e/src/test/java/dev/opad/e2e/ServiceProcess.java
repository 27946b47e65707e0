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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    /** AOT caches a process of this test JVM is recording now; one at a time each. */
    private static final Set<Path> RECORDING = ConcurrentHashMap.newKeySet();

    private final String name;
    private final String module;
    private final Optional<AotRecording> aotRecording;
    private final int port;
    private final int managementPort;
    private final Process process;
    private final Path log;
    private final long startToReadyMs;

    private ServiceProcess(String name, String module, Optional<AotRecording> aotRecording, int port, int managementPort,
                           Process process, Path log, long startToReadyMs) {
        this.name = name;
        this.module = module;
        this.aotRecording = aotRecording;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
        this.startToReadyMs = startToReadyMs;
    }

    /** Starts the service with the suite's JVM options ({@link #suiteJvmOptions()}). */
    static ServiceProcess start(String name, String module, int port, Map<String, String> env) {
        return start(name, module, port, env, suiteJvmOptions());
    }

    /**
     * What the suite starts services with: the options of ./opad up ({@link #opadJvmOptions()}) with the JIT stopped at
     * its first tier (C1). A test's service lives for seconds to minutes, and there C2 spent about half of each one's
     * CPU compiling code the process did not live long enough to profit from (api 8.1 of 15.8 s, worker 4.4 of 9.8 s,
     * printed by {@link #close()}); what the code does is the same, only the machine code differs. Tests of a service's
     * speed are benchmarks (bench/), which run the services exactly as ./opad up does.
     */
    static List<String> suiteJvmOptions() {
        List<String> options = new java.util.ArrayList<>(opadJvmOptions());
        options.add("-XX:TieredStopAtLevel=1");
        return List.copyOf(options);
    }

    /**
     * The JVM options ./opad up gives every service (the OPAD_JVM_OPTIONS line of lib/opad/services.sh),
     * read from the script itself so a test of the services' limits runs with the same heap they get there.
     */
    static List<String> opadJvmOptions() {
        return servicesScriptArray("OPAD_JVM_OPTIONS");
    }

    /** The environment ./opad up gives every service (OPAD_SERVICE_ENV in lib/opad/services.sh), NAME=value each. */
    static Map<String, String> opadServiceEnvironment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String setting : servicesScriptArray("OPAD_SERVICE_ENV")) {
            env.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        }
        return env;
    }

    /** The words of a {@code NAME=(...)} line of lib/opad/services.sh. */
    private static List<String> servicesScriptArray(String name) {
        Path script = Path.of(System.getProperty("opad.root", "..")).toAbsolutePath().normalize().resolve("lib/opad/services.sh");
        try {
            String line = Files.readAllLines(script).stream().filter(l -> l.startsWith(name + "=("))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no " + name + "=(...) line in " + script));
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
        // ./opad up's cache (lib/opad/aot.sh) for its options, one of the suite's own for the suite's.
        Optional<Path> cache = jvmOptions.equals(opadJvmOptions()) ? Optional.of(jar.resolveSibling("opad.aot"))
                : jvmOptions.equals(suiteJvmOptions()) ? Optional.of(jar.resolveSibling("opad-suite.aot")) : Optional.empty();
        Optional<AotRecording> recording = Optional.empty();
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new java.util.ArrayList<>(List.of(java));
            command.addAll(jvmOptions);
            if (Runtime.version().feature() >= 25 && cache.isPresent()) {
                // As ./opad up does (lib/opad/aot.sh): map the module's AOT cache, or record it in the first start after a
                // build. A recording only counts when its process exits by itself (see close), so a SIGKILLed one is retried.
                // Tests that measure a service's memory start it with options of their own, and so without the cache.
                Path file = cache.get();
                if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(jar)) > 0) {
                    command.add("-XX:AOTCache=" + file);
                } else if (RECORDING.add(file)) {
                    recording = Optional.of(new AotRecording(file, file.resolveSibling(file.getFileName() + "." + name + ".recording")));
                    Files.deleteIfExists(recording.get().output());
                    command.add("-XX:AOTCacheOutput=" + recording.get().output());
                }
            }
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(opadServiceEnvironment());
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
                recording.ifPresent(r -> RECORDING.remove(r.cache()));
                throw notReady;
            }
            return new ServiceProcess(name, module, recording, port, managementPort, process, log,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            recording.ifPresent(r -> RECORDING.remove(r.cache()));
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
        reportCpu("SIGKILL");
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finishAotRecording();
    }

    /**
     * A recording JVM writes its AOT cache while it exits; a complete one becomes the module's cache, in one move so a
     * start at the same moment sees either none or all of it. A killed process leaves none, and the next start records.
     */
    private void finishAotRecording() {
        aotRecording.ifPresent(recorded -> {
            try {
                if (!process.isAlive() && process.exitValue() != 137 && Files.isRegularFile(recorded.output())) {
                    Files.move(recorded.output(), recorded.cache(), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(recorded.output());
                }
            } catch (IOException e) {
                System.out.printf("service %s: its AOT cache was not kept (%s)%n", name, e);
            } finally {
                RECORDING.remove(recorded.cache());
            }
        });
    }

    /** A start that records {@code cache}: the JVM writes {@code output} as it exits. */
    private record AotRecording(Path cache, Path output) {
    }

    /** SIGTERM and wait for the process to exit by itself, up to the given seconds. */
    public boolean terminate(int seconds) {
        reportCpu("SIGTERM");
        process.destroy();
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            finishAotRecording();
        }
    }

    /** One line per service, so a slow suite shows which processes spent the machine's CPU (and how long starts took). */
    private void reportCpu(String how) {
        if (process.isAlive()) {
            System.out.printf("service %s: %s after %.1f s of CPU, %.1f s of it compiling (ready after %d ms)%n", name, how,
                    process.info().totalCpuDuration().map(cpu -> cpu.toMillis() / 1000.0).orElse(-1.0),
                    compilerCpuSeconds(), startToReadyMs);
        }
    }

    /**
     * CPU of the JIT compiler threads still alive, from /proc/PID/task (utime + stime, in clock ticks of 1/100 s on
     * Linux); what a short-lived test process spends compiling rather than serving.
     */
    private double compilerCpuSeconds() {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException threadGone) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks / 100.0;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM first, as Kubernetes does, so the service shuts down gracefully. */
    @Override
    public void close() {
        reportCpu("stop");
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        finishAotRecording();
    }
}
