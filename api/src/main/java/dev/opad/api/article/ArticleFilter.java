package dev.opad.api.article;

import dev.opad.api.problem.BadRequestProblem;
import dev.opad.article.ArticleStatus;
import dev.opad.article.CefrLevel;
import dev.opad.article.Language;
import io.quarkus.panache.common.Parameters;
import java.util.ArrayList;
import java.util.List;

/** The optional filters of {@code GET /articles}, checked and turned into a Panache query. */
record ArticleFilter(ArticleStatus status, Language language, String level) {

    static ArticleFilter parse(String status, String language, String level) {
        return new ArticleFilter(parseStatus(status), parseLanguage(language), parseLevel(level));
    }

    String query() {
        List<String> clauses = new ArrayList<>();
        clauses.add("userId = :owner");
        clauses.add(status == null ? "status <> :deleted" : "status = :status");
        if (language != null) {
            clauses.add("language = :language");
        }
        if (level != null) {
            clauses.add("level = :level");
        }
        return String.join(" and ", clauses) + " order by createdAt desc, id";
    }

    Parameters parameters() {
        Parameters parameters = status == null
                ? Parameters.with("deleted", ArticleStatus.DELETED)
                : Parameters.with("status", status);
        if (language != null) {
            parameters.and("language", language.displayName());
        }
        if (level != null) {
            parameters.and("level", level);
        }
        return parameters;
    }

    private static ArticleStatus parseStatus(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            ArticleStatus status = ArticleStatus.fromWireName(value.strip());
            if (status != ArticleStatus.DELETED) {
                return status;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw new BadRequestProblem("status", "must be one of pending, running, completed, failed");
    }

    private static Language parseLanguage(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Language.parse(value)
                .orElseThrow(() -> new BadRequestProblem("language", "must be one of " + Language.supportedList()));
    }

    private static String parseLevel(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return CefrLevel.parse(value).map(CefrLevel::name)
                .orElseThrow(() -> new BadRequestProblem("level", "must be a CEFR level: A1, A2, B1, B2, C1 or C2"));
    }
}
