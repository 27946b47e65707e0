package dev.opad.api.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Issue 12, item 18: which X-Forwarded-For values are believed, from whom. */
class ClientAddressesTest {

    @Test
    void aBlockContainsItsAddressesOnly() throws Exception {
        ClientAddresses.Block block = ClientAddresses.Block.parse("10.0.0.0/8");
        assertTrue(block.contains(InetAddress.getByName("10.42.1.2")));
        assertFalse(block.contains(InetAddress.getByName("11.0.0.1")));
        assertFalse(block.contains(InetAddress.getByName("::1")));
        assertTrue(ClientAddresses.Block.parse("[::1]").contains(InetAddress.getByName("0:0:0:0:0:0:0:1")));
        assertTrue(ClientAddresses.Block.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.1")));
        assertFalse(ClientAddresses.Block.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2")));
        assertThrows(IllegalArgumentException.class, () -> ClientAddresses.Block.parse("gateway.local"));
        assertThrows(IllegalArgumentException.class, () -> ClientAddresses.Block.parse("10.0.0.0/33"));
    }

    @Test
    void onlyAddressLiteralsAreBelievedNeverNames() {
        assertTrue(ClientAddresses.literal("203.0.113.7").isPresent());
        assertTrue(ClientAddresses.literal("2001:db8::1").isPresent());
        assertTrue(ClientAddresses.literal("[2001:db8::1]").isPresent());
        for (String junk : new String[] {"", "unknown", "localhost", "example.org", "1.2.3", "999.1.1.1", "1.2.3.4:80",
                "abc", "::::::::::", "203.0.113.7, 10.0.0.1", "<script>"}) {
            assertFalse(ClientAddresses.literal(junk).isPresent(), junk);
        }
    }

    @Test
    void theLastForwardedEntryCountsOnlyFromATrustedPeerAndOnlyWhenItIsAnAddress() {
        ClientAddresses none = new ClientAddresses(config(null));
        ClientAddresses gateway = new ClientAddresses(config("127.0.0.1,::1"));
        assertEquals("127.0.0.1", none.resolve("127.0.0.1", java.util.List.of("203.0.113.7")), "nobody is trusted by default");
        assertEquals("203.0.113.7", gateway.resolve("127.0.0.1", java.util.List.of("203.0.113.7")));
        assertEquals("203.0.113.9", gateway.resolve("127.0.0.1", java.util.List.of("203.0.113.7, 203.0.113.9")));
        assertEquals("127.0.0.1", gateway.resolve("127.0.0.1", java.util.List.of("made-up-" + System.nanoTime())),
                "an unparseable value counts as the peer, not as a fresh bucket");
        assertEquals("192.0.2.1", gateway.resolve("192.0.2.1", java.util.List.of("203.0.113.7")), "an untrusted peer");
        assertEquals("2001:db8:1:2:0:0:0:0/64", gateway.resolve("127.0.0.1", java.util.List.of("2001:db8:1:2:aaaa::5")),
                "IPv6 counts per /64");
    }

    private static LimitsConfig config(String trusted) {
        return new LimitsConfig() {
            @Override
            public int generatePerHour() {
                return 30;
            }

            @Override
            public java.util.Optional<java.util.List<String>> trustedProxies() {
                return java.util.Optional.ofNullable(trusted).map(t -> java.util.List.of(t.split(",")));
            }
        };
    }
}
