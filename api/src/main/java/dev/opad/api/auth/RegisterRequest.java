package dev.opad.api.auth;

import dev.opad.api.text.CleanText;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record RegisterRequest(
        @NotBlank(message = "is required") @Size(max = 254, message = "must be at most 254 characters")
        @Email(message = "must be an email address") @CleanText String email,
        @NotNull(message = "is required")
        @Size(min = 10, max = 200, message = "must be between 10 and 200 characters") @CleanText(secret = true) String password,
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters")
        @CleanText String name) {

    /** Never print the password, not even in a debug log of the request. */
    @Override
    public String toString() {
        return "RegisterRequest[email=" + email + ", name=" + name + "]";
    }
}
