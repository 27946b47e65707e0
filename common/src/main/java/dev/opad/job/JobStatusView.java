package dev.opad.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/**
 * The status JSON kept at {@code opad:job:<id>} and returned by {@code GET /jobs/{id}}.
 * Snake case is pinned here, not left to each service's Jackson settings, because api and
 * worker both write this key and must agree byte for byte on its shape. It carries the owner's id
 * so the api can check ownership from Redis alone, and the row's version so that an older copy
 * can never overwrite a newer one in Redis.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobStatusView(
        UUID id,
        UUID articleId,
        UUID userId,
        JobState status,
        int progress,
        String stage,
        String message,
        String error,
        int attempt,
        int maxAttempts,
        Instant nextAttemptAt,
        long version,
        Instant createdAt,
        Instant updatedAt) {
}
