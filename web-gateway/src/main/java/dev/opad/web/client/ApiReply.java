package dev.opad.web.client;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What the api answered, read fully so the client connection is released before it is relayed.
 *
 * @param location the api's Location already rewritten to the gateway's path, if it had one
 * @param headers  the other headers a caller acts on (Retry-After, Idempotent-Replayed), by name, as the api sent them
 */
public record ApiReply(int status, Optional<String> contentType, byte[] body,
                       Optional<String> location, Map<String, String> headers) {

    public ApiReply {
        headers = Map.copyOf(headers);
    }

    public boolean isOk() {
        return status == Response.Status.OK.getStatusCode();
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The same answer from the gateway: status, body, content type and the headers a caller acts on. */
    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status);
        if (body.length > 0) {
            response.entity(body);
        }
        contentType.ifPresent(type -> response.header(HttpHeaders.CONTENT_TYPE, type));
        // Set as a raw header so it stays relative; a URI would be resolved against this host and
        // be wrong behind a reverse proxy.
        location.ifPresent(path -> response.header(HttpHeaders.LOCATION, path));
        headers.forEach(response::header);
        return response.build();
    }
}
