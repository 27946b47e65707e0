package dev.opad.api.article;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.opad.article.ArticleEntity;
import dev.opad.article.ArticleStatus;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
        String sourceUrl,
        boolean hasSourceText,
        String detectedLanguage,
        @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "The quality gate's findings") String gateReport,
        @JsonRawValue @Schema(type = SchemaType.ARRAY, implementation = java.util.Map.class, description = "Glossary entries, one object per word") String glossary,
        @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "The model that wrote each stage") String models,
        UUID latestJobId,
        Instant createdAt,
        Instant updatedAt) {

    /** Learner data (gate report, glossary, models) is stored as JSON text by the worker and passed through as JSON. */
    public static ArticleView of(ArticleEntity article) {
        return of(article, null);
    }

    /** {@code latestJobId}: the article's most recent generation job, so a client can follow or explain it. */
    public static ArticleView of(ArticleEntity article, UUID latestJobId) {
        String contentUrl = article.status() == ArticleStatus.COMPLETED ? "/articles/" + article.id + "/content" : null;
        return new ArticleView(article.id, article.language, article.level, article.lengthWords, article.topic,
                article.status(), article.title, article.wordCount, contentUrl, article.sourceUrl,
                article.sourceText != null, article.detectedLanguage, article.gateReport, article.glossary, article.models,
                latestJobId, article.createdAt, article.updatedAt);
    }
}
