package dev.opad.api.webhook;

import dev.opad.api.article.PageRequest;
import dev.opad.api.problem.BadRequestProblem;
import dev.opad.api.problem.ConflictProblem;
import dev.opad.api.problem.NotFoundProblem;
import dev.opad.job.JobEntity;
import dev.opad.webhook.WebhookCallbackSecretEntity;
import dev.opad.webhook.WebhookDeliveryEntity;
import dev.opad.webhook.WebhookEndpointEntity;
import dev.opad.webhook.WebhookEventType;
import dev.opad.webhook.WebhookOutbox;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What owners do with their webhook endpoints, their deliveries and their callback secret. Every query filters on the
 * owner, so a stranger's id is a 404. URLs are checked against the webhook URL policy before the transaction (the
 * check may wait for DNS); the sender checks them again before every try.
 */
@ApplicationScoped
public class WebhookService {

    static final String DISABLED_BY_OWNER = "Disabled by you";
    private static final Set<String> STATUSES =
            Set.of(WebhookDeliveryEntity.PENDING, WebhookDeliveryEntity.SUCCEEDED, WebhookDeliveryEntity.FAILED);
    private static final String SUBSCRIBABLE = Arrays.stream(WebhookEventType.values())
            .filter(WebhookEventType::subscribable).map(WebhookEventType::wireName).collect(Collectors.joining(", "));

    private final WebhookRegistrationConfig config;
    private final WebhookUrlChecks urls;
    private final Clock clock;

    public WebhookService(WebhookRegistrationConfig config, WebhookUrlChecks urls, Clock clock) {
        this.config = config;
        this.urls = urls;
        this.clock = clock;
    }

    /** A secret shown now and never again, and whether it is the account's first (201) or replaced one (200). */
    public record IssuedSecret(CallbackSecretView secret, boolean created) {
    }

