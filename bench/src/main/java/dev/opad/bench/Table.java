package dev.opad.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the table of one run from its results file ("key value" lines written by every program),
 * each row with its anchor from the same run, the ratio and whether the goal of issue 7 is met.
 * A figure that is missing (a program failed) shows as "–" and its goal as not met.
 */
public final class Table {

    /**
     * P12's anchor, issue 17's "today": CPU per completed job across api, worker, Postgres and Redis measured by P12
     * itself before the changes (run of 2026-12-04T19:36Z at commit 355b017, BENCHMARKS.md, P12), which the
     * goal halves. A figure of a past run, so it is written here and named as such in the table.
     */
    private static final double P12_BEFORE_MS = 47.1;

    private final Map<String, Double> results = new LinkedHashMap<>();
    private final Map<String, Integer> rounds = new LinkedHashMap<>();
    /** Every value of each key, for the figures measured in repeated blocks (PM): median and range. */
    private final Map<String, List<Double>> all = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();

    private Table(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                try {
                    // a figure measured in several rounds (PM alternates on and off) is their mean
                    double value = Double.parseDouble(parts[1]);
                    int seen = rounds.merge(parts[0], 1, Integer::sum);
                    results.merge(parts[0], value, (mean, next) -> mean + (next - mean) / seen);
                    all.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(value);
                } catch (NumberFormatException ignored) {
                    // not a figure
                }
            }
        }
    }

    /** {@code Table <results file> [ids]}: ids (e.g. "P1,P10") print only those rows, as bench/run-all.sh --only ran them. */
    public static void main(String[] args) throws IOException {
        Table table = new Table(Path.of(args[0]));
        table.build();
        if (args.length > 1) {
            List<String> ids = List.of(args[1].split(","));
            table.rows.removeIf(row -> !ids.contains(row[0]));
        }
        table.print();
    }

    private void build() {
        for (String c : List.of("1", "50")) {
            double opad = get("p1.opad.c" + c + ".jobs_per_s");
            double bull = get("p1.bullmq.c" + c + ".jobs_per_s");
            row("P1", "queue core, no-op jobs/s, concurrency " + c,
                    f0(opad) + " jobs/s" + errors("p1.opad.c" + c + ".errors"),
                    "BullMQ " + f0(bull) + " jobs/s", ratio(opad, bull), "≥ 1.5× BullMQ", opad / bull >= 1.5);
        }
        double p2 = get("p2.opad.jobs_per_s");
        double pgbench = get("pg.insert_tps");
        double p2p99 = get("p2.opad.enqueue_p99_ms");
        row("P2", "HTTP generate → completed, zero-latency model",
                f1(p2) + " jobs/s (" + f1(get("p2.opad.commits_per_job")) + " commits/job); enqueue p99 " + f1(p2p99) + " ms",
                "pgbench insert " + f0(pgbench) + " tps", ratio(p2, pgbench), "≥ 2,000 jobs/s; p99 < 10 ms",
                p2 >= 2000 && p2p99 < 10);
        row("P12", "CPU per completed job (P2's run), by process",
                "all " + f1(get("p12.total_ms")) + " ms: api " + f1(get("p12.api_ms")) + ", worker " + f1(get("p12.worker_ms"))
                        + ", Postgres " + f1(get("p12.postgres_ms")) + ", Redis " + f1(get("p12.redis_ms")) + "; "
                        + f1(get("p2.opad.commits_per_job")) + " commits/job",
                "before (12-04, 355b017): " + f1(P12_BEFORE_MS) + " ms", ratio(get("p12.total_ms"), P12_BEFORE_MS), "≤ 0.5× before; ≤ 8 commits/job",
                get("p12.total_ms") <= P12_BEFORE_MS / 2 && get("p2.opad.commits_per_job") <= 8);
        double p3 = get("p3.opad.req_per_s");
        double redisGet = get("redis.get_rps");
        double p3p99 = get("p3.opad.p99_ms");
        row("P3", "GET /jobs/{id}, 50 connections", f0(p3) + " req/s, p99 " + f2(p3p99) + " ms",
                "redis-benchmark GET " + f0(redisGet) + " req/s, p99 " + f2(get("redis.get_p99_ms")) + " ms",
                ratio(p3, redisGet), "≥ 0.3× Redis; p99 < 5 ms", p3 / redisGet >= 0.3 && p3p99 < 5);
        double inFlight = get("p4.opad.in_flight");
        double p4 = get("p4.opad.jobs_per_s");
        double limit = get("p4.opad.limit_jobs_per_s");
        double rss = get("p4.opad.rss_mib");
        row("P4", "one worker, model 2 s per call (4 calls a job)",
                f0(inFlight) + " in flight, " + f1(p4) + " jobs/s, RSS " + f0(rss) + " MiB",
                "Little: " + f0(get("p4.opad.concurrency")) + " ÷ 8 s = " + f1(limit) + " jobs/s", pct(p4, limit),
                "≥ 1,000 in flight at ≥ 95 %; RSS < 512 MB", inFlight >= 1000 && p4 / limit >= 0.95 && rss * 1.048576 < 512);
        double sustainedFlight = get("p4.sustainable.in_flight");
        double sustained = get("p4.sustainable.jobs_per_s");
        double sustainedLimit = get("p4.sustainable.limit_jobs_per_s");
        row("P4", "same, at a concurrency 2 cores can carry",
                f0(sustainedFlight) + " in flight, " + f1(sustained) + " jobs/s, RSS " + f0(get("p4.sustainable.rss_mib")) + " MiB",
                "Little: " + f0(get("p4.sustainable.concurrency")) + " ÷ 8 s = " + f1(sustainedLimit) + " jobs/s",
                pct(sustained, sustainedLimit), "(≥ 95 % of the limit)", sustained / sustainedLimit >= 0.95);
        for (String service : List.of("api", "worker", "web-gateway")) {
            double ready = get("p5." + service + ".ready_ms");
            double idle = get("p5." + service + ".rss_mib");
            double before = get("p5before." + service + ".rss_mib");
            double noCache = get("p5noaot." + service + ".rss_mib");
            row("P5", service + " start-to-ready, idle RSS", f0(ready) + " ms, " + f0(idle) + " MiB"
                            + (Double.isNaN(noCache) ? "" : " (without the AOT cache: " + f0(get("p5noaot." + service + ".ready_ms"))
                            + " ms, " + f0(noCache) + " MiB)")
                            + (Double.isNaN(before) ? "" : " (JVM defaults: " + f0(get("p5before." + service + ".ready_ms"))
                            + " ms, " + f0(before) + " MiB)"), "–", "–",
                    "< 3 s; < 200 MB (190.7 MiB)", ready < 3000 && idle * 1.048576 < 200);
        }
        double queueBytes = get("p6.opad.queue_bytes_per_job");
        double statusBytes = get("p6.opad.status_key_bytes");
        double hash = get("p6.bullmq.job_hash_bytes");
        row("P6", "Redis bytes per queued job; per status key",
                f0(queueBytes) + " B; " + f0(statusBytes) + " B (all keys: " + f0(get("p6.opad.used_memory_per_job")) + " B/job)",
                "BullMQ job hash " + f0(hash) + " B (all keys: " + f0(get("p6.bullmq.used_memory_per_job")) + " B/job)",
                ratio(statusBytes, hash), "≤ 100 B; ≤ 1 KB", queueBytes <= 100 && statusBytes <= 1024);
        double p7 = get("p7.opad.abort_p99_ms");
        row("P7", "cancel → model HTTP call aborted", "p50 " + f1(get("p7.opad.abort_p50_ms")) + " ms, p99 " + f1(p7) + " ms",
                "JobRunr ≤ 15 s", ratio(p7 / 1000, 15), "p99 < 1 s", p7 < 1000 && get("p7.opad.missed") == 0);
        double p8 = get("p8.opad.requeued_max_s");
        row("P8", "worker SIGKILLed → job back in the queue",
                "median " + f1(get("p8.opad.requeued_median_s")) + " s, max " + f1(p8) + " s",
                "BullMQ 30 s, JobRunr 60 s", ratio(p8, 30), "≤ 30 s", p8 <= 30 && get("p8.opad.missed") == 0);
        for (String ids : List.of("present", "lost")) {
            double now = get("p9.opad." + ids + ".redis_ms");
            double before = get("p9.before." + ids + ".redis_ms");
            row("P9", "reconciler round, 500 ids, 100k backlog, " + ("present".equals(ids) ? "ids at the tail" : "ids lost"),
                    "Redis busy " + f1(now) + " ms (round " + f1(get("p9.opad." + ids + ".round_ms")) + " ms)",
                    "per-id LPOS " + f1(before) + " ms", ratio(now, before), "≤ 50 ms", now <= 50);
        }
        p10();
    }

    private void p10() {
        for (String workers : List.of("1", "3")) {
            String key = "p10.w" + workers;
            double fires = get(key + ".fires_per_s");
            double p99 = get(key + ".lag_p99_s");
            row("P10", "10,000 schedules due at once, " + workers + (workers.equals("1") ? " worker" : " workers"),
                    f0(fires) + " fires/s; lag p50 " + f2(get(key + ".lag_p50_s")) + " s, p99 " + f2(p99)
                            + " s; all committed after " + f1(get(key + ".last_commit_s")) + " s" + missing(key + ".missing"),
                    "–", "–", "≥ 1,000 fires/s; p99 < 5 s", fires >= 1000 && p99 < 5 && get(key + ".missing") == 0);
        }
        metricsCost();
        streams();
    }

    /**
     * PM: P1 and P3 with metrics on against the same with metrics off; the "anchor" is the off figure.
     * The goal is judged on CPU time per job or request, the cost itself, as the median over the rounds of
     * each round's on ÷ off: the machine drifts by ±20 % over a run, and within a round both sides see the
     * same drift (P1: one run a side per round; P3: two blocks a side, in the order first, second, second,
     * first). The medians of each side are shown beside it, and the rates, which move with whatever else
     * the 2 cores do.
     */
    private void metricsCost() {
        for (String c : List.of("1", "50")) {
            String on = "p1.metrics_on.c" + c;
            String off = "p1.metrics_off.c" + c;
            double onCpu = median(on + ".cpu_us_per_job");
            double offCpu = median(off + ".cpu_us_per_job");
            row("PM", "metrics cost: P1 queue core, concurrency " + c + ", CPU per job",
                    "metrics on " + f1(onCpu) + " µs " + range(on + ".cpu_us_per_job") + ", " + f0(median(on + ".jobs_per_s")) + " jobs/s",
                    "metrics off " + f1(offCpu) + " µs " + range(off + ".cpu_us_per_job") + ", " + f0(median(off + ".jobs_per_s")) + " jobs/s",
                    paired(on + ".cpu_us_per_job", off + ".cpu_us_per_job", 1), "< 3 % apart",
                    within(pairedRatio(on + ".cpu_us_per_job", off + ".cpu_us_per_job", 1), 1, 0.03));
        }
        double onCpu = median("p3.metrics_on.cpu_us_per_req");
        double offCpu = median("p3.metrics_off.cpu_us_per_req");
        row("PM", "metrics cost: P3 GET /jobs/{id}, 50 connections, api CPU per request",
                "metrics on " + f1(onCpu) + " µs " + range("p3.metrics_on.cpu_us_per_req") + ", "
                        + f0(median("p3.metrics_on.req_per_s")) + " req/s, p99 " + f2(median("p3.metrics_on.p99_ms")) + " ms",
                "metrics off " + f1(offCpu) + " µs " + range("p3.metrics_off.cpu_us_per_req") + ", "
                        + f0(median("p3.metrics_off.req_per_s")) + " req/s, p99 " + f2(median("p3.metrics_off.p99_ms")) + " ms",
                paired("p3.metrics_on.cpu_us_per_req", "p3.metrics_off.cpu_us_per_req", 2), "< 3 % apart",
                within(pairedRatio("p3.metrics_on.cpu_us_per_req", "p3.metrics_off.cpu_us_per_req", 2), 1, 0.03));
    }

    /** The median over rounds of on ÷ off, each side's {@code perRound} values of a round summed first. */
    private double pairedRatio(String on, String off, int perRound) {
        List<Double> ons = all.getOrDefault(on, List.of());
        List<Double> offs = all.getOrDefault(off, List.of());
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; (r + 1) * perRound <= Math.min(ons.size(), offs.size()); r++) {
            double onSum = 0;
            double offSum = 0;
            for (int i = r * perRound; i < (r + 1) * perRound; i++) {
                onSum += ons.get(i);
                offSum += offs.get(i);
            }
            ratios.add(onSum / offSum);
        }
        if (ratios.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = ratios.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** "1.01× (median of 5 rounds)": the paired ratio and how many rounds it is the median of. */
    private String paired(String on, String off, int perRound) {
        double ratio = pairedRatio(on, off, perRound);
        if (Double.isNaN(ratio)) {
            return "–";
        }
        int rounds = Math.min(all.getOrDefault(on, List.of()).size(), all.getOrDefault(off, List.of()).size()) / perRound;
        return String.format(Locale.ROOT, "%.2f× (median of %d rounds)", ratio, rounds);
    }

    /** P11: live job streams on one api (issue 16). */
    private void streams() {
        double open = get("p11.open_streams");
        double target = get("p11.target_streams");
        double rss = get("p11.rss_mib");
        row("P11", "live job streams open on one api; its RSS",
                f0(open) + " of " + f0(target) + " open, RSS " + f0(rss) + " MiB" + missing("p11.no_heartbeat", " without a heartbeat"),
                "the same api before the first stream: " + f0(get("p11.rss_idle_mib")) + " MiB", ratio(rss, get("p11.rss_idle_mib")),
                "10,000; RSS < 512 MB (488 MiB)", open >= 10_000 && open == target && rss * 1.048576 < 512
                        && get("p11.no_heartbeat") == 0);
        double p99 = get("p11.latency.p99_ms");
        row("P11", "status write → event at the client, " + f0(get("p11.latency.streams")) + " streams",
                "p50 " + f2(get("p11.latency.p50_ms")) + " ms, p99 " + f2(p99) + " ms (" + f0(get("p11.latency.events")) + " events at "
                        + f0(get("p11.latency.writes_per_s")) + "/s" + (get("p11.latency.missed") > 0 ? ", " + f0(get("p11.latency.missed")) + " missed" : "") + ")",
                "–", "–", "p99 < 100 ms", p99 < 100 && get("p11.latency.missed") == 0);
    }

    private double median(String key) {
        List<Double> values = all.get(key);
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** "(min–max, n blocks)" of a key's values. */
    private String range(String key) {
        List<Double> values = all.getOrDefault(key, List.of());
        if (values.isEmpty()) {
            return "";
        }
        return "(" + f1(values.stream().mapToDouble(Double::doubleValue).min().orElseThrow()) + "–"
                + f1(values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()) + ", " + values.size() + "×)";
    }

    private static boolean within(double value, double anchor, double fraction) {
        return !Double.isNaN(value) && !Double.isNaN(anchor) && Math.abs(value - anchor) <= fraction * anchor;
    }

    private String missing(String key) {
        return missing(key, " not fired");
    }

    private String missing(String key, String what) {
        double missing = get(key);
        return missing > 0 ? " (" + f0(missing) + what + ")" : "";
    }

    private void print() {
        String[] header = {"id", "measure", "opad", "anchor (same run)", "ratio", "goal", "met"};
        int[] widths = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder("\n");
        for (int r = 0; r < all.size(); r++) {
            out.append('|');
            for (int i = 0; i < header.length; i++) {
                out.append(' ').append(pad(all.get(r)[i], widths[i])).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append('|');
                for (int width : widths) {
                    out.append("-".repeat(width + 2)).append('|');
                }
                out.append('\n');
            }
        }
        System.out.print(out);
    }

    private void row(String id, String measure, String opad, String anchor, String ratio, String goal, boolean met) {
        rows.add(new String[] {id, measure, opad, anchor, ratio, goal, met ? "yes" : "NO"});
    }

    private double get(String key) {
        return results.getOrDefault(key, Double.NaN);
    }

    private String errors(String key) {
        double errors = get(key);
        return errors > 0 ? " (" + f0(errors) + " errors)" : "";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String ratio(double value, double anchor) {
        return Double.isNaN(value) || Double.isNaN(anchor) || anchor == 0 ? "–" : String.format(Locale.ROOT, "%.2f×", value / anchor);
    }

    private static String pct(double value, double anchor) {
        return Double.isNaN(value) || Double.isNaN(anchor) || anchor == 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * value / anchor);
    }

    private static String f0(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String f1(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,.1f", value);
    }

    private static String f2(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }
}
