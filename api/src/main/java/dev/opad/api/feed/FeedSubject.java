package dev.opad.api.feed;

import java.time.Instant;
import java.util.UUID;

/** Whose feed a secret opens: a user's (all their completed articles) or one schedule's (the ones it ordered). */
record FeedSubject(Kind kind, UUID id, UUID ownerId, String name, String secret, Instant createdAt) {

    enum Kind { USER, SCHEDULE }
}
