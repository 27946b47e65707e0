package dev.opad.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.article.ArticleEntity;
import dev.opad.article.Language;
import dev.opad.job.JobEntity;
import dev.opad.testing.PostgresTestDatabase;
import dev.opad.testing.RealInfrastructure;
import dev.opad.webhook.WebhookDeliveryEntity;
import dev.opad.webhook.WebhookOutbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What the outbox writes for a job's change, in that change's transaction: a delivery per enabled endpoint
 * of the owner subscribed to the event, one for the callback URL, nothing for a state that is not final, and
 * nothing at all when the transaction rolls back. (The sender is {@link WebhookSenderTest}'s subject; these
 * URLs lead nowhere, so its tries fail quietly meanwhile.)
 */
@QuarkusTest
@TestProfile(WebhookSenderTest.FastWebhooks.class)
@WithTestResource(RealInfrastructure.class)
class WebhookOutboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PostgresTestDatabase db = RealInfrastructure.database();

    @Test
    void aCompletedJobWritesOneDeliveryPerSubscribedEnabledEndpointAndItsCallback() throws Exception {
        UUID user = RealInfrastructure.insertUser();
        UUID subscribed = endpoint(user, "https://a.example.com/", false, "job.completed", "job.failed");
        endpoint(user, "https://b.example.com/", true, "job.completed"); // disabled
        endpoint(user, "https://c.example.com/", false, "job.cancelled");
        endpoint(RealInfrastructure.insertUser(), "https://someone-else.example.com/", false, "job.completed");
        UUID job = queuedJob(user);
        db.execute("update jobs set callback_url = 'https://script.example.com/done' where id = '" + job + "'");

        change(job, j -> {
            j.start(UUID.randomUUID(), "w");
            j.complete();
        });

        List<WebhookDeliveryEntity> rows = deliveries(job);
        assertEquals(List.of("https://a.example.com/", "https://script.example.com/done"),
                rows.stream().map(d -> d.url).sorted().toList());
        WebhookDeliveryEntity toEndpoint = rows.stream().filter(d -> subscribed.equals(d.endpointId)).findFirst().orElseThrow();
        WebhookDeliveryEntity callback = rows.stream().filter(d -> d.endpointId == null).findFirst().orElseThrow();
        assertEquals(toEndpoint.payload, callback.payload, "one event, the same bytes for every URL");
        assertEquals("job.completed", toEndpoint.eventType);
        assertEquals(WebhookDeliveryEntity.PENDING, toEndpoint.status);
        assertEquals(user, toEndpoint.userId);
        JsonNode payload = JSON.readTree(toEndpoint.payload);
        assertEquals("job.completed", payload.path("type").asText());
        Instant.parse(payload.path("timestamp").asText());
        assertEquals(job.toString(), payload.path("data").path("job_id").asText());
        assertEquals("completed", payload.path("data").path("status").asText());
        assertEquals(payload.path("timestamp").asText(), payload.path("data").path("finished_at").asText());
    }

    @Test
    void aFailureForGoodIsAnEventAndARetryIsNot() throws Exception {
        UUID user = RealInfrastructure.insertUser();
        endpoint(user, "https://a.example.com/", false, "job.failed");
        UUID job = queuedJob(user);

        change(job, j -> {
            j.start(UUID.randomUUID(), "w");
            j.scheduleRetry("the provider timed out", Instant.now());
        });
        assertEquals(0, deliveries(job).size(), "retrying is not final");

        change(job, j -> {
            j.start(UUID.randomUUID(), "w");
            j.fail("the model provider rejected the API key");
        });
        List<WebhookDeliveryEntity> rows = deliveries(job);
        assertEquals(1, rows.size());
        JsonNode data = JSON.readTree(rows.getFirst().payload).path("data");
        assertEquals("failed", data.path("status").asText());
        assertEquals("the model provider rejected the API key", data.path("error").asText());
        assertEquals(2, data.path("attempt").asInt());
    }

    @Test
    void aRolledBackChangeLeavesNoDelivery() {
        UUID user = RealInfrastructure.insertUser();
        endpoint(user, "https://a.example.com/", false, "job.cancelled");
        UUID job = queuedJob(user);

        assertThrows(IllegalStateException.class, () -> change(job, j -> {
            j.cancel();
            WebhookOutbox.jobChanged(j);
            throw new IllegalStateException("the commit never happens");
        }));
        assertEquals(0, deliveries(job).size());

        change(job, JobEntity::cancel);
        assertEquals(1, deliveries(job).size(), "the same change committed");
    }

    @Test
    void aUserWithoutEndpointsGetsNothing() {
        UUID job = queuedJob(RealInfrastructure.insertUser());
        change(job, JobEntity::cancel);
        assertEquals(0, deliveries(job).size());
        assertTrue(db.count("select count(*) from jobs where id = '" + job + "' and status = 'cancelled'") == 1);
    }

    // ---- helpers ----

    /** The change and the outbox in one transaction, as every place that changes a job does. */
    private static void change(UUID id, Consumer<JobEntity> change) {
        QuarkusTransaction.requiringNew().run(() -> {
            JobEntity job = JobEntity.findById(id);
            change.accept(job);
            WebhookOutbox.jobChanged(job);
        });
    }

    private static UUID queuedJob(UUID user) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ArticleEntity article = ArticleEntity.request(user, Language.ENGLISH, "B1", 200, "outbox");
            article.persist();
            JobEntity job = JobEntity.queuedFor(article);
            job.persist();
            return job.id();
        });
    }

    private UUID endpoint(UUID user, String url, boolean disabled, String... events) {
        UUID id = UUID.randomUUID();
        db.execute("insert into webhook_endpoints (id, user_id, url, events, secret, created_at, updated_at, disabled_at) values ('"
                + id + "', '" + user + "', '" + url + "', '{" + String.join(",", events) + "}', 'whsec_AAAA', now(), now(), "
                + (disabled ? "now()" : "null") + ")");
        return id;
    }

    private static List<WebhookDeliveryEntity> deliveries(UUID job) {
        return QuarkusTransaction.requiringNew().call(() -> WebhookDeliveryEntity.<WebhookDeliveryEntity>list("jobId", job));
    }
}
