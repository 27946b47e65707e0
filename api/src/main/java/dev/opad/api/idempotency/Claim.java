package dev.opad.api.idempotency;

import java.time.OffsetDateTime;
import java.util.Optional;

/** What trying to take an Idempotency-Key found. */
sealed interface Claim {

    /**
     * This request holds the key and does the work. {@code claimedAt} is the row's creation time
     * and fences the later write: a claim taken over as abandoned cannot be completed by its old holder.
     */
    record Won(OffsetDateTime claimedAt) implements Claim {
    }

    /** Another request holds the key: its answer once it has one, empty while it is in progress. */
    record Held(String fingerprint, Optional<StoredResponse> response) implements Claim {
    }

    /** The holder failed and let the key go between our insert and our read: simply try again. */
    record Released() implements Claim {
    }
}
