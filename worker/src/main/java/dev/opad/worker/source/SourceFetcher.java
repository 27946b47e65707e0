package dev.opad.worker.source;

import dev.opad.source.SourceConfig;
import dev.opad.source.SourceUrlCheck;
import dev.opad.source.SourceUrlCheck.Allowed;
import dev.opad.source.SourceUrlCheck.Refused;
import dev.opad.source.SourceUrlPolicy;
import dev.opad.worker.source.PinnedExchange.MalformedResponse;
import dev.opad.worker.source.PinnedExchange.UnsupportedEncoding;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Fetches the page a user named as the source of an article and returns its readable text, without
 * letting that URL reach anything but the public web.
 *
 * <p>Every URL, the user's and each redirect's, goes through {@link SourceUrlPolicy} first, and the
 * connection goes to an address that check approved (OkHttp with the DNS answer pinned; see
 * {@link PinnedExchange} for why not {@code java.net.http}). Redirects are followed by hand, at most
 * three. The whole fetch, redirects included, has one deadline (10 s); the body is read up to 2 MiB and
 * a larger one is refused; only {@code text/html}, {@code application/xhtml+xml} and {@code text/plain}
 * are read; the text is cut at 20 000 characters.
 *
 * <p>Failures are {@link SourceFetchException}s whose message a user can read: transient when the site
 * or the network may recover (unreachable, time-out, DNS, 5xx, 429), permanent when the URL itself is
 * the problem (refused, too large, not a page, 4xx).
 */
public final class SourceFetcher {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<String> READABLE = Set.of("text/html", "application/xhtml+xml", "text/plain");
    private static final Pattern HEADER_CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");
    private static final String USER_AGENT = "opad-source-fetcher/1 (reads one page a user named as a source)";

    /**
     * @param timeout      for the whole fetch, redirects, connecting, TLS and the body included
     * @param maxBodyBytes a larger body is refused; reading stops there
     * @param maxTextChars readable text beyond this is cut off
     * @param maxRedirects redirects followed before giving up
     */
    public record Limits(Duration timeout, long maxBodyBytes, int maxTextChars, int maxRedirects) {

        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(10), 2L * 1024 * 1024, 20_000, 3);

