package dev.opad.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One opad service as a real process: its packaged fast-jar, started with the JVM options ./opad up
 * uses ({@code BENCH_JAVA_OPTS}, set by bench/run-all.sh from the opad script) and settings in the
 * environment, as the e2e tests and ./opad up run it.
 */
final class Service implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final String name;
    final int port;
    /** Where its probes and /q/metrics are. */
    final int managementPort;
    final long startToReadyMs;
    private final Process process;

    private Service(String name, int port, int managementPort, Process process, long startToReadyMs) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.startToReadyMs = startToReadyMs;
    }

    static Service start(String name, String module, Map<String, String> env, Path logDir) {
        Path root = Path.of(System.getProperty("opad.root", ".")).toAbsolutePath().normalize();
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; bench/run-all.sh builds it");
        }
        int port = FreePorts.next();
        int managementPort = FreePorts.next();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = System.getenv().getOrDefault("BENCH_JAVA_OPTS", "").trim();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        try {
            Files.createDirectories(logDir);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logDir.resolve(name + ".log").toFile());
            // ./opad up's service environment (OPAD_SERVICE_ENV, passed on by run-all.sh), then the bench's settings
            for (String setting : System.getenv().getOrDefault("BENCH_SERVICE_ENV", "").trim().split("\\s+")) {
                if (setting.contains("=")) {
                    builder.environment().put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
                }
            }
            builder.environment().putAll(env);
            builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
            // Probes and metrics are on the management interface of the packaged service.
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
            long started = System.nanoTime();
            Process process = builder.start();
            // generous: on this shared 2-core machine a start under other load has taken over a minute
            long deadline = started + TimeUnit.SECONDS.toNanos(Integer.getInteger("bench.start.limit", 180));
            while (status(managementPort, "/q/health/ready") != 200) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException(name + " did not become ready; see " + logDir.resolve(name + ".log"));
                }
                Thread.sleep(20);
            }
            return new Service(name, port, managementPort, process, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** VmRSS from /proc, in MiB. */
    double rssMiB() {
        try {
            return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElse(-1) / 1024.0;
        } catch (IOException e) {
            return -1;
        }
    }

    /** CPU time the process used so far (user + system), in seconds; -1 when /proc cannot tell. */
    double cpuSeconds() {
        return cpuSeconds(process.pid());
    }

    /** The same for any process of this machine. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the fields after the command name, which is in parentheses and may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime in USER_HZ ticks
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * A process's CPU time at one moment, with what each of its JIT compiler threads used so far, so
     * that {@link #cpuSecondsSince} can leave compiling out: a JVM compiles for minutes under load, and
     * that is not the cost of what is measured (PM compares two processes compiling the same code).
     */
    record CpuSnapshot(long pid, double total, Map<String, Double> jitThreads) {

        static CpuSnapshot of(long pid) {
            Map<String, Double> jit = new java.util.HashMap<>();
            try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks) {
                    try {
                        String name = Files.readString(task.resolve("comm")).trim();
                        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                            String stat = Files.readString(task.resolve("stat"));
                            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            jit.put(task.getFileName().toString(), (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException e) {
                // no /proc: the JIT share stays in
            }
            return new CpuSnapshot(pid, cpuSeconds(pid), jit);
        }

        /** CPU seconds used since this snapshot, without its compiler threads' (one that exited meanwhile still counts). */
        double secondsSince() {
            CpuSnapshot now = of(pid);
            double jit = 0;
            for (Map.Entry<String, Double> thread : now.jitThreads.entrySet()) {
                jit += thread.getValue() - jitThreads.getOrDefault(thread.getKey(), 0.0);
            }
            return now.total - total - jit;
        }
    }

    /** SIGKILL: no shutdown hook, no goodbye to Redis, as when a node or the OOM killer takes the process. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    static int status(int port, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
