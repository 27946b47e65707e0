package dev.opad.api.auth;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

@Entity
@Table(name = "users")
public class UserEntity extends PanacheEntityBase {

    public static final String USER = "user";
    public static final String ADMIN = "admin";

    @Id
    public UUID id;

    /** Always lower case, so "Ana@Example.org" and "ana@example.org" are one account. */
    @Column(nullable = false)
    public String email;

    @Column(nullable = false)
    public String name;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(nullable = false)
    public String role;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    static UserEntity register(String email, String name, String passwordHash, boolean admin) {
        UserEntity user = new UserEntity();
        user.id = UUID.randomUUID();
        user.email = normaliseEmail(email);
        user.name = name.strip();
        user.passwordHash = passwordHash;
        user.role = admin ? ADMIN : USER;
        user.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return user;
    }

    static Optional<UserEntity> findByEmail(String email) {
        return UserEntity.<UserEntity>find("email", normaliseEmail(email)).firstResultOptional();
    }

    static String normaliseEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    void promoteToAdmin() {
        role = ADMIN;
    }

    List<String> roles() {
        return ADMIN.equals(role) ? List.of(USER, ADMIN) : List.of(USER);
    }
}
