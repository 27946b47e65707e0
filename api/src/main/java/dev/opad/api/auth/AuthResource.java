package dev.opad.api.auth;

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
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final AccountService accounts;
    private final ApiTokenService tokens;
    private final CurrentUser currentUser;

    public AuthResource(AccountService accounts, ApiTokenService tokens, CurrentUser currentUser) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.currentUser = currentUser;
    }

    @POST
    @Path("/register")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = UserView.class, responseCode = "201", responseDescription = "Registered")
    @APIResponse(responseCode = "409", description = "An account with this email already exists")
    public Response register(@Valid @NotNull(message = "must be a JSON object") RegisterRequest body) {
        UserView user = accounts.register(body);
        return Response.created(URI.create("/auth/me")).entity(user).build();
    }

    /** The client address is the peer, or X-Forwarded-For when the peer is a trusted proxy (the gateway). */
    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = SessionToken.class, responseDescription = "Logged in")
    @APIResponse(responseCode = "401", description = "Wrong email or password")
    @APIResponse(responseCode = "429", description = "Too many attempts for this email or from this address; see Retry-After")
    public SessionToken login(@Valid @NotNull(message = "must be a JSON object") LoginRequest body,
                              @Context HttpServerRequest request) {
        return accounts.login(body, request.remoteAddress().hostAddress());
    }

    @GET
    @Path("/me")
    @Authenticated
    public UserView me() {
        return accounts.me(currentUser.id());
    }

    @POST
    @Path("/tokens")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = CreatedToken.class, responseCode = "201", responseDescription = "Created; the token is shown only now")
    public Response createToken(@Valid @NotNull(message = "must be a JSON object") CreateTokenRequest body) {
        CreatedToken token = tokens.create(currentUser.id(), body);
        return Response.status(Response.Status.CREATED).entity(token).build();
    }

    @GET
    @Path("/tokens")
    @Authenticated
    public List<TokenView> listTokens() {
        return tokens.list(currentUser.id());
    }

    @DELETE
    @Path("/tokens/{id}")
    @Authenticated
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revokeToken(@PathParam("id") UUID id) {
        tokens.revoke(currentUser.id(), id);
        return Response.noContent().build();
    }
}
