package dev.opad.api.schedule;

import dev.opad.api.article.SourceChecks;
import dev.opad.api.problem.BadRequestProblem;
import dev.opad.article.Language;
import dev.opad.schedule.RuleSpec;
import dev.opad.schedule.ScheduleEntity;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Every field of a schedule as asked for: a create's, or a change merged onto the current schedule.
 * The request records check each field alone (Bean Validation); this checks what only the whole can
 * say — topics or a theme, one source, a rule that runs — and answers 400 naming the field.
 */
record ScheduleFields(String name, String language, String level, int length, List<String> topics, String theme,
                      RuleSpec rule, String sourceUrl, String sourceText, int maxConsecutiveFailures) {

    static final int MAX_TOPICS = 50;

    static ScheduleFields of(CreateScheduleRequest request) {
        return new ScheduleFields(request.name(), request.language(), request.level(), request.length(),
                request.topics(), request.theme(), request.rule().spec(), request.sourceUrl(), request.sourceText(),
                Objects.requireNonNullElse(request.maxConsecutiveFailures(), ScheduleEntity.DEFAULT_MAX_CONSECUTIVE_FAILURES));
    }

    /** What is given replaces the current value; topics and theme, and the two sources, are each one choice. */
    static ScheduleFields merged(ScheduleEntity current, ChangeScheduleRequest change) {
        List<String> topics = current.topics();
        String theme = current.theme();
        if (change.topics() != null || change.theme() != null) {
            topics = change.topics();
            theme = change.theme();
        }
        String sourceUrl = current.sourceUrl();
        String sourceText = current.sourceText();
        if (change.sourceUrl() != null && change.sourceText() != null) {
            sourceUrl = change.sourceUrl();
            sourceText = change.sourceText();
        } else if (change.sourceUrl() != null) {
            sourceUrl = change.sourceUrl();
            sourceText = SourceChecks.blankToNull(sourceUrl) == null ? sourceText : null;
        } else if (change.sourceText() != null) {
            sourceText = change.sourceText();
            sourceUrl = SourceChecks.blankToNull(sourceText) == null ? sourceUrl : null;
        }
        return new ScheduleFields(
                Objects.requireNonNullElse(change.name(), current.name()),
                Objects.requireNonNullElse(change.language(), current.language()),
                Objects.requireNonNullElse(change.level(), current.level()),
                Objects.requireNonNullElse(change.length(), current.lengthWords()),
                topics, theme,
                change.rule() == null ? current.rule() : change.rule().spec(),
                sourceUrl, sourceText,
                Objects.requireNonNullElse(change.maxConsecutiveFailures(), current.maxConsecutiveFailures()));
    }

    /** The order to save; 400 naming the field when the fields do not make one. */
    ScheduleEntity.Order order() {
        if (name.isBlank()) {
            throw new BadRequestProblem("name", "must not be empty");
        }
        if (topics != null && theme != null) {
            throw new BadRequestProblem("theme", "give either topics or a theme, not both");
        }
        if (topics == null && theme == null) {
            throw new BadRequestProblem("topics", "give topics (used in turn, one per run) or a theme");
        }
        if (theme != null && theme.isBlank()) {
            throw new BadRequestProblem("theme", "must not be empty");
        }
        String url = SourceChecks.blankToNull(sourceUrl);
        String text = SourceChecks.blankToNull(sourceText);
        if (url != null && text != null) {
            throw new BadRequestProblem("source_url", "give either source_text or source_url, not both");
        }
        return new ScheduleEntity.Order(name.strip(), Language.parse(language).orElseThrow(),
                level.toUpperCase(Locale.ROOT), length,
                topics == null ? null : topics.stream().map(String::strip).toList(),
                theme == null ? null : theme.strip(), text, url);
    }

    /** The rule, checked against {@code now}; 400 naming its field when it cannot run. */
    RuleSpec checkedRule(Instant now) {
        SchedulePreviews.rule(rule, now);
        return rule;
    }
}
