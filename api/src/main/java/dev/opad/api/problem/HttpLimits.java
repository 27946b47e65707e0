package dev.opad.api.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The longest request target and the largest header block the api reads. They are enforced by
 * {@link RequestSizeLimit}, which answers a problem; the HTTP codec's own limits
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set higher,
 * because the codec refuses with a bare status and no body.
 */
@ConfigMapping(prefix = "opad.http")
public interface HttpLimits {

    @WithDefault("4096")
    int maxUriLength();

    @WithDefault("20K")
    MemorySize maxHeaderSize();
}
