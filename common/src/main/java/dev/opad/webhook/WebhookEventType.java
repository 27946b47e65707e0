package dev.opad.webhook;

import java.util.Arrays;
import java.util.Optional;

/** What a webhook can tell. The wire names are the Standard Webhooks {@code type} of each payload. */
public enum WebhookEventType {
    JOB_COMPLETED("job.completed"),
    JOB_FAILED("job.failed"),
    JOB_CANCELLED("job.cancelled"),
    SCHEDULE_PAUSED("schedule.paused"),
    /** Sent only when the owner asks for it, to check an endpoint; never subscribed to. */
    TEST("webhook.test");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The types an endpoint may subscribe to: everything but the test event. */
    public boolean subscribable() {
        return this != TEST;
    }

    public static Optional<WebhookEventType> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
