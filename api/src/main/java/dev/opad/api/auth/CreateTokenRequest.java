package dev.opad.api.auth;

import dev.opad.api.text.CleanText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code expires_in_days} is optional: without it the token lives opad.auth.default-token-days (90). */
public record CreateTokenRequest(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters")
        @CleanText String name,
        @Min(value = 1, message = "must be at least 1 day") @Max(value = 3650, message = "must be at most 3650 days")
        Integer expiresInDays) {
}
