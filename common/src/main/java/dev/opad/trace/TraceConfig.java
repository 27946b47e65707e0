package dev.opad.trace;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/**
 * Where spans go. Spans are always made (their trace ids are in the logs and in {@code job_events}); they are
 * exported over OTLP/HTTP (protobuf) only when an endpoint is set, so a machine without a collector logs no
 * export errors. Set it on every service: a job's trace starts in the api and goes on in a worker.
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
