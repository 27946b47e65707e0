package dev.opad.api.activity;

import dev.opad.api.auth.CurrentUser;
import dev.opad.api.schedule.RecentLimit;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** What happened lately across the caller's schedules and the jobs they started themselves. */
@Path("/activity")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ActivityResource {

    private final ActivityFeed feed;
    private final CurrentUser currentUser;

    public ActivityResource(ActivityFeed feed, CurrentUser currentUser) {
        this.feed = feed;
        this.currentUser = currentUser;
    }

    @GET
    public ActivityList latest(@QueryParam("limit") @Parameter(description = "1–100, default 20",
            schema = @Schema(type = SchemaType.INTEGER)) String limit) {
        return feed.latest(currentUser.id(), RecentLimit.parse(limit));
    }
}
