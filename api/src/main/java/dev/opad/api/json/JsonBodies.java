package dev.opad.api.json;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request that carries a body must say it is {@code application/json} (in UTF-8, the only
 * charset JSON has): without this, a body with no Content-Type or with {@code *}{@code /*} was read
 * as JSON anyway. One rule for every endpoint, so no resource has to remember it; a request
 * without a body (generate, cancel, logout) needs no Content-Type.
 */
public class JsonBodies {

    @ServerRequestFilter
    public void requireJson(ContainerRequestContext request) {
        if (hasBody(request) && !isJson(request.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
            throw new NotSupportedException();
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return request.getHeaderString("Transfer-Encoding") != null
                || (length != null && !length.strip().equals("0"));
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.valueOf(contentType);
            String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
            return "application".equalsIgnoreCase(type.getType()) && "json".equalsIgnoreCase(type.getSubtype())
                    && (charset == null || "utf-8".equalsIgnoreCase(charset));
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
    }
}
