package dev.opad.api.auth;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: the user id both a session JWT and an API token resolve to. Resources pass
 * this id down; services never read the security context themselves.
 */
@RequestScoped
public class CurrentUser {

    private final SecurityIdentity identity;

    public CurrentUser(SecurityIdentity identity) {
        this.identity = identity;
    }

    public UUID id() {
        return UUID.fromString(identity.getPrincipal().getName());
    }

    /** The login session's JWT, or empty when the caller used an API token. */
    public Optional<JsonWebToken> session() {
        return identity.getPrincipal() instanceof JsonWebToken jwt ? Optional.of(jwt) : Optional.empty();
    }

    /** For what only a person who logged in may do (API tokens, logout), not a script's token. */
    JsonWebToken requireSession(String what) {
        return session().orElseThrow(() -> new SessionRequiredProblem(what));
    }

    public boolean isAdmin() {
        return identity.hasRole(UserEntity.ADMIN);
    }
}
