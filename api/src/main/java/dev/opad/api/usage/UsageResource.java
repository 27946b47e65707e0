package dev.opad.api.usage;

import dev.opad.api.auth.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/usage")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private final UsageService usage;
    private final CurrentUser currentUser;

    public UsageResource(UsageService usage, CurrentUser currentUser) {
        this.usage = usage;
        this.currentUser = currentUser;
    }

    /** Tokens and cost per day and per stage over the last {@code days} (1–90, default 7), and today's budget. */
    @GET
    @Path("/me")
    public UsageReport.ForUser mine(@QueryParam("days") String days) {
        return usage.forUser(currentUser.id(), days);
    }
}
