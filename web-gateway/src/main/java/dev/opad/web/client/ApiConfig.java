package dev.opad.web.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Settings for talking to the api beyond what {@code quarkus.rest-client.opad-api.*} covers.
 * Mapped from {@code opad.api.*} in application.properties.
 */
@ConfigMapping(prefix = "opad.api")
public interface ApiConfig {

    /** How long {@code /health} waits for the api's readiness; short, because it is only informative. */
    @WithDefault("1s")
    Duration healthTimeout();
}
