package dev.opad.source;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses a source may be fetched from, asked for every address a URL names or resolves to.
 * opad has one: {@link #publicOnly()}. It is a seam so that a test fetching from a server on its own
 * machine can pass a screen of its own; production code has nothing else to pass.
 */
@FunctionalInterface
public interface AddressScreen {

    /** What kind of address this is when it may not be fetched from, as a noun phrase ("a loopback address"), or empty. */
    Optional<String> refusal(InetAddress address);

    /** Public addresses only: loopback, private networks, link-local, metadata and the other special ranges refused. */
    static AddressScreen publicOnly() {
        return ForbiddenAddresses::describe;
    }
}
