package dev.opad.web.trace;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/**
 * Where the gateway's spans go: the api's and worker's setting ({@code dev.opad.trace.TraceConfig} in common, which
 * the gateway does not depend on), read from the same variable. Spans are always made, and the calls the gateway
 * forwards carry their {@code traceparent} to the api; only with an endpoint are they exported.
 */
@ConfigMapping(prefix = "opad.traces")
public interface TraceConfig {

    /**
     * The collector's OTLP/HTTP base URL, such as {@code http://collector:4318}; empty: nothing is exported. Set in
     * application.properties from OPAD_OTLP_ENDPOINT, not here: Quarkus's exporter reads the same property, and a
     * mapping's default is not a property it can see.
     */
    Optional<URI> otlpEndpoint();
}
