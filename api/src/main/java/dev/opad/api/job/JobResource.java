package dev.opad.api.job;

import dev.opad.api.article.PageRequest;
import dev.opad.api.auth.CurrentUser;
import dev.opad.job.JobStatusView;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

@Path("/jobs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobStatusService statuses;
    private final JobListing listing;
    private final CurrentUser currentUser;

    public JobResource(JobStatusService statuses, JobListing listing, CurrentUser currentUser) {
        this.statuses = statuses;
        this.listing = listing;
        this.currentUser = currentUser;
    }

    @GET
    public JobListing.JobPage list(@QueryParam("status") String status,
                                   @QueryParam("page") String page,
                                   @QueryParam("size") String size) {
        PageRequest paging = PageRequest.parse(page, size);
        return listing.list(currentUser.id(), currentUser.isAdmin(), status, paging.page(), paging.size());
    }

    @GET
    @Path("/{id}")
    public JobStatusView status(@PathParam("id") UUID id) {
        return statuses.status(currentUser.id(), id);
    }
}
