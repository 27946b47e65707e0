package dev.opad.api.auth;

import dev.opad.api.limits.RateLimiter;
import dev.opad.api.problem.ConflictProblem;
import dev.opad.api.problem.NotFoundProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class AccountService {

    private final PasswordHasher passwords;
    private final SessionTokens sessions;
    private final RateLimiter limiter;
    private final AuthConfig config;

    public AccountService(PasswordHasher passwords, SessionTokens sessions, RateLimiter limiter, AuthConfig config) {
        this.passwords = passwords;
        this.sessions = sessions;
        this.limiter = limiter;
        this.config = config;
    }

    public UserView register(RegisterRequest request) {
        String hash = passwords.hash(request.password());
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                if (UserEntity.findByEmail(request.email()).isPresent()) {
                    throw duplicate();
                }
                UserEntity user = UserEntity.register(request.email(), request.name(), hash, isAdminEmail(request.email()));
                user.persistAndFlush();
                return UserView.of(user);
            });
        } catch (PersistenceException raceLost) {
            // Two registrations for one email at once: the unique index let only one in.
            throw duplicate();
        }
    }

    /**
     * Checks the credentials and issues a session token. Attempts are limited per email and per
     * client address before the password is even looked at; a failure never says which part was wrong.
     */
    public SessionToken login(LoginRequest request, String clientAddress) {
        AuthConfig.Login limits = config.login();
        String email = UserEntity.normaliseEmail(request.email());
        limiter.take("login-email", email, limits.perEmail(), limits.window(), "Too many login attempts for this account");
        limiter.take("login-address", clientAddress, limits.perAddress(), limits.window(), "Too many login attempts from this address");

        Optional<UserEntity> found = QuarkusTransaction.requiringNew().call(() -> UserEntity.findByEmail(email));
        if (found.isEmpty()) {
            passwords.spendEqualTime(request.password());
            throw new InvalidCredentialsProblem();
        }
        if (!passwords.matches(request.password(), found.get().passwordHash)) {
            throw new InvalidCredentialsProblem();
        }
        UserEntity user = isAdminEmail(email) && !found.get().roles().contains(UserEntity.ADMIN)
                ? promote(found.get().id)
                : found.get();
        return sessions.issue(user);
    }

    public UserView me(UUID userId) {
        return QuarkusTransaction.requiringNew().call(() -> UserEntity.<UserEntity>findByIdOptional(userId)
                .map(UserView::of)
                .orElseThrow(() -> new NotFoundProblem("No account with id " + userId)));
    }

    /** An email added to OPAD_ADMIN_EMAILS after registration becomes admin at its next login. */
    private UserEntity promote(UUID userId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            UserEntity user = UserEntity.findById(userId);
            user.promoteToAdmin();
            return user;
        });
    }

    private boolean isAdminEmail(String email) {
        String wanted = UserEntity.normaliseEmail(email);
        return config.adminEmails().orElse(List.of()).stream()
                .map(e -> e.strip().toLowerCase(Locale.ROOT))
                .anyMatch(wanted::equals);
    }

    private static ConflictProblem duplicate() {
        return new ConflictProblem("An account with this email already exists");
    }
}
