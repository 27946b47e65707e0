package dev.opad.e2e;

import static dev.opad.e2e.DeployManifestsTest.DEPLOY;
import static dev.opad.e2e.DeployManifestsTest.KUBERNETES;
import static dev.opad.e2e.DeployManifestsTest.ROOT;
import static dev.opad.e2e.DeployManifestsTest.asMap;
import static dev.opad.e2e.DeployManifestsTest.configMapData;
import static dev.opad.e2e.DeployManifestsTest.container;
import static dev.opad.e2e.DeployManifestsTest.deployment;
import static dev.opad.e2e.DeployManifestsTest.kubernetesObject;
import static dev.opad.e2e.DeployManifestsTest.list;
import static dev.opad.e2e.DeployManifestsTest.loadAll;
import static dev.opad.e2e.DeployManifestsTest.path;
import static dev.opad.e2e.DeployManifestsTest.readLines;
import static dev.opad.e2e.DeployManifestsTest.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The monitoring and autoscaling files, read as data: the alert rules (deploy/prometheus) against their
 * PrometheusRule copy and their promtool tests, the Grafana dashboard, and the KEDA ScaledObject,
 * PodDisruptionBudget and HPA against the Deployments and the worker's configuration. promtool itself runs
 * in ./opad test; this checks what promtool cannot: that the files agree with each other and with opad.
 */
class MonitoringManifestsTest {

    /**
     * The metric names of issue 15 (SPEC15.md), the only ones the rules, the dashboard and the autoscaler may
     * use. Histograms are listed by base name; their _bucket, _count and _sum series are allowed.
     */
    static final Set<String> GAUGES_AND_COUNTERS = Set.of(
            "opad_queue_waiting_jobs", "opad_queue_delayed_jobs", "opad_queue_running_jobs",
            "opad_queue_oldest_waiting_age_seconds", "opad_dead_letter_jobs", "opad_schedules", "opad_workers",
            "opad_worker_last_heartbeat_timestamp_seconds",
            "opad_model_tokens_total", "opad_model_cost_usd_total", "opad_jobs_finished_total", "opad_job_retries_total",
            "opad_job_recoveries_total", "opad_schedule_runs_total", "opad_schedule_auto_paused_total",
            "opad_retention_deleted_total");
    static final Set<String> HISTOGRAMS = Set.of(
            "opad_job_wait_seconds", "opad_job_run_seconds", "opad_stage_seconds", "opad_model_call_seconds",
            "opad_schedule_lag_seconds");

    static final Path RULES = DEPLOY.resolve("prometheus/opad-rules.yml");
    static final Path RULE_TESTS = DEPLOY.resolve("prometheus/tests");
    static final Path DASHBOARD = DEPLOY.resolve("grafana/opad-dashboard.json");
    static final Path WORKER_CONFIG = ROOT.resolve("worker/src/main/java/dev/opad/worker/WorkerConfig.java");

    private static final Pattern OPAD_NAME = Pattern.compile("\\bopad[_:][a-zA-Z0-9_:]*");

    // ---- alert rules ----

    @Test
    void thePrometheusRuleHoldsExactlyTheRulesOfTheRulesFile() {
        Map<String, Object> rule = kubernetesObject("prometheus-rule.yaml", "PrometheusRule", "opad");
        assertEquals("monitoring.coreos.com/v1", rule.get("apiVersion"));
        assertEquals(rulesFile().get("groups"), path(rule, "spec", "groups"),
                "deploy/kubernetes/prometheus-rule.yaml and deploy/prometheus/opad-rules.yml hold different rules;"
                        + " edit both the same way");
    }

