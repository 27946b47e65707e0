package dev.opad.source;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Set;

/** What a user-supplied source URL may be ({@link SourceUrlPolicy}), and how much of it the worker reads. */
@ConfigMapping(prefix = "opad.source")
public interface SourceConfig {

    /** Ports a source URL may name; services on other ports are mostly internal ones. */
    @WithDefault("80,443")
    Set<Integer> allowedPorts();

    @WithDefault("2048")
    int maxUrlLength();

    /** How long resolving the URL's host may take, at submit time and again before fetching. */
    @WithDefault("2s")
    Duration dnsTimeout();

    Fetch fetch();

    interface Fetch {

        /** For the whole fetch: every redirect, connection, TLS handshake and byte of the body. */
        @WithDefault("10s")
        Duration timeout();

        /** A larger page is refused; reading stops at this size. */
        @WithDefault("2M")
        MemorySize maxBody();

        /** Readable text beyond this is cut off (at a paragraph or word boundary) and marked as truncated. */
        @WithDefault("20000")
        int maxTextChars();

        /** Redirects followed, each one checked like the URL the user gave. */
        @WithDefault("3")
        int maxRedirects();
    }
}
