package dev.opad.api.auth;

import dev.opad.api.text.CleanText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record LoginRequest(
        @NotBlank(message = "is required") @Size(max = 254, message = "must be at most 254 characters")
        @CleanText String email,
        @NotNull(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        @CleanText(secret = true) String password) {

    @Override
    public String toString() {
        return "LoginRequest[email=" + email + "]";
    }
}
