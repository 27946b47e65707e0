package dev.opad.api.schedule;

import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Schedules: the daily story. So far the preview of a timing rule's next runs. */
@Path("/schedules")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    private final SchedulePreviews previews;

    public ScheduleResource(SchedulePreviews previews) {
        this.previews = previews;
    }

    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    public Preview preview(@Valid @NotNull(message = "must be a JSON object") PreviewRequest body) {
        return previews.preview(body);
    }
}
