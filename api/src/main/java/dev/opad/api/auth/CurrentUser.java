package dev.opad.api.auth;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

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

    public boolean isAdmin() {
        return identity.hasRole(UserEntity.ADMIN);
    }
}
