package dev.opad.article;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/** A requested article: its inputs, and once generated, where its text is stored. */
@Entity
@Table(name = "articles")
public class ArticleEntity extends PanacheEntityBase {

    @Id
    public UUID id;

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

    @Column(name = "word_count")
    public Integer wordCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static ArticleEntity request(Language language, String level, int lengthWords, String topic) {
        ArticleEntity article = new ArticleEntity();
        article.id = UUID.randomUUID();
        article.language = language.displayName();
        article.level = level;
        article.lengthWords = lengthWords;
        article.topic = topic;
        article.status = ArticleStatus.PENDING;
        article.createdAt = now();
        article.updatedAt = article.createdAt;
        return article;
    }

    /** A soft-deleted article is gone as far as clients can tell. */
    public static Optional<ArticleEntity> findLive(UUID id) {
        return ArticleEntity.<ArticleEntity>find("id = ?1 and status <> ?2", id, ArticleStatus.DELETED).firstResultOptional();
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

    /** Called only after the stored object was read back and verified. */
    public void markCompleted(String newTitle, String newStorageKey, int newWordCount) {
        moveTo(ArticleStatus.COMPLETED);
        title = newTitle;
        storageKey = newStorageKey;
        wordCount = newWordCount;
    }

    public void markFailed() {
        moveTo(ArticleStatus.FAILED);
    }

    public void markDeleted() {
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
