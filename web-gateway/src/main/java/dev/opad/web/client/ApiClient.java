package dev.opad.web.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The opad api as the gateway sees it. Every call returns the raw {@link Response} because the
 * gateway relays status, body and content type unchanged; only {@link OpadApi} may use this.
 *
 * <p>Ids and query values stay strings on purpose: the api owns validation, so a bad value must
 * reach it and come back as its own problem document rather than a gateway-made error.
 *
 * <p>{@code authorization} is the whole Authorization header the api gets, and {@code idempotencyKey}
 * the caller's Idempotency-Key as it sent it; {@code null} sends no header.
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

    @GET
    @Path("/auth/tokens")
    Response tokens(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @POST
    @Path("/auth/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    Response createToken(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String json);

    @DELETE
    @Path("/auth/tokens/{id}")
    Response deleteToken(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    @POST
    @Path("/articles")
    @Consumes(MediaType.APPLICATION_JSON)
    Response createArticle(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @HeaderParam(OpadApi.IDEMPOTENCY_KEY) String idempotencyKey,
                           String json);

    @GET
    @Path("/articles")
    Response listArticles(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @QueryParam("status") String status,
                          @QueryParam("language") String language,
                          @QueryParam("level") String level,
                          @QueryParam("page") String page,
                          @QueryParam("size") String size);

    @GET
    @Path("/articles/{id}")
    Response article(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    @DELETE
    @Path("/articles/{id}")
    Response deleteArticle(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    @POST
    @Path("/articles/{id}/generate")
    Response generate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                      @HeaderParam(OpadApi.IDEMPOTENCY_KEY) String idempotencyKey,
                      @PathParam("id") String id);

    @GET
    @Path("/articles/{id}/content")
    @Produces({"text/markdown", PROBLEM_JSON})
    Response content(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    @GET
    @Path("/articles/{id}/usage")
    Response articleUsage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    @GET
    @Path("/usage/me")
    Response myUsage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("days") String days);

    @GET
    @Path("/admin/overview")
    Response adminOverview(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/jobs")
    Response listJobs(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                      @QueryParam("status") String status,
                      @QueryParam("page") String page,
                      @QueryParam("size") String size);

    @GET
    @Path("/jobs/{id}")
    Response job(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    @POST
    @Path("/jobs/{id}/cancel")
    Response cancelJob(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    @POST
    @Path("/jobs/{id}/retry")
    Response retryJob(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    @DELETE
    @Path("/jobs/{id}")
    Response discardJob(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);

    @GET
    @Path("/jobs/{id}/events")
    Response jobEvents(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                       @PathParam("id") String id,
                       @QueryParam("level") String level,
                       @QueryParam("type") String type,
                       @QueryParam("stage") String stage,
                       @QueryParam("limit") String limit);

    @GET
    @Path("/q/health/ready")
    Uni<Response> readiness();
}
