package dev.opad.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.source.HostResolver;
import dev.opad.source.SourceConfig;
import dev.opad.source.SourceUrlCheck;
import dev.opad.source.SourceUrlCheck.Allowed;
import dev.opad.source.SourceUrlCheck.Kind;
import dev.opad.source.SourceUrlCheck.Refused;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The webhook URL policy: the source URL's SSRF rules, with the operator's allow-list of private hosts. */
class WebhookUrlPolicyTest {

    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "93.184.216.34",
            "rebound.example.com", "10.1.2.3",
            "localhost", "127.0.0.1",
            "receiver.internal", "192.168.7.7");

    private static final HostResolver FAKE_DNS = host -> {
        String address = DNS.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(address));
    };

    @Test
    void withoutAnAllowListOnlyPublicHostsOn80Or443() {
        WebhookUrlPolicy policy = policy(Set.of());
        Allowed allowed = assertInstanceOf(Allowed.class, policy.check("https://hooks.example.com/opad?x=1"));
        assertEquals(443, allowed.port());
        assertEquals(List.of("93.184.216.34"), allowed.addresses().stream().map(InetAddress::getHostAddress).toList());
        assertRefused(policy.check("https://hooks.example.com:8443/opad"), Kind.INVALID, "the webhook URL's port 8443");
        assertRefused(policy.check("http://127.0.0.1:8080/hook"), Kind.INVALID, "port 8080");
        assertRefused(policy.check("http://127.0.0.1/hook"), Kind.FORBIDDEN, "loopback");
        assertRefused(policy.check("http://localhost/hook"), Kind.FORBIDDEN, "this machine");
        assertRefused(policy.check("https://rebound.example.com/hook"), Kind.FORBIDDEN, "resolves to 10.1.2.3");
        assertRefused(policy.check("ftp://hooks.example.com/"), Kind.INVALID, "the webhook URL must use http or https");
    }

    @Test
    void allowListedPrivateHostsMayUseAnyPortAndAddress() {
        WebhookUrlPolicy policy = policy(Set.of("127.0.0.1", "LOCALHOST", "receiver.internal"));
        Allowed ip = assertInstanceOf(Allowed.class, policy.check("http://127.0.0.1:41234/hook"));
        assertEquals(41234, ip.port());
        Allowed name = assertInstanceOf(Allowed.class, policy.check("http://localhost:8080/hook"));
        assertEquals("127.0.0.1", name.addresses().getFirst().getHostAddress());
        assertInstanceOf(Allowed.class, policy.check("https://receiver.internal:9443/"));
        // Only the hosts named: another private host, or a public host on an odd port, is still refused.
        assertRefused(policy.check("http://127.0.0.2:41234/hook"), Kind.INVALID, "port 41234");
        assertRefused(policy.check("http://127.0.0.2/hook"), Kind.FORBIDDEN, "loopback");
        assertRefused(policy.check("https://rebound.example.com/hook"), Kind.FORBIDDEN, "10.1.2.3");
        assertRefused(policy.check("https://hooks.example.com:8443/"), Kind.INVALID, "port 8443");
    }

    private static void assertRefused(SourceUrlCheck check, Kind kind, String says) {
        Refused refused = assertInstanceOf(Refused.class, check);
        assertEquals(kind, refused.kind(), refused.reason());
        assertTrue(refused.reason().contains(says), refused.reason());
    }

    private static WebhookUrlPolicy policy(Set<String> allowed) {
        return new WebhookUrlPolicy(new WebhookConfig() {
            @Override
            public Optional<Set<String>> allowedPrivateHosts() {
                return allowed.isEmpty() ? Optional.empty() : Optional.of(allowed);
            }

            @Override
            public Delivery delivery() {
                throw new UnsupportedOperationException();
            }
        }, SOURCES, FAKE_DNS);
    }

    private static final SourceConfig SOURCES = new SourceConfig() {
        @Override
        public Set<Integer> allowedPorts() {
            return Set.of(80, 443, 8080); // the source URL's ports do not widen the webhook's
        }

        @Override
        public int maxUrlLength() {
            return 2048;
        }

        @Override
        public Duration dnsTimeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Fetch fetch() {
            return new Fetch() {
                public Duration timeout() {
                    return Duration.ofSeconds(10);
                }

                public MemorySize maxBody() {
                    return new MemorySize(BigInteger.valueOf(1024));
                }

                public int maxTextChars() {
                    return 100;
                }

                public int maxRedirects() {
                    return 3;
                }
            };
        }
    };
}
