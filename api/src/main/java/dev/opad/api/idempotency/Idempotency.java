package dev.opad.api.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.api.problem.BadRequestProblem;
import dev.opad.api.problem.ConflictProblem;
import dev.opad.storage.Digests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Makes a POST safe to retry: with an {@value #HEADER} header, the same request from the same
 * user within 24 h gets the first answer again (status, body, Location) and the work is not
 * done twice. This follows draft-ietf-httpapi-idempotency-key-header
 * (https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/) and Stripe:
 * the key with a different request is a 422; a request arriving while the first is still
 * running waits for its answer, and gets a 409 if it does not come; only a 2xx answer is kept,
 * so after a failure the client may retry with the same key. Without the header, nothing changes;
 * an empty header never reaches the application (the HTTP layer drops it), so it counts as none.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";

    private static final Logger LOG = Logger.getLogger(Idempotency.class);

    /** Printable ASCII, space included; a quoted key (the draft's sf-string form) keeps its quotes. */
    private static final Pattern VALID_KEY = Pattern.compile("[\\x20-\\x7E]{1,255}");

    /** How long a request waits for a concurrent one with the same key before answering 409. */
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);

    private final IdempotencyKeys keys;
    private final ObjectMapper json;

    public Idempotency(IdempotencyKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /**
     * Answers {@code action}'s response, or the stored response of an earlier identical request.
     *
     * @param request method and path, e.g. {@code POST /articles}
     * @param body    the request body as read, or null; fingerprinted in its re-serialised JSON form,
     *                so whitespace and key order do not make a request different, values do
     */
    public Response run(UUID owner, String key, String request, Object body, Supplier<Response> action) {
        if (key == null) {
            return action.get();
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw new BadRequestProblem(HEADER, "must be 1 to 255 printable ASCII characters");
        }
        String fingerprint = fingerprint(request, body);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            switch (keys.claim(owner, key, fingerprint)) {
                case Claim.Won won -> {
                    return execute(owner, key, won, action);
                }
                case Claim.Held held when !held.fingerprint().equals(fingerprint) ->
                        throw new IdempotencyKeyReusedProblem();
                case Claim.Held held when held.response().isPresent() -> {
                    return held.response().get().toResponse(true);
                }
                case Claim.Held inProgress -> waitBeforeLookingAgain(deadline);
                case Claim.Released released -> {
                    // the key is free again: claim it at once
                }
            }
        }
    }

    private Response execute(UUID owner, String key, Claim.Won claim, Supplier<Response> action) {
        boolean settled = false;
        try {
            Response fresh = action.get();
            if (fresh.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
                return fresh;
            }
            StoredResponse stored = StoredResponse.of(fresh, json);
            settled = keep(owner, key, claim, stored);
            forgetExpired(owner);
            return stored.toResponse(false);
        } finally {
            if (!settled) {
                release(owner, key, claim);
            }
        }
    }

    /**
     * Stores the answer; false if the key must still be released. The work is done and cannot be
     * undone here, so a failure to record it is logged and the answer still given: a 500 would
     * only invite the retry that repeats the work.
     */
    private boolean keep(UUID owner, String key, Claim.Won claim, StoredResponse stored) {
        try {
            if (!keys.complete(owner, key, claim, stored)) {
                LOG.warnf("idempotency key of user %s was taken over as abandoned before its answer was kept", owner);
                return true;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "answer of an idempotent request by user %s not kept; a retry will repeat it", owner);
            return false;
        }
        return true;
    }

    /** Housekeeping on the way out, best effort: expired rows already count as absent. */
    private void forgetExpired(UUID owner) {
        try {
            keys.deleteExpired(owner);
        } catch (RuntimeException e) {
            LOG.debugf("expired idempotency keys of user %s not deleted: %s", owner, e.getMessage());
        }
    }

    private void release(UUID owner, String key, Claim.Won claim) {
        try {
            keys.release(owner, key, claim);
        } catch (RuntimeException e) {
            LOG.warnf("idempotency key of user %s not released; it frees itself after %s: %s",
                    owner, IdempotencyKeys.ABANDONED_AFTER, e.getMessage());
        }
    }

    private static void waitBeforeLookingAgain(long deadline) {
        if (System.nanoTime() - deadline > 0) {
            throw new ConflictProblem("A request with this Idempotency-Key is still in progress; retry shortly");
        }
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictProblem("A request with this Idempotency-Key is still in progress; retry shortly");
        }
    }

    private String fingerprint(String request, Object body) {
        try {
            String canonicalBody = body == null ? "" : json.writeValueAsString(body);
            return Digests.sha256((request + "\n" + canonicalBody).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint a " + body.getClass().getSimpleName(), e);
        }
    }
}
