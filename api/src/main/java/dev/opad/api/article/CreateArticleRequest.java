package dev.opad.api.article;

import dev.opad.api.text.CleanText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a learner asks for: "German, B1, 400 words, topic: energy prices", optionally with a source to
 * write from — pasted text, or a public web page the worker fetches within strict limits.
 */
public record CreateArticleRequest(
        @NotBlank(message = "is required") @Size(max = 40, message = "must be at most 40 characters")
        @SupportedLanguage String language,
        @NotNull(message = "is required")
        @Pattern(regexp = "[ABCabc][12]", message = "must be a CEFR level: A1, A2, B1, B2, C1 or C2") String level,
        @NotNull(message = "is required")
        @Min(value = 100, message = "must be at least 100 words")
        @Max(value = 2000, message = "must be at most 2000 words") Integer length,
        @NotBlank(message = "must not be empty") @Size(max = 200, message = "must be at most 200 characters")
        @CleanText String topic,
        @Size(max = 20000, message = "must be at most 20000 characters") @CleanText(multiline = true) String sourceText,
        @Size(max = 2048, message = "must be at most 2048 characters") @CleanText String sourceUrl) {
}
