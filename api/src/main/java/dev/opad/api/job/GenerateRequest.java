package dev.opad.api.job;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /articles/{id}/generate}'s optional body; without one (or an empty object) nothing is called back. */
public record GenerateRequest(
        @Schema(description = "a URL to POST a signed job.completed, job.failed or job.cancelled to when the job ends"
                + " (Standard Webhooks, signed with the account's callback secret, which must exist first); the same"
                + " URL policy as webhook endpoints")
        @Size(max = 2048, message = "must be at most 2048 characters") String callbackUrl) {
}
