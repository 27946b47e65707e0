package dev.opad.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: a body far larger than the
 * server accepts (declared or chunked) written while the answer is read, a head sent slowly, headers
 * and addresses of any size. Test code only; real clients go through rest-assured or java.net.http.
 */
final class RawHttp {

    /** What came back: a status and its body, or nothing (the connection ended first). */
    record Answer(int status, String contentType, String body) {

        static final Answer NONE = new Answer(-1, "", "");

        boolean answered() {
            return status > 0;
        }
    }

    /** How the body goes out: declared with Content-Length, chunked, or none. */
    enum Framing { LENGTH, CHUNKED, NONE }

    private static final int PIECE = 64 * 1024;

    private RawHttp() {
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line) and {@code bodyBytes}
     * bytes of body in the given framing, each piece after {@code pause}, while the answer is read.
     */
    static Answer exchange(int port, String head, Framing framing, long bodyBytes, Duration pause, Duration timeout) {
        return exchange(port, head, framing, bodyBytes, PIECE, pause, timeout);
    }

    static Answer exchange(int port, String head, Framing framing, long bodyBytes, int pieceBytes, Duration pause,
                           Duration timeout) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            Thread writer = Thread.ofVirtual().start(() -> write(socket, head, framing, bodyBytes, pieceBytes, pause));
            try {
                return read(socket);
            } finally {
                writer.interrupt();
            }
        } catch (IOException e) {
            return Answer.NONE;
        }
    }

    private static void write(Socket socket, String head, Framing framing, long bodyBytes, int pieceBytes, Duration pause) {
        try {
            OutputStream out = socket.getOutputStream();
            String framingHeader = switch (framing) {
                case LENGTH -> "Content-Length: " + bodyBytes + "\r\n";
                case CHUNKED -> "Transfer-Encoding: chunked\r\n";
                case NONE -> "";
            };
            out.write((head + "\r\n" + framingHeader + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] piece = new byte[pieceBytes];
            java.util.Arrays.fill(piece, (byte) 'a');
            for (long sent = 0; sent < bodyBytes && framing != Framing.NONE; sent += pieceBytes) {
                int n = (int) Math.min(pieceBytes, bodyBytes - sent);
                if (!pause.isZero()) {
                    Thread.sleep(pause);
                }
                if (framing == Framing.CHUNKED) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write(piece, 0, n);
                if (framing == Framing.CHUNKED) {
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            if (framing == Framing.CHUNKED) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
        } catch (IOException e) {
            // The server stopped reading (it answered and closed): what an abuser sees too.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one answer from a socket the caller wrote a request to itself. */
    static Answer read(Socket socket) {
        try {
            return read(socket.getInputStream());
        } catch (IOException e) {
            return Answer.NONE;
        }
    }

    private static Answer read(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
            return Answer.NONE;
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        String contentType = "";
        long length = -1;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            String name = header.substring(0, Math.max(0, header.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(header.indexOf(':') + 1).trim();
            if (name.equals("content-type")) {
                contentType = value;
            } else if (name.equals("content-length")) {
                length = Long.parseLong(value);
            }
        }
        byte[] body = length >= 0 ? in.readNBytes((int) length) : new byte[0];
        return new Answer(status, contentType, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
