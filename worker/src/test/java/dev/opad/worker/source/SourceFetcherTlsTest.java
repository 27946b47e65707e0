package dev.opad.worker.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.source.SourceUrlPolicy;
import dev.opad.worker.source.SourceFetcher.Limits;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS while connecting to a pinned IP: the certificate must still be checked against the host name,
 * and the name must travel in SNI and {@code Host}. The site's certificate (for {@code secure.test}) is
 * made by the JDK's keytool for this run.
 */
class SourceFetcherTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static LocalSite site;
    private static SSLContext clientTls;

    @BeforeAll
    static void startSite() throws Exception {
        Path keystore = dir.resolve("site.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "site", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=secure.test", "-ext", "SAN=dns:secure.test", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed: " + output);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        site = LocalSite.https(serverTls).on("/", LocalSite.page("text/html", "<p>Over TLS</p>"));
    }

    @AfterAll
    static void stopSite() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void checksTheCertificateAgainstTheNameWhileConnectingToThePinnedAddress() {
        SourceDocument document = fetcher().fetch("https://secure.test:" + site.port() + "/");

        assertEquals("Over TLS", document.text());
        assertEquals("secure.test:" + site.port(), site.seen().getLast().host());
    }

    @Test
    void refusesACertificateForAnotherName() {
        int before = site.seen().size();

        SourceFetchException e = assertThrows(SourceFetchException.class,
                () -> fetcher().fetch("https://impostor.test:" + site.port() + "/"));

        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("certificate may not be valid"), e.getMessage());
        assertEquals(before, site.seen().size(), "no request is sent over an unverified connection");
    }

    @Test
    void refusesACertificateNoTrustedAuthoritySigned() {
        SourceFetcher defaultTrust = new SourceFetcher(SourceFetcherTest.loopbackPolicy(
                SourceFetcherTest.fakeDns(Map.of("secure.test", "127.0.0.1"))), Limits.DEFAULTS);

        SourceFetchException e = assertThrows(SourceFetchException.class,
                () -> defaultTrust.fetch("https://secure.test:" + site.port() + "/"));

        assertFalse(e.isTransient());
    }

    private static SourceFetcher fetcher() {
        var dns = SourceFetcherTest.fakeDns(Map.of("secure.test", "127.0.0.1", "impostor.test", "127.0.0.1"));
        return new SourceFetcher(SourceFetcherTest.loopbackPolicy(dns), Limits.DEFAULTS, clientTls.getSocketFactory());
    }
}