    @Test
    void theAlertsOfIssue15AreThereEachWithASeverityASummaryAndADescription() {
        List<Map<String, Object>> alerts = rules().stream().filter(r -> r.containsKey("alert")).toList();
        List<String> names = alerts.stream().map(a -> (String) a.get("alert")).toList();
        assertTrue(names.containsAll(List.of("OpadWorkerOffline", "OpadDeadLettersHigh", "OpadJobWaitingTooLong",
                "OpadJobFailureRateHigh", "OpadScheduleAutoPaused", "OpadModelCostHigh", "OpadJobRecoveriesSpiking")), names.toString());
        for (Map<String, Object> alert : alerts) {
            String name = (String) alert.get("alert");
            assertTrue(Set.of("warning", "critical").contains(path(alert, "labels", "severity")), name + ": severity");
            for (String annotation : List.of("summary", "description")) {
                Object text = path(alert, "annotations", annotation);
                assertTrue(text instanceof String words && words.split("\\s+").length >= 4, name + ": a " + annotation + " in words");
            }
        }
    }

    @Test
    void theAlertThresholdsAreThoseOfIssue15() {
        assertTrue(expr("OpadWorkerOffline").contains("time() - max without(instance, pod) (opad_worker_last_heartbeat_timestamp_seconds) > 300"));
        assertTrue(expr("OpadDeadLettersHigh").endsWith("(opad_dead_letter_jobs) > 10"));
        assertFalse(alert("OpadDeadLettersHigh").containsKey("for"), "dead letters alert at once");
        assertTrue(expr("OpadJobWaitingTooLong").endsWith("(opad_queue_oldest_waiting_age_seconds) > 3600"));
        assertTrue(expr("OpadScheduleAutoPaused").contains("increase(opad_schedule_auto_paused_total[10m])) > 0"));
        // The cost line lives in one recording rule, which the alert compares against.
        long limits = rules().stream().filter(r -> "opad:model_cost_usd_per_hour:limit".equals(r.get("record"))).count();
        assertEquals(1, limits, "one recording rule holds the cost line");
        assertTrue(expr("OpadModelCostHigh").contains("> opad:model_cost_usd_per_hour:limit"));
    }

