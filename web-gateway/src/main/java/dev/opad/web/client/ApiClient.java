package dev.opad.web.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The opad api as the gateway sees it. Every call returns the raw {@link Response} because the
 * gateway relays status, body and content type unchanged; only {@link OpadApi} may use this.
 *
 * <p>Ids and query values stay strings on purpose: the api owns validation, so a bad value must
 * reach it and come back as its own problem document rather than a gateway-made error.
 */
@RegisterRestClient(configKey = "opad-api")
@Produces({MediaType.APPLICATION_JSON, ApiClient.PROBLEM_JSON})
interface ApiClient {

    String PROBLEM_JSON = "application/problem+json";

    @POST
    @Path("/articles")
    @Consumes(MediaType.APPLICATION_JSON)
    Response createArticle(String json);

    @GET
    @Path("/articles")
    Response listArticles(@QueryParam("status") String status,
                          @QueryParam("language") String language,
                          @QueryParam("level") String level,
                          @QueryParam("page") String page,
                          @QueryParam("size") String size);

    @GET
    @Path("/articles/{id}")
    Response article(@PathParam("id") String id);

    @DELETE
    @Path("/articles/{id}")
    Response deleteArticle(@PathParam("id") String id);

    @POST
    @Path("/articles/{id}/generate")
    Response generate(@PathParam("id") String id);

    @GET
    @Path("/jobs/{id}")
    Response job(@PathParam("id") String id);

    @GET
    @Path("/articles/{id}/content")
    @Produces({"text/markdown", PROBLEM_JSON})
    Response content(@PathParam("id") String id);

    @GET
    @Path("/q/health/ready")
    Uni<Response> readiness();
}
