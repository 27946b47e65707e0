package dev.opad.api.schedule;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /schedules/preview}: the runs of a rule strictly after {@code from} (default now). */
public record PreviewRequest(
        @NotNull(message = "is required") @Valid RuleRequest rule,
        @Schema(description = "an instant (ISO 8601, e.g. 2027-03-27T12:00:00Z); default now") String from,
        @Min(value = 1, message = "must be at least 1") @Max(value = 100, message = "must be at most 100")
        @Schema(defaultValue = "10") Integer count) {

    static final int DEFAULT_COUNT = 10;
}
