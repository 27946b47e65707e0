package dev.opad.webhook;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One event for one URL (V12): the outbox row, written in the transaction of the change it reports,
 * and its delivery record. {@code id} is the {@code webhook-id} of every try; {@code payload} the exact
 * bytes signed and sent.
 *
 * <pre>
 *   pending ──2xx──► succeeded
 *      │ └─ error, 3xx, 4xx, 5xx, timeout: attempts+1, next_attempt_at = back-off (full jitter)
 *      └── retry window passed (24 h) ──► failed
 *   succeeded | failed ──a person's "send again" ({@link #sendAgain})──► pending, a fresh window
 * </pre>
 *
 * <p>The window and the back-off count from the last "send again" when there was one ({@link #windowStart},
 * {@link #windowAttempts}): a delivery sent again days after its event gets the full schedule, not one try.
 */
@Entity
@Table(name = "webhook_deliveries")
public class WebhookDeliveryEntity extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    /** Null for a one-off callback. */
    @Column(name = "endpoint_id")
    public UUID endpointId;

    @Column(nullable = false)
    public String url;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false)
    public String payload;

    @Column(name = "job_id")
    public UUID jobId;

    @Column(name = "schedule_id")
    public UUID scheduleId;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "claimed_by")
    public String claimedBy;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "last_status_code")
    public Integer lastStatusCode;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "last_duration_ms")
    public Integer lastDurationMs;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** When its owner last sent it again; null if never. */
    @Column(name = "resent_at")
    public Instant resentAt;

    /** Tries made before the last "send again" (V13). */
    @Column(name = "attempts_before_resend", nullable = false)
    public int attemptsBeforeResend;

    /**
     * "Send again": pending once more, due {@code now}, to {@code currentUrl}, with the same id (the webhook-id) and
     * payload; its tries go on counting, and a fresh window starts: the back-off from its first step and the retry
     * window from now.
     */
    public void sendAgain(String currentUrl, Instant now) {
        if (PENDING.equals(status)) {
            throw new IllegalStateException("delivery " + id + " is still pending; only a finished one is sent again");
        }
        status = PENDING;
        url = currentUrl;
        nextAttemptAt = now;
        finishedAt = null;
        claimedBy = null;
        claimedUntil = null;
        resentAt = now;
        attemptsBeforeResend = attempts;
    }

    /** Where the retry window began: the event, or the last "send again". */
    public Instant windowStart() {
        return resentAt == null ? createdAt : resentAt;
    }

    /** Tries since the window began: what the back-off counts. */
    public int windowAttempts() {
        return attempts - attemptsBeforeResend;
    }
}
