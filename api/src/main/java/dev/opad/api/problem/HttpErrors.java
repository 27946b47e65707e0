package dev.opad.api.problem;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Problems for what the HTTP layer refuses before JAX-RS sees the request: a target or header
 * block over {@link HttpLimits} (414, 431), a path no resource serves (404), and a failure of a
 * route outside JAX-RS (500, logged as the bug it is). Without this those answers came with no
 * body, or in Quarkus's own format.
 */
@ApplicationScoped
public class HttpErrors {

    private static final Logger LOG = Logger.getLogger(HttpErrors.class);

    private static final Map<Integer, String> DETAILS = Map.of(
            400, "The request is not valid HTTP",
            404, "No resource at this path",
            405, "This method is not allowed on this path",
            406, "The requested media type cannot be produced",
            414, "The request target is too long",
            431, "The request headers are too large");

    private final HttpLimits limits;

    public HttpErrors(HttpLimits limits) {
        this.limits = limits;
    }

    void install(@Observes StartupEvent event, Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::checkSizes);
        DETAILS.keySet().forEach(code -> router.errorHandler(code, context -> answer(context, code, DETAILS.get(code))));
        router.errorHandler(500, this::failed);
    }

    private void checkSizes(RoutingContext context) {
        if (context.request().uri().length() > limits.maxUriLength()) {
            answer(context, 414, DETAILS.get(414) + " (at most " + limits.maxUriLength() + " characters)");
        } else if (headerBytes(context.request().headers()) > limits.maxHeaderSize().asLongValue()) {
            answer(context, 431, DETAILS.get(431) + " (at most " + limits.maxHeaderSize().asLongValue() / 1024 + " KiB)");
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

    private void failed(RoutingContext context) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(context.failure(), "bug: unexpected failure of %s %s answered as 500, error id %s",
                context.request().method(), context.request().path(), errorId);
        answer(context, 500, "Something went wrong on our side; it was logged as error " + errorId);
    }

    private static void answer(RoutingContext context, int status, String detail) {
        if (context.response().ended()) {
            return;
        }
        if (context.response().headWritten()) {
            context.response().end();
            return;
        }
        String title = jakarta.ws.rs.core.Response.Status.fromStatusCode(status) == null ? "Error"
                : jakarta.ws.rs.core.Response.Status.fromStatusCode(status).getReasonPhrase();
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
    }
}
