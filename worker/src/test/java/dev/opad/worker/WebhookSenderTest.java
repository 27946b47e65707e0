package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.article.ArticleEntity;
import dev.opad.article.Language;
import dev.opad.job.JobEntity;
import dev.opad.queue.JobQueue;
import dev.opad.testing.PostgresTestDatabase;
import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import dev.opad.webhook.WebhookDeliveryEntity;
import dev.opad.webhook.WebhookEndpointEntity;
import dev.opad.webhook.WebhookOutbox;
import dev.opad.webhook.WebhookSignature;
import dev.opad.worker.webhook.DeliveryRecords;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's webhook sender against a real receiver (the JDK's HTTP server on 127.0.0.1, allow-listed) and
 * real Postgres: what it sends and signs, retries with the same id, redirects not followed, DNS checked and
 * pinned at send time, endpoints disabled after failing for the window (an injected clock), a delivery sent
 * again after its window retried through a fresh one, and a delivery whose sender died taken over when its claim
 * passes.
 */
@QuarkusTest
@TestProfile(WebhookSenderTest.FastWebhooks.class)
@WithTestResource(RealInfrastructure.class)
class WebhookSenderTest {

    /** Back-off of tens of milliseconds, the receiver's address allow-listed, a one-second claim. */
    public static class FastWebhooks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "opad.webhook.allowed-private-hosts", "127.0.0.1,receiver.test",
                    "opad.webhook.delivery.poll-interval", "50ms",
                    "opad.webhook.delivery.retry-base", "50ms",
                    "opad.webhook.delivery.retry-cap", "200ms",
                    "opad.webhook.delivery.timeout", "2s",
                    "opad.webhook.delivery.claim-ttl", "1s",
                    "opad.model.demo.delay", "0s");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(OffsetClock.class, MappedResolver.class);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @Inject
    OffsetClock clock;
    @Inject
    MappedResolver dns;
    @Inject
    JobQueue queue;
    @Inject
    DeliveryRecords records;

    private final PostgresTestDatabase db = RealInfrastructure.database();

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void aJobTheWorkerCompletesIsDeliveredOnceSignedWithTheEndpointsSecret() throws Exception {
        JobEntity job = TestJobs.queued("webhooks for a finished article");
        UUID user = job.userId();
        String secret = secret();
        endpoint(user, RECEIVER.url("/completed"), secret, "job.completed");
        endpoint(user, RECEIVER.url("/failed-only"), secret(), "job.failed");

        queue.push(job.id());

        Waits.until("the job.completed delivery", Duration.ofSeconds(60), () -> RECEIVER.at("/completed").size() == 1);
        WebhookReceiver.Received request = RECEIVER.at("/completed").getFirst();
        WebhookDeliveryEntity delivery = onlyDelivery(job.id(), "/completed");
        String id = request.header("webhook-id");
        long timestamp = Long.parseLong(request.header("webhook-timestamp"));
        assertEquals(WebhookSignature.messageId(delivery.id), id);
        assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 30, "the try's time, in seconds");
        assertEquals(WebhookSignature.sign(secret, id, timestamp, request.body()), request.header("webhook-signature"));
        assertEquals(delivery.payload, request.body(), "the stored bytes, as they are");
        assertEquals("application/json", request.header("content-type"));

        JsonNode payload = JSON.readTree(request.body());
        assertEquals("job.completed", payload.path("type").asText());
        assertEquals(job.id().toString(), payload.path("data").path("job_id").asText());
        assertEquals(job.articleId().toString(), payload.path("data").path("article_id").asText());
        assertEquals("completed", payload.path("data").path("status").asText());
        assertEquals(1, payload.path("data").path("attempt").asInt());
        assertTrue(payload.path("data").path("error").isMissingNode());

        Waits.until("the success recorded", Duration.ofSeconds(10),
                () -> WebhookDeliveryEntity.SUCCEEDED.equals(onlyDelivery(job.id(), "/completed").status));
        delivery = onlyDelivery(job.id(), "/completed");
        assertEquals(1, delivery.attempts);
        assertEquals(200, delivery.lastStatusCode);
        assertNull(delivery.lastError);
        assertNotNull(delivery.finishedAt);
        assertEquals(0, db.count("select count(*) from webhook_deliveries where job_id = '" + job.id()
                + "' and url like '%/failed-only'"), "an endpoint gets only the events it asked for");
        assertTrue(RestAssured.given().get("/q/metrics").then().extract().asString()
                .contains("opad_webhook_deliveries_total{outcome=\"succeeded\"}"));
    }

    @Test
    void failedTriesAreRetriedWithTheSameIdAndBodyUntilA2xx() throws Exception {
        UUID user = RealInfrastructure.insertUser();
        UUID endpoint = endpoint(user, RECEIVER.url("/flaky"), secret(), "job.completed");
        RECEIVER.answer("/flaky", 500, 503, 200);

        UUID delivery = testDelivery(endpoint);

        Waits.until("three tries", Duration.ofSeconds(20), () -> RECEIVER.at("/flaky").size() >= 3);
        Waits.until("the success recorded", Duration.ofSeconds(10),
                () -> WebhookDeliveryEntity.SUCCEEDED.equals(delivery(delivery).status));
        List<WebhookReceiver.Received> tries = RECEIVER.at("/flaky");
        assertEquals(3, tries.size(), "no try after the 2xx");
        assertEquals(Set.of(WebhookSignature.messageId(delivery)),
                Set.copyOf(tries.stream().map(t -> t.header("webhook-id")).toList()), "one webhook-id on every try");
        assertEquals(1, tries.stream().map(WebhookReceiver.Received::body).distinct().count(), "one body on every try");
        assertEquals(3, delivery(delivery).attempts);
        assertNull(endpointRow(endpoint).failingSince, "a success ends the endpoint's failing spell");
    }

    @Test
    void aRedirectIsAFailedTryAndIsNotFollowed() {
        UUID user = RealInfrastructure.insertUser();
        UUID endpoint = endpoint(user, RECEIVER.url("/moved"), secret(), "job.completed");
        RECEIVER.answer("/moved", new WebhookReceiver.Answer(302, Map.of("Location", RECEIVER.url("/elsewhere"))));

        UUID delivery = testDelivery(endpoint);

        Waits.until("two tries", Duration.ofSeconds(20), () -> delivery(delivery).attempts >= 2);
        WebhookDeliveryEntity row = delivery(delivery);
        assertEquals(WebhookDeliveryEntity.PENDING, row.status, "still being retried");
        assertEquals(302, row.lastStatusCode);
        assertTrue(row.lastError.contains("a redirect, which opad does not follow"), row.lastError);
        assertEquals(List.of(), RECEIVER.at("/elsewhere"), "the redirect's target got nothing");
        assertNotNull(endpointRow(endpoint).failingSince, "the endpoint is failing");
    }

    @Test
    void theHostIsResolvedAtSendTimeAndTheConnectionPinnedToTheApprovedAddress() {
        UUID user = RealInfrastructure.insertUser();
        // Allow-listed by name, known to no real DNS: the request can only arrive through the policy's answer.
        dns.map("receiver.test", "127.0.0.1");
        UUID pinned = endpoint(user, "http://receiver.test:" + RECEIVER.port() + "/pinned", secret(), "job.completed");
        // Public when it was registered, private now (DNS rebinding): refused before any connection.
        dns.map("rebound.test", "127.0.0.1");
        UUID rebound = endpoint(user, "http://rebound.test/rebound", secret(), "job.completed");

        UUID pinnedDelivery = testDelivery(pinned);
        UUID reboundDelivery = testDelivery(rebound);

        Waits.until("the pinned request", Duration.ofSeconds(20), () -> RECEIVER.at("/pinned").size() == 1);
        assertEquals("receiver.test:" + RECEIVER.port(), RECEIVER.at("/pinned").getFirst().header("host"));
        Waits.until("the rebound try", Duration.ofSeconds(20), () -> delivery(reboundDelivery).attempts >= 1
                && delivery(reboundDelivery).lastError != null);
        WebhookDeliveryEntity refused = delivery(reboundDelivery);
        assertNull(refused.lastStatusCode, "no request was made");
        assertTrue(refused.lastError.contains("rebound.test resolves to 127.0.0.1, a loopback address"), refused.lastError);
        assertEquals(List.of(), RECEIVER.at("/rebound"));
        Waits.until("the pinned success", Duration.ofSeconds(10),
                () -> WebhookDeliveryEntity.SUCCEEDED.equals(delivery(pinnedDelivery).status));
    }

    @Test
    void anEndpointFailingForLongerThanTheWindowIsDisabledAndGetsNoMoreEvents() {
        UUID user = RealInfrastructure.insertUser();
        UUID endpoint = endpoint(user, RECEIVER.url("/down"), secret(), "job.completed", "job.cancelled");
        RECEIVER.answer("/down", 500);
        UUID first = testDelivery(endpoint);
        Waits.until("the endpoint failing", Duration.ofSeconds(20), () -> endpointRow(endpoint).failingSince != null);
        assertNull(endpointRow(endpoint).disabledAt, "failing, not yet for long");

        clock.advance(Duration.ofDays(5).plusHours(1));

        Waits.until("the endpoint disabled", Duration.ofSeconds(20), () -> endpointRow(endpoint).disabledAt != null);
        WebhookEndpointEntity disabled = endpointRow(endpoint);
        assertTrue(disabled.disabledReason.contains("failed for more than 5 days without a success"), disabled.disabledReason);
        assertTrue(disabled.disabledReason.contains("the receiver answered 500"), disabled.disabledReason);
        Waits.until("the delivery given up (past its 24 h)", Duration.ofSeconds(10),
                () -> WebhookDeliveryEntity.FAILED.equals(delivery(first).status));

        // A disabled endpoint is not written to, and what was pending for it is failed without a try.
        UUID cancelled = cancelledJob(user);
        assertEquals(0, db.count("select count(*) from webhook_deliveries where job_id = '" + cancelled + "'"));
        UUID queuedBefore = UUID.randomUUID();
        db.execute("insert into webhook_deliveries (id, user_id, endpoint_id, url, event_type, payload, status, attempts,"
                + " next_attempt_at, created_at) values ('" + queuedBefore + "', '" + user + "', '" + endpoint + "', '"
                + RECEIVER.url("/down") + "', 'job.completed', '{}', 'pending', 0, now(), now())");
        int before = RECEIVER.at("/down").size();
        Waits.until("the pending delivery failed", Duration.ofSeconds(10),
                () -> WebhookDeliveryEntity.FAILED.equals(delivery(queuedBefore).status));
        assertTrue(delivery(queuedBefore).lastError.contains("the endpoint is disabled"));
        assertEquals(before, RECEIVER.at("/down").size(), "no request for it");
    }

    @Test
    void aDeliverySentAgainAfterItsWindowGetsAFreshWindowAndTheWholeBackOffNotOneTry() {
        UUID user = RealInfrastructure.insertUser();
        String url = RECEIVER.url("/away-for-a-day");
        UUID endpoint = endpoint(user, url, secret(), "job.completed");
        RECEIVER.answer("/away-for-a-day", 500);
        UUID delivery = testDelivery(endpoint);
        Waits.until("two failed tries", Duration.ofSeconds(20), () -> delivery(delivery).attempts >= 2);

        // A day later its next try gives it up: the first window counts from the event.
        clock.advance(Duration.ofHours(25));
        Waits.until("the delivery given up", Duration.ofSeconds(10),
                () -> WebhookDeliveryEntity.FAILED.equals(delivery(delivery).status));
        int before = delivery(delivery).attempts;

        // "Send again", as the api's resend does it, at the clock's now.
        Instant resentAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() ->
                WebhookDeliveryEntity.<WebhookDeliveryEntity>findById(delivery).sendAgain(url, resentAt));

        Waits.until("three more failed tries", Duration.ofSeconds(20), () -> delivery(delivery).attempts >= before + 3);
        WebhookDeliveryEntity retried = delivery(delivery);
        assertEquals(WebhookDeliveryEntity.PENDING, retried.status, "still being retried: a fresh window from the resend");
        assertEquals(resentAt, retried.resentAt);
        assertEquals(before, retried.attemptsBeforeResend);
        assertTrue(retried.windowAttempts() >= 3, "the back-off counts the tries since the resend");
        assertNull(retried.finishedAt);

        // The fresh window ends a day after the resend, not before.
        clock.advance(Duration.ofHours(24).plusMinutes(1));
        Waits.until("the delivery given up again", Duration.ofSeconds(10),
                () -> WebhookDeliveryEntity.FAILED.equals(delivery(delivery).status));
        assertTrue(!delivery(delivery).finishedAt.isBefore(resentAt.plus(Duration.ofHours(24))));
        assertEquals(Set.of(WebhookSignature.messageId(delivery)), Set.copyOf(RECEIVER.at("/away-for-a-day").stream()
                .map(t -> t.header("webhook-id")).toList()), "one webhook-id, before and after the resend");
    }

    @Test
    void aDeliveryClaimedByASenderThatDiedIsSentOnceTheClaimPasses() {
        UUID user = RealInfrastructure.insertUser();
        UUID endpoint = endpoint(user, RECEIVER.url("/orphan"), secret(), "job.completed");
        Instant claimedAt = Instant.now();
        Instant until = claimedAt.plusSeconds(1).truncatedTo(ChronoUnit.MICROS);
        // Written as another sender's claim commits it, in the outbox's own transaction so no sender sees it unclaimed.
        DeliveryRecords.Claim dead = QuarkusTransaction.requiringNew().call(() -> {
            WebhookDeliveryEntity row = WebhookOutbox.test(WebhookEndpointEntity.findById(endpoint));
            row.attempts = 1;
            row.claimedBy = "a-sender-that-died";
            row.claimedUntil = until;
            row.nextAttemptAt = until;
            return new DeliveryRecords.Claim(row.id, row.url, row.payload, row.eventType, row.endpointId, 1, List.of(),
                    row.claimedBy, until);
        });

        Waits.until("another sender's try", Duration.ofSeconds(20), () -> RECEIVER.at("/orphan").size() == 1);
        assertTrue(Duration.between(claimedAt, Instant.now()).toMillis() >= 900, "not before the claim passed");
        Waits.until("its success", Duration.ofSeconds(10), () -> WebhookDeliveryEntity.SUCCEEDED.equals(delivery(dead.id()).status));
        assertEquals(2, delivery(dead.id()).attempts, "the dead sender's try counts");
        // The dead sender's late result is not recorded over the one that took over.
        assertTrue(records.record(dead, new DeliveryRecords.Result(Instant.now(), false, 500, "late", Duration.ZERO,
                Optional.empty())).isEmpty());
        assertEquals(WebhookDeliveryEntity.SUCCEEDED, delivery(dead.id()).status);
        assertEquals(1, RECEIVER.at("/orphan").size());
    }

    // ---- helpers ----

    private static String secret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return WebhookSignature.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    private UUID endpoint(UUID user, String url, String secret, String... events) {
        UUID id = UUID.randomUUID();
        db.execute("insert into webhook_endpoints (id, user_id, url, events, secret, created_at, updated_at) values ('"
                + id + "', '" + user + "', '" + url + "', '{" + String.join(",", events) + "}', '" + secret + "', now(), now())");
        return id;
    }

    private static UUID testDelivery(UUID endpoint) {
        return QuarkusTransaction.requiringNew().call(() -> WebhookOutbox.test(WebhookEndpointEntity.findById(endpoint)).id);
    }

    /** A job of {@code user}'s queued and cancelled at once, as the api's cancel does (outbox included). */
    private static UUID cancelledJob(UUID user) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ArticleEntity article = ArticleEntity.request(user, Language.ENGLISH, "B1", 200, "cancelled at once");
            article.persist();
            JobEntity job = JobEntity.queuedFor(article);
            job.persist();
            job.cancel();
            WebhookOutbox.jobChanged(job);
            return job.id();
        });
    }

    private static WebhookDeliveryEntity delivery(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> WebhookDeliveryEntity.findById(id));
    }

    private static WebhookDeliveryEntity onlyDelivery(UUID jobId, String path) {
        return QuarkusTransaction.requiringNew().call(() -> WebhookDeliveryEntity.<WebhookDeliveryEntity>list(
                "jobId = ?1", jobId).stream().filter(d -> d.url.endsWith(path)).findFirst().orElseThrow());
    }

    private static WebhookEndpointEntity endpointRow(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> WebhookEndpointEntity.findById(id));
    }
}
