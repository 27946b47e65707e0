package dev.opad.worker.source;

import dev.opad.source.SourceUrlCheck.Allowed;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET over a socket opened to an address {@link dev.opad.source.SourceUrlPolicy} approved.
 *
 * <p>Why not {@code java.net.http}: it resolves the host itself and offers no way to say which address
 * to connect to. Asking it for the IP instead would send the IP as {@code Host} ({@code Host} is a
 * restricted header, unlockable only JVM-wide) and break virtual hosting. A plain socket connects to the
 * approved address while the {@code Host} header, TLS SNI and the certificate check all use the host
 * name, so DNS is asked exactly once, by the policy, and a rebinding answer has nothing to change.
 *
 * <p>Every read (handshake included) is bounded by the fetch's deadline, not by a per-read timeout, so a
 * site that drips one byte a second cannot hold the fetch. Only what a GET of a page needs is read:
 * status and headers, {@code Content-Length}, {@code chunked}, read-until-close, and {@code gzip}.
 */
final class PinnedExchange implements Closeable {

    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final int MAX_INTERIM = 5;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([1-9][0-9]{2})(?: (.*))?");

    /** The status line and headers; header names in lower case. */
    record Head(int status, String reasonPhrase, Map<String, List<String>> headers) {

        Optional<String> first(String name) {
            return headers.getOrDefault(name, List.of()).stream().findFirst();
        }

        List<String> all(String name) {
            return headers.getOrDefault(name, List.of());
        }
    }

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

    private final Socket socket;
    private final InputStream in;
    private final Head head;

    private PinnedExchange(Socket socket, InputStream in, Head head) {
        this.socket = socket;
        this.in = in;
        this.head = head;
    }

    /** Connects to one of the approved addresses, sends the GET and reads the response head. */
    static PinnedExchange open(Allowed target, long deadlineNanos, SSLSocketFactory tls, String userAgent)
            throws IOException {
        Socket socket = connect(target, deadlineNanos);
        try {
            if (target.https()) {
                socket = handshake(socket, target, deadlineNanos, tls);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request(target, userAgent).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(new DeadlineInput(socket, deadlineNanos), 16 * 1024);
            Head head = readHead(in);
            return new PinnedExchange(socket, in, head);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    Head head() {
        return head;
    }

    /** The body as the site meant it: framing removed and compression undone. Read it only after the head. */
    InputStream body() throws IOException {
        InputStream framed = framed();
        String encoding = String.join(",", head.all("content-encoding")).trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> framed;
            case "gzip", "x-gzip" -> new CorruptionAsMalformed(gzip(framed));
            default -> throw new UnsupportedEncoding(encoding);
        };
    }

    /** A {@code Content-Encoding} opad did not ask for and does not read. */
    static final class UnsupportedEncoding extends IOException {
        UnsupportedEncoding(String encoding) {
            super(encoding);
        }
    }

    /** The declared body length, when the body is not chunked and says how long it is. */
    Optional<Long> declaredLength() throws MalformedResponse {
        if (!head.all("transfer-encoding").isEmpty()) {
            return Optional.empty();
        }
        List<String> lengths = head.all("content-length").stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim).distinct().toList();
        if (lengths.isEmpty()) {
            return Optional.empty();
        }
        if (lengths.size() > 1 || !lengths.getFirst().matches("[0-9]{1,18}")) {
            throw new MalformedResponse("a confusing Content-Length: " + lengths);
        }
        return Optional.of(Long.parseLong(lengths.getFirst()));
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private InputStream framed() throws IOException {
        if (head.status() == 204 || head.status() == 304) {
            return InputStream.nullInputStream();
        }
        List<String> codings = head.all("transfer-encoding");
        if (!codings.isEmpty()) {
            String joined = String.join(",", codings).replace(" ", "").toLowerCase(Locale.ROOT);
            if (!joined.equals("chunked")) {
                throw new MalformedResponse("a transfer encoding opad does not read: " + joined);
            }
            return new ChunkedBody(in);
        }
        Optional<Long> length = declaredLength();
        return length.isPresent() ? new LengthBody(in, length.get()) : in;
    }

    private static InputStream gzip(InputStream framed) throws IOException {
        try {
            return new GZIPInputStream(framed, 8 * 1024);
        } catch (ZipException | EOFException e) {
            throw new MalformedResponse("a broken gzip body: " + e.getMessage());
        }
    }

    private static Socket connect(Allowed target, long deadlineNanos) throws IOException {
        List<InetAddress> addresses = target.addresses();
        IOException failure = null;
        for (int i = 0; i < addresses.size(); i++) {
            long remaining = remainingMillis(deadlineNanos);
            if (remaining <= 0) {
                throw failure != null ? failure : new DeadlineExceeded();
            }
            // Leave time for the other addresses, but give each at least a second (or what is left).
            long share = Math.max(Math.min(remaining, 1_000), remaining / (addresses.size() - i));
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(addresses.get(i), target.port()), (int) Math.min(share, Integer.MAX_VALUE));
                socket.setTcpNoDelay(true);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                failure = e;
            }
        }
        throw failure;
    }

