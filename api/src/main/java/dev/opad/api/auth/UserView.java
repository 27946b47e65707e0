package dev.opad.api.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record UserView(UUID id, String email, String name, List<String> roles,
                       @Schema(description = "the Atom feed of the user's completed articles; the URL is the credential")
                       String feedUrl,
                       Instant createdAt) {

    static UserView of(UserEntity user, String feedUrl) {
        return new UserView(user.id, user.email, user.name, user.roles(), feedUrl, user.createdAt);
    }
}
