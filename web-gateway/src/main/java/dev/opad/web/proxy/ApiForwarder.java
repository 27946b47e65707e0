package dev.opad.web.proxy;

import dev.opad.web.client.ApiCredentials;
import dev.opad.web.client.OpadApi;
import dev.opad.web.http.GatewayLimits;
import dev.opad.web.http.HttpProblems;
import dev.opad.markdown.MarkdownRenderer;
import dev.opad.web.rest.ApiUnreachableMapper;
import dev.opad.web.rest.Problem;
import dev.opad.web.session.Caller;
import dev.opad.web.session.CsrfGuard;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response.Status;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Serves {@link ApiRoutes} under {@code /api} by streaming each request to the api and its answer
 * back, so no body is ever held whole: a request body goes on as it arrives and is cut off with a 413
 * problem the moment it passes {@code opad.web.limits.max-body-size}, and the answer flows back at the
 * pace the caller reads it. Status, body, Content-Type, Retry-After, Idempotent-Replayed, Cache-Control, ETag
 * and Last-Modified pass unchanged; a Location is rewritten to its {@code /api/...} path. Every call tells the api
 * the caller's address in X-Forwarded-For, for its limits per address (the feeds'), which it believes only from
 * the gateway ({@code OPAD_TRUSTED_PROXIES}). An api that cannot be reached, or
 * does not answer within {@code quarkus.rest-client.opad-api.read-timeout}, is a 503 problem.
 *
 * <p>The one route answered here is the article as HTML: its Markdown (at most
 * {@code opad.web.limits.max-article-size}) is read from the api and rendered on a worker thread.
 */
@ApplicationScoped
public class ApiForwarder {

    private static final Logger LOG = Logger.getLogger(ApiForwarder.class);
    private static final String HTML_UTF8 = "text/html; charset=utf-8";
    /** Marks a call already sent again once (see {@link #isStaleConnection}). */
    private static final String RESENT = "opad.api.resent";
    /**
     * Headers of the api's answers that callers act on, relayed as they are (Location is rewritten instead).
     * Only {@code /meta} and the feeds set Cache-Control and ETag (the feeds Last-Modified too); every other api
     * answer is per user and no-store.
     * Stopped-Job names the job a schedule's pause or delete with {@code cancel_active=true} stopped;
     * X-Accel-Buffering: no keeps a proxy in front (nginx) from holding back a job stream's events.
     */
    private static final List<String> RELAYED_HEADERS = List.of(HttpHeaders.CONTENT_TYPE.toString(),
            HttpHeaders.RETRY_AFTER.toString(), "Idempotent-Replayed", HttpHeaders.CACHE_CONTROL.toString(),
            HttpHeaders.ETAG.toString(), HttpHeaders.LAST_MODIFIED.toString(), "Stopped-Job",
            "X-Accel-Buffering");
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final Vertx vertx;
    private final HttpProblems problems;
    private final CsrfGuard csrf;
    private final MarkdownRenderer renderer;
    private final GatewayLimits limits;
    private final URI api;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;
    private HttpClient client;
    private HttpClient streams;

    public ApiForwarder(Vertx vertx, HttpProblems problems, CsrfGuard csrf, MarkdownRenderer renderer, GatewayLimits limits,
                        @ConfigProperty(name = "quarkus.rest-client.opad-api.url") URI api,
                        @ConfigProperty(name = "quarkus.rest-client.opad-api.connect-timeout") int connectTimeoutMs,
                        @ConfigProperty(name = "quarkus.rest-client.opad-api.read-timeout") int readTimeoutMs) {
        this.vertx = vertx;
        this.problems = problems;
        this.csrf = csrf;
        this.renderer = renderer;
        this.limits = limits;
        this.api = api;
        this.connectTimeoutMs = connectTimeoutMs;
        this.readTimeoutMs = readTimeoutMs;
    }