    private static Socket handshake(Socket plain, Allowed target, long deadlineNanos, SSLSocketFactory tls)
            throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket(plain, target.host(), target.port(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(target.host())) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(target.host())));
            } catch (IllegalArgumentException notAnSniName) {
                // Names with underscores are valid in DNS but not in SNI; the certificate is still checked by name.
            }
        }
        socket.setSSLParameters(parameters);
        setTimeout(socket, deadlineNanos);
        socket.startHandshake();
        return socket;
    }

    private static String request(Allowed target, String userAgent) {
        URI uri = target.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        int defaultPort = target.https() ? 443 : 80;
        String host = (target.host().contains(":") ? "[" + target.host() + "]" : target.host())
                + (target.port() == defaultPort ? "" : ":" + target.port());
        return "GET " + path + query + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "User-Agent: " + userAgent + "\r\n"
                + "Accept: text/html, application/xhtml+xml, text/plain;q=0.9\r\n"
                + "Accept-Encoding: gzip\r\n"
                + "Connection: close\r\n"
                + "\r\n";
    }

    private static Head readHead(InputStream in) throws IOException {
        int budget = MAX_HEAD;
        for (int interim = 0; interim <= MAX_INTERIM; interim++) {
            String statusLine = readLine(in, true);
            budget -= statusLine.length();
            Matcher matcher = STATUS_LINE.matcher(statusLine);
            if (!matcher.matches()) {
                throw new MalformedResponse("not an HTTP/1.x status line");
            }
            int status = Integer.parseInt(matcher.group(1));
            Map<String, List<String>> headers = new LinkedHashMap<>();
            String last = null;
            int count = 0;
            while (true) {
                String line = readLine(in, false);
                budget -= line.length() + 2;
                if (budget < 0 || ++count > MAX_HEADERS) {
                    throw new MalformedResponse("response headers larger than " + MAX_HEAD / 1024 + " KiB");
                }
                if (line.isEmpty()) {
                    break;
                }
                if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                    List<String> values = headers.get(last);
                    values.set(values.size() - 1, values.getLast() + " " + line.strip());
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new MalformedResponse("a header line without a name");
                }
                last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                headers.computeIfAbsent(last, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
            }
            // 1xx answers (103 Early Hints, a stray 100 Continue) come before the real one.
            if (status >= 200 || status == 101) {
                return new Head(status, matcher.group(2) == null ? "" : matcher.group(2).strip(), Map.copyOf(headers));
            }
        }
        throw new MalformedResponse("too many interim 1xx answers");
    }

    /** A line without its CR LF (or bare LF), read as ISO-8859-1 like HTTP's header bytes. */
    private static String readLine(InputStream in, boolean first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (first && line.size() == 0) {
                    throw new EOFException("the site closed the connection without answering");
                }
                throw new EOFException("the connection closed in the middle of the response headers");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new MalformedResponse("a response line longer than " + MAX_LINE / 1024 + " KiB");
            }
            line.write(b);
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    private static long remainingMillis(long deadlineNanos) {
        long nanos = deadlineNanos - System.nanoTime();
        return nanos <= 0 ? 0 : Math.max(1, nanos / 1_000_000);
    }

    private static void setTimeout(Socket socket, long deadlineNanos) throws IOException {
        long remaining = remainingMillis(deadlineNanos);
        if (remaining <= 0) {
            throw new DeadlineExceeded();
        }
        socket.setSoTimeout((int) Math.min(remaining, Integer.MAX_VALUE));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }

    /** Socket reads that may take only what is left of the fetch's time. */
    private static final class DeadlineInput extends InputStream {

        private final Socket socket;
        private final InputStream in;
        private final long deadlineNanos;

        DeadlineInput(Socket socket, long deadlineNanos) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public int read() throws IOException {
            setTimeout(socket, deadlineNanos);
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            setTimeout(socket, deadlineNanos);
            return in.read(buffer, offset, length);
        }
    }

    /** A body of a declared length; ending early is a broken connection, not the end of the page. */
    private static final class LengthBody extends FilterInputStream {

        private long remaining;

        LengthBody(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("the connection closed before the whole body arrived");
            }
            remaining -= n;
            return n;
        }
    }

    /** {@code Transfer-Encoding: chunked}: hex sizes, chunks, an empty chunk and optional trailers. */
    private static final class ChunkedBody extends InputStream {

        private final InputStream in;
        private long chunkLeft;
        private boolean done;

        ChunkedBody(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                chunkLeft = nextChunkSize();
                if (chunkLeft == 0) {
                    for (int i = 0; i <= MAX_HEADERS && !readLine(in, false).isEmpty(); i++) {
                        if (i == MAX_HEADERS) {
                            throw new MalformedResponse("too many chunked trailers");
                        }
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(buffer, offset, (int) Math.min(length, chunkLeft));
            if (n < 0) {
                throw new EOFException("the connection closed in the middle of a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0 && !readLine(in, false).isEmpty()) {
                throw new MalformedResponse("a chunk longer than its declared size");
            }
            return n;
        }

        private long nextChunkSize() throws IOException {
            String line = readLine(in, false);
            int extension = line.indexOf(';');
            String size = (extension < 0 ? line : line.substring(0, extension)).strip();
            if (!size.matches("[0-9a-fA-F]{1,15}")) {
                throw new MalformedResponse("a chunk size that is not a hex number");
            }
            return Long.parseLong(size, 16);
        }
    }

    /** Turns a corrupt gzip stream into {@link MalformedResponse}, which is the site's fault, not the network's. */
    private static final class CorruptionAsMalformed extends FilterInputStream {

        CorruptionAsMalformed(InputStream in) {
            super(in);
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
            }
        }
    }
}
