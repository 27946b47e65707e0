package dev.opad.api.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "opad.limits")
public interface LimitsConfig {

    /** Generations one user may start per hour (each one costs model tokens). */
    @WithDefault("30")
    int generatePerHour();
}