    void install(@Observes StartupEvent event, Router router) {
        client = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout(connectTimeoutMs).setKeepAlive(true),
                // Calls beyond the pool wait in a bounded queue; past it the caller gets a 503 at once.
                new PoolOptions().setHttp1MaxSize(limits.maxApiConnections()).setMaxWaitQueueSize(limits.maxWaitingApiCalls()));
        // Streams hold their connection for minutes: a pool of their own, and no waiting for a free one.
        streams = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout(connectTimeoutMs).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(limits.maxApiStreams()).setMaxWaitQueueSize(0));
        router.route(OpadApi.GATEWAY_PREFIX + "/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::serve);
    }

    private void serve(RoutingContext context) {
        HttpServerRequest request = context.request();
        String apiPath = request.path().substring(OpadApi.GATEWAY_PREFIX.length());
        Optional<ApiRoute> route = ApiRoutes.find(request.method(), apiPath);
        if (route.isEmpty()) {
            problems.answer(context, Problem.ofStatus(ApiRoutes.knows(apiPath) ? 405 : 404));
            return;
        }
        Optional<Problem> forged = csrf.refusal(request);
        if (forged.isPresent()) {
            problems.answer(context, forged.get());
        } else if (route.get().jsonBody() && !isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            problems.answer(context, Problem.ofStatus(415));
        } else if (route.get().isRendered()) {
            renderHtml(context, route.get().apiPathFor(apiPath));
        } else {
            relay(context, route.get(), apiPath);
        }
    }

    private void relay(RoutingContext context, ApiRoute route, String apiPath) {
        HttpServerRequest request = context.request();
        request.pause();
        String query = request.query() == null ? "" : "?" + request.query();
        HttpClient via = route.streaming() ? streams : client;
        RequestOptions options = options(request, apiPath + query);
        if (route.streaming()) {
            options.setIdleTimeout(limits.streamIdleTimeout().toMillis());
        }
        via.request(options).onComplete(opened -> {
            if (opened.failed() && !route.streaming() && isStaleConnection(request, opened.cause(), context)) {
                // The pooled connection was closed as the call was put on it (see isStaleConnection). A GET has
                // no body to forward: whatever came is read (within the limit) and dropped, as below.
                streamBody(context, null);
                resend(context, route, apiPath + query);
                return;
            }
            if (opened.failed()) {
                unreachable(context, opened.cause());
                return;
            }
            HttpClientRequest call = opened.result();
            // A caller gone mid-body, or an answer relayed before the body was all in, would otherwise
            // hold the api connection forever: it returns to the pool only with an ended request.
            context.addEndHandler(done -> {
                if (!request.isEnded()) {
                    call.reset();
                }
            });
            context.response().closeHandler(closed -> call.reset());
            route.forwardedHeaders().forEach(name -> copy(request, call, name));
            call.response().onComplete(answer -> {
                if (answer.failed() && isStaleConnection(request, answer.cause(), context)) {
                    resend(context, route, apiPath + query);
                } else if (answer.failed()) {
                    unreachable(context, answer.cause());
                } else {
                    relayAnswer(context, answer.result());
                }
            });
            if (route.jsonBody()) {
                call.putHeader(HttpHeaders.CONTENT_TYPE, request.getHeader(HttpHeaders.CONTENT_TYPE));
                streamBody(context, call);
            } else {
                // No body belongs here: whatever came is read (within the limit) and dropped.
                streamBody(context, null);
                call.end();
            }
        });
    }

    /**
     * A pooled keep-alive connection can be closed by the api (or by a reset of the call it last served,
     * when a browser aborted a fetch) just as a new call is put on it; the call then fails with no answer
     * at all. For a GET or HEAD, which the api has not acted on, one more try on a fresh connection is
     * what every reverse proxy does; anything else is the caller's to repeat.
     */
    private static boolean isStaleConnection(HttpServerRequest request, Throwable failure, RoutingContext context) {
        boolean safe = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
        return safe && failure instanceof HttpClosedException && !context.response().headWritten()
                && !context.response().closed() && context.get(RESENT) == null;
    }

    private void resend(RoutingContext context, ApiRoute route, String uri) {
        context.put(RESENT, Boolean.TRUE);
        LOG.debugf("the api closed a pooled connection under %s %s; sending it once more", context.request().method(), uri);
        client.request(options(context.request(), uri)).compose(call -> {
            route.forwardedHeaders().forEach(name -> copy(context.request(), call, name));
            context.response().closeHandler(closed -> call.reset());
            return call.send();
        }).onComplete(sent -> {
            if (sent.failed()) {
                unreachable(context, sent.cause());
            } else {
                relayAnswer(context, sent.result());
            }
        });
    }

    private RequestOptions options(HttpServerRequest request, String uri) {
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(api.getHost())
                .setPort(api.getPort() < 0 ? 80 : api.getPort())
                .setURI(uri)
                // Waiting for a pooled connection counts against the connect timeout; then the answer's.
                .setConnectTimeout(connectTimeoutMs)
                .setIdleTimeout(readTimeoutMs);
        // The peer as Caller.ip() sees it; whatever X-Forwarded-For the caller sent is not passed on.
        Optional.ofNullable(request.remoteAddress()).ifPresent(peer -> options.putHeader(FORWARDED_FOR, peer.hostAddress()));
        ApiCredentials credentials = Caller.credentialsOf(request);
        if (credentials.isPresent()) {
            options.putHeader(HttpHeaders.AUTHORIZATION, credentials.headerValue());
        }
        return options;
    }

    /**
     * Sends the caller's body on to {@code call} (or drops it, for {@code null}) as it arrives, with
     * back-pressure both ways, and cuts it off with a 413 problem once it passes the limit.
     */
    private void streamBody(RoutingContext context, HttpClientRequest call) {
        HttpServerRequest request = context.request();
        long limit = limits.maxBodySize().asLongValue();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (call != null) {
            if (declared != null) {
                call.putHeader(HttpHeaders.CONTENT_LENGTH, declared);
            } else {
                call.setChunked(true);
            }
        }
        long[] received = {0};
        request.handler(chunk -> {
            received[0] += chunk.length();
            if (received[0] > limit) {
                // Answered first: the reset below fails the api call, which must not become a 503.
                request.handler(null);
                problems.answer(context, problems.bodyTooLarge());
                if (call != null) {
                    call.reset();
                }
                return;
            }
            if (call != null) {
                call.write(chunk);
                if (call.writeQueueFull()) {
                    request.pause();
                    call.drainHandler(drained -> request.resume());
                }
            }
        });
        request.endHandler(ended -> {
            if (call != null && received[0] <= limit) {
                call.end();
            }
        });
        request.resume();
    }

    private void relayAnswer(RoutingContext context, HttpClientResponse answer) {
        HttpServerResponse response = context.response();
        if (response.ended()) {
            answer.request().reset();
            return;
        }
        response.setStatusCode(answer.statusCode());
        for (String name : RELAYED_HEADERS) {
            Optional.ofNullable(answer.getHeader(name)).ifPresent(value -> response.putHeader(name, value));
        }
        Optional.ofNullable(answer.getHeader(HttpHeaders.LOCATION)).flatMap(OpadApi::gatewayPath)
                .ifPresent(path -> response.putHeader(HttpHeaders.LOCATION, path));
        String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, length);
        } else {
            response.setChunked(true);
        }
        answer.pipeTo(response).onFailure(failure -> {
            LOG.debugf("relaying the api's answer broke off: %s", failure.toString());
            context.request().connection().close();
        });
    }

    private void renderHtml(RoutingContext context, String markdownPath) {
        client.request(options(context.request(), markdownPath)).compose(HttpClientRequest::send).onComplete(sent -> {
            if (sent.failed()) {
                unreachable(context, sent.cause());
            } else if (sent.result().statusCode() != 200) {
                relayAnswer(context, sent.result());
            } else {
                readArticle(sent.result()).onComplete(read -> {
                    if (read.succeeded()) {
                        render(context, read.result());
                    } else if (read.cause() instanceof ArticleTooLarge) {
                        problems.answer(context, Problem.of(Status.BAD_GATEWAY, "article-too-large",
                                "This article is too large to show here; read its Markdown instead"));
                    } else {
                        unreachable(context, read.cause());
                    }
                });
            }
        });
    }

    /** The Markdown, whole (it is rendered whole), but never more than the limit. */
    private Future<Buffer> readArticle(HttpClientResponse answer) {
        long limit = limits.maxArticleSize().asLongValue();
        Buffer markdown = Buffer.buffer();
        Promise<Buffer> read = Promise.promise();
        answer.handler(chunk -> {
            if (markdown.length() + chunk.length() > limit) {
                // Failed first: the reset below reports itself as a failure of the read too.
                read.tryFail(new ArticleTooLarge());
                answer.handler(null);
                answer.request().reset();
            } else {
                markdown.appendBuffer(chunk);
            }
        });
        answer.exceptionHandler(read::tryFail);
        answer.endHandler(ended -> read.tryComplete(markdown));
        return read.future();
    }

    private void render(RoutingContext context, Buffer markdown) {
        vertx.executeBlocking(() -> renderer.render(markdown.toString(StandardCharsets.UTF_8)), false)
                .onComplete(html -> {
                    if (html.failed()) {
                        context.fail(html.cause());
                    } else if (!context.response().ended()) {
                        context.response().putHeader(HttpHeaders.CONTENT_TYPE, HTML_UTF8).end(html.result());
                    }
                });
    }

    /** The api being down is an expected state the UI explains to the reader: a 503 problem, never a 500. */
    private void unreachable(RoutingContext context, Throwable failure) {
        if (context.response().ended()) {
            return;
        }
        if (context.response().headWritten()) {
            context.request().connection().close();
            return;
        }
        if (context.response().closed()) {
            // The browser left (an aborted fetch, a page closed) and its api call was reset for it: nothing is wrong.
            LOG.debugf("the caller left before the api answered: %s", failure.toString());
            return;
        }
        LOG.warnf("opad api unreachable: %s", failure.toString());
        context.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
        problems.answer(context, Problem.of(Status.SERVICE_UNAVAILABLE, "api-unreachable", ApiUnreachableMapper.DETAIL));
    }

    private static void copy(HttpServerRequest from, HttpClientRequest to, String header) {
        Optional.ofNullable(from.getHeader(header)).ifPresent(value -> to.putHeader(header, value));
    }

    private static boolean isJson(String contentType) {
        return contentType != null
                && contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("application/json");
    }

    /** The api sent more Markdown than any article it writes. */
    private static final class ArticleTooLarge extends RuntimeException {
        ArticleTooLarge() {
            super("article Markdown over the limit", null, false, false);
        }
    }
}
