package dev.opad.web.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;

/**
 * An RFC 9457 problem document, the same shape the api answers with, for the few errors the gateway
 * makes itself. Everything else is the api's own problem, relayed unchanged.
 */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** What a refusal by the HTTP layer or JAX-RS means to the caller, for statuses that need no further detail. */
    private static final Map<Integer, String> PLAIN_WORDS = Map.of(
            400, "The request could not be read; check its address, headers and body",
            404, "There is nothing at this address",
            405, "This address does not accept that method",
            406, "This address cannot answer in a format the request accepts",
            415, "Unsupported content type; send application/json");

    public static Problem of(Response.Status status, String slug, String detail) {
        return new Problem("/problems/" + slug, status.getReasonPhrase(), status.getStatusCode(), detail);
    }

    /** The problem for a bare status, in plain words (never the exception that caused it). */
    public static Problem ofStatus(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String reason = known == null ? "Error" : known.getReasonPhrase();
        String slug = reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return new Problem("/problems/" + slug, reason, status,
                PLAIN_WORDS.getOrDefault(status, "The request was refused (" + reason + ")"));
    }

    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
