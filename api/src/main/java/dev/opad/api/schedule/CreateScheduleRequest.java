package dev.opad.api.schedule;

import dev.opad.api.article.SupportedLanguage;
import dev.opad.api.text.CleanText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /schedules}: what to write each time, as {@code POST /articles} asks it (language, level,
 * length, an optional source), with topics used in turn or one theme instead of a topic, and when.
 */
public record CreateScheduleRequest(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters")
        @CleanText String name,
        @NotBlank(message = "is required") @Size(max = 40, message = "must be at most 40 characters")
        @SupportedLanguage String language,
        @NotNull(message = "is required")
        @Pattern(regexp = "[ABCabc][12]", message = "must be a CEFR level: A1, A2, B1, B2, C1 or C2") String level,
        @NotNull(message = "is required")
        @Min(value = 100, message = "must be at least 100 words")
        @Max(value = 2000, message = "must be at most 2000 words") Integer length,
        @Schema(description = "topics used in turn, one per run; give these or a theme")
        @Size(min = 1, max = ScheduleFields.MAX_TOPICS, message = "must hold 1 to 50 topics")
        List<@NotBlank(message = "must not be empty") @Size(max = 200, message = "must be at most 200 characters")
                @CleanText String> topics,
        @Schema(description = "one theme every run writes about from a new angle; give this or topics")
        @Size(max = 200, message = "must be at most 200 characters") @CleanText String theme,
        @NotNull(message = "is required") @Valid RuleRequest rule,
        @Size(max = 2048, message = "must be at most 2048 characters") @CleanText String sourceUrl,
        @Size(max = 20000, message = "must be at most 20000 characters") @CleanText(multiline = true) String sourceText,
        @Schema(description = "failed runs in a row that pause the schedule", defaultValue = "3")
        @Min(value = 1, message = "must be at least 1") @Max(value = 100, message = "must be at most 100")
        Integer maxConsecutiveFailures) {
}
