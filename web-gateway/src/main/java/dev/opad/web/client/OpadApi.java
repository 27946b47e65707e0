package dev.opad.web.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The gateway's own calls to the opad api (sign-in and readiness; the browser's calls under
 * {@value #GATEWAY_PREFIX} are streamed by {@code dev.opad.web.proxy.ApiForwarder}). It turns transport failures into
 * {@link ApiUnreachableException} and the api's own paths into the gateway's {@code /api/...} paths;
 * anything the api answers, errors included, is handed back as it was.
 * Timeouts live in {@code quarkus.rest-client.opad-api.*}.
 */
@ApplicationScoped
public class OpadApi {

    private static final Logger LOG = Logger.getLogger(OpadApi.class);
    /** The gateway serves the api's resources one level down, under this prefix. */
    public static final String GATEWAY_PREFIX = "/api";
    /** The api resources a Location may point at and the gateway relays. */
    private static final List<String> RELAYED_RESOURCES = List.of("/articles", "/jobs", "/auth/tokens", "/schedules");
    /** Headers of the api's answers that callers act on, relayed as they are (Location is rewritten instead). */
    private static final List<String> RELAYED_HEADERS = List.of(HttpHeaders.RETRY_AFTER, "Idempotent-Replayed");

    private final ApiClient client;
    private final Duration healthTimeout;

    public OpadApi(@RestClient ApiClient client, ApiConfig config) {
        this.client = client;
        this.healthTimeout = config.healthTimeout();
    }

    /** {@code callerIp} goes to the api as X-Forwarded-For, for its per-address limits on sign-up and login. */
    public ApiReply register(String json, String callerIp) {
        return call(() -> client.register(callerIp, json));
    }

    public ApiReply login(String json, String callerIp) {
        return call(() -> client.login(callerIp, json));
    }

    /** Ends the session at the api, so its token is refused from then on, not only forgotten by this browser. */
    public ApiReply logout(ApiCredentials credentials) {
        return call(() -> client.logout(credentials.headerValue()));
    }

    public ApiReply me(ApiCredentials credentials) {
        return call(() -> client.me(credentials.headerValue()));
    }

    /** Whether the api says it is ready; any failure or a slow answer counts as not ready. */
    public Uni<Boolean> isReady() {
        return client.readiness()
                .map(response -> {
                    try (response) {
                        return response.getStatus() == Response.Status.OK.getStatusCode();
                    }
                })
                .ifNoItem().after(healthTimeout).fail()
                .onFailure().invoke(failure -> LOG.debugf("api readiness check failed: %s", failure.toString()))
                .onFailure().recoverWithItem(false);
    }

    private static ApiReply call(Supplier<Response> request) {
        // JAX-RS reports "could not talk to the server" as ProcessingException; with the default
        // mapper disabled, an answer of any status comes back as a Response instead.
        try (Response response = request.get()) {
            return toReply(response);
        } catch (ProcessingException e) {
            LOG.warnf("opad api unreachable: %s", rootMessage(e));
            throw new ApiUnreachableException(e);
        }
    }

    private static ApiReply toReply(Response response) {
        byte[] body = response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
        Map<String, String> relayed = new LinkedHashMap<>();
        for (String name : RELAYED_HEADERS) {
            Optional.ofNullable(response.getHeaderString(name)).ifPresent(value -> relayed.put(name, value));
        }
        return new ApiReply(
                response.getStatus(),
                Optional.ofNullable(response.getHeaderString(HttpHeaders.CONTENT_TYPE)),
                body,
                Optional.ofNullable(response.getHeaderString(HttpHeaders.LOCATION)).flatMap(OpadApi::gatewayPath),
                relayed);
    }

    /**
     * Maps an api Location ({@code /jobs/x}, or absolute {@code http://api:8081/jobs/x}) to the path the
     * browser can follow here ({@code /api/jobs/x}). A location outside the proxied resources is dropped
     * rather than leaking the api's internal host.
     */
    public static Optional<String> gatewayPath(String apiLocation) {
        try {
            URI uri = URI.create(apiLocation);
            String path = uri.getRawPath();
            if (path == null || RELAYED_RESOURCES.stream().noneMatch(r -> path.equals(r) || path.startsWith(r + "/"))) {
                return Optional.empty();
            }
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return Optional.of(GATEWAY_PREFIX + path + query);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
