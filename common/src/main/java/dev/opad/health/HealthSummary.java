package dev.opad.health;

import java.util.Map;

/** The body of {@code GET /health}: {@code {status, services:{redis:{status}, database:{status}}}}. */
public record HealthSummary(String status, Map<String, ServiceHealth> services) {

    public record ServiceHealth(String status) {
    }
}
