package dev.opad.schedule;

import dev.opad.article.ArticleEntity;
import dev.opad.article.Language;
import dev.opad.feed.FeedSecret;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A recurring article order: what to write (language, level, length, topics in turn or one theme,
 * an optional source) and when (a timing rule in the owner's zone). State changes go through the
 * verbs below; whoever changes a schedule holds its row lock ({@link #findOwnedForUpdate}), because
 * the scheduler, a finishing job and its owner may all reach for it at once.
 */
@Entity
@Table(name = "schedules")
public class ScheduleEntity extends PanacheEntityBase {

    public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;

    @Id
    private UUID id;

    @Column(name = "user_id", nullable = false)
    private UUID userId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String language;

    @Column(nullable = false)
    private String level;

    @Column(name = "length_words", nullable = false)
    private int lengthWords;

    @JdbcTypeCode(SqlTypes.JSON)
    private List<String> topics;

    private String theme;

    @Column(name = "source_text")
    private String sourceText;

    @Column(name = "source_url")
    private String sourceUrl;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private RuleSpec rule;

    @Column(nullable = false)
    private String timezone;

    @Column(nullable = false)
    private ScheduleStatus status;

    @Column(name = "paused_reason")
    private String pausedReason;

    @Column(name = "consecutive_failures", nullable = false)
    private int consecutiveFailures;

    @Column(name = "max_consecutive_failures", nullable = false)
    private int maxConsecutiveFailures = DEFAULT_MAX_CONSECUTIVE_FAILURES;

    @Column(name = "next_run_at")
    private Instant nextRunAt;

    @Column(name = "last_run_at")
    private Instant lastRunAt;

    @Column(name = "total_runs", nullable = false)
    private int totalRuns;

    @Column(name = "total_completed", nullable = false)
    private int totalCompleted;

    /** The secret of its Atom feed's URL (the completed articles it ordered); a new one ends the old URL. */
    @Column(name = "feed_secret", nullable = false)
    private String feedSecret;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    /** What a schedule orders each time: the article request, with topics or a theme. */
    public record Order(String name, Language language, String level, int lengthWords, List<String> topics,
                        String theme, String sourceText, String sourceUrl) {
    }

    /** A new active schedule, due at its rule's first run after {@code now}. */
    public static ScheduleEntity create(UUID owner, Order order, RuleSpec rule, int maxConsecutiveFailures, Instant now) {
        ScheduleEntity schedule = new ScheduleEntity();
        schedule.id = UUID.randomUUID();
        schedule.userId = owner;
        schedule.status = ScheduleStatus.ACTIVE;
        schedule.createdAt = micros(now);
        schedule.feedSecret = FeedSecret.random();
        schedule.change(order, rule, maxConsecutiveFailures, now);
        return schedule;
    }

    /** The owner's schedule, locked for a change; empty for anyone else's, so ids cannot be probed. */
    public static Optional<ScheduleEntity> findOwnedForUpdate(UUID id, UUID owner) {
        return ScheduleEntity.<ScheduleEntity>find("id = ?1 and userId = ?2", id, owner)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public static Optional<ScheduleEntity> findOwned(UUID id, UUID owner) {
        return ScheduleEntity.<ScheduleEntity>find("id = ?1 and userId = ?2", id, owner).firstResultOptional();
    }

    public static long countOwned(UUID owner) {
        return count("userId", owner);
    }

    /** A new order or rule (PATCH): the next run is recomputed from the new rule. */
    public void change(Order order, RuleSpec newRule, int newMaxConsecutiveFailures, Instant now) {
        name = order.name();
        language = order.language().displayName();
        level = order.level();
        lengthWords = order.lengthWords();
        topics = order.topics();
        theme = order.topics() == null ? order.theme() : null;
        sourceText = order.sourceText();
        sourceUrl = order.sourceUrl();
        rule = newRule;
        timezone = newRule.timezone();
        maxConsecutiveFailures = newMaxConsecutiveFailures;
        nextRunAt = timingRule(now).nextAfter(now).map(ScheduleEntity::micros).orElse(null);
        touch(now);
    }

    /** The rule as stored; it was checked when saved, and is checked again against {@code now}. */
    public TimingRule timingRule(Instant now) {
        return TimingRules.parse(rule, now);
    }

    /**
     * The article this run orders: topics are used in turn (the run count picks one), a theme is the
     * topic of every run and the crew finds a new angle on it.
     */
    public ArticleEntity newArticle() {
        String topic = topics == null ? theme : topics.get(totalRuns % topics.size());
        Language lang = Language.parse(language).orElseThrow();
        ArticleEntity article = ArticleEntity.request(userId, lang, level, lengthWords, topic);
        article.sourceText = sourceText;
        article.sourceUrl = sourceUrl;
        article.scheduleId = id;
        return article;
    }

    /** A run ordered an article: counted, and remembered as the last run. */
    public void fired(Instant at) {
        totalRuns++;
        lastRunAt = micros(at);
        touch(at);
    }

    /**
     * A fired run was taken back before its job could run (the api could not queue it): it no longer
     * counts, and the last run is the one before it again.
     */
    public void unfired(Instant previousLastRun, Instant now) {
        totalRuns--;
        lastRunAt = previousLastRun;
        touch(now);
    }

    /** The scheduler passed the due slots; the next one is {@code next} (null: the rule never runs again). */
    public void advanceTo(Instant next, Instant now) {
        nextRunAt = next == null ? null : micros(next);
        touch(now);
    }

    public void pause(String reason, Instant now) {
        status = ScheduleStatus.PAUSED;
        pausedReason = reason;
        touch(now);
    }

    /**
     * Active again, with a fresh failure count. The next run is the rule's first after now: the slots
     * passed while paused are not caught up, since the owner chose to skip them.
     */
    public void resume(Instant now) {
        status = ScheduleStatus.ACTIVE;
        pausedReason = null;
        consecutiveFailures = 0;
        nextRunAt = timingRule(now).nextAfter(now).map(ScheduleEntity::micros).orElse(null);
        touch(now);
    }

    /**
     * A run's job ended. A completed one resets the failure count; one failed for good adds to it,
     * and {@link #maxConsecutiveFailures} of them in a row pause the schedule, naming the last error,
     * so a schedule whose every run fails stops spending money. Cancelled runs do not count. True
     * when this run paused the schedule.
     */
    public boolean runEnded(RunOutcome outcome, String error, Instant now) {
        boolean paused = false;
        switch (outcome) {
            case COMPLETED -> {
                totalCompleted++;
                consecutiveFailures = 0;
            }
            case FAILED -> {
                consecutiveFailures++;
                if (status == ScheduleStatus.ACTIVE && consecutiveFailures >= maxConsecutiveFailures) {
                    pause("Paused after " + consecutiveFailures + " failed runs in a row; the last failed with: "
                            + (error == null ? "an unknown error" : error), now);
                    paused = true;
                }
            }
            default -> {
                return false;
            }
        }
        touch(now);
        return paused;
    }

    /** A new feed URL; the old one is not found from now on (a reader given it by mistake, say). */
    public void rotateFeedSecret(Instant now) {
        feedSecret = FeedSecret.random();
        touch(now);
    }

    private void touch(Instant now) {
        updatedAt = micros(now);
    }

    private static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    public UUID id() {
        return id;
    }

    public UUID userId() {
        return userId;
    }

    public String name() {
        return name;
    }

    public String language() {
        return language;
    }

    public String level() {
        return level;
    }

    public int lengthWords() {
        return lengthWords;
    }

    public List<String> topics() {
        return topics;
    }

    public String theme() {
        return theme;
    }

    public String sourceText() {
        return sourceText;
    }

    public String sourceUrl() {
        return sourceUrl;
    }

    public RuleSpec rule() {
        return rule;
    }

    public String timezone() {
        return timezone;
    }

    public ScheduleStatus status() {
        return status;
    }

    public String pausedReason() {
        return pausedReason;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public int maxConsecutiveFailures() {
        return maxConsecutiveFailures;
    }

    public Instant nextRunAt() {
        return nextRunAt;
    }

    public Instant lastRunAt() {
        return lastRunAt;
    }

    public int totalRuns() {
        return totalRuns;
    }

    public int totalCompleted() {
        return totalCompleted;
    }

    public String feedSecret() {
        return feedSecret;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
