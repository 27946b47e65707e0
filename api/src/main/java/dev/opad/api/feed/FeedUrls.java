package dev.opad.api.feed;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The absolute addresses a feed hands out: its own URL and the reader's pages, on {@link FeedConfig#publicUrl()}. */
@ApplicationScoped
public class FeedUrls {

    /** Where the gateway serves the api's {@code /feeds/…} ({@code ApiRoutes}). */
    private static final String FEEDS_PATH = "/api/feeds/";

    private final String base;

    public FeedUrls(FeedConfig config) {
        String url = config.publicUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String feed(String secret) {
        return base + FEEDS_PATH + secret + ".atom";
    }

    String article(UUID articleId) {
        return base + "/#/articles/" + articleId;
    }

    String library() {
        return base + "/#/library";
    }

    String schedule(UUID scheduleId) {
        return base + "/#/schedules/" + scheduleId;
    }
}
