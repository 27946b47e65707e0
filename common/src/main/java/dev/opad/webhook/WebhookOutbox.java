package dev.opad.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.article.ArticleEntity;
import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.schedule.ScheduleEntity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes webhook deliveries, the outbox rows the workers' senders deliver, in the transaction of the change
 * they report: a job reaching completed, failed (for good) or cancelled commits together with one delivery
 * per enabled endpoint of its owner subscribed to that event, and one for its {@code callback_url}; a
 * rollback takes them with it, and a commit can never lose them. Called wherever a job's state changes
 * (next to {@code ScheduleRuns.jobChanged}); for any other state it does nothing and asks nothing.
 *
 * <p>A terminal change costs one indexed lookup of the owner's endpoints ({@code webhook_endpoints_by_user});
 * the payload is built, and the article read (usually already in the session), only when there is a
 * delivery to write. The payload is the Standard Webhooks shape: {@code {"type", "timestamp", "data"}};
 * its bytes are stored and sent unchanged on every try.
 */
public final class WebhookOutbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who paused a schedule, as {@code schedule.paused}'s {@code paused_by} says. */
    public enum PausedBy {
        /** Its runs failed too many times in a row. */
        FAILURES("failures"),
        OWNER("owner");

        private final String wireName;

        PausedBy(String wireName) {
            this.wireName = wireName;
        }
    }

    private WebhookOutbox() {
    }

    /** Call after the job's state changed, inside that transaction; writes deliveries only for a final state. */
    public static void jobChanged(JobEntity job) {
        Optional<WebhookEventType> type = eventOf(job.status());
        if (type.isEmpty() || job.userId() == null) {
            return;
        }
        List<Target> targets = new ArrayList<>(subscribed(job.userId(), type.get()));
        job.callbackUrl().ifPresent(url -> targets.add(new Target(null, url)));
        if (targets.isEmpty()) {
            return;
        }
        Instant at = job.finishedAt() == null ? now() : job.finishedAt();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job_id", job.id().toString());
        data.put("article_id", job.articleId().toString());
        data.put("status", job.status().wireName());
        data.put("attempt", job.attempt());
        data.put("finished_at", iso(at));
        if (job.status() == JobState.FAILED && job.error() != null) {
            data.put("error", job.error());
        }
        UUID scheduleId = ArticleEntity.<ArticleEntity>findByIdOptional(job.articleId()).map(a -> a.scheduleId).orElse(null);
        if (scheduleId != null) {
            data.put("schedule_id", scheduleId.toString());
        }
        String payload = payload(type.get(), at, data);
        for (Target target : targets) {
            write(job.userId(), target, type.get(), payload, job.id(), scheduleId);
        }
    }

    /** Call in the transaction that paused the schedule (its owner, or too many failed runs in a row). */
    public static void schedulePaused(ScheduleEntity schedule, PausedBy by) {
        List<Target> targets = subscribed(schedule.userId(), WebhookEventType.SCHEDULE_PAUSED);
        if (targets.isEmpty()) {
            return;
        }
        Instant at = now();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("schedule_id", schedule.id().toString());
        data.put("name", schedule.name());
        data.put("paused_by", by.wireName);
        data.put("reason", schedule.pausedReason());
        data.put("paused_at", iso(at));
        String payload = payload(WebhookEventType.SCHEDULE_PAUSED, at, data);
        for (Target target : targets) {
            write(schedule.userId(), target, WebhookEventType.SCHEDULE_PAUSED, payload, null, schedule.id());
        }
    }

    /** A {@code webhook.test} delivery to one endpoint, which its owner asked for (enabled or not). */
    public static WebhookDeliveryEntity test(WebhookEndpointEntity endpoint) {
        Instant at = now();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("endpoint_id", endpoint.id.toString());
        data.put("message", "A test event from opad: this endpoint receives signed webhooks");
        return write(endpoint.userId, new Target(endpoint.id, endpoint.url), WebhookEventType.TEST,
                payload(WebhookEventType.TEST, at, data), null, null);
    }

    static Optional<WebhookEventType> eventOf(JobState state) {
        return switch (state) {
            case COMPLETED -> Optional.of(WebhookEventType.JOB_COMPLETED);
            case FAILED -> Optional.of(WebhookEventType.JOB_FAILED);
            case CANCELLED -> Optional.of(WebhookEventType.JOB_CANCELLED);
            default -> Optional.empty();
        };
    }

    /** Where one delivery goes: an endpoint, or (endpoint null) a job's one-off callback URL. */
    private record Target(UUID endpointId, String url) {
    }

    private static List<Target> subscribed(UUID userId, WebhookEventType type) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = WebhookEndpointEntity.getEntityManager().createNativeQuery("""
                        select id, url from webhook_endpoints
                        where user_id = :user and disabled_at is null and cast(:type as text) = any(events)""")
                .setParameter("user", userId).setParameter("type", type.wireName()).getResultList();
        return rows.stream().map(row -> new Target((UUID) row[0], (String) row[1])).toList();
    }

    private static WebhookDeliveryEntity write(UUID userId, Target target, WebhookEventType type, String payload,
                                               UUID jobId, UUID scheduleId) {
        Instant now = now();
        WebhookDeliveryEntity delivery = new WebhookDeliveryEntity();
        delivery.id = UUID.randomUUID();
        delivery.userId = userId;
        delivery.endpointId = target.endpointId();
        delivery.url = target.url();
        delivery.eventType = type.wireName();
        delivery.payload = payload;
        delivery.jobId = jobId;
        delivery.scheduleId = scheduleId;
        delivery.status = WebhookDeliveryEntity.PENDING;
        delivery.attempts = 0;
        delivery.nextAttemptAt = now;
        delivery.createdAt = now;
        delivery.persist();
        return delivery;
    }

    private static String payload(WebhookEventType type, Instant at, Map<String, Object> data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type.wireName());
        envelope.put("timestamp", iso(at));
        envelope.put("data", data);
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a webhook payload of strings and numbers could not be written", e);
        }
    }

    private static String iso(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
