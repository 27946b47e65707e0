package dev.opad.api.admin;

import dev.opad.api.auth.UserEntity;
import dev.opad.workers.WorkerRegistry;
import java.time.Clock;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
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
    private final OperationsStats stats;
    private final WorkerRegistry registry;
    private final Clock clock;

    public AdminResource(OperationsOverview overview, OperationsStats stats, WorkerRegistry registry, Clock clock) {
        this.overview = overview;
        this.stats = stats;
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

    /** Waits, runs, failures, dead letters and model use over the last {@code window_minutes} (5 to 1,440; 60). */
    @GET
    @Path("/stats")
    @APIResponseSchema(value = Stats.class, responseDescription = "The figures of the window")
    @APIResponse(responseCode = "400", description = "window_minutes is not a whole number from 5 to 1440")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    public Stats stats(@QueryParam("window_minutes") String windowMinutes) {
        return stats.stats(OperationsStats.window(windowMinutes));
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
