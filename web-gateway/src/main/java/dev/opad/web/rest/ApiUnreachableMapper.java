package dev.opad.web.rest;

import dev.opad.web.client.ApiUnreachableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The api being down is an expected state the UI explains to the reader, so it is a 503 with a
 * problem document, never a 500.
 */
@Provider
public class ApiUnreachableMapper implements ExceptionMapper<ApiUnreachableException> {

    public static final String DETAIL = "The opad API is not reachable right now. Try again in a moment.";

    @Override
    public Response toResponse(ApiUnreachableException exception) {
        Response problem = Problem.of(Response.Status.SERVICE_UNAVAILABLE, "api-unreachable", DETAIL).toResponse();
        return Response.fromResponse(problem).header(HttpHeaders.RETRY_AFTER, "5").build();
    }
}
