package dev.opad.api.job;

import dev.opad.api.article.PageRequest;
import dev.opad.api.auth.CurrentUser;
import dev.opad.api.job.stream.JobStatusStreams;
import dev.opad.api.problem.BadRequestProblem;
import dev.opad.api.webhook.DeliveryPage;
import dev.opad.api.webhook.DeliveryQuery;
import dev.opad.api.webhook.DeliveryView;
import dev.opad.api.webhook.WebhookService;
import dev.opad.job.JobStatusView;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.BeanParam;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestMulti;

@Path("/jobs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobStatusService statuses;
    private final JobListing listing;
    private final JobControl control;
    private final JobHistory history;
    private final CurrentUser currentUser;
    private final JobStatusStreams streams;
    private final WebhookService webhooks;

    public JobResource(JobStatusService statuses, JobListing listing, JobControl control, JobHistory history,
                       CurrentUser currentUser, JobStatusStreams streams, WebhookService webhooks) {
        this.streams = streams;
        this.webhooks = webhooks;
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

    /**
     * The job's status as Server-Sent Events: the current one at once, then every change (event
     * {@code status}, id = the status version, data = the status JSON), ending after a finished state.
     * {@code Last-Event-ID} resumes: only a newer status is sent. Comment lines keep an idle stream open.
     */
    @GET
    @Path("/{id}/events/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @APIResponse(responseCode = "200", description = "A stream of status events",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    @APIResponse(responseCode = "400", description = "Last-Event-ID is not a status version")
    @APIResponse(responseCode = "429", description = "The caller has as many streams open as allowed")
    @APIResponse(responseCode = "503", description = "This server holds as many streams as it can")
    public RestMulti<OutboundSseEvent> stream(@PathParam("id") UUID id, @HeaderParam("Last-Event-ID") String lastEventId,
                                              @Context Sse sse) {
        return streams.open(currentUser.id(), id, parseLastEventId(lastEventId), sse);
    }

    private static long parseLastEventId(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestProblem("Last-Event-ID", "must be the id of an event this stream sent (a status version)");
        }
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

    /**
     * The job's delivery log: the webhooks sent about it, to its one-off {@code callback_url} (which has no other
     * log) and to the owner's endpoints; the items of {@code GET /webhooks/{id}/deliveries}. The owner only.
     */
    @GET
    @Path("/{id}/deliveries")
    public DeliveryPage deliveries(@PathParam("id") UUID id, @BeanParam DeliveryQuery query) {
        return webhooks.jobDeliveries(currentUser.id(), id, query);
    }

    /**
     * "Send again" from the job's delivery log, as {@code POST /webhooks/{id}/deliveries/{deliveryId}/resend} does
     * from an endpoint's: the only one its {@code callback_url}'s delivery has. The owner only.
     */
    @POST
    @Path("/{id}/deliveries/{deliveryId}/resend")
    @APIResponseSchema(value = DeliveryView.class, responseCode = "202",
            responseDescription = "Pending again, due now, with the same webhook-id and payload, in a fresh delivery window")
    @APIResponse(responseCode = "409", description = "The delivery is still pending, or its endpoint is disabled")
    public Response resendDelivery(@PathParam("id") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        return Response.accepted(webhooks.resendJobDelivery(currentUser.id(), id, deliveryId)).build();
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
