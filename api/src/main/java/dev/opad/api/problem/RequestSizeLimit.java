package dev.opad.api.problem;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Answers a request target or header block over {@link HttpLimits} with a 414 or 431 problem.
 * The HTTP codec would refuse them itself, but with a bare status and no body, and Quarkus
 * offers no hook into that answer; so the codec's limits are set above these and this handler,
 * first on the router like {@link BodyLimit}, refuses in problem form.
 */
@ApplicationScoped
public class RequestSizeLimit {

    private final HttpLimits limits;

    public RequestSizeLimit(HttpLimits limits) {
        this.limits = limits;
    }

    void install(@Observes StartupEvent event, Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (context.request().uri().length() > limits.maxUriLength()) {
            refuse(context, 414, "URI Too Long",
                    "The request target is too long (at most " + limits.maxUriLength() + " characters)");
        } else if (headerBytes(context.request().headers()) > limits.maxHeaderSize().asLongValue()) {
            refuse(context, 431, "Request Header Fields Too Large",
                    "The request headers are too large (at most " + limits.maxHeaderSize().asLongValue() / 1024 + " KiB)");
        } else {
            context.next();
        }
    }

    private static long headerBytes(MultiMap headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        return bytes;
    }

    private static void refuse(RoutingContext context, int status, String title, String detail) {
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
    }
}
