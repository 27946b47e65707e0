package dev.opad.api.auth;

import dev.opad.feed.FeedSecret;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Entity
@Table(name = "users")
public class UserEntity extends PanacheEntityBase {

    public static final String USER = "user";
    public static final String ADMIN = "admin";

    @Id
    public UUID id;

    /** Always in {@link EmailAddress}'s form (NFKC, ASCII, lower case): one spelling, one account. */
    @Column(nullable = false)
    public String email;

    @Column(nullable = false)
    public String name;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(nullable = false)
    public String role;

    /** The secret of the user's Atom feed URL (their completed articles); a new one ends the old URL. */
    @Column(name = "feed_secret", nullable = false)
    public String feedSecret;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** A plain user; {@code email} is already in {@link EmailAddress}'s form. */
    static UserEntity register(String email, String name, String passwordHash) {
        UserEntity user = new UserEntity();
        user.id = UUID.randomUUID();
        user.email = email;
        user.name = name.strip();
        user.passwordHash = passwordHash;
        user.role = USER;
        user.feedSecret = FeedSecret.random();
        user.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return user;
    }

    /** {@code email} in {@link EmailAddress}'s form. */
    static Optional<UserEntity> findByEmail(String email) {
        return UserEntity.<UserEntity>find("email", email).firstResultOptional();
    }

    List<String> roles() {
        return ADMIN.equals(role) ? List.of(USER, ADMIN) : List.of(USER);
    }
}
