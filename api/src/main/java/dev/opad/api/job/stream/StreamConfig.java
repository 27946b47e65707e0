package dev.opad.api.job.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Live job streams ({@code GET /jobs/{id}/events/stream}). Each setting is also read from the
 * environment variable README documents; no file repeats a default.
 */
@ConfigMapping(prefix = "opad.streams")
public interface StreamConfig {

    /**
     * How often an idle stream gets a comment line: proxies close connections that say nothing for a
     * while (nginx after 60 s, the gateway after {@code opad.web.limits.stream-idle-timeout}).
     */
    @WithDefault("${OPAD_STREAM_HEARTBEAT:15s}")
    Duration heartbeat();

    /** Open streams one api instance holds; one more is a 503, so a flood costs a bounded amount of memory. */
    @WithDefault("${OPAD_STREAM_MAX:20000}")
    int maxStreams();

    /** Open streams of one user on one api instance; one more is a 429. */
    @WithDefault("${OPAD_STREAM_MAX_PER_USER:20}")
    int maxPerUser();

    /** The {@code retry:} a stream announces: how long a browser's EventSource waits before it reconnects. */
    @WithDefault("2s")
    Duration reconnectDelay();
}
