package dev.opad.api.job;

import dev.opad.api.article.PageRequest;
import dev.opad.api.auth.CurrentUser;
import dev.opad.job.JobStatusView;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

@Path("/jobs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobStatusService statuses;
    private final JobListing listing;
    private final JobControl control;
    private final JobHistory history;
    private final CurrentUser currentUser;

    public JobResource(JobStatusService statuses, JobListing listing, JobControl control, JobHistory history,
                       CurrentUser currentUser) {
        this.statuses = statuses;
        this.listing = listing;
        this.control = control;
        this.history = history;
        this.currentUser = currentUser;
    }

    @GET
    public JobListing.JobPage list(@QueryParam("status") String status,
                                   @QueryParam("page") String page,
                                   @QueryParam("size") String size) {
        PageRequest paging = PageRequest.parse(page, size);
        return listing.list(currentUser.id(), currentUser.isAdmin(), status, paging.page(), paging.size());
    }

    /**
     * Returns a {@code CompletionStage}, so Quarkus REST runs it on the event loop: no worker-thread hop
     * for the read clients poll most. The body is the stored status JSON (see {@link JobStatusService#statusJson}).
     */
    @GET
    @Path("/{id}")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobStatusView.class)))
    public CompletionStage<String> status(@PathParam("id") UUID id) {
        return statuses.statusJson(currentUser.id(), id);
    }

    /** 200 when the job was cancelled at once; 202 when its worker was told to stop a running job. */
    @POST
    @Path("/{id}/cancel")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobStatusView.class)))
    @APIResponse(responseCode = "202", description = "Running: its worker was told to stop",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobStatusView.class)))
    @APIResponse(responseCode = "409", description = "The job has already finished")
    public Response cancel(@PathParam("id") UUID id) {
        JobControl.Cancellation cancellation = control.cancel(currentUser.id(), currentUser.isAdmin(), id);
        return Response.status(cancellation.signalled() ? Response.Status.ACCEPTED : Response.Status.OK)
                .entity(cancellation.status()).build();
    }

    @POST
    @Path("/{id}/retry")
    @APIResponseSchema(value = JobStatusView.class, responseCode = "202", responseDescription = "Queued again")
    @APIResponse(responseCode = "409", description = "The job is not failed or cancelled, or the article has another active job")
    public Response retry(@PathParam("id") UUID id) {
        JobStatusView job = control.retry(currentUser.id(), currentUser.isAdmin(), id);
        return Response.accepted(job).header(HttpHeaders.LOCATION, "/jobs/" + id).build(); // relative, as in ArticleResource
    }

    /** Discards a failed or cancelled job (dead letter); its history is kept. */
    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Discarded")
    @APIResponse(responseCode = "409", description = "The job is not failed or cancelled")
    public Response discard(@PathParam("id") UUID id) {
        control.discard(currentUser.id(), currentUser.isAdmin(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/events")
    public List<JobEventView> events(@PathParam("id") UUID id,
                                     @QueryParam("level") String level,
                                     @QueryParam("type") String type,
                                     @QueryParam("stage") String stage,
                                     @QueryParam("limit") String limit) {
        return history.events(currentUser.id(), id, level, type, stage, limit);
    }
}
