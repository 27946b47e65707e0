package dev.opad.job;

/** The event types of a job's history, named {@code domain.entity.action} as in the design notes. */
public enum JobEventType {
    QUEUED("job.queued", "info"),
    STARTED("job.started", "info"),
    STAGE_STARTED("job.stage.started", "info"),
    STAGE_COMPLETED("job.stage.completed", "info"),
    RETRY_SCHEDULED("job.retry_scheduled", "warn"),
    FAILED("job.failed", "error"),
    COMPLETED("job.completed", "info"),
    CANCEL_REQUESTED("job.cancel_requested", "info"),
    CANCELLED("job.cancelled", "info"),
    REQUEUED("job.requeued", "warn"),
    DISCARDED("job.discarded", "info");

    private final String wireName;
    private final String level;

    JobEventType(String wireName, String level) {
        this.wireName = wireName;
        this.level = level;
    }

    public String wireName() {
        return wireName;
    }

    public String level() {
        return level;
    }
}
