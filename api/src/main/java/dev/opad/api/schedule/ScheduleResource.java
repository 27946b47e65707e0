package dev.opad.api.schedule;

import dev.opad.api.auth.CurrentUser;
import dev.opad.api.idempotency.Idempotency;
import dev.opad.api.problem.BadRequestProblem;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * Schedules: the daily story. An article ordered at each slot of a timing rule, and everything an
 * owner does with it. Location headers are relative, as in {@code ArticleResource}. Pause and delete
 * with {@code ?cancel_active=true} also cancel the job of the run in progress, and name it in the
 * {@value #STOPPED_JOB} header.
 */
@Path("/schedules")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    static final String STOPPED_JOB = "Stopped-Job";

    private final SchedulePreviews previews;
    private final ScheduleService schedules;
    private final CurrentUser currentUser;
    private final Idempotency idempotency;

    public ScheduleResource(SchedulePreviews previews, ScheduleService schedules, CurrentUser currentUser,
                            Idempotency idempotency) {
        this.previews = previews;
        this.schedules = schedules;
        this.currentUser = currentUser;
        this.idempotency = idempotency;
    }

    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    public Preview preview(@Valid @NotNull(message = "must be a JSON object") PreviewRequest body) {
        return previews.preview(body);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = ScheduleView.class, responseCode = "201", responseDescription = "Created; Location names it")
    @APIResponse(responseCode = "409", description = "The account has as many schedules as it may have")
    public Response create(@HeaderParam(Idempotency.HEADER) String idempotencyKey,
                           @Valid @NotNull(message = "must be a JSON object") CreateScheduleRequest body) {
        return idempotency.run(currentUser.id(), idempotencyKey, "POST /schedules", body, () -> {
            ScheduleView schedule = schedules.create(currentUser.id(), body);
            return Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/schedules/" + schedule.id())
                    .entity(schedule).build();
        });
    }

    @GET
    public ScheduleList list() {
        return schedules.list(currentUser.id());
    }

    @GET
    @Path("/{id}")
    public ScheduleView get(@PathParam("id") UUID id) {
        return schedules.get(currentUser.id(), id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ScheduleView change(@PathParam("id") UUID id,
                               @Valid @NotNull(message = "must be a JSON object") ChangeScheduleRequest body) {
        return schedules.change(currentUser.id(), id, body);
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Deleted, with its runs; the articles it ordered stay",
            headers = @Header(name = STOPPED_JOB, description = "the job of the active run, cancelled (cancel_active=true)",
                    schema = @Schema(type = SchemaType.STRING, format = "uuid")))
    public Response delete(@PathParam("id") UUID id, @QueryParam("cancel_active") @Parameter(
            description = "also cancel the job of the run in progress", schema = @Schema(type = SchemaType.BOOLEAN))
            String cancelActive) {
        Optional<UUID> stopped = schedules.delete(currentUser.id(), id, flag(cancelActive));
        return stoppedJob(Response.noContent(), stopped).build();
    }

    @POST
    @Path("/{id}/pause")
    @APIResponse(responseCode = "200", description = "Paused",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleView.class)),
            headers = @Header(name = STOPPED_JOB, description = "the job of the active run, cancelled (cancel_active=true)",
                    schema = @Schema(type = SchemaType.STRING, format = "uuid")))
    public Response pause(@PathParam("id") UUID id, @QueryParam("cancel_active") @Parameter(
            description = "also cancel the job of the run in progress", schema = @Schema(type = SchemaType.BOOLEAN))
            String cancelActive) {
        ScheduleService.Paused paused = schedules.pause(currentUser.id(), id, flag(cancelActive));
        return stoppedJob(Response.ok(paused.schedule()), paused.stoppedJob()).build();
    }

    @POST
    @Path("/{id}/resume")
    public ScheduleView resume(@PathParam("id") UUID id) {
        return schedules.resume(currentUser.id(), id);
    }

    /** A new URL for the schedule's Atom feed (feed_url); the old one answers 404 from now on. */
    @POST
    @Path("/{id}/feed/rotate")
    public ScheduleView rotateFeed(@PathParam("id") UUID id) {
        return schedules.rotateFeed(currentUser.id(), id);
    }

    /** Run now: orders the next article at once; 202 with the run, Location the job to follow. */
    @POST
    @Path("/{id}/run")
    @APIResponseSchema(value = RunView.class, responseCode = "202", responseDescription = "Queued; follow the job at Location")
    @APIResponse(responseCode = "409", description = "The previous run is still active")
    @APIResponse(responseCode = "429", description = "Past the hourly generation limit or the daily token budget; see Retry-After")
    @APIResponse(responseCode = "503", description = "The queue is unavailable and nothing was queued; see Retry-After")
    public Response run(@PathParam("id") UUID id) {
        RunView run = schedules.runNow(currentUser.id(), id);
        return Response.accepted(run).header(HttpHeaders.LOCATION, "/jobs/" + run.jobId()).build();
    }

    @GET
    @Path("/{id}/runs")
    public RunList runs(@PathParam("id") UUID id, @QueryParam("limit") @Parameter(
            description = "1–100, default 20", schema = @Schema(type = SchemaType.INTEGER)) String limit) {
        return schedules.runs(currentUser.id(), id, limit);
    }

    private static Response.ResponseBuilder stoppedJob(Response.ResponseBuilder answer, Optional<UUID> job) {
        job.ifPresent(id -> answer.header(STOPPED_JOB, id.toString()));
        return answer;
    }

    /** Parsed here, not by JAX-RS, which reads anything but "true" as false. */
    private static boolean flag(String value) {
        if (value == null || value.isBlank() || value.strip().equals("false")) {
            return false;
        }
        if (value.strip().equals("true")) {
            return true;
        }
        throw new BadRequestProblem("cancel_active", "must be true or false");
    }
}
