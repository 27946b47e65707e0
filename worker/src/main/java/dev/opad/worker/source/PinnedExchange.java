package dev.opad.worker.source;

import dev.opad.source.SourceUrlCheck.Allowed;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One GET, sent with OkHttp to an address {@link dev.opad.source.SourceUrlPolicy} approved.
 *
 * <p>Why not {@code java.net.http}: it resolves the host itself and offers no way to say which address
 * to connect to. OkHttp asks a {@link Dns} for the host's addresses; the one each exchange gets answers
 * with the approved addresses only, while the {@code Host} header, TLS SNI and the certificate check
 * use the host name. So DNS is asked exactly once, by the policy, and a rebinding answer has nothing
 * to change. Redirects are not followed here: {@link SourceFetcher} checks every hop with the policy.
 *
 * <p>The exchange, body included, is bounded by OkHttp's call timeout, set to what is left of the
 * fetch's deadline, so a site that drips one byte a second cannot hold the fetch. Compression is
 * undone here, as opad asked for it.
 */
final class PinnedExchange implements Closeable {

    /** The site did not speak HTTP as a web server must (bad status line, broken framing or compression). */
    static final class MalformedResponse extends IOException {
        MalformedResponse(String message) {
            super(message);
        }
    }

    /** The whole fetch ran out of time; a {@link SocketTimeoutException} so that it reads as one. */
    static final class DeadlineExceeded extends SocketTimeoutException {
        DeadlineExceeded() {
            super("the fetch's deadline passed");
        }
    }

    /** A {@code Content-Encoding} opad did not ask for and does not read. */
    static final class UnsupportedEncoding extends IOException {
        UnsupportedEncoding(String encoding) {
            super(encoding);
        }
    }

    private final Call call;
    private final Response response;
    private final long deadlineNanos;

    private PinnedExchange(Call call, Response response, long deadlineNanos) {
        this.call = call;
        this.response = response;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * The client every exchange of one fetcher derives from, built once: one dispatcher, one connection
     * pool. The pool keeps no idle connection, so a connection made for one exchange (to the address
     * approved then) is closed when that exchange ends and never reused by another, which may have been
     * approved a different address for the same host. OkHttp also matches a pooled connection only to an
     * exchange with the same {@link Dns}, and every exchange has its own.
     *
     * @param tls the TLS sockets to use; {@code null} for the JVM's default trust store
     */
    static OkHttpClient sharedClient(SSLSocketFactory tls) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                // A system proxy would resolve the host itself; the connection goes to the approved address.
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                // One attempt, as a user asked for one page: a failed connection is reported, not retried.
                .retryOnConnectionFailure(false)
                // One GET per connection gains nothing from HTTP/2.
                .protocols(List.of(Protocol.HTTP_1_1));
        if (tls != null) {
            // OkHttp wants a trust manager beside the sockets only to clean certificate chains for
            // certificate pinning, which opad does not use; whether a certificate is trusted is decided
            // by the SSLContext behind the sockets.
            builder.sslSocketFactory(tls, platformTrust());
        }
        return builder.build();
    }

    /** Connects to one of the approved addresses, sends the GET and reads the response head. */
    static PinnedExchange open(OkHttpClient shared, Allowed target, long deadlineNanos, String userAgent)
            throws IOException {
        long remaining = remainingMillis(deadlineNanos);
        if (remaining <= 0) {
            throw new DeadlineExceeded();
        }
        String rawPath = target.uri().getRawPath();
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        HttpUrl url = new HttpUrl.Builder().scheme(target.https() ? "https" : "http").host(target.host())
                .port(target.port()).encodedPath(path).encodedQuery(target.uri().getRawQuery()).build();
        List<InetAddress> approved = target.addresses();
        Dns pinned = host -> {
            if (!host.equals(url.host())) {
                throw new UnknownHostException(host + " was not checked by the source URL policy");
            }
            return approved;
        };
        // Derived clients share the pool and threads. The call timeout bounds the whole exchange; each step
        // gets the same bound instead of OkHttp's 10 s defaults, which could outlast a shorter deadline.
        OkHttpClient client = shared.newBuilder().dns(pinned)
                .callTimeout(remaining, TimeUnit.MILLISECONDS)
                .connectTimeout(remaining, TimeUnit.MILLISECONDS)
                .readTimeout(remaining, TimeUnit.MILLISECONDS)
                .writeTimeout(remaining, TimeUnit.MILLISECONDS)
                .build();
        Request request = new Request.Builder().url(url)
                .header("User-Agent", userAgent)
                .header("Accept", "text/html, application/xhtml+xml, text/plain;q=0.9")
                // Asked for by name, so OkHttp leaves the body compressed and opad caps what it unpacks.
                .header("Accept-Encoding", "gzip")
                .header("Connection", "close")
                .build();
        Call call = client.newCall(request);
        try {
            return new PinnedExchange(call, call.execute(), deadlineNanos);
        } catch (IOException e) {
            throw translated(e, false, deadlineNanos);
        }
    }

