package dev.opad.web.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * How the browser session is kept and guarded. Mapped from {@code opad.session.*} in application.properties.
 * <p>
 * Each setting is also read from the environment under its derived name (opad.a.b-c: OPAD_A_B_C). A
 * default written {@code ${OPAD_NAME:value}} takes the variable README documents, else value; no file repeats it.
 */
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
    @WithDefault("${OPAD_TRUSTED_ORIGINS:}")
    Optional<List<String>> trustedOrigins();

    enum SecureCookie {
        /** Secure when the browser reached the gateway over https, directly or via a proxy that says so in X-Forwarded-Proto. */
        AUTO,
        ALWAYS,
        /** For plain-http setups only; a Secure cookie is never sent back over http. */
        NEVER
    }
}
