package dev.opad.web.health;

import java.util.Map;

/** The body of {@code GET /health}: {@code {status, services:{api:{status}}}}, the same shape the api uses. */
public record GatewayHealth(String status, Map<String, ServiceHealth> services) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    public record ServiceHealth(String status) {
    }
}
