package dev.opad.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.e2e.RawHttp.Answer;
import dev.opad.e2e.RawHttp.Framing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a stranger on loopback can throw at the packaged web gateway, run as {@code ./opad up} runs it
 * (256 MiB heap, ExitOnOutOfMemoryError), in front of the real api. Each flood is bounded; after each
 * the gateway must still be alive, every answer must be 2xx, 4xx or 503, every error a problem
 * document, and the heap (from the GC log, at every collection) must stay well under its maximum.
 * The figures go to stdout for BENCHMARKS.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayAbuseIT {

    private static final long NINE_MIB = 9L * 1024 * 1024;
    private static final int BODY_LIMIT = 64 * 1024;
    /** Well under -Xmx256m: what the gateway may hold at the worst moment of any flood. */
    private static final long PEAK_HEAP_LIMIT_MIB = 160;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String JSON_POST = "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json";
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private static OpadSystem system;
    private static ServiceProcess web;
    private static Path gcLog;
    private static final Map<Integer, LongAdder> BY_STATUS = new ConcurrentHashMap<>();
    private static final LongAdder REQUESTS = new LongAdder();
    private int collectionsBefore;
    private long requestsBefore;

    @BeforeAll
    static void start() {
        system = new OpadSystem(Map.of());
        gcLog = Path.of(System.getProperty("opad.root", "..")).toAbsolutePath().normalize()
                .resolve("e2e/target/service-logs/web-abuse-gc.log");
        List<String> options = new ArrayList<>(ServiceProcess.opadJvmOptions());
        options.add("-Xlog:gc:file=" + gcLog);
        web = system.startWebGateway(options);
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            Map<Integer, Long> byStatus = new TreeMap<>();
            BY_STATUS.forEach((status, count) -> byStatus.put(status, count.sum()));
            System.out.printf("GatewayAbuseIT: %d requests, answers by status %s (-1: connection ended before an answer), "
                    + "peak heap %d MiB of %d MiB, alive %s%n", REQUESTS.sum(), byStatus, peakHeapMiB(), heapCapacityMiB(), web.isAlive());
            system.close();
        }
    }

    @BeforeEach
    void noteWhereTheGcLogStands() {
        collectionsBefore = gcFigures().size();
        requestsBefore = REQUESTS.sum();
    }

    @AfterEach
    void theGatewaySurvivedWithABoundedHeap(TestInfo test) {
        assertTrue(web.isAlive(), "the gateway died; see " + web.log());
        assertEquals(200, ServiceProcess.status(web.managementUrl() + "/q/health/live"), "the gateway still answers");
        List<long[]> collections = gcFigures();
        List<long[]> during = collections.subList(Math.min(collectionsBefore, collections.size()), collections.size());
        long peak = during.stream().mapToLong(figures -> figures[0]).max().orElse(0);
        long live = during.stream().mapToLong(figures -> figures[1]).max().orElse(0);
        System.out.printf("GatewayAbuseIT %s: %d requests, peak heap %d MiB, most live after a collection %d MiB%n",
                test.getDisplayName(), REQUESTS.sum() - requestsBefore, peak, live);
        assertTrue(peakHeapMiB() < PEAK_HEAP_LIMIT_MIB, "peak heap " + peakHeapMiB() + " MiB");
    }

    @Test
    @Order(1)
    void sixtyFourParallelOversizedBodiesWithContentLength() {
        List<Answer> answers = flood(64, 64, i -> RawHttp.exchange(port(), JSON_POST.formatted("/api/articles")
                + "\r\nAuthorization: Bearer x", Framing.LENGTH, NINE_MIB, Duration.ZERO, TIMEOUT));
        allRefusedAsTooLarge(answers);
    }

    @Test
    @Order(2)
    void sixtyFourParallelOversizedChunkedBodies() {
        List<Answer> answers = flood(64, 64, i -> RawHttp.exchange(port(), JSON_POST.formatted("/api/articles")
                + "\r\nAuthorization: Bearer x", Framing.CHUNKED, NINE_MIB, Duration.ZERO, TIMEOUT));
        allRefusedAsTooLarge(answers);
    }

    /** A stranger passes the CSRF check by sending a cookie and the same value in the header. */
    @Test
    @Order(3)
    void sixtyFourParallelOversizedSignUpsWithASelfMadeCsrfPair() {
        String head = JSON_POST.formatted("/session/register") + "\r\nCookie: opad_csrf=abc\r\nX-CSRF-Token: abc";
        List<Answer> declared = flood(32, 32, i -> RawHttp.exchange(port(), head, Framing.LENGTH, NINE_MIB, Duration.ZERO, TIMEOUT));
        List<Answer> chunked = flood(32, 32, i -> RawHttp.exchange(port(), head, Framing.CHUNKED, NINE_MIB, Duration.ZERO, TIMEOUT));
        allRefusedAsTooLarge(declared);
        allRefusedAsTooLarge(chunked);
    }

    /** Bodies just at the limit are read and forwarded, and the api refuses them. */
    @Test
    @Order(4)
    void fiveHundredBodiesAtTheLimitAreForwarded() {
        List<Answer> answers = flood(512, 64, i -> RawHttp.exchange(port(), JSON_POST.formatted("/api/articles")
                + "\r\nAuthorization: Bearer x", Framing.LENGTH, BODY_LIMIT, Duration.ZERO, TIMEOUT));
        assertOnlyAllowed(answers);
        assertEquals(0, count(answers, -1), "every request answered " + statuses(answers));
    }

    /** Slowly trickled bodies: 64 at once, each in 1 KiB pieces over about two seconds. */
    @Test
    @Order(5)
    void slowBodies() {
        List<Answer> answers = flood(64, 64, i -> RawHttp.exchange(port(), JSON_POST.formatted("/api/articles")
                + "\r\nAuthorization: Bearer x", Framing.LENGTH, 20 * 1024, 1024, Duration.ofMillis(100), TIMEOUT));
        assertOnlyAllowed(answers);
        assertEquals(0, count(answers, -1), "every request answered " + statuses(answers));
        assertEquals(0, count(answers, 503), "the api is up and reached " + statuses(answers));
    }

    /** 300 connections hold half a request head while others are served; then they finish at once and are answered. */
    @Test
    @Order(6)
    void slowHeadsDoNotStopOthersBeingServed() throws IOException {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port());
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                socket.getOutputStream().write("GET /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
                slow.add(socket);
            }
            List<Answer> others = flood(100, 16, i -> RawHttp.exchange(port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1",
                    Framing.NONE, 0, Duration.ZERO, TIMEOUT));
            assertEquals(others.size(), count(others, 200), "the page is served meanwhile");
            List<Answer> finished = new ArrayList<>();
            for (Socket socket : slow) {
                socket.getOutputStream().write("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            for (Socket socket : slow) {
                finished.add(tally(RawHttp.read(socket)));
            }
            assertOnlyAllowed(finished);
            // 300 api calls at once: 50 on the api connections, 256 waiting, so a few may get the 503 of a full queue.
            assertEquals(finished.size(), count(finished, 401) + count(finished, 503), "each slow request answered in the end " + statuses(finished));
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    @Order(7)
    void overlongAddressesAndOversizedHeaders() {
        List<Answer> addresses = flood(128, 32, i -> RawHttp.exchange(port(), "GET /api/articles?q=" + "a".repeat(8000)
                + " HTTP/1.1\r\nHost: 127.0.0.1", Framing.NONE, 0, Duration.ZERO, TIMEOUT));
        List<Answer> headers = flood(128, 32, i -> RawHttp.exchange(port(), "GET /api/articles HTTP/1.1\r\nHost: 127.0.0.1"
                + "\r\nX-Padding: " + "a".repeat(24 * 1024), Framing.NONE, 0, Duration.ZERO, TIMEOUT));
        assertOnlyAllowed(addresses);
        assertOnlyAllowed(headers);
        assertEquals(addresses.size(), count(addresses, 414));
        assertEquals(headers.size(), count(headers, 431));
    }

    /** Reads, Markdown rendering and unknown paths, without a session: all reach at most the api's 401. */
    @Test
    @Order(8)
    void aFloodOfUnauthenticatedRequests() {
        List<String> targets = List.of("/api/articles", "/api/articles/%s/html", "/api/jobs/%s", "/api/nothing", "/session");
        List<Answer> answers = flood(3000, 64, i -> RawHttp.exchange(port(), "GET "
                + targets.get(i % targets.size()).formatted(UUID.randomUUID()) + " HTTP/1.1\r\nHost: 127.0.0.1",
                Framing.NONE, 0, Duration.ZERO, TIMEOUT));
        assertOnlyAllowed(answers);
        assertEquals(0, count(answers, -1), "every request answered");
        assertEquals(0, count(answers, 503), "the api is up and reached " + statuses(answers));
    }

    private static int port() {
        return Integer.parseInt(web.baseUrl().substring(web.baseUrl().lastIndexOf(':') + 1));
    }

    /**
     * A refused oversized body is answered at once and the connection closed while the client is still
     * sending; the client may then see the connection reset before it reads the answer, as curl does.
     * Every answer that arrives must be the 413 problem, and most must arrive.
     */
    private static void allRefusedAsTooLarge(List<Answer> answers) {
        assertOnlyAllowed(answers);
        long tooLarge = count(answers, 413);
        assertEquals(answers.size(), tooLarge + count(answers, -1), "nothing but 413 " + statuses(answers));
        assertTrue(tooLarge >= answers.size() / 2, "most oversized requests are answered with the 413 problem " + statuses(answers));
    }

    private static void assertOnlyAllowed(List<Answer> answers) {
        for (Answer answer : answers) {
            if (!answer.answered()) {
                continue;
            }
            int status = answer.status();
            assertTrue(status / 100 == 2 || status / 100 == 4 || status == 503, "status " + status + ": " + answer.body());
            if (status >= 400) {
                assertTrue(answer.contentType().startsWith("application/problem+json"), status + " as " + answer.contentType());
            }
        }
    }

    private static List<Answer> flood(int requests, int parallel, IntFunction<Answer> request) {
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel, Thread.ofVirtual().factory())) {
            List<Future<Answer>> pending = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int i = 0; i < requests; i++) {
                pending.add(pool.submit(() -> tally(request.apply(next.getAndIncrement()))));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> answer : pending) {
                answers.add(answer.get());
            }
            return answers;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Answer tally(Answer answer) {
        REQUESTS.increment();
        BY_STATUS.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
        return answer;
    }

    private static long count(List<Answer> answers, int status) {
        return answers.stream().filter(answer -> answer.status() == status).count();
    }

    private static Map<Integer, Long> statuses(List<Answer> answers) {
        Map<Integer, Long> byStatus = new TreeMap<>();
        answers.forEach(answer -> byStatus.merge(answer.status(), 1L, Long::sum));
        return byStatus;
    }

    /** The most heap in use at any collection so far (the heap is at its fullest just before one). */
    private static long peakHeapMiB() {
        return gcFigures().stream().mapToLong(figures -> figures[0]).max().orElse(0);
    }

    private static long heapCapacityMiB() {
        return gcFigures().stream().mapToLong(figures -> figures[2]).max().orElse(0);
    }

    private static List<long[]> gcFigures() {
        try {
            List<long[]> figures = new ArrayList<>();
            for (String line : Files.readAllLines(gcLog)) {
                Matcher gc = GC_LINE.matcher(line);
                if (gc.find()) {
                    figures.add(new long[] {Long.parseLong(gc.group(1)), Long.parseLong(gc.group(2)), Long.parseLong(gc.group(3))});
                }
            }
            return figures;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
