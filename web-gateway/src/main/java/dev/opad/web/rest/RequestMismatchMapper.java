package dev.opad.web.rest;

import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request that fits no resource method here (unknown path under a resource, wrong method, an
 * Accept nothing here produces) gets a problem in plain words rather than JAX-RS's empty answer.
 */
@Provider
public class RequestMismatchMapper implements ExceptionMapper<ClientErrorException> {

    @Override
    public Response toResponse(ClientErrorException exception) {
        return Problem.ofStatus(exception.getResponse().getStatus()).toResponse();
    }
}
