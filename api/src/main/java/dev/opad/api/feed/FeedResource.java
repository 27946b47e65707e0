package dev.opad.api.feed;

import dev.opad.api.limits.ClientAddresses;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /feeds/<secret>.atom}: a user's or a schedule's Atom feed. No credential but the secret in the URL,
 * since feed readers cannot send one; the web gateway serves it on the public host as {@code /api/feeds/…}.
 * A conditional request (If-None-Match, If-Modified-Since) that still holds is a 304 without a body.
 */
@Path("/feeds")
@PermitAll
public class FeedResource {

    static final String ATOM = "application/atom+xml";
    /** Readers poll; five minutes is plenty. Private: after a rotation no shared cache may go on serving the old URL. */
    private static final String CACHE = "private, max-age=300";

    private final FeedService feeds;
    private final ClientAddresses addresses;

    public FeedResource(FeedService feeds, ClientAddresses addresses) {
        this.feeds = feeds;
        this.addresses = addresses;
    }

    @GET
    @Path("/{secret}.atom")
    @Produces(ATOM + "; charset=utf-8")
    @APIResponse(responseCode = "200", description = "The feed: the newest completed articles, newest first",
            content = @Content(mediaType = ATOM, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag or date the request names")
    @APIResponse(responseCode = "404", description = "No feed has this secret (any more)")
    @APIResponse(responseCode = "429", description = "Too many feed requests from this address; see Retry-After")
    public Response feed(@PathParam("secret") String secret, @Context Request request, @Context HttpServerRequest http) {
        FeedSnapshot snapshot = feeds.snapshot(secret, addresses.of(http));
        // Weak: equal versions are the same feed, though another release may write it byte for byte differently.
        EntityTag tag = new EntityTag(snapshot.version(), true);
        Date lastModified = Date.from(snapshot.updated().truncatedTo(ChronoUnit.SECONDS));
        Response.ResponseBuilder notModified = request.evaluatePreconditions(lastModified, tag);
        if (notModified != null) {
            return notModified.tag(tag).lastModified(lastModified).header(HttpHeaders.CACHE_CONTROL, CACHE).build();
        }
        return Response.ok(feeds.atom(snapshot)).tag(tag).lastModified(lastModified).header(HttpHeaders.CACHE_CONTROL, CACHE).build();
    }
}
