package dev.opad.api.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A successful answer as kept for replay: status, JSON body and Location, nothing else. */
record StoredResponse(int status, String body, String location) {

    /** Stripe's name for it; lets a client tell a replay from a fresh answer without comparing bodies. */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    static StoredResponse of(Response response, ObjectMapper json) {
        // The header as written (relative), not getLocation(), which resolves it against the request's Host.
        return new StoredResponse(response.getStatus(), body(response.getEntity(), json),
                response.getHeaderString(HttpHeaders.LOCATION));
    }

    /**
     * The first answer is built from the stored form too, so a replay matches it byte for byte.
     * The body is a ready JSON string, written as it is.
     */
    Response toResponse(boolean replayed) {
        Response.ResponseBuilder builder = Response.status(status);
        if (body != null) {
            builder.entity(body).type(MediaType.APPLICATION_JSON_TYPE);
        }
        if (location != null) {
            builder.header(HttpHeaders.LOCATION, location);
        }
        if (replayed) {
            builder.header(REPLAYED_HEADER, "true");
        }
        return builder.build();
    }

    private static String body(Object entity, ObjectMapper json) {
        if (entity == null) {
            return null;
        }
        try {
            return json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot keep a " + entity.getClass().getSimpleName() + " for replay", e);
        }
    }
}
