package dev.opad.worker.webhook;

import dev.opad.source.SourceUrlCheck.Allowed;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One webhook POST, sent with OkHttp to an address {@link dev.opad.webhook.WebhookUrlPolicy} approved: the
 * idea of the source fetcher's {@code PinnedExchange} (a {@link Dns} per exchange that answers with the
 * approved addresses only, while {@code Host}, TLS SNI and the certificate check use the name), for a POST.
 * Redirects are never followed (a 3xx is a failed try, so a receiver cannot bounce opad to another host),
 * the whole exchange has one deadline, and at most {@link #BODY_LIMIT} bytes of the answer are read, for
 * the delivery log.
 */
final class PinnedPost {

    /** Bytes of the receiver's answer kept for the delivery log; the rest is never read. */
    static final int BODY_LIMIT = 4 * 1024;
    private static final MediaType JSON = MediaType.get("application/json");
    private static final String USER_AGENT = "opad-webhooks/1 (Standard Webhooks)";

    /** What the receiver answered: status, its {@code Retry-After} and {@code Location} if any, the start of its body. */
    record Answer(int status, Optional<String> retryAfter, Optional<String> location, String body) {
    }

    private final OkHttpClient shared;

    PinnedPost() {
        this.shared = new OkHttpClient.Builder()
                // No idle connection is kept: the next try of the same host may be approved a different address.
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                // A system proxy would resolve the host itself; the connection goes to the approved address.
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                // One request per try: a failed one is a failed try, retried later with back-off, never at once.
                .retryOnConnectionFailure(false)
                .protocols(List.of(Protocol.HTTP_1_1))
                .build();
    }

    /** Sends {@code body} with {@code headers} to the approved target, within {@code timeout}. */
    Answer send(Allowed target, Map<String, String> headers, String body, Duration timeout) throws IOException {
        String rawPath = target.uri().getRawPath();
        HttpUrl url = new HttpUrl.Builder().scheme(target.https() ? "https" : "http").host(target.host())
                .port(target.port()).encodedPath(rawPath == null || rawPath.isEmpty() ? "/" : rawPath)
                .encodedQuery(target.uri().getRawQuery()).build();
        List<InetAddress> approved = target.addresses();
        Dns pinned = host -> {
            if (!host.equals(url.host())) {
                throw new UnknownHostException(host + " was not checked by the webhook URL policy");
            }
            return approved;
        };
        long millis = Math.max(1, timeout.toMillis());
        OkHttpClient client = shared.newBuilder().dns(pinned)
                .callTimeout(millis, TimeUnit.MILLISECONDS)
                .connectTimeout(millis, TimeUnit.MILLISECONDS)
                .readTimeout(millis, TimeUnit.MILLISECONDS)
                .writeTimeout(millis, TimeUnit.MILLISECONDS)
                .build();
        Request.Builder request = new Request.Builder().url(url)
                .header("User-Agent", USER_AGENT)
                .header("Connection", "close")
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON));
        headers.forEach(request::header);
        Call call = client.newCall(request.build());
        try (Response response = call.execute()) {
            return new Answer(response.code(), Optional.ofNullable(response.header("Retry-After")),
                    Optional.ofNullable(response.header("Location")), start(response.body()));
        } finally {
            call.cancel();
        }
    }

    private static String start(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        try (InputStream in = body.byteStream()) {
            return new String(in.readNBytes(BODY_LIMIT), StandardCharsets.UTF_8);
        }
    }
}
