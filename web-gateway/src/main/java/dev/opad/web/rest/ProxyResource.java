package dev.opad.web.rest;

import dev.opad.web.client.ApiReply;
import dev.opad.web.client.OpadApi;
import dev.opad.web.http.GatewayLimits;
import dev.opad.web.reader.MarkdownRenderer;
import dev.opad.web.session.Caller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The api, served to the browser under {@code /api} on the UI's own origin, on behalf of the
 * {@link Caller}: its session cookie (or its own Authorization header) goes to the api as
 * Authorization. Answers are relayed unchanged (status, body, content type, Retry-After,
 * Idempotent-Replayed); a Location is rewritten to its {@code /api/...} path. Apart from requiring JSON
 * bodies, the api decides what it accepts and what it answers, including who may see what.
 */
@Path(OpadApi.GATEWAY_PREFIX)
public class ProxyResource {

    static final String HTML_UTF8 = "text/html; charset=utf-8";

    private final OpadApi api;
    private final Caller caller;
    private final MarkdownRenderer renderer;
    private final long maxArticleBytes;

    public ProxyResource(OpadApi api, Caller caller, MarkdownRenderer renderer, GatewayLimits limits) {
        this.api = api;
        this.caller = caller;
        this.renderer = renderer;
        this.maxArticleBytes = limits.maxArticleSize().asLongValue();
    }

    /**
     * JSON only: a browser sends a cross-site text/plain or form post without asking, JSON it does not.
     * An Idempotency-Key goes to the api as it came; a replayed answer keeps its Idempotent-Replayed mark.
     */
    @POST
    @Path("/articles")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam(OpadApi.IDEMPOTENCY_KEY) String idempotencyKey, String json) {
        return api.createArticle(caller.credentials(), idempotencyKey, json).toResponse();
    }

    @GET
    @Path("/articles")
    public Response list(@QueryParam("status") String status,
                         @QueryParam("language") String language,
                         @QueryParam("level") String level,
                         @QueryParam("page") String page,
                         @QueryParam("size") String size) {
        return api.listArticles(caller.credentials(), status, language, level, page, size).toResponse();
    }

    @GET
    @Path("/articles/{id}")
    public Response article(@PathParam("id") String id) {
        return api.article(caller.credentials(), id).toResponse();
    }

    @DELETE
    @Path("/articles/{id}")
    public Response delete(@PathParam("id") String id) {
        return api.deleteArticle(caller.credentials(), id).toResponse();
    }

    @POST
    @Path("/articles/{id}/generate")
    public Response generate(@PathParam("id") String id, @HeaderParam(OpadApi.IDEMPOTENCY_KEY) String idempotencyKey) {
        return api.generate(caller.credentials(), idempotencyKey, id).toResponse();
    }

    @GET
    @Path("/articles/{id}/content")
    public Response content(@PathParam("id") String id) {
        return api.content(caller.credentials(), id).toResponse();
    }

    /**
     * The finished article as an HTML fragment, safe to insert: raw HTML in the markdown comes out as text.
     * Rendering costs time and memory in proportion to the text, so an article beyond any the api writes is
     * not rendered (502: the api answered something it should not have).
     */
    @GET
    @Path("/articles/{id}/html")
    @Produces({HTML_UTF8, Problem.MEDIA_TYPE})
    public Response html(@PathParam("id") String id) {
        ApiReply content = api.content(caller.credentials(), id);
        if (!content.isOk()) {
            return content.toResponse();
        }
        if (content.body().length > maxArticleBytes) {
            return Problem.of(Response.Status.BAD_GATEWAY, "article-too-large",
                    "This article is too large to show here; read its Markdown instead").toResponse();
        }
        return Response.ok(renderer.render(content.text()), HTML_UTF8).build();
    }

    /** Tokens and cost of the article's model calls, per stage and per call. */
    @GET
    @Path("/articles/{id}/usage")
    public Response articleUsage(@PathParam("id") String id) {
        return api.articleUsage(caller.credentials(), id).toResponse();
    }

    /** The caller's tokens and cost per day and stage over the last {@code days}, and today's budget. */
    @GET
    @Path("/usage/me")
    public Response myUsage(@QueryParam("days") String days) {
        return api.myUsage(caller.credentials(), days).toResponse();
    }

    /** The operations view; the api answers 403 to anyone but an admin. */
    @GET
    @Path("/admin/overview")
    public Response adminOverview() {
        return api.adminOverview(caller.credentials()).toResponse();
    }

    @GET
    @Path("/jobs")
    public Response jobs(@QueryParam("status") String status,
                         @QueryParam("page") String page,
                         @QueryParam("size") String size) {
        return api.listJobs(caller.credentials(), status, page, size).toResponse();
    }

    @GET
    @Path("/jobs/{id}")
    public Response job(@PathParam("id") String id) {
        return api.job(caller.credentials(), id).toResponse();
    }

    /** 200 when the api cancelled the job at once, 202 when it told the job's worker to stop. */
    @POST
    @Path("/jobs/{id}/cancel")
    public Response cancelJob(@PathParam("id") String id) {
        return api.cancelJob(caller.credentials(), id).toResponse();
    }

    @POST
    @Path("/jobs/{id}/retry")
    public Response retryJob(@PathParam("id") String id) {
        return api.retryJob(caller.credentials(), id).toResponse();
    }

    /** Discards a failed or cancelled job. */
    @DELETE
    @Path("/jobs/{id}")
    public Response discardJob(@PathParam("id") String id) {
        return api.discardJob(caller.credentials(), id).toResponse();
    }

    @GET
    @Path("/jobs/{id}/events")
    public Response jobEvents(@PathParam("id") String id,
                              @QueryParam("level") String level,
                              @QueryParam("type") String type,
                              @QueryParam("stage") String stage,
                              @QueryParam("limit") String limit) {
        return api.jobEvents(caller.credentials(), id, level, type, stage, limit).toResponse();
    }

    @GET
    @Path("/auth/me")
    public Response me() {
        return api.me(caller.credentials()).toResponse();
    }

    /** The caller's api tokens for scripts; the api shows a new token's secret once, in this answer. */
    @GET
    @Path("/auth/tokens")
    public Response tokens() {
        return api.tokens(caller.credentials()).toResponse();
    }

    @POST
    @Path("/auth/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createToken(String json) {
        return api.createToken(caller.credentials(), json).toResponse();
    }

    @DELETE
    @Path("/auth/tokens/{id}")
    public Response deleteToken(@PathParam("id") String id) {
        return api.deleteToken(caller.credentials(), id).toResponse();
    }
}
