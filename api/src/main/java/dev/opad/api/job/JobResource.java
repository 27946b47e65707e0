package dev.opad.api.job;

import dev.opad.job.JobStatusView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobStatusService statuses;

    public JobResource(JobStatusService statuses) {
        this.statuses = statuses;
    }

    @GET
    @Path("/{id}")
    public JobStatusView status(@PathParam("id") UUID id) {
        return statuses.status(id);
    }
}
