package dev.opad.source;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The address ranges opad never fetches from: everything that is not the public internet. IPv6 forms
 * that carry an IPv4 address (mapped, compatible, translated, NAT64, 6to4, Teredo) are judged by the
 * IPv4 address inside, so {@code ::ffff:127.0.0.1} is loopback too.
 */
final class ForbiddenAddresses {

    private static final String LOOPBACK = "a loopback address";
    private static final String PRIVATE = "a private network address";
    private static final String RESERVED = "a reserved address";

    private record Range4(int network, int prefix, String what) {
        boolean contains(int address) {
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            return (address & mask) == (network & mask);
        }
    }

    private static final Range4[] IPV4 = {
            new Range4(ipv4(255, 255, 255, 255), 32, "the broadcast address"),
            new Range4(ipv4(0, 0, 0, 0), 8, "an unspecified (\"this network\") address"),
            new Range4(ipv4(10, 0, 0, 0), 8, PRIVATE),
            new Range4(ipv4(100, 64, 0, 0), 10, "a carrier-grade NAT address"),
            new Range4(ipv4(127, 0, 0, 0), 8, LOOPBACK),
            new Range4(ipv4(169, 254, 0, 0), 16, "a link-local address (where cloud metadata services live)"),
            new Range4(ipv4(172, 16, 0, 0), 12, PRIVATE),
            new Range4(ipv4(192, 0, 0, 0), 24, RESERVED),
            new Range4(ipv4(192, 0, 2, 0), 24, RESERVED),
            new Range4(ipv4(192, 88, 99, 0), 24, RESERVED),
            new Range4(ipv4(192, 168, 0, 0), 16, PRIVATE),
            new Range4(ipv4(198, 18, 0, 0), 15, RESERVED),
            new Range4(ipv4(198, 51, 100, 0), 24, RESERVED),
            new Range4(ipv4(203, 0, 113, 0), 24, RESERVED),
            new Range4(ipv4(224, 0, 0, 0), 4, "a multicast address"),
            new Range4(ipv4(240, 0, 0, 0), 4, RESERVED),
    };

    private ForbiddenAddresses() {
    }

    /**
     * @return what kind of forbidden address this is, as a noun phrase, or empty if it is public
     */
    static Optional<String> describe(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? describe4(toInt(bytes, 0)) : describe6(bytes);
    }

    private static Optional<String> describe4(int address) {
        for (Range4 range : IPV4) {
            if (range.contains(address)) {
                return Optional.of(range.what());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> describe6(byte[] b) {
        if (isZero(b, 0, 16)) {
            return Optional.of("the unspecified address");
        }
        if (isZero(b, 0, 15) && b[15] == 1) {
            return Optional.of(LOOPBACK);
        }
        int u0 = u16(b, 0);
        int u1 = u16(b, 2);
        if (isZero(b, 0, 10) && u16(b, 10) == 0xffff) {
            return embedded("an IPv4-mapped form of", toInt(b, 12));
        }
        if (isZero(b, 0, 12)) {
            return embedded("an IPv4-compatible form of", toInt(b, 12));
        }
        if (isZero(b, 0, 8) && u16(b, 8) == 0xffff && u16(b, 10) == 0) {
            return embedded("an IPv4-translated form of", toInt(b, 12));
        }
        if (u0 == 0x0064 && u1 == 0xff9b && isZero(b, 4, 12)) {
            return embedded("a NAT64 form of", toInt(b, 12));
        }
        if (u0 == 0x0064 && u1 == 0xff9b && u16(b, 4) == 1) {
            return Optional.of("a local-use NAT64 address");
        }
        if (u0 == 0x0100 && isZero(b, 2, 8)) {
            return Optional.of(RESERVED);
        }
        if (u0 == 0x2001 && u1 == 0x0000) {
            Optional<String> server = embedded("a Teredo address with server", toInt(b, 4));
            return server.isPresent() ? server
                    : embedded("a Teredo form of", ~toInt(b, 12));
        }
        if (u0 == 0x2001 && u1 == 0x0db8) {
            return Optional.of(RESERVED);
        }
        if (u0 == 0x2002) {
            return embedded("a 6to4 form of", toInt(b, 2));
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("a private (unique local) address");
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return Optional.of("a link-local address");
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return Optional.of("a site-local address");
        }
        if ((b[0] & 0xff) == 0xff) {
            return Optional.of("a multicast address");
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(String form, int ipv4) {
        return describe4(ipv4).map(what -> form + " " + text(ipv4) + ", " + what);
    }

    static int ipv4(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    static Inet4Address toAddress(int ipv4) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[]{
                    (byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8), (byte) ipv4});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    static String text(int ipv4) {
        return (ipv4 >>> 24) + "." + (ipv4 >>> 16 & 0xff) + "." + (ipv4 >>> 8 & 0xff) + "." + (ipv4 & 0xff);
    }

    private static int toInt(byte[] b, int offset) {
        return (b[offset] & 0xff) << 24 | (b[offset + 1] & 0xff) << 16 | (b[offset + 2] & 0xff) << 8 | (b[offset + 3] & 0xff);
    }

    private static int u16(byte[] b, int offset) {
        return (b[offset] & 0xff) << 8 | (b[offset + 1] & 0xff);
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
