package dev.opad.api.admin;

import dev.opad.api.auth.UserEntity;
import dev.opad.workers.WorkerRegistry;
import java.time.Clock;
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
    private final WorkerRegistry registry;
    private final Clock clock;

    public AdminResource(OperationsOverview overview, WorkerRegistry registry, Clock clock) {
        this.overview = overview;
        this.registry = registry;
        this.clock = clock;
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

    /** The worker registry: each worker's host, version, uptime, jobs done and failed, last beat and state. */
    @GET
    @Path("/workers")
    @APIResponseSchema(value = WorkerList.class, responseDescription = "The workers of the last 24 hours")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    @APIResponse(responseCode = "503", description = "Postgres is unavailable; see Retry-After")
    public WorkerList workers() {
        return new WorkerList(registry.list().stream().map(WorkerList.Worker::of).toList(), clock.instant());
    }
}