    /** The cap is counted with the owner's user row locked, so concurrent creates cannot pass it together. */
    public WebhookView create(UUID owner, CreateWebhookRequest request) {
        String url = urls.checked("url", request.url());
        String[] events = events(request.events());
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = now();
            lockUser(owner);
            int cap = config.maxEndpoints();
            if (WebhookEndpointEntity.count("userId", owner) >= cap) {
                throw new ConflictProblem("You already have " + cap + " webhook endpoints, the most one account may"
                        + " have; delete one first");
            }
            WebhookEndpointEntity endpoint = new WebhookEndpointEntity();
            endpoint.id = UUID.randomUUID();
            endpoint.userId = owner;
            endpoint.url = url;
            endpoint.events = events;
            endpoint.description = blankToNull(request.description());
            endpoint.secret = WebhookSecrets.newSecret();
            endpoint.createdAt = now;
            endpoint.updatedAt = now;
            endpoint.persist();
            return WebhookView.withSecret(endpoint, now);
        });
    }

    public WebhookList list(UUID owner) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = now();
            return new WebhookList(WebhookEndpointEntity.<WebhookEndpointEntity>find(
                    "userId = ?1 order by createdAt, id", owner).stream().map(e -> WebhookView.of(e, now)).toList());
        });
    }

    public WebhookView get(UUID owner, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> WebhookView.of(owned(owner, id, false), now()));
    }

    /**
     * What is given replaces the current value. A new URL applies to the pending deliveries too (from their next
     * try): the owner fixing a wrong address wants the backlog to arrive there. Enabling again clears the failure
     * record, so the endpoint gets the full window before it could be disabled again.
     */
    public WebhookView change(UUID owner, UUID id, ChangeWebhookRequest change) {
        String url = change.url() == null ? null : urls.checked("url", change.url());
        String[] events = change.events() == null ? null : events(change.events());
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = now();
            WebhookEndpointEntity endpoint = owned(owner, id, true);
            if (url != null && !url.equals(endpoint.url)) {
                endpoint.url = url;
                WebhookDeliveryEntity.update("url = ?1 where endpointId = ?2 and status = ?3",
                        url, endpoint.id, WebhookDeliveryEntity.PENDING);
            }
            if (events != null) {
                endpoint.events = events;
            }
            if (change.description() != null) {
                endpoint.description = blankToNull(change.description());
            }
            if (Boolean.TRUE.equals(change.enabled()) && endpoint.isDisabled()) {
                endpoint.disabledAt = null;
                endpoint.disabledReason = null;
                endpoint.failingSince = null;
            } else if (Boolean.FALSE.equals(change.enabled()) && !endpoint.isDisabled()) {
                endpoint.disabledAt = now;
                endpoint.disabledReason = DISABLED_BY_OWNER;
            }
            endpoint.updatedAt = now;
            return WebhookView.of(endpoint, now);
        });
    }

    /** Its deliveries go with it (V12's cascade); a try in flight finds nothing to record and is dropped. */
    public void delete(UUID owner, UUID id) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (WebhookEndpointEntity.delete("id = ?1 and userId = ?2", id, owner) == 0) {
                throw notFound(id);
            }
        });
    }

    /**
     * A new secret, shown once; the old one keeps signing next to it for the rotation overlap (both signatures in
     * one header), so receivers switch over without refusing a delivery. A second rotation within the overlap
     * drops the oldest secret.
     */
    public WebhookView rotateSecret(UUID owner, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = now();
            WebhookEndpointEntity endpoint = owned(owner, id, true);
            endpoint.previousSecret = endpoint.secret;
            endpoint.previousSecretExpiresAt = now.plus(config.rotationOverlap());
            endpoint.secret = WebhookSecrets.newSecret();
            endpoint.updatedAt = now;
            return WebhookView.withSecret(endpoint, now);
        });
    }

    /** A {@code webhook.test} delivery, sent like any other (also to a disabled endpoint: to check it first). */
    public DeliveryView test(UUID owner, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> DeliveryView.of(WebhookOutbox.test(owned(owner, id, false))));
    }

    public DeliveryPage deliveries(UUID owner, UUID id, DeliveryQuery query) {
        PageRequest page = query.paging();
        String only = deliveryStatus(query.status());
        return QuarkusTransaction.requiringNew().call(() -> {
            owned(owner, id, false);
            return page("endpointId", id, only, page);
        });
    }

    /**
     * {@code GET /jobs/{id}/deliveries}: what was sent about one job, its one-off {@code callback_url} (the only
     * log those have) and the owner's endpoints alike. The job's owner only: anyone else's is a 404, as for the
     * job's other reads.
     */
    public DeliveryPage jobDeliveries(UUID owner, UUID jobId, DeliveryQuery query) {
        PageRequest page = query.paging();
        String only = deliveryStatus(query.status());
        return QuarkusTransaction.requiringNew().call(() -> {
            ownedJob(owner, jobId);
            return page("jobId", jobId, only, page);
        });
    }

    /** One page of the deliveries whose {@code field} is {@code value}, newest first. */
    private static DeliveryPage page(String field, UUID value, String status, PageRequest page) {
        String where = field + " = :value" + (status == null ? "" : " and status = :status");
        Parameters parameters = Parameters.with("value", value);
        if (status != null) {
            parameters.and("status", status);
        }
        List<DeliveryView> items = WebhookDeliveryEntity.<WebhookDeliveryEntity>find(
                        where + " order by createdAt desc, id desc", parameters)
                .page(Page.of(page.page(), page.size())).stream().map(DeliveryView::of).toList();
        long total = WebhookDeliveryEntity.count(where, parameters);
        return new DeliveryPage(items, page.page(), page.size(), total);
    }

    /**
     * "Send again": a succeeded or failed delivery becomes pending, due now, with the same id (the webhook-id) and
     * the same payload bytes; its attempts go on counting, and its log keeps the last try's answer until the next.
     * It starts a fresh delivery window ({@code resent_at}): the whole back-off schedule, for up to the retry window
     * from now, so an event resent days later is not given up after one try. It goes to the endpoint's current URL.
     * A pending one is still being sent, and a disabled endpoint gets nothing but test events, so both are refused
     * rather than turned into a failure at the sender.
     */
    public DeliveryView resend(UUID owner, UUID id, UUID deliveryId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            WebhookEndpointEntity endpoint = owned(owner, id, false);
            WebhookDeliveryEntity delivery = lockedDelivery("endpointId", endpoint.id, deliveryId)
                    .orElseThrow(() -> new NotFoundProblem("No delivery with id " + deliveryId + " for webhook " + id));
            return sendAgain(delivery, endpoint);
        });
    }

    /**
     * "Send again" from a job's delivery log ({@code POST /jobs/{id}/deliveries/{deliveryId}/resend}): what
     * {@link #resend} does, for any delivery about the job. It is the only way to send a one-off {@code callback_url}'s
     * delivery again, which has no endpoint: that one goes to the URL it was sent to. One for an endpoint is held to
     * that endpoint's rules (its current URL; refused while it is disabled), as if resent from its own log. The job's
     * owner only: anyone else's job is a 404, as for its delivery log.
     */
    public DeliveryView resendJobDelivery(UUID owner, UUID jobId, UUID deliveryId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ownedJob(owner, jobId);
            WebhookDeliveryEntity delivery = lockedDelivery("jobId", jobId, deliveryId)
                    .orElseThrow(() -> new NotFoundProblem("No delivery with id " + deliveryId + " for job " + jobId));
            WebhookEndpointEntity endpoint = delivery.endpointId == null ? null : owned(owner, delivery.endpointId, false);
            return sendAgain(delivery, endpoint);
        });
    }

    /** The delivery {@code id} whose {@code field} is {@code value}, locked against the sender's claim. */
    private static Optional<WebhookDeliveryEntity> lockedDelivery(String field, UUID value, UUID id) {
        return WebhookDeliveryEntity.<WebhookDeliveryEntity>find("id = :id and " + field + " = :value",
                        Parameters.with("id", id).and("value", value))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /**
     * The rules of "send again", wherever it is asked for. {@code endpoint} is the delivery's endpoint, or null for
     * a job's one-off {@code callback_url}, whose URL stays as it was.
     */
    private DeliveryView sendAgain(WebhookDeliveryEntity delivery, WebhookEndpointEntity endpoint) {
        if (WebhookDeliveryEntity.PENDING.equals(delivery.status)) {
            throw new ConflictProblem("Delivery " + delivery.id + " is still being sent (" + delivery.attempts
                    + " tries so far); wait for it to succeed or fail");
        }
        if (endpoint != null && endpoint.isDisabled() && !WebhookEventType.TEST.wireName().equals(delivery.eventType)) {
            throw new ConflictProblem("Webhook " + endpoint.id + " is disabled (" + endpoint.disabledReason
                    + "); enable it first (PATCH with \"enabled\": true)");
        }
        delivery.sendAgain(endpoint == null ? delivery.url : endpoint.url, now());
        return DeliveryView.of(delivery);
    }

    public CallbackSecretView callbackSecret(UUID owner) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = now();
            return Optional.ofNullable(WebhookCallbackSecretEntity.<WebhookCallbackSecretEntity>findById(owner))
                    .map(secret -> new CallbackSecretView(true, secret.createdAt,
                            WebhookSecrets.overlapEnd(secret.previousSecretExpiresAt, now), null))
                    .orElse(new CallbackSecretView(false, null, null, null));
        });
    }

    /**
     * The account's first callback secret, or a new one in place of the current, which keeps signing for the
     * rotation overlap. The user row is locked so that two first requests cannot both insert.
     */
    public IssuedSecret issueCallbackSecret(UUID owner) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = now();
            lockUser(owner);
            WebhookCallbackSecretEntity secret = WebhookCallbackSecretEntity.findById(owner);
            boolean created = secret == null;
            if (created) {
                secret = new WebhookCallbackSecretEntity();
                secret.userId = owner;
            } else {
                secret.previousSecret = secret.secret;
                secret.previousSecretExpiresAt = now.plus(config.rotationOverlap());
            }
            secret.secret = WebhookSecrets.newSecret();
            secret.createdAt = now;
            if (created) {
                secret.persist();
            }
            return new IssuedSecret(new CallbackSecretView(true, now,
                    WebhookSecrets.overlapEnd(secret.previousSecretExpiresAt, now), secret.secret), created);
        });
    }

    /** Known, subscribable wire names, each once, in the order given. */
    static String[] events(List<String> given) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : given) {
            String wire = name.strip();
            WebhookEventType type = WebhookEventType.fromWire(wire).orElseThrow(() -> new BadRequestProblem("events",
                    "\"" + wire + "\" is not an event type; choose from " + SUBSCRIBABLE));
            if (!type.subscribable()) {
                throw new BadRequestProblem("events", wire + " cannot be subscribed to: POST /webhooks/{id}/test"
                        + " sends one when you ask; choose from " + SUBSCRIBABLE);
            }
            names.add(type.wireName());
        }
        return names.toArray(String[]::new);
    }

    private static String deliveryStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        String wanted = status.strip();
        if (!STATUSES.contains(wanted)) {
            throw new BadRequestProblem("status", "must be pending, succeeded or failed");
        }
        return wanted;
    }

    private static WebhookEndpointEntity owned(UUID owner, UUID id, boolean forUpdate) {
        PanacheQuery<WebhookEndpointEntity> query = WebhookEndpointEntity.find("id = ?1 and userId = ?2", id, owner);
        if (forUpdate) {
            query = query.withLock(LockModeType.PESSIMISTIC_WRITE);
        }
        return query.firstResultOptional().orElseThrow(() -> notFound(id));
    }

    private static void ownedJob(UUID owner, UUID jobId) {
        JobEntity.<JobEntity>findByIdOptional(jobId).filter(job -> owner.equals(job.userId()))
                .orElseThrow(() -> new NotFoundProblem("No job with id " + jobId));
    }

    private static void lockUser(UUID owner) {
        WebhookEndpointEntity.getEntityManager().createNativeQuery("select id from users where id = :id for update")
                .setParameter("id", owner).getResultList();
    }

    private static NotFoundProblem notFound(UUID id) {
        return new NotFoundProblem("No webhook with id " + id);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Microseconds, as Postgres keeps them, so an answer shows what a later read shows. */
    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
