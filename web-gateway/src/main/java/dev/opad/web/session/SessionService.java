package dev.opad.web.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opad.web.client.ApiCredentials;
import dev.opad.web.client.ApiReply;
import dev.opad.web.client.OpadApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Signs browsers in and out at the api. Passwords pass through untouched and unlogged; the api alone
 * checks them, and its answers (401, 429 with Retry-After, 503, validation problems) are relayed as they are.
 */
@ApplicationScoped
public class SessionService {

    private final OpadApi api;
    private final ObjectMapper json;

    public SessionService(OpadApi api, ObjectMapper json) {
        this.api = api;
        this.json = json;
    }

    /** Logs in; once the api accepts, the answer is who signed in, as {@code GET /session} would tell. */
    SignIn login(String credentialsJson, String callerIp) {
        ApiReply login = api.login(credentialsJson, callerIp);
        if (!login.isOk()) {
            return new SignIn.NoSession(login);
        }
        SessionToken token = tokenOf(login);
        ApiReply me = api.me(ApiCredentials.bearer(token.value()));
        return me.isOk() ? new SignIn.Started(token, me) : new SignIn.NoSession(me);
    }

    /**
     * Registers and logs in. The api answers a registration with the same 202 whether or not the email
     * had an account; the login right after it tells this browser which: signed in, the answer is 201
     * with the account. If the login fails (the email had an account with another password, or too many
     * attempts), the answer is the api's 202 without a session, and the page asks the reader to log in.
     */
    SignIn register(String accountJson, String callerIp) {
        ApiReply registered = api.register(accountJson, callerIp);
        if (registered.status() != Response.Status.ACCEPTED.getStatusCode()) {
            return new SignIn.NoSession(registered);
        }
        ApiReply login = api.login(credentialsOf(accountJson), callerIp);
        if (!login.isOk()) {
            return new SignIn.NoSession(registered);
        }
        SessionToken token = tokenOf(login);
        ApiReply me = api.me(ApiCredentials.bearer(token.value()));
        if (!me.isOk()) {
            return new SignIn.NoSession(registered);
        }
        ApiReply created = new ApiReply(Response.Status.CREATED.getStatusCode(), me.contentType(), me.body(),
                Optional.empty(), Map.of());
        return new SignIn.Started(token, created);
    }

    /**
     * Ends the session at the api. Its 204, or a 401 for a session that had already ended, means the
     * browser may forget the cookie; any other answer (a 503, say) is relayed and the cookie kept, since
     * the session still works.
     */
    Optional<ApiReply> logout(ApiCredentials credentials) {
        ApiReply ended = api.logout(credentials);
        boolean gone = ended.status() == Response.Status.NO_CONTENT.getStatusCode()
                || ended.status() == Response.Status.UNAUTHORIZED.getStatusCode();
        return gone ? Optional.empty() : Optional.of(ended);
    }

    /** The api's {@code /auth/me} for these credentials. */
    ApiReply whoIs(ApiCredentials credentials) {
        return api.me(credentials);
    }

    /** The login request hidden in a registration the api has just accepted (so it is valid JSON). */
    private String credentialsOf(String accountJson) {
        JsonNode account = read(accountJson.getBytes(StandardCharsets.UTF_8));
        ObjectNode credentials = json.createObjectNode();
        credentials.set("email", account.path("email"));
        credentials.set("password", account.path("password"));
        return credentials.toString();
    }

    private SessionToken tokenOf(ApiReply login) {
        JsonNode answer = read(login.body());
        JsonNode token = answer.path("access_token");
        if (!token.isTextual() || token.asText().isEmpty()) {
            throw new IllegalStateException("The api's login answer has no access_token");
        }
        JsonNode expiresIn = answer.path("expires_in");
        return new SessionToken(token.asText(),
                expiresIn.canConvertToLong() ? OptionalLong.of(Math.max(0, expiresIn.asLong())) : OptionalLong.empty());
    }

    private JsonNode read(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            // Deliberately without the parser's exception: its message may quote the input, which can
            // hold a password or a token, and must not reach a log.
            throw new IllegalStateException("Expected a JSON document from the api");
        }
    }
}
