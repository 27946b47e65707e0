package dev.opad.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * bounded (read from its GC log: what it holds after each collection).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiAbuseIT {

    private static final int PARALLEL = 200;
    /**
     * What the api may hold at its worst, hashes in flight included: 3 hashes × 20 MiB plus the api's
     * own ~80 MiB, with room to spare, and well below -Xmx256m, where it died.
     */
    private static final long HEAP_BOUND_KIB = 192 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private static OpadSystem system;
    private static GcLog gc;

    @BeforeAll
    static void start() throws IOException {
        gc = new GcLog(Files.createTempFile("opad-api-gc", ".log"));
        List<String> jvm = new ArrayList<>(ServiceProcess.opadJvmOptions());
        jvm.add("-Xlog:gc:file=" + gc.file());
        system = new OpadSystem(Map.of(
                "OPAD_AUTH_REGISTER_PER_ADDRESS", "100000",
                "OPAD_AUTH_REGISTER_GLOBAL", "100000",
                "OPAD_AUTH_LOGIN_PER_ADDRESS", "100000"), jvm);
    }

    @AfterAll
    static void stop() {
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
        System.out.printf("ApiAbuseIT: %d %s at once in %d ms -> %s; live heap at most %d MiB (after any collection %d MiB,"
                        + " before %d MiB) of %s; api alive: %s%n", PARALLEL, what, ms, new TreeMap<>(statuses), gc.peakLiveKiB() / 1024,
                gc.peakAfterGcKiB() / 1024, gc.peakBeforeGcKiB() / 1024, ServiceProcess.opadJvmOptions(), system.api().isAlive());
        assertTrue(badBusyAnswers.isEmpty(), "every 503 is a problem+json with Retry-After: " + badBusyAnswers);
        return statuses;
    }

    private static void assertSurvived(Map<Integer, Integer> statuses) {
        assertTrue(system.api().isAlive(), "the api process is still running (log: " + system.api().log() + ")");
        assertEquals(200, ServiceProcess.status(system.api().managementUrl() + "/q/health/live"), "and answers");
        assertEquals(PARALLEL, statuses.values().stream().mapToInt(Integer::intValue).sum());
        statuses.keySet().forEach(status -> assertTrue(
                (status >= 200 && status < 300) || (status >= 400 && status < 500) || status == 503,
                "only 2xx, 4xx or 503, got " + statuses));
        assertTrue(gc.peakAfterGcKiB() > 0, "the GC log has collections: " + gc.file());
        assertTrue(gc.peakLiveKiB() < HEAP_BOUND_KIB,
                "live heap at most " + gc.peakLiveKiB() / 1024 + " MiB, bound " + HEAP_BOUND_KIB / 1024);
    }

    /**
     * The api's GC log ({@code -Xlog:gc}): each collection's "before->after(committed)". What the api
     * really holds (hashes in flight included) is the heap after a full collection. A young one's
     * "after" still counts dead hash arrays that went straight to the old generation (19 MiB is more
     * than the young generation holds), and "before" is full of garbage by design; only when no full
     * collection was needed does the highest "after" stand in for it.
     */
    private record GcLog(Path file) {

        private static final Pattern PAUSE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\(");

        long peakLiveKiB() {
            long afterFull = peak(3, "Pause Full");
            return afterFull > 0 ? afterFull : peakAfterGcKiB();
        }

        long peakAfterGcKiB() {
            return peak(3, "Pause");
        }

        long peakBeforeGcKiB() {
            return peak(1, "Pause");
        }

        private long peak(int group, String kind) {
            try {
                long peak = 0;
                for (String line : Files.readAllLines(file)) {
                    Matcher pause = PAUSE.matcher(line);
                    if (line.contains(kind) && pause.find()) {
                        peak = Math.max(peak, kib(Long.parseLong(pause.group(group)), pause.group(group + 1)));
                    }
                }
                return peak;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static long kib(long value, String unit) {
            return switch (unit) {
                case "K" -> value;
                case "M" -> value * 1024;
                default -> value * 1024 * 1024;
            };
        }
    }
}
