package dev.opad.api.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.storage.Digests;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * {@code GET /meta}: opad's codes for clients (see {@link Meta}). Public, the same for everyone and
 * fixed for the life of a release, so caches may keep it for an hour and revalidate by its ETag.
 */
@Path("/meta")
@Produces(MediaType.APPLICATION_JSON)
public class MetaResource {

    static final int MAX_AGE_SECONDS = 3600;

    private final Meta meta = Meta.current();
    private final EntityTag tag;

    public MetaResource(ObjectMapper json) throws JsonProcessingException {
        // The tag is the digest of the answer as sent, so it changes exactly when the answer does.
        this.tag = new EntityTag(Digests.sha256(json.writeValueAsString(meta).getBytes(StandardCharsets.UTF_8)).substring(0, 32));
    }

    @GET
    @PermitAll
    @APIResponseSchema(value = Meta.class, responseDescription = "The codes and what they mean")
    @APIResponse(responseCode = "304", description = "Not modified: the If-None-Match tag is still current")
    public Response meta(@Context Request request) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(MAX_AGE_SECONDS);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        Response.ResponseBuilder answer = notModified != null ? notModified : Response.ok(meta);
        return answer.tag(tag).cacheControl(cache).build();
    }
}
