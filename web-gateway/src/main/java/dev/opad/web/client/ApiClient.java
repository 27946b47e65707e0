package dev.opad.web.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The api calls the gateway makes on its own behalf: signing browsers in (dev.opad.web.session) and
 * asking for the api's readiness. Every call returns the raw {@link Response} because the gateway
 * relays status, body and content type unchanged; only {@link OpadApi} may use this. The calls the
 * browser makes under {@code /api} are streamed by {@code dev.opad.web.proxy.ApiForwarder} instead.
 *
 * <p>{@code authorization} is the whole Authorization header the api gets; {@code null} sends no header.
 */
@RegisterRestClient(configKey = "opad-api")
@Produces({MediaType.APPLICATION_JSON, ApiClient.PROBLEM_JSON})
interface ApiClient {

    String PROBLEM_JSON = "application/problem+json";
    String FORWARDED_FOR = "X-Forwarded-For";

    @POST
    @Path("/auth/register")
    @Consumes(MediaType.APPLICATION_JSON)
    Response register(@HeaderParam(FORWARDED_FOR) String callerIp, String json);

    @POST
    @Path("/auth/login")
    @Consumes(MediaType.APPLICATION_JSON)
    Response login(@HeaderParam(FORWARDED_FOR) String callerIp, String json);

    @POST
    @Path("/auth/logout")
    Response logout(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/auth/me")
    Response me(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    /** The api's own /health (the same checks as its readiness probe): /q/health is on its management port. */
    @GET
    @Path("/health")
    Uni<Response> readiness();
}
