package dev.opad.worker;

import dev.opad.source.HostResolver;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DNS as a test says it is: the test machines have no outside DNS, and a name must be able to change its
 * answer between two tries (rebinding). Names not mapped go to the JVM's resolver.
 */
@Alternative
@Singleton
public class MappedResolver implements HostResolver {

    private final Map<String, String> names = new ConcurrentHashMap<>();

    void map(String host, String address) {
        names.put(host, address);
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        String address = names.get(host);
        return address == null ? HostResolver.jdk().resolve(host) : List.of(InetAddress.getByName(address));
    }
}
