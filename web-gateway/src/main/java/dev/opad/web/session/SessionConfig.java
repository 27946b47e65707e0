package dev.opad.web.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** How the browser session is kept and guarded. Mapped from {@code opad.session.*} in application.properties. */
@ConfigMapping(prefix = "opad.session")
public interface SessionConfig {

    /** Whether cookies carry {@code Secure}. */
    @WithDefault("auto")
    SecureCookie secureCookie();

    /**
     * Origins besides the gateway's own that may send state-changing requests, such as
     * {@code https://opad.example.org} when a reverse proxy in front passes neither Host nor
     * X-Forwarded-Host through.
     */
    Optional<List<String>> trustedOrigins();

    enum SecureCookie {
        /** Secure when the browser reached the gateway over https, directly or via a proxy that says so in X-Forwarded-Proto. */
        AUTO,
        ALWAYS,
        /** For plain-http setups only; a Secure cookie is never sent back over http. */
        NEVER
    }
}