    /** The status line and headers (the body is read with {@link #body()}). */
    Response head() {
        return response;
    }

    /** The declared body length, when the body is not chunked and says how long it is. */
    Optional<Long> declaredLength() {
        long length = response.body().contentLength();
        return length < 0 ? Optional.empty() : Optional.of(length);
    }

    /** The body as the site meant it: compression undone, OkHttp's failures in opad's terms. */
    InputStream body() throws IOException {
        InputStream framed = response.body().byteStream();
        String encoding = String.join(",", response.headers("Content-Encoding")).trim().toLowerCase(Locale.ROOT);
        InputStream decoded = switch (encoding) {
            case "", "identity" -> framed;
            case "gzip", "x-gzip" -> gzip(framed);
            default -> throw new UnsupportedEncoding(encoding);
        };
        return new FailuresInOpadTerms(decoded, deadlineNanos);
    }

    /** Closes the connection at once: unread bytes are not drained, as the connection is never reused. */
    @Override
    public void close() {
        call.cancel();
        response.close();
    }

    /**
     * OkHttp's failures as {@link SourceFetcher} tells them apart: its call timeout (an
     * {@link InterruptedIOException} once the deadline passed) as {@link DeadlineExceeded}, a protocol
     * violation as {@link MalformedResponse}, and a connection that closed early as {@link EOFException}.
     */
    private static IOException translated(IOException e, boolean readingBody, long deadlineNanos) {
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)
                && deadlineNanos - System.nanoTime() <= 0) {
            return (IOException) new DeadlineExceeded().initCause(e);
        }
        if (e instanceof ProtocolException) {
            // OkHttp's words for a body shorter than its Content-Length or its last chunk size.
            return readingBody && "unexpected end of stream".equals(e.getMessage())
                    ? (IOException) new EOFException("the connection closed before the whole body arrived").initCause(e)
                    : (IOException) new MalformedResponse(shortened(e.getMessage())).initCause(e);
        }
        // OkHttp's "unexpected end of stream on <url>": the connection closed before a whole response head.
        if (!readingBody && e.getClass() == IOException.class && e.getCause() instanceof EOFException) {
            return (IOException) new EOFException("the site closed the connection without answering").initCause(e);
        }
        return e;
    }

    private static String shortened(String message) {
        String text = message == null ? "a protocol error" : message.replaceAll("\\p{Cntrl}", " ");
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    private InputStream gzip(InputStream framed) throws IOException {
        try {
            return new GZIPInputStream(framed, 8 * 1024);
        } catch (ZipException | EOFException e) {
            throw new MalformedResponse("a broken gzip body: " + e.getMessage());
        } catch (IOException e) {
            throw translated(e, true, deadlineNanos);
        }
    }

    /** Rounded up, so that OkHttp's timer never fires before the fetch's deadline has passed. */
    private static long remainingMillis(long deadlineNanos) {
        long nanos = deadlineNanos - System.nanoTime();
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    private static X509TrustManager platformTrust() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return Arrays.stream(factory.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                    .map(X509TrustManager.class::cast).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the JVM has no X.509 trust manager"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM's default trust store cannot be read", e);
        }
    }

    /**
     * The body's reads with their failures {@link #translated}, and a corrupt gzip stream as
     * {@link MalformedResponse}: the site's fault, not the network's.
     */
    private static final class FailuresInOpadTerms extends FilterInputStream {

        private final long deadlineNanos;

        FailuresInOpadTerms(InputStream in, long deadlineNanos) {
            super(in);
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return in.read(buffer, offset, length);
            } catch (ZipException e) {
                throw new MalformedResponse("a broken gzip body: " + e.getMessage());
            } catch (IOException e) {
                throw translated(e, true, deadlineNanos);
            }
        }
    }
}
