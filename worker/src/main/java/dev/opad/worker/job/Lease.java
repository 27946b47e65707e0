package dev.opad.worker.job;

import java.util.UUID;

/** The right to run one attempt of a job: its fencing token, checked by every write the attempt makes. */
public record Lease(UUID jobId, UUID token) {
}
