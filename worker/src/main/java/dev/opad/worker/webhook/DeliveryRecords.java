package dev.opad.worker.webhook;

import dev.opad.webhook.WebhookCallbackSecretEntity;
import dev.opad.webhook.WebhookConfig;
import dev.opad.webhook.WebhookDeliveryEntity;
import dev.opad.webhook.WebhookEndpointEntity;
import dev.opad.webhook.WebhookEventType;
import dev.opad.worker.webhook.WebhookMetrics.Outcome;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The sender's two transactions around every try. The claim ({@link #claim}) takes due pending deliveries
 * with {@code FOR UPDATE SKIP LOCKED}, so senders never wait for one another nor take the same row, and
 * moves each one's {@code next_attempt_at} to the claim's end: if this worker dies while sending, the row
 * simply falls due again when the claim passes and another worker sends it. The claim commits before the
 * request goes out; the result is recorded afterwards ({@link #record}) only if the claim is still this
 * worker's, so a worker that was too slow cannot overwrite the one that took over.
 */
@ApplicationScoped
public class DeliveryRecords {

    private static final Logger LOG = Logger.getLogger(DeliveryRecords.class);
    private static final String DUE = """
            select * from webhook_deliveries
            where status = 'pending' and next_attempt_at <= :now
            order by next_attempt_at
            limit :max
            for update skip locked""";
    /** The longest last_error kept: enough to read what a receiver said, not its whole error page. */
    static final int ERROR_LIMIT = 1000;

    private final WebhookConfig.Delivery config;
    private final WebhookBackoff backoff;

    public DeliveryRecords(WebhookConfig config, WebhookBackoff backoff) {
        this.config = config.delivery();
        this.backoff = backoff;
    }

    /** A delivery this worker claimed and will try once, with what it needs to sign it. */
    public record Claim(UUID id, String url, String payload, String eventType, UUID endpointId, int attempt,
                        List<String> secrets, String claimedBy, Instant claimedUntil) {
    }

    /** What a try found out. */
    public record Result(Instant at, boolean succeeded, Integer statusCode, String error, Duration took,
                         Optional<Duration> retryAfter) {
    }

    /** How a recorded try ended, and whether its failure disabled the endpoint. */
    public record Recorded(Outcome outcome, boolean endpointDisabled) {
    }

    /** The claims, and how many due deliveries were failed on the spot (their endpoint disabled, no secret). */
    public record Claimed(List<Claim> claims, int failedWithoutTry) {
    }

    /** Claims up to {@code max} due deliveries for {@code worker} until now + the claim TTL. */
    public Claimed claim(String worker, int max, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            EntityManager em = WebhookDeliveryEntity.getEntityManager();
            @SuppressWarnings("unchecked")
            List<WebhookDeliveryEntity> due = em.createNativeQuery(DUE, WebhookDeliveryEntity.class)
                    .setParameter("now", now).setParameter("max", max).getResultList();
            Instant until = micros(now.plus(config.claimTtl()));
            List<Claim> claims = new ArrayList<>();
            int failed = 0;
            for (WebhookDeliveryEntity delivery : due) {
                Optional<String> refusal = Optional.empty();
                List<String> secrets = List.of();
                if (delivery.endpointId != null) {
                    WebhookEndpointEntity endpoint = WebhookEndpointEntity.findById(delivery.endpointId);
                    if (endpoint.isDisabled() && !WebhookEventType.TEST.wireName().equals(delivery.eventType)) {
                        refusal = Optional.of("not sent: the endpoint is disabled (" + endpoint.disabledReason + ")");
                    } else {
                        secrets = secrets(endpoint.secret, endpoint.previousSecret, endpoint.previousSecretExpiresAt, now);
                    }
                } else {
                    WebhookCallbackSecretEntity secret = WebhookCallbackSecretEntity.findById(delivery.userId);
                    if (secret == null) {
                        refusal = Optional.of("not sent: the account has no callback secret to sign it with");
                    } else {
                        secrets = secrets(secret.secret, secret.previousSecret, secret.previousSecretExpiresAt, now);
                    }
                }
                if (refusal.isPresent()) {
                    delivery.status = WebhookDeliveryEntity.FAILED;
                    delivery.lastError = refusal.get();
                    delivery.finishedAt = micros(now);
                    failed++;
                    continue;
                }
                delivery.attempts++;
                delivery.claimedBy = worker;
                delivery.claimedUntil = until;
                delivery.nextAttemptAt = until;
                claims.add(new Claim(delivery.id, delivery.url, delivery.payload, delivery.eventType, delivery.endpointId,
                        delivery.attempts, secrets, worker, until));
            }
            return new Claimed(claims, failed);
        });
    }

    /**
     * Records a try's result; empty, with nothing written, when the claim is no longer this worker's (it ran
     * out and another worker took the delivery over, or a person changed it). On a failure the endpoint's
     * {@code failing_since} starts (if it had not), and an endpoint failing longer than
     * {@code opad.webhook.delivery.disable-after} is disabled.
     */
    public Optional<Recorded> record(Claim claim, Result result) {
        Instant now = micros(result.at());
        return QuarkusTransaction.requiringNew().call(() -> {
            WebhookDeliveryEntity delivery = WebhookDeliveryEntity.findById(claim.id(), LockModeType.PESSIMISTIC_WRITE);
            if (delivery == null || !WebhookDeliveryEntity.PENDING.equals(delivery.status)
                    || !claim.claimedBy().equals(delivery.claimedBy) || !claim.claimedUntil().equals(delivery.claimedUntil)) {
                return Optional.<Recorded>empty();
            }
            delivery.lastAttemptAt = now;
            delivery.lastStatusCode = result.statusCode();
            delivery.lastDurationMs = (int) Math.min(Integer.MAX_VALUE, result.took().toMillis());
            delivery.lastError = result.succeeded() ? null : clean(result.error());
            delivery.claimedBy = null;
            delivery.claimedUntil = null;
            Outcome outcome;
            if (result.succeeded()) {
                delivery.status = WebhookDeliveryEntity.SUCCEEDED;
                delivery.finishedAt = now;
                outcome = Outcome.SUCCEEDED;
            } else {
                // From the event, or from the last "send again", which starts a fresh window and back-off.
                Instant giveUpAt = delivery.windowStart().plus(config.retryWindow());
                if (!now.isBefore(giveUpAt)) {
                    delivery.status = WebhookDeliveryEntity.FAILED;
                    delivery.finishedAt = now;
                    outcome = Outcome.FAILED;
                } else {
                    Instant next = now.plus(backoff.delay(delivery.windowAttempts(), result.retryAfter()));
                    delivery.nextAttemptAt = micros(next.isAfter(giveUpAt) ? giveUpAt : next);
                    outcome = Outcome.RETRYING;
                }
            }
            boolean disabled = delivery.endpointId != null && endpointHealth(delivery, result.succeeded(), now);
            return Optional.of(new Recorded(outcome, disabled));
        });
    }

    /** True when this failure disabled the endpoint. */
    private boolean endpointHealth(WebhookDeliveryEntity delivery, boolean succeeded, Instant now) {
        EntityManager em = WebhookDeliveryEntity.getEntityManager();
        if (succeeded) {
            em.createNativeQuery("update webhook_endpoints set failing_since = null where id = :id and failing_since is not null")
                    .setParameter("id", delivery.endpointId).executeUpdate();
            return false;
        }
        em.createNativeQuery("update webhook_endpoints set failing_since = :now where id = :id and failing_since is null")
                .setParameter("now", now).setParameter("id", delivery.endpointId).executeUpdate();
        String reason = "Disabled on " + now.truncatedTo(ChronoUnit.SECONDS) + ": its deliveries failed for more than "
                + days(config.disableAfter()) + " without a success; the last one: " + delivery.lastError;
        @SuppressWarnings("unchecked")
        List<Object[]> disabled = em.createNativeQuery("""
                        update webhook_endpoints set disabled_at = :now, disabled_reason = :reason, updated_at = :now
                        where id = :id and disabled_at is null and failing_since < :since
                        returning id, user_id""")
                .setParameter("now", now).setParameter("reason", clean(reason)).setParameter("id", delivery.endpointId)
                .setParameter("since", now.minus(config.disableAfter())).getResultList();
        if (disabled.isEmpty()) {
            return false;
        }
        // There is no e-mail: the owner sees the reason on the Account page (the endpoint's disabled_reason).
        LOG.warnf("webhook endpoint %s of user %s disabled: %s", delivery.endpointId, disabled.getFirst()[1], reason);
        return true;
    }

    private static List<String> secrets(String current, String previous, Instant previousUntil, Instant now) {
        return previous != null && previousUntil != null && previousUntil.isAfter(now) ? List.of(current, previous)
                : List.of(current);
    }

    /** Postgres text holds no NUL; the rest is kept as the receiver wrote it, cut to a readable length. */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        String plain = text.replace('\u0000', ' ');
        return plain.length() <= ERROR_LIMIT ? plain : plain.substring(0, ERROR_LIMIT) + "…";
    }

    private static String days(Duration duration) {
        return duration.toHours() % 24 == 0 ? duration.toDays() + " days" : duration.toHours() + " hours";
    }

    static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }
}
