package dev.opad.api.feed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;

/**
 * The Atom feeds ({@code GET /feeds/<secret>.atom}). Each setting is also read from the environment under its
 * derived name (opad.a.b-c: OPAD_A_B_C); a default written {@code ${OPAD_NAME:value}} takes the variable README
 * documents, else value; no file repeats it.
 */
@ConfigMapping(prefix = "opad.feeds")
public interface FeedConfig {

    /**
     * Where people reach opad: the web gateway, which serves the feeds under {@code /api/feeds/}. Feed URLs and
     * the entries' links to the reader start with it, so behind a proxy or a domain it must name that.
     */
    @WithDefault("${OPAD_PUBLIC_URL:http://127.0.0.1:8080}")
    URI publicUrl();

    /** Entries in a feed: the newest completed articles. Each costs a storage read when it is not cached. */
    @WithDefault("${OPAD_FEED_MAX_ENTRIES:50}")
    @Min(1)
    @Max(200)
    int maxEntries();

    /** Feed fetches one client address may make per minute: nobody signs in to fetch a feed. */
    @WithDefault("${OPAD_FEED_RATE_PER_ADDRESS:30}")
    @Min(1)
    int perAddressPerMinute();
}
