package dev.opad.web.session;

import dev.opad.web.client.ApiCredentials;
import dev.opad.web.client.ApiReply;
import dev.opad.web.rest.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/**
 * The browser's session: log in, register, log out, and who is signed in. The session is the api's
 * access token in an HttpOnly cookie; the page itself never sees it.
 */
@Path("/session")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class SessionResource {

    private final SessionService sessions;
    private final SessionCookies cookies;
    private final Caller caller;

    public SessionResource(SessionService sessions, SessionCookies cookies, Caller caller) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.caller = caller;
    }

    /** {@code {email, password}}; 200 with who signed in, or the api's refusal as it was. */
    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(String credentials) {
        return answer(sessions.login(credentials, caller.ip()));
    }

    /**
     * {@code {email, password, name}}; 201 with the account, signed in; the api's 202 without a session
     * when the login after it failed; or the api's refusal as it was.
     */
    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(String account) {
        return answer(sessions.register(account, caller.ip()));
    }

    /** Ends the session at the api (its token stops working everywhere), then in this browser. */
    @POST
    @Path("/logout")
    public Response logout() {
        ApiCredentials credentials = caller.credentials();
        if (credentials.isPresent()) {
            Optional<ApiReply> refused = sessions.logout(credentials);
            if (refused.isPresent()) {
                return refused.get().toResponse();
            }
        }
        return withCookies(Response.noContent().build(), cookies.ended());
    }

    /**
     * Who is signed in ({@code {id, email, name, roles}}), or 204 when nobody is: not being signed in
     * is the normal state of a first visit, not an error (a browser would log a 401 as one). A
     * session the api no longer accepts is still a 401. A browser without a CSRF cookie gets one
     * here, so the page can protect its very first form, the login.
     */
    @GET
    public Response current() {
        ApiCredentials credentials = caller.credentials();
        Response answer = credentials.isPresent()
                ? sessions.whoIs(credentials).toResponse()
                : Response.noContent().build();
        return withCookies(answer, cookies.csrfIfMissing().stream().toList());
    }

    private Response answer(SignIn signIn) {
        Response relayed = signIn.answer().toResponse();
        return signIn instanceof SignIn.Started started ? withCookies(relayed, cookies.started(started.token())) : relayed;
    }

    private static Response withCookies(Response response, List<String> setCookies) {
        if (setCookies.isEmpty()) {
            return response;
        }
        Response.ResponseBuilder builder = Response.fromResponse(response);
        setCookies.forEach(cookie -> builder.header(HttpHeaders.SET_COOKIE, cookie));
        return builder.build();
    }
}
