package dev.opad.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.FreePort;
import dev.opad.testing.Waits;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signed webhooks end to end (issue 16): the script user registers a {@code job.completed} endpoint with its API
 * token ({@code POST /webhooks}) and gives the secret the api shows once to a receiver whose verifier no one at opad
 * wrote: Node.js with the reference Standard Webhooks library (npm {@code standardwebhooks}), failing the first two
 * tries of every webhook-id with 500. Then 200 jobs, the packaged api and four workers as real processes, three of
 * them SIGKILLed during the run. Every job's event must arrive verified at least once, with one webhook-id on every
 * try; no request may fail verification; a tampered one must be rejected; and a receiver that answered 2xx may be
 * called again only across a SIGKILL (a sender killed between the answer and its record).
 *
 * <p>That last case is not left to chance. The first kill is forced into exactly that gap, by real means: the
 * receiver keeps its first 2xx waiting; the test locks that delivery's row from its own Postgres connection and lets
 * the 2xx go; the sender, recording it, waits for the lock; the test SIGKILLs that sender (the claim names it) and
 * lets the lock go. Nothing is recorded, and when the claim passes another worker delivers the event again, under
 * the same webhook-id. The other two kills fall where the run happens to be (at 60 and at 120 completed jobs).
 *
 * <p>Killed workers are not replaced: a worker start costs a busy two-core machine 15-60 s, and four workers
 * leave one running after three kills.
 */
class WebhooksIT {

    private static final int JOBS = 200;
    private static final int WORKERS = 4;
    /**
     * A try's deadline: the test's lock and its word to release the held 2xx must come within it, also on a busy
     * machine. A claimed delivery whose sender died is sent again when the claim passes, longer than that.
     */
    private static final Duration TRY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CLAIM_TTL = Duration.ofSeconds(8);

