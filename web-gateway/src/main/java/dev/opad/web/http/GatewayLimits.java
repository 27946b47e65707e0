package dev.opad.web.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/**
 * How much the gateway takes in before it refuses: the size of a request (refused unread) and of an
 * article it renders. Mapped from {@code opad.web.limits.*}; the values, and so the defaults, are in
 * application.properties, which also hands the body size to Quarkus's own limit.
 */
@ConfigMapping(prefix = "opad.web.limits")
public interface GatewayLimits {

    /** A body, declared or chunked: the api refuses more anyway, so more is never read here. */
    MemorySize maxBodySize();

    /** The request target (path and query), in characters. */
    int maxUriLength();

    /** All header names and values together. */
    MemorySize maxHeaderSize();

    /** The Markdown of one article rendered to HTML; the api's articles are far smaller. */
    MemorySize maxArticleSize();

    /** Connections to the api that forwarded calls share. */
    int maxApiConnections();

    /** Forwarded calls that may wait for one of those connections; any more are a 503 at once. */
    int maxWaitingApiCalls();

    /** Job streams (Server-Sent Events) relayed at once, each on its own api connection; one more is a 503. */
    int maxApiStreams();

    /** A relayed stream the api says nothing on for this long is closed (the api sends a comment every 15 s). */
    java.time.Duration streamIdleTimeout();
}
