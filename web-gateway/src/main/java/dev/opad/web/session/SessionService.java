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
import java.util.OptionalLong;

/**
 * Signs browsers in and out at the api. Passwords pass through untouched and unlogged; the api alone
 * checks them, and its answers (401, 409, 429 with Retry-After, validation problems) are relayed as they are.
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
     * Creates the account and logs it in. If the account was made but the login after it failed (too
     * many attempts from this address, say), the answer is still the api's 201, just without a session:
     * the page then finds it is not signed in and asks the reader to log in.
     */
    SignIn register(String accountJson, String callerIp) {
        ApiReply registered = api.register(accountJson, callerIp);
        if (registered.status() != Response.Status.CREATED.getStatusCode()) {
            return new SignIn.NoSession(registered);
        }
        ApiReply login = api.login(credentialsOf(accountJson), callerIp);
        return login.isOk() ? new SignIn.Started(tokenOf(login), registered) : new SignIn.NoSession(registered);
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
