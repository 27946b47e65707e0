package dev.opad.api.admin;

import dev.opad.api.auth.UserEntity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

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
    @APIResponseSchema(value = Overview.class, responseDescription = "The overview")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    @APIResponse(responseCode = "503", description = "Redis is unavailable; see Retry-After")
    public Overview overview() {
        return overview.overview();
    }
}
