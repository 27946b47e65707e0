package dev.opad.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.source.SourceUrlCheck.Allowed;
import dev.opad.source.SourceUrlCheck.Kind;
import dev.opad.source.SourceUrlCheck.Refused;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The machine running the tests has no outside DNS: names resolve through {@link #FAKE_DNS}. */
class SourceUrlPolicyTest {

    private static final Map<String, List<String>> DNS = Map.of(
            "example.com", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
            "evil.test", List.of("127.0.0.1"),
            "metadata.test", List.of("169.254.169.254"),
            "mixed.test", List.of("93.184.216.34", "10.0.0.7"),
            "mapped.test", List.of("::ffff:192.168.0.1"),
            "ula.test", List.of("fd12:3456:789a::1"),
            "xn--bcher-kva.example", List.of("93.184.216.34"));

    private static final HostResolver FAKE_DNS = host -> {
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> resolved = new java.util.ArrayList<>();
        for (String address : addresses) {
            resolved.add(InetAddress.getByName(address));
        }
        return resolved;
    };

    private final SourceUrlPolicy policy = SourceUrlPolicy.builder().resolver(FAKE_DNS).build();

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1/                   | loopback
            http://127.8.9.10/page              | loopback
            http://10.1.2.3/                    | private network
            http://172.20.0.1/                  | private network
            http://192.168.1.1/                 | private network
            http://169.254.169.254/latest/meta-data/ | link-local
            http://100.64.1.1/                  | carrier-grade NAT
            http://0.0.0.0/                     | unspecified
            http://255.255.255.255/             | broadcast
            http://224.0.0.1/                   | multicast
            http://[::1]/                       | loopback
            http://[::]/                        | unspecified
            http://[::ffff:127.0.0.1]/          | loopback
            http://[::ffff:7f00:1]/             | loopback
            http://[::ffff:169.254.169.254]/    | link-local
            http://[::127.0.0.1]/               | loopback
            http://[64:ff9b::a00:1]/            | private network
            http://[2002:7f00:1::]/             | 6to4 form of 127.0.0.1
            http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/ | Teredo form of 127.0.0.1
            http://[fe80::1]/                   | link-local
            http://[fd00::1]/                   | unique local
            http://[ff02::1]/                   | multicast
            http://localhost/                   | this machine
            http://LOCALHOST./                  | this machine
            http://api.localhost/               | this machine
            http://evil.test/                   | resolves to 127.0.0.1, a loopback address
            http://metadata.test/               | resolves to 169.254.169.254, a link-local address
            http://mixed.test/                  | resolves to 10.0.0.7, a private network address
            http://mapped.test/                 | private network
            https://ula.test/                   | unique local
            """)
    void refusesAddressesOutsideThePublicInternet(String url, String expected) {
        Refused refused = refused(url, Kind.FORBIDDEN);
        assertTrue(refused.reason().contains(expected), refused.reason());
        assertTrue(refused.reason().contains("public web addresses"), refused.reason());
        assertFalse(refused.isTransient());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://2130706433/                  | 127.0.0.1, a loopback address
            http://0x7f000001/                  | 127.0.0.1, a loopback address
            http://0x7f.1/                      | 127.0.0.1, a loopback address
            http://017700000001/                | 127.0.0.1, a loopback address
            http://0177.0.0.1/                  | 127.0.0.1, a loopback address
            http://127.1/                       | 127.0.0.1, a loopback address
            http://10.1/                        | 10.0.0.1, a private network address
            http://0xa9.0xfe.0xa9.0xfe/         | 169.254.169.254, a link-local
            http://3627734562/                  | 216.58.214.34
            """)
    void refusesUnusualSpellingsOfIpAddressesAndNamesTheAddress(String url, String expected) {
        Refused refused = refused(url, Kind.INVALID);
        assertTrue(refused.reason().contains("unusual spelling"), refused.reason());
        assertTrue(refused.reason().contains(expected), refused.reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ftp://example.com/file              | not ftp
            file:///etc/passwd                  | not file
            javascript:alert(1)                 | not javascript
            gopher://example.com:70/            | not gopher
            example.com/page                    | full web address
            //example.com/page                  | full web address
            http://user:pass@example.com/       | user name or password
            http://user@example.com/            | user name or password
            http://example.com:8080/            | port 8080 is not allowed; use port 80 or 443
            https://example.com:22/             | port 22 is not allowed
            http://example.com:99999/           | not a port number
            http://example.com:-1/              | not a port number
            http:///path                        | no host
            http://:80/                         | no host
            http://exa mple.com/                | not a valid URL
            http://1.2.3.4.5/                   | not a valid one
            http://256.1.1.1/                   | not a valid one
            http://0x1g.1/                      | not a valid one
            http://[::1/                        | not a valid URL
            http://[fe80::1%25eth0]/            | not a valid IPv6 address
            http://-bad-.example.com/           | not a valid host name
            http://ex%41mple.com/               | %-escapes
            """)
    void refusesUrlsThatAreNotPlainPublicWebAddresses(String url, String expected) {
        Refused refused = refused(url, Kind.INVALID);
        assertTrue(refused.reason().contains(expected), refused.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void refusesAnEmptyUrl(String url) {
        assertTrue(refused(url, Kind.INVALID).reason().contains("empty"));
    }

    @Test
    void refusesAnOverlongUrl() {
        String url = "https://example.com/" + "a".repeat(2049 - "https://example.com/".length());
        assertTrue(refused(url, Kind.INVALID).reason().contains("longer than 2048 characters"));
        assertInstanceOf(Allowed.class, policy.check(url.substring(0, 2048)));
    }

    @Test
    void allowsAPublicIpv4Literal() {
        Allowed allowed = assertInstanceOf(Allowed.class, policy.check("http://93.184.216.34/index.html?q=1#top"));
        assertEquals("http://93.184.216.34/index.html?q=1", allowed.uri().toString());
        assertEquals("93.184.216.34", allowed.host());
        assertEquals(80, allowed.port());
        assertEquals(List.of("93.184.216.34"), addresses(allowed));
    }

    @Test
    void allowsAPublicIpv6Literal() {
        Allowed allowed = assertInstanceOf(Allowed.class, policy.check("https://[2606:2800:220:1:248:1893:25C8:1946]/"));
        assertEquals("2606:2800:220:1:248:1893:25c8:1946", allowed.host());
        assertEquals("https://[2606:2800:220:1:248:1893:25c8:1946]/", allowed.uri().toString());
        assertEquals(443, allowed.port());
    }

    @Test
    void allowsAPublicNameWithEveryAddressItResolvesTo() {
        Allowed allowed = assertInstanceOf(Allowed.class, policy.check("  HTTPS://Example.COM  "));
        assertEquals("https://example.com/", allowed.uri().toString());
        assertEquals("example.com", allowed.host());
        assertEquals(443, allowed.port());
        assertTrue(allowed.https());
        assertEquals(List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"), addresses(allowed));
    }

    @Test
    void keepsAnExplicitDefaultPortOutOfTheUrlAndEncodesNonAsciiPaths() {
        Allowed allowed = assertInstanceOf(Allowed.class, policy.check("http://example.com:80/caf\u00e9?x=\u00fc"));
        assertEquals("http://example.com/caf%C3%A9?x=%C3%BC", allowed.uri().toString());
    }

    @Test
    void turnsInternationalHostNamesIntoPunycode() {
        Allowed allowed = assertInstanceOf(Allowed.class, policy.check("https://b\u00fccher.example/"));
        assertEquals("xn--bcher-kva.example", allowed.host());
        assertEquals("https://xn--bcher-kva.example/", allowed.uri().toString());
    }

    @Test
    void anUnknownHostIsTransientBecauseDnsMayBeDown() {
        Refused refused = refused("https://nowhere.test/", Kind.UNRESOLVED);
        assertTrue(refused.isTransient());
        assertTrue(refused.reason().contains("nowhere.test could not be found"), refused.reason());
    }

    @Test
    void aSlowLookupIsCutOffAtTheDnsTimeLimit() {
        SourceUrlPolicy slow = SourceUrlPolicy.builder()
                .dnsTimeout(Duration.ofMillis(200))
                .resolver(host -> {
                    try {
                        Thread.sleep(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new UnknownHostException(host);
                })
                .build();
        long start = System.nanoTime();
        Refused refused = assertInstanceOf(Refused.class, slow.check("https://slow.test/"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Kind.UNRESOLVED, refused.kind());
        assertTrue(refused.reason().contains("took longer than 200 ms"), refused.reason());
        assertTrue(millis < 2_000, "took " + millis + " ms");
    }

    @Test
    void literalsAndRefusedUrlsNeverReachTheResolver() {
        AtomicInteger lookups = new AtomicInteger();
        SourceUrlPolicy counting = SourceUrlPolicy.builder().resolver(host -> {
            lookups.incrementAndGet();
            return FAKE_DNS.resolve(host);
        }).build();
        for (String url : List.of("http://127.0.0.1/", "http://[::1]/", "http://2130706433/", "http://localhost/",
                "ftp://example.com/", "http://example.com:8080/", "http://u:p@example.com/", "http://93.184.216.34/")) {
            counting.check(url);
        }
        assertEquals(0, lookups.get());
    }

    @Test
    void anInjectedScreenDecidesWhichAddressesPassAndEveryOtherRuleStillHolds() {
        AddressScreen publicOnly = AddressScreen.publicOnly();
        SourceUrlPolicy local = SourceUrlPolicy.builder().resolver(FAKE_DNS)
                .allowedPorts(java.util.stream.IntStream.rangeClosed(1, 65535).boxed().toList())
                .addressScreen(address -> address.isLoopbackAddress() ? java.util.Optional.empty() : publicOnly.refusal(address))
                .build();
        assertInstanceOf(Allowed.class, local.check("http://127.0.0.1:45678/page"));
        assertInstanceOf(Allowed.class, local.check("http://[::1]:45678/page"));
        assertInstanceOf(Allowed.class, local.check("http://evil.test:8080/"));
        assertEquals(Kind.FORBIDDEN, assertInstanceOf(Refused.class, local.check("http://169.254.169.254/")).kind());
        assertEquals(Kind.FORBIDDEN, assertInstanceOf(Refused.class, local.check("http://10.0.0.1:8080/")).kind());
        assertEquals(Kind.FORBIDDEN, assertInstanceOf(Refused.class, local.check("http://mixed.test/")).kind());
        assertEquals(Kind.INVALID, assertInstanceOf(Refused.class, local.check("http://0x7f.1/")).kind());
    }

    @Test
    void configuredPortsReplaceTheDefaults() {
        SourceUrlPolicy ports = SourceUrlPolicy.builder().resolver(FAKE_DNS).allowedPorts(List.of(443, 8443)).build();
        assertInstanceOf(Allowed.class, ports.check("https://example.com:8443/"));
        Refused refused = assertInstanceOf(Refused.class, ports.check("http://example.com/"));
        assertTrue(refused.reason().contains("port 80 is not allowed; use port 443 or 8443"), refused.reason());
    }

    private Refused refused(String url, Kind kind) {
        Refused refused = assertInstanceOf(Refused.class, policy.check(url), url);
        assertEquals(kind, refused.kind(), url + ": " + refused.reason());
        return refused;
    }

    private static List<String> addresses(Allowed allowed) {
        return allowed.addresses().stream().map(InetAddress::getHostAddress).toList();
    }
}
