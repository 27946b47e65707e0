package dev.opad.api.feed;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opad.api.auth.UserEntity;
import dev.opad.api.limits.RateLimiter;
import dev.opad.api.problem.NotFoundProblem;
import dev.opad.api.problem.ServiceBusyProblem;
import dev.opad.article.ArticleEntity;
import dev.opad.feed.FeedSecret;
import dev.opad.markdown.MarkdownRenderer;
import dev.opad.schedule.ScheduleEntity;
import dev.opad.storage.ArticleStorage;
import dev.opad.storage.StorageUnavailableException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Atom feeds. Nobody signs in to fetch one, so what a stranger can make it do is bounded: a token bucket per
 * client address is taken before anything else, a secret of the wrong shape is not looked up, a known one costs
 * two indexed lookups and one range scan of at most {@link FeedConfig#maxEntries()} rows, and a conditional
 * request whose version still holds is answered from those alone. Only a changed feed reads stored objects, and
 * their HTML is kept: an object's key names one attempt's text, which never changes.
 */
@ApplicationScoped
public class FeedService {

    private static final Logger LOG = Logger.getLogger(FeedService.class);
    private static final String RATE_LIMIT = "feed-address";
    /** Part of every version: a change to how feeds are written changes every ETag. */
    private static final String FORMAT = "opad-atom-1";
    /** Rendered HTML kept, in characters (about 16 MiB): a few hundred articles. */
    private static final long HTML_CACHE_CHARS = 8L * 1024 * 1024;

    private final FeedConfig config;
    private final FeedUrls urls;
    private final RateLimiter limiter;
    private final ArticleStorage storage;
    private final MarkdownRenderer renderer;
    private final AtomFeedWriter writer;
    private final Cache<String, String> html = Caffeine.newBuilder()
            .maximumWeight(HTML_CACHE_CHARS).weigher((String key, String value) -> value.length()).build();

    public FeedService(FeedConfig config, FeedUrls urls, RateLimiter limiter, ArticleStorage storage,
                       MarkdownRenderer renderer, AtomFeedWriter writer) {
        this.config = config;
        this.urls = urls;
        this.limiter = limiter;
        this.storage = storage;
        this.renderer = renderer;
        this.writer = writer;
    }

    /** The feed {@code secret} opens, as the database has it now; a 404 problem for any other secret. */
    public FeedSnapshot snapshot(String secret, String clientAddress) {
        limiter.take(RATE_LIMIT, clientAddress, config.perAddressPerMinute(), Duration.ofMinutes(1),
                "Too many feed requests from this address");
        if (!FeedSecret.isWellFormed(secret)) {
            throw noFeed();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            FeedSubject subject = subject(secret).orElseThrow(FeedService::noFeed);
            List<FeedEntry> entries = entries(subject);
            return new FeedSnapshot(subject, entries, version(subject, entries),
                    entries.isEmpty() ? subject.createdAt() : entries.getFirst().completedAt());
        });
    }

    /** The feed's Atom document, each entry's article rendered by the reader's renderer. */
    public String atom(FeedSnapshot snapshot) {
        return writer.write(snapshot, entry -> Optional.ofNullable(html.get(entry.storageKey(), this::render)));
    }

    private String render(String storageKey) {
        Optional<byte[]> markdown;
        try {
            markdown = storage.get(storageKey);
        } catch (StorageUnavailableException e) {
            // Not a feed without content: a reader would keep the entries as they are and never fetch them again.
            LOG.warnf("feed not written, storage unavailable: %s", e.getMessage());
            throw new ServiceBusyProblem("The article store is unavailable right now; try again shortly", 5);
        }
        if (markdown.isEmpty()) {
            LOG.warnf("stored object %s of a completed article is missing; its feed entry has no content", storageKey);
            return null;
        }
        return renderer.render(new String(markdown.get(), StandardCharsets.UTF_8));
    }

    /** Two lookups through the unique indexes on feed_secret: a user's, else a schedule's. */
    private static Optional<FeedSubject> subject(String secret) {
        Optional<FeedSubject> user = UserEntity.<UserEntity>find("feedSecret", secret).firstResultOptional()
                .map(u -> new FeedSubject(FeedSubject.Kind.USER, u.id, u.id, u.name, u.feedSecret, u.createdAt));
        if (user.isPresent()) {
            return user;
        }
        return ScheduleEntity.<ScheduleEntity>find("feedSecret", secret).firstResultOptional()
                .map(s -> new FeedSubject(FeedSubject.Kind.SCHEDULE, s.id(), s.userId(), s.name(), s.feedSecret(),
                        s.createdAt()));
    }

    /**
     * The newest completed articles, by one of the partial indexes articles_feed_by_*: the status is written
     * into the statement, not bound, so the planner can match the indexes' condition.
     */
    private List<FeedEntry> entries(FeedSubject subject) {
        String whose = subject.kind() == FeedSubject.Kind.USER ? "user_id = :owner" : "schedule_id = :schedule and user_id = :owner";
        var query = ArticleEntity.getEntityManager().createNativeQuery("select * from articles where " + whose + """
                 and status = 'completed' and completed_at is not null
                order by completed_at desc, id limit :max""", ArticleEntity.class)
                .setParameter("owner", subject.ownerId())
                .setParameter("max", config.maxEntries());
        if (subject.kind() == FeedSubject.Kind.SCHEDULE) {
            query.setParameter("schedule", subject.id());
        }
        @SuppressWarnings("unchecked")
        List<ArticleEntity> rows = query.getResultList();
        return rows.stream().map(a -> new FeedEntry(a.id, a.title, a.language, a.level, a.topic, a.wordCount,
                a.storageKey, a.completedAt)).toList();
    }

    /** A digest of everything the document shows, so equal versions mean equal feeds. */
    private String version(FeedSubject subject, List<FeedEntry> entries) {
        StringBuilder text = new StringBuilder(FORMAT).append('\n').append(subject.kind()).append(subject.id())
                .append('|').append(subject.name()).append('|').append(urls.feed(subject.secret()));
        entries.forEach(entry -> text.append('\n').append(entry.fingerprint()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static NotFoundProblem noFeed() {
        return new NotFoundProblem("No feed at this address; its owner may have replaced it with a new one");
    }
}
