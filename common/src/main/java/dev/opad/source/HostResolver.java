package dev.opad.source;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a host name into the addresses it stands for. {@link SourceUrlPolicy} checks every address a
 * name resolves to, and the fetcher connects only to those, so whatever this returns is what opad talks to.
 * Tests put a map here, because the test machines have no outside DNS.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * @param host an ASCII host name, never an IP literal
     * @return at least one address
     * @throws UnknownHostException if the name does not exist
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver ({@link InetAddress#getAllByName}), with its usual cache. */
    static HostResolver jdk() {
        return host -> Arrays.asList(InetAddress.getAllByName(host));
    }
}
