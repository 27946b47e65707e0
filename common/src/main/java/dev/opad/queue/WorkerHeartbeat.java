package dev.opad.queue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * What a worker says about itself at {@code opad:worker:<id>} on every beat. Snake case is pinned
 * here because the worker writes it and the api's operations view reads it; unknown fields are
 * ignored so that a newer worker may say more than an older api knows.
 *
 * @param at          when the beat was sent, by the worker's clock
 * @param running     jobs the worker runs right now (its own count, not its processing list)
 * @param concurrency how many jobs it may run at once
 * @param host        the machine or pod it runs on; absent from workers older than this field
 * @param version     the worker's build version; absent from workers older than this field
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkerHeartbeat(Instant at, int running, int concurrency, String host, String version) {
}
