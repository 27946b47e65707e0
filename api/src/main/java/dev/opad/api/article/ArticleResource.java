package dev.opad.api.article;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.opad.api.auth.CurrentUser;
import dev.opad.api.usage.UsageReport;
import dev.opad.api.usage.UsageService;
import dev.opad.api.idempotency.Idempotency;
import dev.opad.api.job.GenerateRequest;
import dev.opad.api.job.GenerateResponse;
import dev.opad.api.job.GenerationService;
import dev.opad.api.json.OptionalJsonBody;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * Location headers are relative ({@code /articles/<id>}): built from the request's Host header
 * they would point wherever a caller claims the api lives.
 */
@Path("/articles")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ArticleResource {

    private final ArticleService articles;
    private final GenerationService generation;
    private final CurrentUser currentUser;
    private final UsageService usageService;
    private final Idempotency idempotency;
    private final OptionalJsonBody optionalBody;

    public ArticleResource(ArticleService articles, GenerationService generation, CurrentUser currentUser,
                           Idempotency idempotency, UsageService usageService, OptionalJsonBody optionalBody) {
        this.optionalBody = optionalBody;
        this.articles = articles;
        this.generation = generation;
        this.currentUser = currentUser;
        this.usageService = usageService;
        this.idempotency = idempotency;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = ArticleView.class, responseCode = "201", responseDescription = "Created; Location names it")
    public Response create(@HeaderParam(Idempotency.HEADER) String idempotencyKey,
                           @Valid @NotNull(message = "must be a JSON object") CreateArticleRequest body) {
        return idempotency.run(currentUser.id(), idempotencyKey, "POST /articles", body, () -> {
            ArticleView article = articles.create(currentUser.id(), body);
            return Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/articles/" + article.id())
                    .entity(article).build();
        });
    }

    @GET
    public ArticlePage list(@QueryParam("status") String status,
                            @QueryParam("language") String language,
                            @QueryParam("level") String level,
                            @QueryParam("page") String page,
                            @QueryParam("size") String size) {
        return articles.list(currentUser.id(), ArticleFilter.parse(status, language, level), PageRequest.parse(page, size));
    }

    @GET
    @Path("/{id}")
    public ArticleView get(@PathParam("id") UUID id) {
        return articles.get(currentUser.id(), id);
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") UUID id) {
        articles.delete(currentUser.id(), id);
        return Response.noContent().build();
    }

    /** Queues a generation job: 202 with where to follow it. */
    @POST
    @Path("/{id}/generate")
    @APIResponseSchema(value = GenerateResponse.class, responseCode = "202", responseDescription = "Queued; follow status_url")
    @APIResponse(responseCode = "409", description = "The article already has an active job")
    @APIResponse(responseCode = "429", description = "Past the hourly generation limit or the daily token budget; see Retry-After")
    @APIResponse(responseCode = "503", description = "The queue is unavailable and nothing was queued; see Retry-After")
    public Response generate(@PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String idempotencyKey,
                             @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                     schema = @Schema(implementation = GenerateRequest.class))) String text)
            throws JsonProcessingException {
        // The body is optional, and JAX-RS cannot read "none" into a record (see OptionalJsonBody).
        GenerateRequest body = optionalBody.read(text, GenerateRequest.class).orElse(null);
        String callbackUrl = body == null ? null : body.callbackUrl();
        return idempotency.run(currentUser.id(), idempotencyKey, "POST /articles/" + id + "/generate", body, () -> {
            GenerateResponse job = generation.generate(currentUser.id(), id, callbackUrl);
            return Response.accepted(job).header(HttpHeaders.LOCATION, job.statusUrl()).build();
        });
    }

    /** Every model call made for the article: tokens and cost, per stage and in total. */
    @GET
    @Path("/{id}/usage")
    public UsageReport.ForArticle usage(@PathParam("id") UUID id) {
        return usageService.forArticle(currentUser.id(), id);
    }

    @GET
    @Path("/{id}/content")
    @Produces("text/markdown; charset=utf-8")
    public byte[] content(@PathParam("id") UUID id) {
        return articles.content(currentUser.id(), id);
    }
}
