package dev.opad.api.schedule;

import dev.opad.api.article.SupportedLanguage;
import dev.opad.api.text.CleanText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code PATCH /schedules/{id}}: the fields of {@link CreateScheduleRequest}, each optional; what is
 * given replaces the current value, and the result is checked as a new schedule would be. Topics and
 * theme are one choice (giving one drops the other), so are the two sources; an empty source removes it.
 * A new rule replaces the whole rule.
 */
public record ChangeScheduleRequest(
        @Size(max = 100, message = "must be at most 100 characters") @CleanText String name,
        @Size(max = 40, message = "must be at most 40 characters") @SupportedLanguage String language,
        @Pattern(regexp = "[ABCabc][12]", message = "must be a CEFR level: A1, A2, B1, B2, C1 or C2") String level,
        @Min(value = 100, message = "must be at least 100 words")
        @Max(value = 2000, message = "must be at most 2000 words") Integer length,
        @Size(min = 1, max = ScheduleFields.MAX_TOPICS, message = "must hold 1 to 50 topics")
        List<@NotBlank(message = "must not be empty")
                @Size(max = 200, message = "must be at most 200 characters") @CleanText String> topics,
        @Size(max = 200, message = "must be at most 200 characters") @CleanText String theme,
        @Valid RuleRequest rule,
        @Schema(description = "an empty string removes the source")
        @Size(max = 2048, message = "must be at most 2048 characters") @CleanText String sourceUrl,
        @Schema(description = "an empty string removes the source")
        @Size(max = 20000, message = "must be at most 20000 characters") @CleanText(multiline = true) String sourceText,
        @Min(value = 1, message = "must be at least 1") @Max(value = 100, message = "must be at most 100")
        Integer maxConsecutiveFailures) {
}
