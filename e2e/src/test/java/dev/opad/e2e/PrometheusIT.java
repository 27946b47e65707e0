package dev.opad.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.testing.FreePort;
import dev.opad.testing.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Prometheus (the binary ./opad test installs, OPAD_TEST_PROMETHEUS) scraping the packaged api, worker and web
 * gateway every second and evaluating deploy/prometheus/opad-rules.yml every second, asked through its HTTP API as an
 * operator's dashboard would. Every query and its answer is printed and written to e2e/target/prometheus-queries.txt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusIT {

    static final Path ROOT = DeployManifestsTest.ROOT;
    static final Path QUERY_LOG = ROOT.resolve("e2e/target/prometheus-queries.txt");
    /** The api samples the queue every 5 s, Prometheus scrapes every 1 s: an answer is at most seconds late. */
    static final Duration SETTLE = Duration.ofSeconds(60);
    static final int GOOD_JOBS = 10;
    static final int FAILING_JOBS = 11;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OpadSystem system;
    private static Process prometheus;
    private static String prometheusUrl;
    private static Path targets;

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(QUERY_LOG.getParent());
        Files.writeString(QUERY_LOG, "# PrometheusIT, " + Instant.now() + ": PromQL queries and Prometheus's answers\n");
        system = new OpadSystem(Map.of("OPAD_DEMO_DELAY", "300ms", "OPAD_HEARTBEAT_INTERVAL", "1s",
                "OPAD_RETRY_BASE", "100ms", "OPAD_RETRY_CAP", "200ms"));
        ServiceProcess web = system.startWebGateway();
        Path dir = Files.createTempDirectory("opad-prometheus");
        targets = dir.resolve("targets");
        Files.createDirectories(targets);
        writeTargets("opad-api", system.api());
        writeTargets("opad-web", web);
        writeTargets("opad-worker");
        prometheus = startPrometheus(dir);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.destroy();
            try {
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                prometheus.destroyForcibly();
            }
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void theThreeServicesAreScraped() {
        awaitValue("count(up{job=~\"opad-api|opad-web\"} == 1)", 2);
    }

    @Test
    @Order(2)
    void waitingDepthRisesWhileNoWorkerRunsAndDrainsWhenOneDoes() throws IOException {
        List<OpadSystem.Job> jobs = system.createAndGenerate(GOOD_JOBS);
        awaitValue("max(opad_queue_waiting_jobs)", GOOD_JOBS);
        awaitValue("max(opad_queue_oldest_waiting_age_seconds) > 0", -1);

        ServiceProcess worker = system.startWorker();
        writeTargets("opad-worker", worker);
        Waits.until("the " + GOOD_JOBS + " jobs to complete", Duration.ofSeconds(120),
                () -> system.jobsIn(jobs, "completed") == jobs.size());
        awaitValue("max(opad_queue_waiting_jobs)", 0);
        awaitValue("max(opad_queue_running_jobs)", 0);
        // The peak the rise left in Prometheus's history.
        assertTrue(value("max_over_time(max(opad_queue_waiting_jobs)[10m:1s])") >= GOOD_JOBS);
    }

    @Test
    @Order(3)
    void theRunHistogramCountsEachCompletedJobOnce() {
        awaitValue("sum(opad_job_run_seconds_count{outcome=\"completed\"})", GOOD_JOBS);
        awaitValue("sum(opad_jobs_finished_total{outcome=\"completed\"})", GOOD_JOBS);
        awaitValue("sum(opad_job_wait_seconds_count)", GOOD_JOBS);
        // Quantiles from the buckets, as the dashboard draws them: a real number of seconds.
        double p95 = value("histogram_quantile(0.95, sum by (le) (opad_job_run_seconds_bucket{outcome=\"completed\"}))");
        assertTrue(p95 > 0 && p95 < 600, "p95 run time " + p95);
        awaitValue("max(opad_workers{state=\"alive\"})", 1);
    }

    @Test
    @Order(4)
    void theDeadLetterAlertFiresAfterElevenJobsFailForGood() throws Exception {
        // A worker whose model provider cannot be reached (nothing listens on port 9): every attempt
        // fails at once, and after its three attempts each job is a dead letter.
        system.stopWorkers();
        ServiceProcess failing = system.startWorker(Map.of("OPAD_MODEL_PROVIDER", "openai",
                "OPAD_OPENAI_BASE_URL", "http://127.0.0.1:9/v1", "OPAD_OPENAI_API_KEY", "sk-unreachable"));
        writeTargets("opad-worker", failing);
        assertEquals(0, alerts("OpadDeadLettersHigh").size(), "no dead-letter alert before the failures");

        List<OpadSystem.Job> jobs = system.createAndGenerate(FAILING_JOBS);
        Waits.until("the " + FAILING_JOBS + " jobs to fail for good", Duration.ofSeconds(180),
                () -> system.jobsIn(jobs, "failed") == jobs.size());
        awaitValue("max(opad_dead_letter_jobs)", FAILING_JOBS);
        awaitValue("sum(opad_jobs_finished_total{outcome=\"failed\"})", FAILING_JOBS);
        Waits.until("OpadDeadLettersHigh to fire", SETTLE, () -> alerts("OpadDeadLettersHigh").stream()
                .anyMatch(alert -> alert.path("state").asText().equals("firing")));
        awaitValue("ALERTS{alertname=\"OpadDeadLettersHigh\", alertstate=\"firing\"}", 1);
    }

    // ---- Prometheus ----

    static Process startPrometheus(Path dir) throws IOException {
        String binary = System.getenv().getOrDefault("OPAD_TEST_PROMETHEUS", "/usr/bin/prometheus");
        assertTrue(Files.isExecutable(Path.of(binary)), binary + " is missing: ./opad test installs Debian's prometheus"
                + " (or set OPAD_TEST_PROMETHEUS)");
        Path config = dir.resolve("prometheus.yml");
        StringBuilder scrape = new StringBuilder();
        for (String job : List.of("opad-api", "opad-worker", "opad-web")) {
            scrape.append("""
                      - job_name: %s
                        metrics_path: /q/metrics
                        file_sd_configs:
                          - files: ["%s"]
                            refresh_interval: 1s
                    """.formatted(job, targets.resolve(job + ".json")));
        }
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - "%s"
                scrape_configs:
                %s""".formatted(MonitoringManifestsTest.RULES, scrape));
        int port = FreePort.find();
        prometheusUrl = "http://127.0.0.1:" + port;
        Path log = ROOT.resolve("e2e/target/service-logs/prometheus.log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(binary, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Waits.until("prometheus to become ready (log: " + log + ")", Duration.ofSeconds(60),
                () -> process.isAlive() && ServiceProcess.status(prometheusUrl + "/-/ready") == 200);
        record("prometheus " + binary + " on " + prometheusUrl + ", config:\n" + Files.readString(config));
        return process;
    }

    /** Points a scrape job at these services' management ports (Prometheus rereads the file within a second). */
    static void writeTargets(String job, ServiceProcess... services) {
        StringBuilder list = new StringBuilder();
        for (ServiceProcess service : services) {
            list.append(list.isEmpty() ? "" : ", ").append('"').append(service.managementUrl().replace("http://", "")).append('"');
        }
        Path file = targets.resolve(job + ".json");
        try {
            Path next = targets.resolve(job + ".json.next");
            Files.writeString(next, "[{\"targets\": [" + list + "]}]\n");
            Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the query's single answer is the expected number (-1: any answer at all), then records it. */
    static void awaitValue(String query, double expected) {
        double[] last = {Double.NaN};
        try {
            Waits.until(query + " to be " + (expected < 0 ? "non-empty" : expected), SETTLE, () -> {
                last[0] = valueQuietly(query);
                return expected < 0 ? !Double.isNaN(last[0]) : last[0] == expected;
            });
        } finally {
            record(query + "  =>  " + (Double.isNaN(last[0]) ? "(no data)" : format(last[0])));
        }
    }

    static double value(String query) {
        double result = valueQuietly(query);
        record(query + "  =>  " + (Double.isNaN(result) ? "(no data)" : format(result)));
        return result;
    }

    /** The value of an instant query with one series in its answer; NaN when there is none. */
    static double valueQuietly(String query) {
        JsonNode result = get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).path("data").path("result");
        if (result.size() != 1) {
            assertTrue(result.isEmpty(), query + " answered several series: " + result);
            return Double.NaN;
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    static List<JsonNode> alerts(String name) {
        JsonNode all = get("/api/v1/alerts").path("data").path("alerts");
        List<JsonNode> named = new java.util.ArrayList<>();
        all.forEach(alert -> {
            if (name.equals(alert.path("labels").path("alertname").asText())) {
                named.add(alert);
            }
        });
        record("GET /api/v1/alerts, " + name + "  =>  " + named);
        return named;
    }

    static JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), path + ": " + response.body());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    static synchronized void record(String line) {
        System.out.println("prometheus: " + line);
        try {
            Files.writeString(QUERY_LOG, line + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
