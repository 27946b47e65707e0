package dev.opad.web.rest;

import dev.opad.web.client.ApiReply;
import dev.opad.web.client.OpadApi;
import dev.opad.web.reader.MarkdownRenderer;
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

/**
 * The api, served to the browser under {@code /api} on the UI's own origin. Answers are relayed
 * unchanged (status, body, content type); a Location is rewritten to its {@code /api/...} path.
 * Apart from requiring JSON bodies, the api decides what it accepts and what it answers.
 */
@Path(OpadApi.GATEWAY_PREFIX)
public class ProxyResource {

    static final String HTML_UTF8 = "text/html; charset=utf-8";

    private final OpadApi api;
    private final MarkdownRenderer renderer;

    public ProxyResource(OpadApi api, MarkdownRenderer renderer) {
        this.api = api;
        this.renderer = renderer;
    }

    /** JSON only: a browser sends a cross-site text/plain or form post without asking, JSON it does not. */
    @POST
    @Path("/articles")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String json) {
        return api.createArticle(json).toResponse();
    }

    @GET
    @Path("/articles")
    public Response list(@QueryParam("status") String status,
                         @QueryParam("language") String language,
                         @QueryParam("level") String level,
                         @QueryParam("page") String page,
                         @QueryParam("size") String size) {
        return api.listArticles(status, language, level, page, size).toResponse();
    }

    @GET
    @Path("/articles/{id}")
    public Response article(@PathParam("id") String id) {
        return api.article(id).toResponse();
    }

    @DELETE
    @Path("/articles/{id}")
    public Response delete(@PathParam("id") String id) {
        return api.deleteArticle(id).toResponse();
    }

    @POST
    @Path("/articles/{id}/generate")
    public Response generate(@PathParam("id") String id) {
        return api.generate(id).toResponse();
    }

    @GET
    @Path("/jobs/{id}")
    public Response job(@PathParam("id") String id) {
        return api.job(id).toResponse();
    }

    @GET
    @Path("/articles/{id}/content")
    public Response content(@PathParam("id") String id) {
        return api.content(id).toResponse();
    }

    /** The finished article as an HTML fragment, safe to insert: raw HTML in the markdown comes out as text. */
    @GET
    @Path("/articles/{id}/html")
    @Produces({HTML_UTF8, Problem.MEDIA_TYPE})
    public Response html(@PathParam("id") String id) {
        ApiReply content = api.content(id);
        if (!content.isOk()) {
            return content.toResponse();
        }
        return Response.ok(renderer.render(content.text()), HTML_UTF8).build();
    }
}
