package dev.opad.api.job;

import dev.opad.job.JobState;
import java.util.UUID;

/** The 202 answer to a generate request: where to follow the job. */
public record GenerateResponse(UUID jobId, UUID articleId, JobState status, String statusUrl) {
}
