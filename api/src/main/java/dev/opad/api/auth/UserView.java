package dev.opad.api.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record UserView(UUID id, String email, String name, List<String> roles, Instant createdAt) {

    static UserView of(UserEntity user) {
        return new UserView(user.id, user.email, user.name, user.roles(), user.createdAt);
    }
}
