package dev.opad.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 12, item 1: what a stranger can do to the api with password hashes (19 MiB each). The packaged
 * api runs as ./opad up runs it (OPAD_JVM_OPTIONS: 256 MiB heap, exit on OutOfMemoryError) and gets 200
 * registrations at once, then 200 logins for unknown emails at once, all on loopback. The per-address
 * limits are lifted, as for an attacker with many addresses, so every request reaches the hashing.
 * The api must stay up, answer only 2xx, 4xx or a 503 problem with Retry-After, and keep its heap
 * bounded (sampled by jstat every 50 ms).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiAbuseIT {

    private static final int PARALLEL = 200;
    /** Well below -Xmx256m: what the api may use at its worst, hashes included. */
    private static final long HEAP_BOUND_KIB = 224 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private static OpadSystem system;
    private static HeapSampler heap;

    @BeforeAll
    static void start() {
        system = new OpadSystem(Map.of(
                "OPAD_AUTH_REGISTER_PER_ADDRESS", "100000",
                "OPAD_AUTH_REGISTER_GLOBAL", "100000",
                "OPAD_AUTH_LOGIN_PER_ADDRESS", "100000"), ServiceProcess.opadJvmOptions());
        heap = HeapSampler.start(system.api().pid());
    }

    @AfterAll
    static void stop() {
        if (heap != null) {
            heap.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void twoHundredRegistrationsAtOnce() throws Exception {
        Map<Integer, Integer> statuses = flood("registrations", i -> post("/auth/register",
                "{\"email\":\"flood-" + i + "-" + UUID.randomUUID() + "@example.org\",\"password\":\"a long enough password\","
                        + "\"name\":\"Flood\"}"));
        assertSurvived(statuses);
    }

    @Test
    @Order(2)
    void twoHundredBadLoginsAtOnce() throws Exception {
        Map<Integer, Integer> statuses = flood("bad logins", i -> post("/auth/login",
                "{\"email\":\"nobody-" + i + "-" + UUID.randomUUID() + "@example.org\",\"password\":\"not the password\"}"));
        assertSurvived(statuses);
    }

    private static HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(system.api().baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** Sends {@code PARALLEL} requests at once; -1 counts a request that got no answer at all. */
    private static Map<Integer, Integer> flood(String what, IntFunction<HttpRequest> request) throws Exception {
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<String> badBusyAnswers = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        long started = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                HttpRequest r = request.apply(i);
                sent.add(threads.submit(() -> {
                    go.await();
                    int status;
                    try {
                        HttpResponse<String> answer = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
                        status = answer.statusCode();
                        if (status == 503 && (answer.headers().firstValue("Retry-After").isEmpty()
                                || !answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"))) {
                            badBusyAnswers.add(answer.headers().map() + " " + answer.body());
                        }
                    } catch (IOException e) {
                        status = -1;
                    }
                    statuses.merge(status, 1, Integer::sum);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : sent) {
                f.get();
            }
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("ApiAbuseIT: %d %s at once in %d ms -> %s; peak heap used %d MiB of %s; api alive: %s%n",
                PARALLEL, what, ms, new TreeMap<>(statuses), heap.peakKiB() / 1024, "-Xmx256m", system.api().isAlive());
        assertTrue(badBusyAnswers.isEmpty(), "every 503 is a problem+json with Retry-After: " + badBusyAnswers);
        return statuses;
    }

    private static void assertSurvived(Map<Integer, Integer> statuses) {
        assertTrue(system.api().isAlive(), "the api process is still running (log: " + system.api().log() + ")");
        assertEquals(200, ServiceProcess.status(system.api().baseUrl() + "/q/health/live"), "and answers");
        assertEquals(PARALLEL, statuses.values().stream().mapToInt(Integer::intValue).sum());
        statuses.keySet().forEach(status -> assertTrue(
                (status >= 200 && status < 300) || (status >= 400 && status < 500) || status == 503,
                "only 2xx, 4xx or 503, got " + statuses));
        assertTrue(heap.peakKiB() > 0, "the heap was sampled");
        assertTrue(heap.peakKiB() < HEAP_BOUND_KIB, "peak heap " + heap.peakKiB() / 1024 + " MiB, bound " + HEAP_BOUND_KIB / 1024);
    }

    /** {@code jstat -gc <pid> 50}: the heap in use (survivors + eden + old) every 50 ms, its peak kept. */
    private static final class HeapSampler implements AutoCloseable {

        private final Process jstat;
        private final AtomicLong peak = new AtomicLong();

        private HeapSampler(Process jstat) {
            this.jstat = jstat;
            Thread.ofPlatform().daemon().start(this::read);
        }

        static HeapSampler start(long pid) {
            Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
            try {
                return new HeapSampler(new ProcessBuilder(java.resolveSibling("jstat").toString(), "-gc", String.valueOf(pid), "50")
                        .redirectErrorStream(true).start());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long peakKiB() {
            return peak.get();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
                List<String> header = null;
                for (String line; (line = lines.readLine()) != null; ) {
                    List<String> fields = List.of(line.trim().split("\\s+"));
                    if (fields.contains("EU")) {
                        header = fields;
                    } else if (header != null && fields.size() == header.size()) {
                        double used = 0;
                        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                            used += Double.parseDouble(fields.get(header.indexOf(column)).replace(',', '.'));
                        }
                        long kib = (long) used;
                        peak.accumulateAndGet(kib, Math::max);
                    }
                }
            } catch (IOException | RuntimeException ended) {
                // jstat stops when the api does
            }
        }

        @Override
        public void close() {
            jstat.destroy();
        }
    }
}
