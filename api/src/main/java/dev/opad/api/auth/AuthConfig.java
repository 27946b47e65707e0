package dev.opad.api.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "opad.auth")
public interface AuthConfig {

    /** Accounts with these emails get the admin role (OPAD_ADMIN_EMAILS, comma-separated). */
    Optional<List<String>> adminEmails();

    /** How long a login (session JWT) stays valid. */
    @WithDefault("12h")
    Duration sessionLifetime();

    /** The longest lifetime an API token may ask for. */
    @WithDefault("365")
    int maxTokenDays();

    Login login();

    interface Login {
        /** Attempts per email within the window; brute force on one account stops here. */
        @WithDefault("10")
        int perEmail();

        /** Attempts per client address within the window; credential stuffing stops here. */
        @WithDefault("100")
        int perAddress();

        @WithDefault("15m")
        Duration window();
    }
}
