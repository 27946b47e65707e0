package dev.opad.worker.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.source.AddressScreen;
import dev.opad.source.HostResolver;
import dev.opad.source.SourceUrlPolicy;
import dev.opad.worker.source.SourceFetcher.Limits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fetcher against a site on this machine. The standard policy refuses loopback, so these tests use
 * {@link #loopbackPolicy}, which still refuses every other private address, and a few check that the
 * standard policy stops a fetch before any connection.
 */
class SourceFetcherTest {

    static final List<Integer> ANY_PORT = java.util.stream.IntStream.rangeClosed(1, 65535).boxed().toList();

    private static final String ARTICLE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Tides &amp; Moons</title>
              <style>body { color: red; }</style>
              <script>var nav = "</nav> not closing anything"; document.write("<p>script text</p>");</script>
            </head>
            <body>
              <header><h1>Site name</h1><nav><a href="/">Home</a> | <a href="/about">About</a></nav></header>
              <article>
                <h1>Why the sea   rises twice a day</h1>
                <p>The Moon&rsquo;s gravity pulls the ocean into
                   two bulges &mdash; one facing it, one opposite.</p>
                <!-- a comment that is not text -->
                <p>Tides at spring are larger: Sun &amp; Moon align, a&nbsp;b &#233;t&#xE9; &unknown; 3 &lt; 4.</p>
                <ul><li>High water</li><li>Low <b>water</b></li></ul>
                <aside>Read also: ten facts about whales</aside>
              </article>
              <footer>&copy; 2024 Site name. <a href="/privacy">Privacy</a></footer>
              <noscript>Please enable JavaScript</noscript>
            </body>
            </html>
            """;

    private final List<LocalSite> sites = new java.util.ArrayList<>();

    @AfterEach
    void closeSites() {
        sites.forEach(LocalSite::close);
    }

    @Test
    void turnsAnHtmlPageIntoReadableParagraphs() throws IOException {
        LocalSite site = site().on("/article", LocalSite.page("text/html; charset=utf-8", ARTICLE));

        SourceDocument document = fetcher().fetch(site.url("/article"));

        assertEquals("""
                Why the sea rises twice a day

                The Moon\u2019s gravity pulls the ocean into two bulges \u2014 one facing it, one opposite.

                Tides at spring are larger: Sun & Moon align, a b \u00e9t\u00e9 &unknown; 3 < 4.

                - High water
                - Low water""", document.text());
        assertEquals(Optional.of("Tides & Moons"), document.title());
        assertEquals("text/html", document.contentType());
        assertEquals(site.url("/article"), document.url().toString());
        assertFalse(document.truncated());
    }

    @Test
    void readsPlainTextAndXhtml() throws IOException {
        LocalSite site = site()
                .on("/notes.txt", LocalSite.page("text/plain", "Line one\r\nLine two\r\n\r\n\r\n\r\nAfter a gap\n"))
                .on("/page.xhtml", LocalSite.page("application/xhtml+xml",
                        "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Strict</p></body></html>"));

        assertEquals("Line one\nLine two\n\nAfter a gap", fetcher().fetch(site.url("/notes.txt")).text());
        assertEquals("Strict", fetcher().fetch(site.url("/page.xhtml")).text());
    }

    @Test
    void decodesTheCharsetTheHeaderOrTheMetaTagNames() throws IOException {
        byte[] latin1 = "<p>Caf\u00e9 cr\u00e8me</p>".getBytes(StandardCharsets.ISO_8859_1);
        byte[] meta = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><p>\u201cQuoted\u201d</p></body></html>"
                .getBytes(java.nio.charset.Charset.forName("windows-1252"));
        LocalSite site = site()
                .on("/latin1", exchange -> LocalSite.send(exchange, 200, "text/html; charset=ISO-8859-1", latin1))
                .on("/meta", exchange -> LocalSite.send(exchange, 200, "text/html", meta));

        assertEquals("Caf\u00e9 cr\u00e8me", fetcher().fetch(site.url("/latin1")).text());
        assertEquals("\u201cQuoted\u201d", fetcher().fetch(site.url("/meta")).text());
    }

    @Test
    void decodesAGzipBodyEvenThoughItIsCapped() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write("<p>Compressed words</p>".getBytes(StandardCharsets.UTF_8));
        }
        LocalSite site = site().on("/gz", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            LocalSite.send(exchange, 200, "text/html", zipped.toByteArray());
        });

        assertEquals("Compressed words", fetcher().fetch(site.url("/gz")).text());
    }

    @Test
    void refusesAGzipBombOnceItsUnpackedSizePassesTheCap() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 50; i++) {
                gzip.write(zeros);
            }
        }
        LocalSite site = site().on("/bomb", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            LocalSite.send(exchange, 200, "text/html", zipped.toByteArray());
        });

        SourceFetchException e = assertThrows(SourceFetchException.class, () -> fetcher().fetch(site.url("/bomb")));
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("larger than 2 MiB"), e.getMessage());
    }

    @Test
    void followsRedirectsByHandAndReportsWhereTheTextCameFrom() throws IOException {
        LocalSite site = site()
                .on("/first", LocalSite.redirect(301, "/second?x=1"))
                .on("/second", LocalSite.redirect(302, "third"))
                .on("/third", LocalSite.page("text/html", "<p>Arrived</p>"));

        SourceDocument document = fetcher().fetch(site.url("/first"));

        assertEquals("Arrived", document.text());
        assertEquals(site.url("/third"), document.url().toString());
        assertEquals(List.of("/first", "/second?x=1", "/third"), site.seen().stream().map(LocalSite.Seen::path).toList());
    }

    @Test
    void refusesARedirectToTheCloudMetadataAddress() throws IOException {
        LocalSite site = site().on("/go", LocalSite.redirect(302, "http://169.254.169.254/latest/meta-data/"));

        SourceFetchException e = assertThrows(SourceFetchException.class, () -> fetcher().fetch(site.url("/go")));

        assertFalse(e.isTransient());
        assertTrue(e.getMessage().startsWith("the source page redirected to http://169.254.169.254/latest/meta-data/, "
                + "which opad may not fetch: "), e.getMessage());
        assertTrue(e.getMessage().contains("link-local"), e.getMessage());
    }

    @Test
    void refusesARedirectToANameThatResolvesToAPrivateAddress() throws IOException {
        LocalSite site = site().on("/go", LocalSite.redirect(307, "http://intranet.test/wiki"));
        HostResolver dns = fakeDns(Map.of("intranet.test", "10.0.0.5"));

        SourceFetchException e = assertThrows(SourceFetchException.class,
                () -> new SourceFetcher(loopbackPolicy(dns), Limits.DEFAULTS).fetch(site.url("/go")));

        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("intranet.test resolves to 10.0.0.5, a private network address"), e.getMessage());
    }

    @Test
    void givesUpAfterThreeRedirects() throws IOException {
        LocalSite site = site().on("/loop", LocalSite.redirect(302, "/loop"));

        SourceFetchException e = assertThrows(SourceFetchException.class, () -> fetcher().fetch(site.url("/loop")));

        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("redirected more than 3 times"), e.getMessage());
        assertEquals(4, site.seen().size());
    }

    @Test
    void refusesABodyLargerThanTheCapWhileReadingIt() throws IOException {
        LocalSite site = site().on("/huge", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, 0);
            byte[] paragraph = "<p>words words words</p>\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int written = 0; written < 3 * 1024 * 1024; written += paragraph.length) {
                    out.write(paragraph);
                }
            } catch (IOException clientGaveUp) {
                // Expected: the fetcher stops reading at the cap and closes the connection.
            }
        });

        SourceFetchException e = assertThrows(SourceFetchException.class, () -> fetcher().fetch(site.url("/huge")));

        assertFalse(e.isTransient());
        assertEquals("the source page is larger than 2 MiB; opad reads pages up to that size", e.getMessage());
    }

    @Test
    void refusesADeclaredLengthOverTheCapWithoutWaitingForTheBody() throws IOException {
        LocalSite site = site().on("/declared", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, 5L * 1024 * 1024);
            exchange.getResponseBody().write("<p>".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            sleep(5_000);
        });

        long start = System.nanoTime();
        SourceFetchException e = assertThrows(SourceFetchException.class, () -> fetcher().fetch(site.url("/declared")));

        assertTrue(e.getMessage().contains("larger than 2 MiB"), e.getMessage());
        assertTrue(millisSince(start) < 3_000, "took " + millisSince(start) + " ms");
    }

    @Test
    void refusesWhatIsNotAWebPage() throws IOException {
        LocalSite site = site()
                .on("/data.json", LocalSite.page("application/json", "{\"a\": 1}"))
                .on("/image.png", LocalSite.page("image/png", "PNG"))
                .on("/unlabelled", LocalSite.page(null, "<p>who knows</p>"));

        SourceFetchException json = assertThrows(SourceFetchException.class, () -> fetcher().fetch(site.url("/data.json")));
        assertFalse(json.isTransient());
        assertTrue(json.getMessage().startsWith("the source URL points to application/json, not a web page"), json.getMessage());
        SourceFetchException png = assertThrows(SourceFetchException.class, () -> fetcher().fetch(site.url("/image.png")));
        assertTrue(png.getMessage().contains("image/png"), png.getMessage());
        SourceFetchException unlabelled = assertThrows(SourceFetchException.class, () -> fetcher().fetch(site.url("/unlabelled")));
        assertFalse(unlabelled.isTransient());
        assertTrue(unlabelled.getMessage().contains("does not say what kind of document"), unlabelled.getMessage());
    }

    @Test
    void aSiteThatDoesNotAnswerInTimeIsATransientTimeout() throws IOException {
        LocalSite site = site().on("/slow", exchange -> {
            sleep(3_000);
            LocalSite.send(exchange, 200, "text/html", "<p>too late</p>".getBytes(StandardCharsets.UTF_8));
        });

        long start = System.nanoTime();
        SourceFetchException e = assertThrows(SourceFetchException.class,
                () -> fetcher(Duration.ofMillis(500)).fetch(site.url("/slow")));

        assertTrue(e.isTransient());
        assertEquals("the site at 127.0.0.1:" + site.port() + " did not answer within 500 ms", e.getMessage());
        assertTrue(millisSince(start) < 2_000, "took " + millisSince(start) + " ms");
    }

    @Test
    void aSiteThatDripsItsBodyIsCutOffByTheWholeFetchsDeadline() throws IOException {
        LocalSite site = site().on("/drip", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write("<p>drop</p>".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sleep(100);
                }
            } catch (IOException clientGaveUp) {
                // Expected.
            }
        });

        long start = System.nanoTime();
        SourceFetchException e = assertThrows(SourceFetchException.class,
                () -> fetcher(Duration.ofMillis(800)).fetch(site.url("/drip")));

        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("did not answer within 800 ms"), e.getMessage());
        assertTrue(millisSince(start) < 2_500, "took " + millisSince(start) + " ms");
    }

    @Test
    void theStandardPolicyRefusesLoopbackBeforeAnyConnection() throws IOException {
        LocalSite site = site().on("/", LocalSite.page("text/html", "<p>secret</p>"));
        SourceUrlPolicy anyPortButNoLoopback = SourceUrlPolicy.builder().allowedPorts(ANY_PORT)
                .resolver(fakeDns(Map.of("evil.test", "127.0.0.1"))).build();

        SourceFetchException standard = assertThrows(SourceFetchException.class,
                () -> new SourceFetcher(SourceUrlPolicy.standard()).fetch(site.url("/")));
        SourceFetchException literal = assertThrows(SourceFetchException.class,
                () -> new SourceFetcher(anyPortButNoLoopback).fetch(site.url("/")));
        SourceFetchException named = assertThrows(SourceFetchException.class,
                () -> new SourceFetcher(anyPortButNoLoopback).fetch("http://evil.test:" + site.port() + "/"));
        SourceFetchException localhost = assertThrows(SourceFetchException.class,
                () -> new SourceFetcher(anyPortButNoLoopback).fetch("http://localhost:" + site.port() + "/"));

        assertFalse(standard.isTransient());
        assertTrue(standard.getMessage().contains("port " + site.port() + " is not allowed"), standard.getMessage());
        assertTrue(literal.getMessage().contains("127.0.0.1 is a loopback address"), literal.getMessage());
        assertTrue(named.getMessage().contains("evil.test resolves to 127.0.0.1, a loopback address"), named.getMessage());
        assertTrue(localhost.getMessage().contains("localhost is this machine"), localhost.getMessage());
        assertEquals(List.of(), site.seen());
    }

    @Test
    void connectsToTheAddressTheCheckApprovedAndSendsTheNameAsHost() throws IOException {
        LocalSite site = site().on("/", LocalSite.page("text/html", "<p>pinned</p>"));
        AtomicInteger lookups = new AtomicInteger();
        // A rebinding name: public-looking first answer is what gets checked; any later answer is private.
        HostResolver rebinding = host -> {
            String address = lookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.0.0.1";
            return List.of(InetAddress.getByName(address));
        };

        SourceDocument document = new SourceFetcher(loopbackPolicy(rebinding))
                .fetch("http://rebind.test:" + site.port() + "/");

        assertEquals("pinned", document.text());
        assertEquals(1, lookups.get());
        assertEquals("rebind.test:" + site.port(), site.seen().getFirst().host());
    }

    @Test
    void tellsTransientErrorAnswersFromPermanentOnes() throws IOException {
        LocalSite site = site()
                .on("/missing", exchange -> LocalSite.send(exchange, 404, "text/html", "<p>nope</p>".getBytes(StandardCharsets.UTF_8)))
                .on("/down", exchange -> LocalSite.send(exchange, 503, "text/html", new byte[0]))
                .on("/busy", exchange -> LocalSite.send(exchange, 429, "text/html", new byte[0]));

        SourceFetchException missing = assertThrows(SourceFetchException.class, () -> fetcher().fetch(site.url("/missing")));
        SourceFetchException down = assertThrows(SourceFetchException.class, () -> fetcher().fetch(site.url("/down")));
        SourceFetchException busy = assertThrows(SourceFetchException.class, () -> fetcher().fetch(site.url("/busy")));

        assertFalse(missing.isTransient());
        assertTrue(missing.getMessage().startsWith("the site at 127.0.0.1 answered 404"), missing.getMessage());
        assertTrue(down.isTransient());
        assertTrue(down.getMessage().contains("answered 503"), down.getMessage());
        assertTrue(busy.isTransient());
    }

    @Test
    void aClosedPortIsTransient() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        SourceFetchException e = assertThrows(SourceFetchException.class,
                () -> fetcher().fetch("http://127.0.0.1:" + port + "/"));

        assertTrue(e.isTransient());
        assertEquals("could not connect to 127.0.0.1:" + port + " (connection refused)", e.getMessage());
    }

    @Test
    void anUnknownHostIsTransient() {
        SourceFetchException e = assertThrows(SourceFetchException.class, () ->
                new SourceFetcher(loopbackPolicy(fakeDns(Map.of()))).fetch("https://gone.test/"));

        assertTrue(e.isTransient());
        assertEquals("the host gone.test could not be found", e.getMessage());
    }

    @Test
    void cutsLongTextAndSaysSo() throws IOException {
        String paragraph = "<p>" + "word ".repeat(199) + "end.</p>\n";
        LocalSite site = site().on("/long", LocalSite.page("text/html", paragraph.repeat(50)));

        SourceDocument document = fetcher().fetch(site.url("/long"));

        assertTrue(document.truncated());
        assertTrue(document.text().length() <= 20_000, "length " + document.text().length());
        assertTrue(document.text().length() > 16_000, "length " + document.text().length());
        assertTrue(document.text().endsWith("end."), "cut at a paragraph");
    }

    @Test
    void aPageWithoutWordsIsRefused() throws IOException {
        LocalSite site = site().on("/app", LocalSite.page("text/html",
                "<html><head><script src=app.js></script></head><body><div id=root></div></body></html>"));

        SourceFetchException e = assertThrows(SourceFetchException.class, () -> fetcher().fetch(site.url("/app")));

        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("has no readable text (it may need JavaScript"), e.getMessage());
    }

    @Test
    void aUrlThePolicyRefusesIsRefusedWithItsReason() {
        SourceFetchException e = assertThrows(SourceFetchException.class, () -> fetcher().fetch("file:///etc/passwd"));

        assertFalse(e.isTransient());
        assertEquals("the source URL must use http or https, not file", e.getMessage());
    }

    @Test
    void readsPastInterimAnswersAndChunkTrailers() throws Exception {
        int port = rawSite("HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6;ext=1\r\nhello \r\n5\r\nworld\r\n0\r\nTrailer: x\r\n\r\n");

        assertEquals("hello world", fetcher().fetch("http://127.0.0.1:" + port + "/").text());
    }

    @Test
    void somethingThatIsNotHttpIsAPermanentFailure() throws Exception {
        int port = rawSite("SSH-2.0-OpenSSH_9.6\r\n");

        SourceFetchException e = assertThrows(SourceFetchException.class,
                () -> fetcher().fetch("http://127.0.0.1:" + port + "/"));

        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("did not answer in proper HTTP"), e.getMessage());
    }

    @Test
    void aBodyCutShortOfItsLengthIsTransient() throws Exception {
        int port = rawSite("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n<p>only part");

        SourceFetchException e = assertThrows(SourceFetchException.class,
                () -> fetcher().fetch("http://127.0.0.1:" + port + "/"));

        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("closed before the whole body arrived"), e.getMessage());
    }

    /** A server that answers its first connection with exactly these bytes, then hangs up. */
    private static int rawSite(String answer) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            try (server; var socket = server.accept()) {
                socket.getInputStream().read(new byte[4096]);
                socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                socket.shutdownOutput();
                sleep(200);
            } catch (IOException ignored) {
                // The test sees what the fetcher made of it.
            }
        });
        return server.getLocalPort();
    }

    private LocalSite site() throws IOException {
        LocalSite site = LocalSite.http();
        sites.add(site);
        return site;
    }

    private static SourceFetcher fetcher() {
        return new SourceFetcher(loopbackPolicy(fakeDns(Map.of())), Limits.DEFAULTS);
    }

    private static SourceFetcher fetcher(Duration timeout) {
        return new SourceFetcher(loopbackPolicy(fakeDns(Map.of())),
                new Limits(timeout, Limits.DEFAULTS.maxBodyBytes(), Limits.DEFAULTS.maxTextChars(), Limits.DEFAULTS.maxRedirects()));
    }

    /**
     * The standard rules with two exceptions a local test site needs: its loopback address and its
     * random port. Injected through the policy's seams; production code has no such policy.
     */
    static SourceUrlPolicy loopbackPolicy(HostResolver dns) {
        AddressScreen publicOnly = AddressScreen.publicOnly();
        return SourceUrlPolicy.builder().resolver(dns).allowedPorts(ANY_PORT)
                .addressScreen(address -> address.isLoopbackAddress() ? Optional.empty() : publicOnly.refusal(address))
                .build();
    }

    static HostResolver fakeDns(Map<String, String> names) {
        return host -> {
            String address = names.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(address));
        };
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
