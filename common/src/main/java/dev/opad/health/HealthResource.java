package dev.opad.health;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The plain {@code /health} endpoint the original opad clients and simple load balancers probe.
 * It runs the same checks as {@code /q/health/ready}, in a smaller shape.
 */
@Path("/health")
public class HealthResource {

    private final RedisHealthCheck redis;
    private final DatabaseHealthCheck database;

    public HealthResource(@Readiness RedisHealthCheck redis, @Readiness DatabaseHealthCheck database) {
        this.redis = redis;
        this.database = database;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Redis and Postgres are up",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HealthSummary.class)))
    @APIResponse(responseCode = "503", description = "Redis or Postgres is down (the same body, not a problem)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HealthSummary.class)))
    public Response health() {
        Map<String, HealthSummary.ServiceHealth> services = new LinkedHashMap<>();
        services.put(RedisHealthCheck.NAME, summarise(redis.call()));
        services.put(DatabaseHealthCheck.NAME, summarise(database.call()));
        boolean allUp = services.values().stream().allMatch(s -> s.status().equals("UP"));
        HealthSummary body = new HealthSummary(allUp ? "UP" : "DOWN", services);
        return Response.status(allUp ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE).entity(body).build();
    }

    private static HealthSummary.ServiceHealth summarise(HealthCheckResponse response) {
        return new HealthSummary.ServiceHealth(response.getStatus().name());
    }
}
