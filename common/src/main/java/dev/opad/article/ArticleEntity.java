package dev.opad.article;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A requested article: its inputs, and once generated, where its text is stored. */
@Entity
@Table(name = "articles")
public class ArticleEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The owner; null only for rows written before accounts existed. */
    @Column(name = "user_id")
    public UUID userId;

    @Column(nullable = false)
    public String language;

    @Column(nullable = false)
    public String level;

    @Column(name = "length_words", nullable = false)
    public int lengthWords;

    @Column(nullable = false)
    public String topic;

    @Column(nullable = false)
    private ArticleStatus status;

    public String title;

    @Column(name = "storage_key")
    public String storageKey;

    /** When the owner deleted it; retention removes its stored objects some days later. */
    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "word_count")
    public Integer wordCount;

    /** Text the user supplied as the research source (optional). */
    @Column(name = "source_text")
    public String sourceText;

    /** A page the worker fetches, within strict limits, as the research source (optional). */
    @Column(name = "source_url")
    public String sourceUrl;

    @Column(name = "detected_language")
    public String detectedLanguage;

    /** The schedule that ordered this article; null for one ordered by hand. */
    @Column(name = "schedule_id")
    public UUID scheduleId;

    /** The quality gate's report of the published text, as JSON. */
    @Column(name = "gate_report")
    public String gateReport;

    /** 8–15 key words with lemma, part of speech, definition and example, as JSON. */
    public String glossary;

    /** The model used in each stage, as JSON. */
    public String models;

    /** When it was last completed: its feed entry's "updated" time (null until then). */
    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static ArticleEntity request(UUID owner, Language language, String level, int lengthWords, String topic) {
        ArticleEntity article = new ArticleEntity();
        article.id = UUID.randomUUID();
        article.userId = owner;
        article.language = language.displayName();
        article.level = level;
        article.lengthWords = lengthWords;
        article.topic = topic;
        article.status = ArticleStatus.PENDING;
        article.createdAt = now();
        article.updatedAt = article.createdAt;
        return article;
    }

    /**
     * The owner's article, unless soft-deleted. Another user's article is simply not found, so
     * ids cannot be probed.
     */
    public static Optional<ArticleEntity> findOwned(UUID id, UUID owner) {
        return ArticleEntity.<ArticleEntity>find("id = ?1 and userId = ?2 and status <> ?3", id, owner, ArticleStatus.DELETED)
                .firstResultOptional();
    }

    /**
     * The titles of the schedule's latest completed articles, newest first: the crew is told not to
     * repeat them.
     */
    public static List<String> recentTitles(UUID scheduleId, int max) {
        return getEntityManager().createQuery("""
                select a.title from ArticleEntity a
                where a.scheduleId = :schedule and a.title is not null and a.status = :completed
                order by a.createdAt desc""", String.class)
                .setParameter("schedule", scheduleId).setParameter("completed", ArticleStatus.COMPLETED)
                .setMaxResults(max).getResultList();
    }

    public ArticleStatus status() {
        return status;
    }

    public boolean isDeleted() {
        return status == ArticleStatus.DELETED;
    }

    public void markRunning() {
        moveTo(ArticleStatus.RUNNING);
    }

    /** The learner data of the published text: what the gate saw, the glossary, the models used (JSON). */
    public void describe(String detected, String gateReportJson, String glossaryJson, String modelsJson) {
        detectedLanguage = detected;
        gateReport = gateReportJson;
        glossary = glossaryJson;
        models = modelsJson;
    }

    /** Called only after the stored object was read back and verified. */
    public void markCompleted(String newTitle, String newStorageKey, int newWordCount) {
        moveTo(ArticleStatus.COMPLETED);
        completedAt = updatedAt;
        title = newTitle;
        storageKey = newStorageKey;
        wordCount = newWordCount;
    }

    public void markFailed() {
        moveTo(ArticleStatus.FAILED);
    }

    /** A generation ended without a new article (cancelled): back to what it was before. */
    public void markIdle() {
        if (status == ArticleStatus.RUNNING || status == ArticleStatus.FAILED) {
            moveTo(storageKey == null ? ArticleStatus.PENDING : ArticleStatus.COMPLETED);
        }
    }

    public void markDeleted() {
        if (status != ArticleStatus.DELETED) {
            deletedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        }
        status = ArticleStatus.DELETED;
        touch();
    }

    /** A deleted article stays deleted: a job finishing after the user deleted it must not resurrect it. */
    private void moveTo(ArticleStatus next) {
        if (status != ArticleStatus.DELETED) {
            status = next;
        }
        touch();
    }

    private void touch() {
        updatedAt = now();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
