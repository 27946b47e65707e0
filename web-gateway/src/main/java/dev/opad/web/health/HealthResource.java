package dev.opad.web.health;

import dev.opad.web.client.OpadApi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code GET /health}: the gateway is UP whenever it answers, and it reports the api's readiness
 * alongside, for the UI's banner and for people.
 *
 * <p>The api's state is deliberately not part of {@code /q/health/ready}: if it were, an api outage
 * would take the UI out of service exactly when it has to tell readers that the api is down.
 */
@Path("/health")
public class HealthResource {

    private final OpadApi api;

    public HealthResource(OpadApi api) {
        this.api = api;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<GatewayHealth> health() {
        return api.isReady().map(ready -> new GatewayHealth(GatewayHealth.UP,
                Map.of("api", new GatewayHealth.ServiceHealth(ready ? GatewayHealth.UP : GatewayHealth.DOWN))));
    }
}