    /** Each alert has a promtool case where it fires and one where it does not. */
    @Test
    void everyAlertHasAFiringAndAQuietPromtoolTest() {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Path file : ruleTestFiles()) {
            Map<String, Object> tests = asMap(loadAll(file).get(0), file.toString());
            assertEquals(List.of("../opad-rules.yml"), tests.get("rule_files"), file + " tests opad-rules.yml");
            for (Map<String, Object> test : list(tests.get("tests"), file + " tests")) {
                if (test.get("alert_rule_test") != null) {
                    cases.addAll(list(test.get("alert_rule_test"), file + " alert_rule_test"));
                }
            }
        }
        for (Map<String, Object> alert : rules().stream().filter(r -> r.containsKey("alert")).toList()) {
            String name = (String) alert.get("alert");
            List<Object> expected = cases.stream().filter(c -> name.equals(c.get("alertname"))).map(c -> c.get("exp_alerts")).toList();
            assertTrue(expected.stream().anyMatch(e -> e instanceof List<?> l && l.isEmpty()), name + ": no test where it stays quiet");
            assertTrue(expected.stream().anyMatch(e -> e instanceof List<?> l && !l.isEmpty()), name + ": no test where it fires");
        }
    }

    // ---- metric names ----

    @Test
    void theRulesUseOnlyIssue15sMetricsAndTheirOwnRecordings() {
        List<String> expressions = rules().stream().map(r -> (String) r.get("expr")).toList();
        assertEquals(List.of(), unknownNames(expressions), "deploy/prometheus/opad-rules.yml");
    }

    @Test
    void theDashboardUsesOnlyIssue15sMetricsAndTheRulesRecordings() throws IOException {
        List<String> expressions = dashboardExpressions();
        assertTrue(expressions.size() >= 20, "the dashboard has " + expressions.size() + " queries");
        assertEquals(List.of(), unknownNames(expressions), "deploy/grafana/opad-dashboard.json");
        String all = String.join("\n", expressions);
        for (String needed : List.of("histogram_quantile(0.99, sum by (le) (rate(opad_job_wait_seconds_bucket",
                "histogram_quantile(0.95, sum by (le) (rate(opad_job_run_seconds_bucket", "opad_dead_letter_jobs",
                "opad_queue_waiting_jobs", "opad_queue_running_jobs", "opad_queue_delayed_jobs",
                "opad_queue_oldest_waiting_age_seconds", "opad_model_tokens_total", "opad_model_cost_usd_total",
                "opad_workers", "opad_worker_last_heartbeat_timestamp_seconds", "opad_schedules",
                "opad_schedule_lag_seconds_bucket", "opad_jobs_finished_total{outcome=\"failed\"}")) {
            assertTrue(all.contains(needed), "the dashboard should query " + needed);
        }
    }

    @Test
    void theAutoscalerAsksForIssue15sMetrics() {
        assertEquals(List.of(), unknownNames(List.of(scaledObjectQuery())), "deploy/kubernetes/worker-scaling.yaml");
    }

    /** opad_* names that are no issue-15 metric (nor a histogram's series), opad:* names no rule records. */
    static List<String> unknownNames(List<String> expressions) {
        Set<String> recorded = new TreeSet<>();
        rules().stream().map(r -> r.get("record")).filter(String.class::isInstance).forEach(r -> recorded.add((String) r));
        Set<String> unknown = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = OPAD_NAME.matcher(expression);
            while (matcher.find()) {
                String name = matcher.group();
                boolean known = name.startsWith("opad:") ? recorded.contains(name)
                        : GAUGES_AND_COUNTERS.contains(name) || HISTOGRAMS.contains(name.replaceFirst("_(bucket|count|sum)$", ""));
                if (!known) {
                    unknown.add(name);
                }
            }
        }
        return List.copyOf(unknown);
    }

    // ---- autoscaling ----

    @Test
    void theScaledObjectScalesTheWorkerDeploymentOnWaitingPlusRunningJobs() {
        Map<String, Object> scaled = kubernetesObject("worker-scaling.yaml", "ScaledObject", "opad-worker");
        Map<String, Object> target = asMap(path(scaled, "spec", "scaleTargetRef"), "scaleTargetRef");
        assertEquals("Deployment", target.getOrDefault("kind", "Deployment"));
        assertEquals(path(deployment(service("opad-worker")), "metadata", "name"), target.get("name"));
        String query = scaledObjectQuery();
        assertTrue(query.contains("opad_queue_waiting_jobs") && query.contains("opad_queue_running_jobs"), query);
        Object min = path(scaled, "spec", "minReplicaCount");
        assertTrue(min instanceof Integer n && n >= 1, "at least one worker: the scheduler runs in the workers");
        int threshold = Integer.parseInt((String) path(trigger(), "metadata", "threshold"));
        int concurrency = Integer.parseInt(String.valueOf(configMapData().getOrDefault("OPAD_WORKER_CONCURRENCY",
                workerDefault("int concurrency()"))));
        assertTrue(threshold > 0 && threshold <= concurrency,
                "jobs per worker pod (" + threshold + ") should not exceed OPAD_WORKER_CONCURRENCY (" + concurrency + ")");
        assertNull(path(deployment(service("opad-worker")), "spec", "replicas"), "worker.yaml leaves replicas to KEDA");
    }

    @Test
    void theWorkerGetsMoreTimeToStopThanItsShutdownGrace() {
        Object grace = path(deployment(service("opad-worker")), "spec", "template", "spec", "terminationGracePeriodSeconds");
        assertTrue(grace instanceof Integer, "worker.yaml sets terminationGracePeriodSeconds");
        Duration shutdownGrace = Duration.parse("PT" + String.valueOf(configMapData().getOrDefault("OPAD_WORKER_SHUTDOWN_GRACE",
                workerDefault("Duration shutdownGrace()"))).toUpperCase());
        // After the grace, the worker stops the take loop and hands its running jobs back to the queue
        // (JobTaker.onStop), which takes up to about 15 s more; only then may SIGKILL come.
        assertTrue((Integer) grace >= shutdownGrace.toSeconds() + 15,
                "terminationGracePeriodSeconds " + grace + " should be at least the worker's shutdown grace ("
                        + shutdownGrace + ") plus 15 s to hand running jobs back");
    }

    @Test
    void theDisruptionBudgetCoversTheWorkerPodsAndLetsThemBeDrained() {
        Map<String, Object> pdb = kubernetesObject("worker-scaling.yaml", "PodDisruptionBudget", "opad-worker");
        assertEquals("policy/v1", pdb.get("apiVersion"));
        Map<String, Object> selector = asMap(path(pdb, "spec", "selector", "matchLabels"), "PDB selector");
        Map<String, Object> podLabels = asMap(path(deployment(service("opad-worker")), "spec", "template", "metadata", "labels"), "worker pod labels");
        assertFalse(selector.isEmpty());
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), "PDB selector " + selector + " vs pod labels " + podLabels);
        assertNotNull(path(pdb, "spec", "maxUnavailable"), "maxUnavailable, so a single worker can still be drained");
    }

    @Test
    void theHpaScalesTheApiOnCpuAgainstItsRequest() {
        Map<String, Object> hpa = kubernetesObject("api-hpa.yaml", "HorizontalPodAutoscaler", "opad-api");
        assertEquals("autoscaling/v2", hpa.get("apiVersion"));
        assertEquals("Deployment", path(hpa, "spec", "scaleTargetRef", "kind"));
        assertEquals("opad-api", path(hpa, "spec", "scaleTargetRef", "name"));
        Map<String, Object> metric = list(path(hpa, "spec", "metrics"), "HPA metrics").get(0);
        assertEquals("cpu", path(metric, "resource", "name"));
        assertNotNull(path(container(service("opad-api")), "resources", "requests", "cpu"), "api.yaml: a CPU request");
        assertNull(path(deployment(service("opad-api")), "spec", "replicas"), "api.yaml leaves replicas to the HPA");
    }

    @Test
    void kustomizationAppliesTheAutoscalingButNotTheOperatorObjects() {
        Object resources = asMap(loadAll(KUBERNETES.resolve("kustomization.yaml")).get(0), "kustomization").get("resources");
        assertTrue(resources instanceof List<?> files && files.containsAll(List.of("worker-scaling.yaml", "api-hpa.yaml"))
                && !files.contains("prometheus-rule.yaml") && !files.contains("pod-monitor.yaml"), String.valueOf(resources));
    }

    // ---- reading ----

    static Map<String, Object> rulesFile() {
        return asMap(loadAll(RULES).get(0), RULES.toString());
    }

    static List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : list(rulesFile().get("groups"), "groups")) {
            rules.addAll(list(group.get("rules"), "rules of " + group.get("name")));
        }
        return rules;
    }

    static Map<String, Object> alert(String name) {
        return rules().stream().filter(r -> name.equals(r.get("alert"))).findFirst().orElseGet(() -> fail("no alert " + name));
    }

    static String expr(String alert) {
        return ((String) alert(alert).get("expr")).strip().replaceAll("\\s+", " ");
    }

    static List<Path> ruleTestFiles() {
        try (Stream<Path> files = Files.list(RULE_TESTS)) {
            List<Path> tests = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
            assertFalse(tests.isEmpty(), "no promtool tests in " + RULE_TESTS);
            return tests;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        return expressions;
    }

    static Map<String, Object> trigger() {
        Map<String, Object> scaled = kubernetesObject("worker-scaling.yaml", "ScaledObject", "opad-worker");
        return list(path(scaled, "spec", "triggers"), "ScaledObject triggers").stream()
                .filter(t -> "prometheus".equals(t.get("type"))).findFirst()
                .orElseGet(() -> fail("worker-scaling.yaml: a prometheus trigger"));
    }

    static String scaledObjectQuery() {
        return (String) path(trigger(), "metadata", "query");
    }

    /** The {@code @WithDefault} right above a method of WorkerConfig, e.g. "25s" for shutdownGrace(). */
    static String workerDefault(String method) {
        List<String> lines = readLines(WORKER_CONFIG);
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(method)) {
                Matcher matcher = Pattern.compile("@WithDefault\\(\"(?:\\$\\{\\w+:)?([^}\"]+)}?\"\\)").matcher(lines.get(i - 1));
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
        }
        return fail(WORKER_CONFIG + ": no @WithDefault above " + method);
    }

    static void assertNull(Object value, String message) {
        org.junit.jupiter.api.Assertions.assertNull(value, message);
    }
}