    private static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("OPAD_DEMO_DELAY", "200ms"),
            Map.entry("OPAD_WORKER_CONCURRENCY", "8"),
            Map.entry("OPAD_HEARTBEAT_INTERVAL", "1s"),
            Map.entry("OPAD_LEASE_TTL", "6s"),
            Map.entry("OPAD_WEBHOOK_ALLOWED_PRIVATE_HOSTS", "127.0.0.1"),
            Map.entry("OPAD_WEBHOOK_DELIVERY_RETRY_BASE", "100ms"),
            Map.entry("OPAD_WEBHOOK_DELIVERY_RETRY_CAP", "1s"),
            Map.entry("OPAD_WEBHOOK_DELIVERY_POLL_INTERVAL", "100ms"),
            Map.entry("OPAD_WEBHOOK_DELIVERY_TIMEOUT", TRY_TIMEOUT.toSeconds() + "s"),
            Map.entry("OPAD_WEBHOOK_DELIVERY_CLAIM_TTL", CLAIM_TTL.toSeconds() + "s"));

    /** One SIGKILL: when (epoch ms, the receiver's clock is the same machine's), whom, and what was going on. */
    private record Kill(long at, String worker, String why, long unfinishedJobs) {
    }

    /** The forced crash: the held 2xx's webhook-id, its delivery row, and the sender that got the 2xx and died. */
    private record ForcedCrash(String webhookId, UUID delivery, String sender, long killedAt) {
    }

    private static long classStarted;
    private static final Map<String, Double> phases = new LinkedHashMap<>();
    /** Running workers by their OPAD_WORKER_ID, which is what a delivery's claimed_by names. */
    private static final Map<String, ServiceProcess> workers = new LinkedHashMap<>();
    private static final List<CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
    private static final ExecutorService STARTER = Executors.newVirtualThreadPerTaskExecutor();
    /** Each worker's start to ready, in ms. */
    private static final List<Long> workerStarts = new ArrayList<>();
    private static final List<Kill> kills = new ArrayList<>();
    private static StandardWebhooksReceiver receiver;
    private static OpadSystem system;

    @BeforeAll
    static void start() {
        classStarted = System.nanoTime();
        system = new OpadSystem(SETTINGS);
        phase("api ready");
        // Not waited for: the test registers, submits and runs on the first ones ready. Two at a time, each of the
        // later two when one of the first is ready: four JVMs starting at once on two busy cores all missed the
        // 120 s start limit, where two and two take hardly longer than four at once on an idle machine.
        for (int i = 1; i <= WORKERS; i++) {
            String id = "webhooks-worker-" + i;
            CompletableFuture<?> after = i <= 2 ? CompletableFuture.completedFuture(null) : starting.get(i - 3);
            starting.add(after.thenApplyAsync(ready -> system.startWorker(Map.of("OPAD_WORKER_ID", id)), STARTER)
                    .thenApply(worker -> {
                        synchronized (workers) {
                            workers.put(id, worker);
                            workerStarts.add(worker.startToReadyMs());
                        }
                        phase(id + " ready");
                        return worker;
                    }));
        }
    }

    @AfterAll
    static void stop() {
        // Printed even when the test failed: where the time went.
        String done;
        synchronized (phases) {
            done = phases.entrySet().stream().map(e -> String.format("%s %.1f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
        }
        System.out.printf("webhook phases (s since the class started): %s; worker starts (ms) %s; kills: %s%n", done,
                workerStarts, kills);
        // A worker still starting would be left running: the system only stops those it saw become ready.
        starting.forEach(worker -> worker.exceptionally(failed -> null).join());
        if (system != null) {
            system.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void everyJobsEventArrivesVerifiedWithOneIdAcrossSigkills() throws Exception {
        long started = System.nanoTime();
        // As a script does it: its API token registers the endpoint, and the answer holds the secret, shown once.
        int port = FreePort.find();
        String secret = given().baseUri(system.api().baseUrl()).auth().oauth2(system.token()).contentType(ContentType.JSON)
                .body("{\"url\": \"http://127.0.0.1:" + port + "/hook\", \"events\": [\"job.completed\"]}")
                .when().post("/webhooks")
                .then().statusCode(201).extract().path("secret");
        assertTrue(secret.startsWith("whsec_"), "a Standard Webhooks secret");
        receiver = StandardWebhooksReceiver.start(secret, port);
        phase("endpoint registered, receiver listening");

        CompletableFuture<List<OpadSystem.Job>> submitting = CompletableFuture.supplyAsync(() -> {
            List<OpadSystem.Job> submitted = system.createAndGenerate(JOBS);
            phase(JOBS + " jobs submitted");
            return submitted;
        });
        // The forced crash kills one of the running workers; another must be running to go on.
        Waits.until("two workers ready", Duration.ofSeconds(180), () -> running() >= 2 || anyFailed());
        assertFalse(anyFailed(), "a worker did not start");
        receiver.holdNext2xx();
        ForcedCrash forced = crashBetweenAnswerAndRecord();
        phase("forced crash (" + forced.sender() + " killed holding a 2xx)");
        starting.forEach(CompletableFuture::join);
        for (int milestone : new int[] {60, 120}) {
            Waits.until(milestone + " jobs completed", Duration.ofSeconds(120), () -> completed() >= milestone);
            String victim;
            synchronized (workers) {
                victim = workers.keySet().iterator().next();
            }
            kill(victim, "at " + milestone + " completed jobs");
            phase("SIGKILL at " + milestone + " completed");
        }
        List<OpadSystem.Job> jobs = submitting.join();
        Waits.until("all " + JOBS + " jobs to complete", Duration.ofSeconds(120), () -> system.jobsIn(jobs, "completed") == JOBS);
        phase(JOBS + " jobs completed");
        Waits.until("all " + JOBS + " deliveries to succeed", Duration.ofSeconds(60), () -> succeeded() == JOBS);
        phase(JOBS + " deliveries succeeded");

        // The reference verifier's own verdict on a request whose body was changed after signing.
        String tamperedId = "msg_tampered" + System.nanoTime();
        String body = "{\"type\":\"job.completed\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{\"job_id\":\"a\"}}";
        String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
        int tamperedStatus = receiver.post("/hook", Map.of("webhook-id", tamperedId, "webhook-timestamp", timestamp,
                "webhook-signature", sign(secret, tamperedId, timestamp, body)), body.replace("\"a\"", "\"b\""));
        int genuineStatus = receiver.post("/hook", Map.of("webhook-id", tamperedId + "x", "webhook-timestamp", timestamp,
                "webhook-signature", sign(secret, tamperedId + "x", timestamp, body)), body);

        List<StandardWebhooksReceiver.Request> log = receiver.log();
        List<StandardWebhooksReceiver.Request> deliveries = log.stream().filter(r -> !r.id().startsWith("msg_tampered")).toList();
        Map<String, List<StandardWebhooksReceiver.Request>> byId = deliveries.stream()
                .collect(Collectors.groupingBy(StandardWebhooksReceiver.Request::id));

        assertEquals(400, tamperedStatus, "the reference verifier rejects a tampered body");
        assertTrue(log.stream().anyMatch(r -> r.id().equals(tamperedId) && !r.verified()), "recorded as not verified");
        assertEquals(500, genuineStatus, "the same request untampered verifies (its first try, answered 500)");
        assertEquals(List.of(), deliveries.stream().filter(r -> !r.verified()).toList(), "every delivery verified");

        // Every job's event: at least one verified 2xx, and every try of a job under one webhook-id.
        Map<String, Set<String>> idsByJob = new HashMap<>();
        deliveries.forEach(r -> idsByJob.computeIfAbsent(r.jobId(), j -> new TreeSet<>()).add(r.id()));
        List<String> missing = new ArrayList<>();
        List<String> severalIds = new ArrayList<>();
        for (OpadSystem.Job job : jobs) {
            Set<String> ids = idsByJob.getOrDefault(job.jobId(), Set.of());
            if (ids.size() > 1) {
                severalIds.add(job.jobId() + " " + ids);
            }
            if (ids.stream().noneMatch(id -> byId.get(id).stream().anyMatch(r -> r.verified() && r.status() == 200))) {
                missing.add(job.jobId());
            }
        }
        assertEquals(List.of(), missing, "jobs whose event never got a verified 2xx");
        assertEquals(List.of(), severalIds, "jobs whose tries came under more than one webhook-id");
        String ids = OpadSystem.ids(jobs);
        assertEquals(JOBS, system.count("select count(*) from webhook_deliveries where job_id in (" + ids
                + ") and status = 'succeeded'"), "one delivery per job, succeeded");
        for (List<StandardWebhooksReceiver.Request> tries : byId.values()) {
            assertTrue(tries.size() >= 3, "the receiver failed the first two tries of " + tries.getFirst().id());
        }

        // A receiver that answered 2xx and was called again: only across a SIGKILL of the sender.
        int calledAgain = 0;
        List<String> withoutKill = new ArrayList<>();
        for (List<StandardWebhooksReceiver.Request> tries : byId.values()) {
            StandardWebhooksReceiver.Request first2xx = tries.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
            for (StandardWebhooksReceiver.Request later : tries.subList(tries.indexOf(first2xx) + 1, tries.size())) {
                calledAgain++;
                if (kills.stream().noneMatch(k -> first2xx.at() <= k.at() && k.at() <= later.at())) {
                    withoutKill.add(later.id() + " again " + (later.at() - first2xx.at()) + " ms after its 2xx");
                }
            }
        }
        assertEquals(List.of(), withoutKill, "called again after a 2xx without a SIGKILL in between");

        // The forced crash: its 2xx held, the record blocked, the sender killed; delivered again, recorded once.
        List<StandardWebhooksReceiver.Request> forcedTries = byId.get(forced.webhookId());
        StandardWebhooksReceiver.Request held = forcedTries.stream().filter(StandardWebhooksReceiver.Request::held)
                .findFirst().orElseThrow();
        assertEquals(200, held.status());
        long forcedAgain = forcedTries.stream().filter(r -> r.at() >= held.at() && r != held).count();
        assertTrue(forcedAgain >= 1, "the event whose 2xx was never recorded was delivered again: " + forcedTries);
        assertTrue(calledAgain >= forcedAgain);
        assertEquals(1, system.count("select count(*) from webhook_deliveries where id = '" + forced.delivery()
                + "' and status = 'succeeded' and finished_at > to_timestamp(" + forced.killedAt() / 1000.0 + ")"),
                "the forced crash's delivery ended succeeded, recorded once, by a sender after the kill");
        assertTrue(system.count("select attempts from webhook_deliveries where id = '" + forced.delivery() + "'") >= 4,
                "its killed try counted, and another worker's after the claim passed");

        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        phase("checks");
        System.out.printf("webhook figures: %d jobs, %d workers, %d SIGKILLs (1 forced between a 2xx and its record),"
                        + " %d requests (%d webhook-ids, every one verified by npm standardwebhooks), %d verification"
                        + " failures, tampered request answered %d, %d calls after a 2xx (each across a SIGKILL, %d of"
                        + " them the forced one's), all delivered in %d s%n",
                JOBS, WORKERS, kills.size(), deliveries.size(), byId.size(),
                deliveries.stream().filter(r -> !r.verified()).count(), tamperedStatus, calledAgain, forcedAgain, seconds);
        assertTrue(kills.size() >= 3, "the test killed workers " + kills.size() + " times");
        assertFalse(byId.isEmpty());
    }

    /**
     * Puts a SIGKILL exactly between a receiver's 2xx and the sender's record of it: the receiver keeps its first 2xx
     * waiting; the test locks that delivery's row (its own connection, {@code for update}); the receiver answers; the
     * sender's record ({@code DeliveryRecords.record}, which locks the row first) waits behind the test's lock, seen in
     * {@code pg_blocking_pids}; the sender named by the claim is SIGKILLed; the lock is let go.
     */
    private static ForcedCrash crashBetweenAnswerAndRecord() throws SQLException {
        Waits.until("a delivery's 2xx held by the receiver", Duration.ofSeconds(120), () -> receiver.held().isPresent());
        String webhookId = receiver.held().orElseThrow();
        UUID delivery = deliveryId(webhookId);
        try (Connection lock = system.database.connect()) {
            lock.setAutoCommit(false);
            String sender;
            int attempts;
            try (PreparedStatement row = lock.prepareStatement(
                    "select claimed_by, attempts, status from webhook_deliveries where id = ? for update")) {
                row.setObject(1, delivery);
                try (ResultSet found = row.executeQuery()) {
                    assertTrue(found.next(), "the held request's delivery row " + delivery);
                    sender = found.getString(1);
                    attempts = found.getInt(2);
                    assertEquals("pending", found.getString(3), "claimed, its try in flight");
                }
            }
            assertTrue(attempts >= 3, "the receiver answers 2xx from the third try on; this is try " + attempts);
            long lockHolder;
            try (PreparedStatement pid = lock.prepareStatement("select pg_backend_pid()"); ResultSet found = pid.executeQuery()) {
                found.next();
                lockHolder = found.getLong(1);
            }
            synchronized (workers) {
                assertTrue(workers.containsKey(sender), "the claim names a running worker: " + sender + " of " + workers.keySet());
            }

            StandardWebhooksReceiver.Released released = receiver.release();
            assertEquals(webhookId, released.id());
            assertTrue(released.open(), "the 2xx reached its sender, still waiting for it (within the try's timeout)");
            Waits.until("the sender recording the 2xx, waiting for the test's row lock", Duration.ofSeconds(20),
                    () -> system.count("select count(*) from pg_stat_activity where " + lockHolder
                            + " = any(pg_blocking_pids(pid)) and query like '%webhook_deliveries%'") >= 1);
            long killedAt = kill(sender, "holding the unrecorded 2xx of " + webhookId);
            lock.rollback();
            return new ForcedCrash(webhookId, delivery, sender, killedAt);
        }
    }

    /** SIGKILLs a worker, by its id; when, in epoch ms. */
    private static long kill(String worker, String why) {
        ServiceProcess victim;
        synchronized (workers) {
            victim = workers.remove(worker);
            assertFalse(workers.isEmpty(), "one worker keeps running");
        }
        long unfinished = system.count("select count(*) from jobs where status not in ('completed', 'failed', 'cancelled')");
        victim.kill();
        long at = System.currentTimeMillis();
        kills.add(new Kill(at, worker, why, unfinished));
        return at;
    }

    /** The delivery's id from its webhook-id, msg_ and the 32 hex digits of the UUID (WebhookSignature.messageId). */
    private static UUID deliveryId(String webhookId) {
        String hex = webhookId.substring("msg_".length());
        return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }

    private static void phase(String name) {
        synchronized (phases) {
            phases.put(name, (System.nanoTime() - classStarted) / 1e9);
        }
    }

    private static int running() {
        synchronized (workers) {
            return workers.size();
        }
    }

    private static boolean anyFailed() {
        return starting.stream().anyMatch(CompletableFuture::isCompletedExceptionally);
    }

    private static long completed() {
        return system.count("select count(*) from jobs where status = 'completed'");
    }

    private static long succeeded() {
        return system.count("select count(*) from webhook_deliveries where status = 'succeeded'");
    }

    /** Standard Webhooks by hand, only for the test's own requests: HMAC-SHA256 of id.timestamp.body. */
    private static String sign(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }
}
