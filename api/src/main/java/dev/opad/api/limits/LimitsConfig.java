package dev.opad.api.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Each setting is also read from the environment under its derived name (opad.a.b-c: OPAD_A_B_C). A
 * default written {@code ${OPAD_NAME:value}} takes the variable README documents, else value; no file repeats it.
 */
@ConfigMapping(prefix = "opad.limits")
public interface LimitsConfig {

    /** Generations one user may start per hour (each one costs model tokens). */
    @WithDefault("${OPAD_RATE_GENERATE_PER_HOUR:30}")
    int generatePerHour();

    /**
     * Addresses or CIDR blocks of the proxies (the web gateway) whose {@code X-Forwarded-For} is
     * believed; empty (the default): nobody's, every limit counts the connection's peer.
     */
    @WithDefault("${OPAD_TRUSTED_PROXIES:}")
    Optional<List<String>> trustedProxies();
}
