package dev.opad.web.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opad.web.client.OpadApi;
import dev.opad.web.rest.Problem;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The gateway's errors below JAX-RS, as problem documents in plain words instead of the HTTP
 * layer's bare statuses and Quarkus's own error page: requests too large to read (413, 414, 431),
 * requests nothing here serves (404), requests the HTTP layer cannot make sense of (400), and
 * failures nobody mapped (500, logged with an id the answer names, never the exception itself).
 *
 * <p>A declared Content-Length over the limit, an overlong target and oversized headers are refused
 * before anything reads the body or any resource runs. A chunked body is cut off by Quarkus at the
 * same limit ({@code quarkus.http.limits.max-body-size}) and its 413 gets the same body here.
 */
@ApplicationScoped
public class HttpProblems {

    private static final Logger LOG = Logger.getLogger(HttpProblems.class);

    /** Before Quarkus's own upload limit (order -2), which would answer 413 with no body. */
    private static final int BEFORE_QUARKUS_LIMITS = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;
    private final GatewayLimits limits;
    private final ObjectMapper json;

    public HttpProblems(GatewayLimits limits, ObjectMapper json) {
        this.limits = limits;
        this.json = json;
    }

    void install(@Observes StartupEvent event, Router router) {
        router.route().order(BEFORE_QUARKUS_LIMITS).handler(this::refuseOversized);
        // Reads a body up to the limit (a chunked one too) before any resource sees it, and fails the
        // request with 413 the moment it grows past: Quarkus's own reader would answer a bare 413.
        // The api forwarder streams its bodies and counts them itself.
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(limits.maxBodySize().asLongValue());
        router.route().order(BEFORE_QUARKUS_LIMITS).handler(context -> {
            // Only a request that declares a body is read here. One that asked to upgrade to HTTP/2
            // (h2c: Java's HttpClient and curl --http2 do by default) continues as an HTTP/2 request,
            // which the resource's own pause() refuses once a reader has ended it: every such GET was a
            // 500. An HTTP/2 body without a declared length is read by the resource, under Quarkus's
            // limit of the same size.
            if (isForwarded(context.request().path()) || !declaresABody(context.request())) {
                context.next();
            } else {
                bodies.handle(context);
            }
        });
        router.route().order(BEFORE_QUARKUS_LIMITS).failureHandler(this::failed);
        // What the router answers by itself: no route at all (404), or an address it cannot decode (400).
        for (int status : List.of(400, 404, 405, 500)) {
            router.errorHandler(status, this::failed);
        }
        router.errorHandler(413, context -> answer(context, bodyTooLarge()));
    }

    private void refuseOversized(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.uri().length() > limits.maxUriLength()) {
            answer(context, Problem.of(Status.REQUEST_URI_TOO_LONG, "uri-too-long",
                    "The address is too long (at most %d characters)".formatted(limits.maxUriLength())));
        } else if (headerBytes(request) > limits.maxHeaderSize().asLongValue()) {
            answer(context, Problem.of(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large",
                    "The request's headers are too large (at most %d KiB)".formatted(limits.maxHeaderSize().asLongValue() / 1024)));
        } else if (declaresTooLargeABody(request)) {
            answer(context, bodyTooLarge());
        } else {
            context.next();
        }
    }

    private static boolean declaresABody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.strip().equals("0"));
    }

    private void failed(RoutingContext context) {
        if (context.response().headWritten()) {
            // Too late for a problem document: the answer has begun. End the connection so the
            // client sees a broken answer rather than a truncated one that looks whole.
            context.request().connection().close();
            return;
        }
        int status = context.statusCode() < 400 ? 500 : context.statusCode();
        if (status == 413) {
            answer(context, bodyTooLarge());
        } else if (status == 500) {
            String id = UUID.randomUUID().toString();
            LOG.errorf(context.failure(), "Unexpected failure %s of %s %s", id, context.request().method(), context.request().path());
            answer(context, Problem.of(Status.INTERNAL_SERVER_ERROR, "internal-error",
                    "Something went wrong in the gateway; it has been logged as " + id));
        } else {
            answer(context, Problem.ofStatus(status));
        }
    }

    public Problem bodyTooLarge() {
        return Problem.of(Status.REQUEST_ENTITY_TOO_LARGE, "too-large",
                "The request body is too large (at most %d KiB)".formatted(limits.maxBodySize().asLongValue() / 1024));
    }

    private static boolean isForwarded(String path) {
        return path != null && (path.equals(OpadApi.GATEWAY_PREFIX) || path.startsWith(OpadApi.GATEWAY_PREFIX + "/"));
    }

    private boolean declaresTooLargeABody(HttpServerRequest request) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return declared != null && Long.parseLong(declared.strip()) > limits.maxBodySize().asLongValue();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long headerBytes(HttpServerRequest request) {
        long total = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            total += header.getKey().length() + header.getValue().length() + 4;
        }
        return total;
    }

    /**
     * Sends the problem and, when the request was refused unread, closes the connection: whatever
     * the client still sends would otherwise have to be read and thrown away.
     */
    public void answer(RoutingContext context, Problem problem) {
        if (context.response().ended()) {
            return;
        }
        // An unread body is not worth reading: HTTP/1 ends the connection after the answer. HTTP/2 (an
        // h2c upgrade) forbids that header, and a stream is ended by the answer itself.
        boolean unread = !context.request().isEnded() && context.request().version() != HttpVersion.HTTP_2;
        var response = context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (unread) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(encode(problem));
    }

    private String encode(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem record always serialises", e);
        }
    }
}
