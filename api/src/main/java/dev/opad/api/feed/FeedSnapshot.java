package dev.opad.api.feed;

import java.time.Instant;
import java.util.List;

/**
 * A feed as the database has it now, before any stored object is read: enough to answer a conditional
 * request (304) without touching storage.
 *
 * @param version what the ETag carries: a digest of everything the feed shows
 * @param updated the newest entry's completion, or the subject's creation for an empty feed
 */
record FeedSnapshot(FeedSubject subject, List<FeedEntry> entries, String version, Instant updated) {
}
