package dev.opad.api.auth;

import dev.opad.api.limits.ClientAddresses;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final AccountService accounts;
    private final ApiTokenService tokens;
    private final SessionRevocations revocations;
    private final CurrentUser currentUser;
    private final ClientAddresses addresses;

    public AuthResource(AccountService accounts, ApiTokenService tokens, SessionRevocations revocations,
                        CurrentUser currentUser, ClientAddresses addresses) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.revocations = revocations;
        this.currentUser = currentUser;
        this.addresses = addresses;
    }

    /** 202 with the same body whether or not the email already had an account (see {@link AccountService#register}). */
    @POST
    @Path("/register")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = RegistrationReceived.class, responseCode = "202",
            responseDescription = "Received: the email has an account now (new or not); log in")
    @APIResponse(responseCode = "429", description = "Too many sign-ups from this address, or altogether; see Retry-After")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public Response register(@Valid @NotNull(message = "must be a JSON object") RegisterRequest body,
                             @Context HttpServerRequest request) {
        RegistrationReceived received = accounts.register(body, addresses.of(request));
        return Response.accepted(received).build();
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = SessionToken.class, responseDescription = "Logged in")
    @APIResponse(responseCode = "401", description = "Wrong email or password")
    @APIResponse(responseCode = "429", description = "Too many attempts for this email or from this address; see Retry-After")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public SessionToken login(@Valid @NotNull(message = "must be a JSON object") LoginRequest body,
                              @Context HttpServerRequest request) {
        return accounts.login(body, addresses.of(request));
    }

    /** Ends the calling session on every api instance; its token is refused from the next request on. */
    @POST
    @Path("/logout")
    @Authenticated
    @APIResponse(responseCode = "204", description = "The session is ended")
    @APIResponse(responseCode = "403", description = "Called with an API token (revoke those with DELETE /auth/tokens/{id})")
    @APIResponse(responseCode = "503", description = "Could not be recorded right now; retry")
    public Response logout() {
        JsonWebToken session = currentUser.requireSession("Logging out");
        UUID sessionId = SessionTokenIdentityProvider.sessionId(session).orElseThrow();
        revocations.revoke(sessionId, currentUser.id(), Instant.ofEpochSecond(session.getExpirationTime()));
        return Response.noContent().build();
    }

    @GET
    @Path("/me")
    @Authenticated
    public UserView me() {
        return accounts.me(currentUser.id());
    }

    /**
     * A new URL for the caller's Atom feed (feed_url); the old one answers 404 from now on. A script's token may
     * do it too: the feed shows less than the token itself can read.
     */
    @POST
    @Path("/feed/rotate")
    @Authenticated
    public UserView rotateFeed() {
        return accounts.rotateFeed(currentUser.id());
    }

    /** Only from a login session: a script's token must not mint (or outlive itself through) new ones. */
    @POST
    @Path("/tokens")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = CreatedToken.class, responseCode = "201", responseDescription = "Created; the token is shown only now")
    @APIResponse(responseCode = "403", description = "Called with an API token: tokens are managed from a login session")
    public Response createToken(@Valid @NotNull(message = "must be a JSON object") CreateTokenRequest body) {
        currentUser.requireSession("Creating an API token");
        CreatedToken token = tokens.create(currentUser.id(), body);
        return Response.status(Response.Status.CREATED).entity(token).build();
    }

    @GET
    @Path("/tokens")
    @Authenticated
    @APIResponse(responseCode = "200", description = "The caller's tokens, never their secrets", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = TokenView.class)))
    @APIResponse(responseCode = "403", description = "Called with an API token: tokens are managed from a login session")
    public List<TokenView> listTokens() {
        currentUser.requireSession("Listing API tokens");
        return tokens.list(currentUser.id());
    }

    @DELETE
    @Path("/tokens/{id}")
    @Authenticated
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "403", description = "Called with an API token: tokens are managed from a login session")
    public Response revokeToken(@PathParam("id") UUID id) {
        currentUser.requireSession("Revoking an API token");
        tokens.revoke(currentUser.id(), id);
        return Response.noContent().build();
    }
}