        public Limits {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero() || maxBodyBytes < 1 || maxTextChars < 1 || maxRedirects < 0) {
                throw new IllegalArgumentException("source fetch limits must be positive: timeout " + timeout
                        + ", body " + maxBodyBytes + ", text " + maxTextChars + ", redirects " + maxRedirects);
            }
        }

        public static Limits from(SourceConfig.Fetch config) {
            return new Limits(config.timeout(), config.maxBody().asLongValue(), config.maxTextChars(), config.maxRedirects());
        }
    }

    private final SourceUrlPolicy policy;
    private final Limits limits;
    private final SSLSocketFactory tls;
    private OkHttpClient client;

    public SourceFetcher(SourceUrlPolicy policy) {
        this(policy, Limits.DEFAULTS);
    }

    public SourceFetcher(SourceUrlPolicy policy, Limits limits) {
        this(policy, limits, null);
    }

    /** @param tls the TLS sockets to use; {@code null} for the JVM's default trust store (tests pass their own) */
    SourceFetcher(SourceUrlPolicy policy, Limits limits, SSLSocketFactory tls) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.tls = tls;
    }

    /**
     * Fetches {@code url} and returns its readable text. Blocks for at most the configured time (plus the
     * policy's DNS limit per URL checked).
     *
     * @throws SourceFetchException if the URL is refused, the site cannot be reached in time, or the answer
     *                              is not a readable page of acceptable size
     */
    public SourceDocument fetch(String url) {
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        Allowed target = allowed(url, Optional.empty());
        for (int redirects = 0; ; redirects++) {
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted(null);
            }
            try (PinnedExchange exchange = PinnedExchange.open(client(), target, deadline, USER_AGENT)) {
                Response head = exchange.head();
                if (!REDIRECTS.contains(head.code())) {
                    return read(target, exchange);
                }
                if (redirects == limits.maxRedirects()) {
                    throw permanent("the source page redirected more than " + limits.maxRedirects() + " times");
                }
                target = allowed(redirectTarget(target, head), Optional.of(target));
            } catch (IOException e) {
                throw failure(target, e);
            }
        }
    }

    private Allowed allowed(String url, Optional<Allowed> redirectedFrom) {
        SourceUrlCheck check = policy.check(url);
        if (check instanceof Refused refused) {
            String reason = redirectedFrom.isEmpty() ? refused.reason()
                    : "the source page redirected to " + url + ", which opad may not fetch: " + refused.reason();
            throw new SourceFetchException(refused.isTransient(), reason);
        }
        return (Allowed) check;
    }

    private static String redirectTarget(Allowed from, Response head) {
        String location = Optional.ofNullable(head.header("Location")).map(String::strip).filter(l -> !l.isEmpty())
                .orElseThrow(() -> permanent("the site at " + from.host() + " redirected without saying where to"));
        try {
            return from.uri().resolve(new URI(location)).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw permanent("the site at " + from.host() + " redirected to something that is not a URL");
        }
    }

    private SourceDocument read(Allowed target, PinnedExchange exchange) throws IOException {
        Response head = exchange.head();
        checkStatus(target, head);
        String contentType = Optional.ofNullable(head.header("Content-Type")).orElseThrow(() ->
                permanent("the source page at " + target.host() + " does not say what kind of document it is"));
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!READABLE.contains(mediaType)) {
            throw permanent("the source URL points to " + (mediaType.isEmpty() ? "an unnamed type" : mediaType)
                    + ", not a web page or plain text; opad reads text/html, application/xhtml+xml and text/plain");
        }
        Optional<Long> length = exchange.declaredLength();
        if (length.isPresent() && length.get() > limits.maxBodyBytes()) {
            throw tooLarge();
        }
        byte[] body;
        try {
            body = readCapped(exchange.body());
        } catch (UnsupportedEncoding e) {
            throw permanent("the site at " + target.host() + " compressed the page with " + e.getMessage()
                    + ", which opad did not ask for");
        }
        return document(target, mediaType, declaredCharset(contentType), body);
    }

    private static void checkStatus(Allowed target, Response head) {
        int status = head.code();
        if (status >= 200 && status <= 299 && status != 204 && status != 205) {
            return;
        }
        String answer = "the site at " + target.host() + " answered " + status
                + (head.message().isBlank() ? "" : " " + head.message().strip());
        boolean transientFailure = status >= 500 || status == 408 || status == 425 || status == 429;
        throw new SourceFetchException(transientFailure, answer + (status == 204 || status == 205
                ? " (no content)" : transientFailure ? "; it may work later" : ""));
    }

    private byte[] readCapped(InputStream body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = body.read(buffer)) >= 0) {
            total += n;
            if (total > limits.maxBodyBytes()) {
                throw tooLarge();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private SourceDocument document(Allowed target, String mediaType, Optional<Charset> declared, byte[] body) {
        Optional<String> title = Optional.empty();
        String text;
        if (mediaType.equals("text/plain")) {
            text = ReadableText.fromPlainText(plainText(body, declared));
        } else {
            // The page's own <meta> declaration, which only an HTML reader finds, comes after the header's.
            ReadableText.Extract extract = ReadableText.fromHtml(body, declared);
            title = extract.title();
            text = extract.text();
        }
        if (text.isBlank()) {
            throw permanent("the source page at " + target.host() + " has no readable text"
                    + (mediaType.equals("text/plain") ? "" : " (it may need JavaScript, which opad does not run)"));
        }
        String cut = ReadableText.cut(text, limits.maxTextChars());
        return new SourceDocument(target.uri(), mediaType, title, cut, cut.length() < text.length());
    }

    /** The charset the Content-Type header names, if Java knows it. */
    private static Optional<Charset> declaredCharset(String contentType) {
        Matcher declared = HEADER_CHARSET.matcher(contentType);
        return declared.find() ? named(declared.group(1)) : Optional.empty();
    }

    /** Plain text in the byte order mark's charset, else the header's, else UTF-8. */
    private static String plainText(byte[] body, Optional<Charset> declared) {
        Charset charset = declared.orElse(StandardCharsets.UTF_8);
        int bom = 0;
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            charset = StandardCharsets.UTF_8;
            bom = 3;
        } else if (body.length >= 2 && (body[0] & 0xff) == 0xfe && (body[1] & 0xff) == 0xff) {
            charset = StandardCharsets.UTF_16BE;
            bom = 2;
        } else if (body.length >= 2 && (body[0] & 0xff) == 0xff && (body[1] & 0xff) == 0xfe) {
            charset = StandardCharsets.UTF_16LE;
            bom = 2;
        }
        return new String(body, bom, body.length - bom, charset);
    }

    private static Optional<Charset> named(String name) {
        try {
            return Optional.of(Charset.forName(name.strip()));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private SourceFetchException failure(Allowed target, IOException e) {
        String site = target.host() + (target.port() == (target.https() ? 443 : 80) ? "" : ":" + target.port());
        if (Thread.currentThread().isInterrupted() || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            return interrupted(e);
        }
        return switch (e) {
            case SocketTimeoutException timeout -> new SourceFetchException(true, "the site at " + site
                    + " did not answer within " + seconds(limits.timeout()), e);
            case ConnectException refused -> new SourceFetchException(true, "could not connect to " + site
                    + " (connection refused)", e);
            case NoRouteToHostException unreachable -> new SourceFetchException(true, "could not connect to " + site
                    + " (no route to the host)", e);
            case SSLHandshakeException handshake -> new SourceFetchException(false, "the secure connection to " + site
                    + " failed; its certificate may not be valid for this name", e);
            // OkHttp checks the certificate's names after the handshake, so a wrong name fails here.
            case SSLPeerUnverifiedException wrongName -> new SourceFetchException(false, "the secure connection to "
                    + site + " failed; its certificate may not be valid for this name", e);
            case SSLException tls -> new SourceFetchException(true, "the secure connection to " + site + " broke", e);
            case MalformedResponse malformed -> new SourceFetchException(false, "the site at " + site
                    + " did not answer in proper HTTP: " + malformed.getMessage(), e);
            case EOFException closed -> new SourceFetchException(true, "the site at " + site + ": "
                    + closed.getMessage(), e);
            case SocketException broken -> new SourceFetchException(true, "the connection to " + site + " failed ("
                    + broken.getMessage() + ")", e);
            default -> new SourceFetchException(true, "could not fetch the source page from " + site + ": " + e, e);
        };
    }

    private static SourceFetchException interrupted(IOException cause) {
        Thread.currentThread().interrupt();
        InterruptedIOException interruption = new InterruptedIOException("fetching the source was interrupted");
        if (cause != null) {
            interruption.initCause(cause);
        }
        return new SourceFetchException(true, "fetching the source was interrupted", interruption);
    }

    private SourceFetchException tooLarge() {
        return permanent("the source page is larger than " + size(limits.maxBodyBytes()) + "; opad reads pages up to that size");
    }

    private static SourceFetchException permanent(String reason) {
        return new SourceFetchException(false, reason);
    }

    /**
     * The one client of this fetcher, built at its first fetch rather than with the bean: most jobs name no
     * source URL, and setting up OkHttp and TLS takes a second or more on a busy machine.
     */
    private synchronized OkHttpClient client() {
        if (client == null) {
            client = PinnedExchange.sharedClient(tls);
        }
        return client;
    }

    private static String size(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
