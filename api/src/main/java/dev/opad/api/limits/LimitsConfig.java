package dev.opad.api.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "opad.limits")
public interface LimitsConfig {

    /** Generations one user may start per hour (each one costs model tokens). */
    @WithDefault("30")
    int generatePerHour();

    /**
     * Addresses or CIDR blocks of the proxies (the web gateway) whose {@code X-Forwarded-For} is
     * believed; empty (the default): nobody's, every limit counts the connection's peer.
     */
    Optional<List<String>> trustedProxies();
}
