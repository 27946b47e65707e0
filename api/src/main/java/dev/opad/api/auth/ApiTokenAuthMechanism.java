package dev.opad.api.auth;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Claims {@code Authorization: Bearer opad_…} headers before SmallRye JWT sees them; every other
 * bearer token is left to the JWT mechanism. Scripts and browsers thus use the same header.
 */
@ApplicationScoped
public class ApiTokenAuthMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        // The prefix is checked in place: most requests carry a session JWT, not worth copying here.
        int start = BEARER.length();
        while (start < header.length() && Character.isWhitespace(header.charAt(start))) {
            start++;
        }
        if (!header.startsWith(ApiTokenService.TOKEN_PREFIX, start)) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(new ApiTokenAuthenticationRequest(header.substring(start).strip()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenAuthenticationRequest.class);
    }

    /** Ahead of the JWT mechanism (default priority), so opad_ tokens never reach the JWT parser. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
