package dev.opad.api.limits;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a request comes from, for the per-address limits. The peer of the connection, unless the peer
 * is one of {@link LimitsConfig#trustedProxies()} (the web gateway): then the last
 * {@code X-Forwarded-For} entry, the one that proxy wrote. Nobody is trusted by default, so that no
 * process on the api's host or network can claim another address unless the deployment says so;
 * {@code ./opad up} and deploy/ name the gateway's addresses. A value that is not an IP address
 * counts as the peer's: a made-up string must not open a fresh bucket. IPv6 addresses count per /64,
 * the block one host usually gets, so rotating through it does not either.
 */
@ApplicationScoped
public class ClientAddresses {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final List<Block> trusted;

    public ClientAddresses(LimitsConfig config) {
        this.trusted = config.trustedProxies().orElse(List.of()).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).map(Block::parse).toList();
    }

    public String of(HttpServerRequest request) {
        return resolve(request.remoteAddress().hostAddress(), request.headers().getAll("X-Forwarded-For"));
    }

    /** The bucket name for a connection from {@code peerAddress} that sent these X-Forwarded-For headers. */
    String resolve(String peerAddress, List<String> forwardedFor) {
        Optional<InetAddress> peer = literal(peerAddress);
        if (peer.isEmpty()) {
            return peerAddress; // a Unix socket, say: its own bucket
        }
        InetAddress client = peer.get();
        if (trusted.stream().anyMatch(block -> block.contains(peer.get()))) {
            client = lastForwarded(forwardedFor).flatMap(ClientAddresses::literal).orElse(client);
        }
        return bucket(client);
    }

    private static Optional<String> lastForwarded(List<String> headers) {
        if (headers.isEmpty()) {
            return Optional.empty();
        }
        String[] entries = headers.get(headers.size() - 1).split(",");
        return Optional.of(entries[entries.length - 1].strip());
    }

    /** An IP address written as one, never a name: nothing here may cause a DNS lookup. */
    static Optional<InetAddress> literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(bare).matches() && !IPV6.matcher(bare).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException malformed) {
            return Optional.empty();
        }
    }

    private static String bucket(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] block = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(block, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(block).getHostAddress() + "/64";
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return address.getHostAddress();
    }

    /** An address or CIDR block from the configuration, e.g. {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code [::1]}. */
    record Block(byte[] network, int prefixBits) {

        static Block parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            InetAddress parsed = literal(address).orElseThrow(() -> new IllegalArgumentException(
                    "opad.limits.trusted-proxies: '" + text + "' is not an IP address or CIDR block"));
            int bits = parsed.getAddress().length * 8;
            int prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("opad.limits.trusted-proxies: bad prefix length in '" + text + "'");
            }
            return new Block(parsed.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixBits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
