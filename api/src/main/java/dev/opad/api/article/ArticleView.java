package dev.opad.api.article;

import dev.opad.article.ArticleEntity;
import dev.opad.article.ArticleStatus;
import java.time.Instant;
import java.util.UUID;

/** An article as the api shows it. */
public record ArticleView(
        UUID id,
        String language,
        String level,
        int length,
        String topic,
        ArticleStatus status,
        String title,
        Integer wordCount,
        String contentUrl,
        Instant createdAt,
        Instant updatedAt) {

    public static ArticleView of(ArticleEntity article) {
        String contentUrl = article.status() == ArticleStatus.COMPLETED ? "/articles/" + article.id + "/content" : null;
        return new ArticleView(article.id, article.language, article.level, article.lengthWords, article.topic,
                article.status(), article.title, article.wordCount, contentUrl, article.createdAt, article.updatedAt);
    }
}
