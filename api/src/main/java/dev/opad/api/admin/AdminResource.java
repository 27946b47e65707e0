package dev.opad.api.admin;

import dev.opad.api.auth.UserEntity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** For operators only: anyone else gets 403 (401 without a credential). */
@Path("/admin")
@RolesAllowed(UserEntity.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final OperationsOverview overview;

    public AdminResource(OperationsOverview overview) {
        this.overview = overview;
    }

    /** Queue depths, job counts by state, the newest running and failed jobs, and the workers' heartbeats. */
    @GET
    @Path("/overview")
    public Overview overview() {
        return overview.overview();
    }
}
