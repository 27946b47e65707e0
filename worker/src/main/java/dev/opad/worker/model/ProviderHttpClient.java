package dev.opad.worker.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP client opad gives langchain4j's OpenAI and Anthropic models, over {@link java.net.http.HttpClient}.
 *
 * <p>langchain4j's own {@code JdkHttpClient} turns an error answer into an {@code HttpException}
 * holding only status and body, so a decorator around it cannot see {@code Retry-After}; this client
 * does the call itself and throws {@link ProviderHttpException}, {@link ProviderTimeoutException} and
 * {@link ProviderUnreachableException}, which {@link FailureClassifier} reads.
 *
 * <p>The read timeout is a deadline for the whole answer, body included, and interrupting the calling
 * thread aborts the exchange (on HTTP/1.1 the JDK closes the connection), so stopping a job stops
 * the model call. Only what opad uses is supported: synchronous calls with a string body.
 */
public final class ProviderHttpClient implements HttpClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final java.net.http.HttpClient jdk;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Clock clock;

    private ProviderHttpClient(Builder builder) {
        this.connectTimeout = builder.connectTimeout;
        this.readTimeout = builder.readTimeout;
        this.clock = builder.clock;
        java.net.http.HttpClient.Builder jdkBuilder = java.net.http.HttpClient.newBuilder();
        if (connectTimeout != null) {
            jdkBuilder.connectTimeout(connectTimeout);
        }
        this.jdk = jdkBuilder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("opad's model HTTP client sends no multipart forms");
        }
        java.net.http.HttpRequest jdkRequest = toJdk(request);
        HttpResponse<byte[]> response = send(jdkRequest);
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new ProviderHttpException(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8),
                    ProviderHttpException.retryAfter(response.headers(), clock.instant()), requestedModel(request));
        }
        return SuccessfulHttpResponse.builder()
                .statusCode(response.statusCode())
                .headers(response.headers().map())
                .body(response.body())
                .build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException("opad does not stream model answers");
    }

    /**
     * {@code sendAsync(...).get(deadline)} rather than {@code send}: the JDK's request timeout stops at
     * the response headers, and a provider (or proxy) that sends headers and then stalls the body would
     * otherwise hold the job forever. Cancelling the future is what {@code send} itself does on
     * interrupt: it aborts the exchange and closes an HTTP/1.1 connection.
     */
    private HttpResponse<byte[]> send(java.net.http.HttpRequest request) {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(new InterruptedException("interrupted before the call"));
        }
        CompletableFuture<HttpResponse<byte[]>> call = jdk.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return readTimeout == null ? call.get() : call.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            call.cancel(true);
            throw interrupted(e);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new ProviderTimeoutException(readTimeout, false, new HttpTimeoutException("the answer did not arrive in time"));
        } catch (ExecutionException e) {
            throw translate(e.getCause(), request);
        }
    }

    private RuntimeException translate(Throwable failure, java.net.http.HttpRequest request) {
        return switch (failure) {
            case HttpConnectTimeoutException e -> new ProviderTimeoutException(connectTimeout, true, e);
            case HttpTimeoutException e -> new ProviderTimeoutException(readTimeout, false, e);
            case IOException e -> new ProviderUnreachableException(authority(request.uri()), e);
            case RuntimeException e -> e;
            case Error e -> throw e;
            default -> new LangChain4jException(failure);
        };
    }

    private static RuntimeException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new LangChain4jException("the model call was interrupted", e);
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        var builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        builder.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        if (readTimeout != null) {
            builder.timeout(readTimeout);
        }
        return builder.build();
    }

    /** OpenAI's and Anthropic's request bodies name the model; a 404 is then reported with the name the user configured. */
    private static Optional<String> requestedModel(HttpRequest request) {
        if (request.body() == null || request.body().isBlank()) {
            return Optional.empty();
        }
        try {
            var model = JSON.readTree(request.body()).path("model");
            return model.isTextual() ? Optional.of(model.asText()) : Optional.empty();
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    private static String authority(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    /** What langchain4j's model builders call; the OpenAI and Anthropic models pass their {@code timeout} to both. */
    public static final class Builder implements HttpClientBuilder {

        private Duration connectTimeout;
        private Duration readTimeout;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /** The clock an HTTP-date {@code Retry-After} is counted from. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        @Override
        public ProviderHttpClient build() {
            return new ProviderHttpClient(this);
        }
    }
}
