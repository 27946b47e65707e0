package dev.opad.api.auth;

import dev.opad.api.feed.FeedUrls;
import dev.opad.api.limits.RateLimiter;
import dev.opad.api.problem.BadRequestProblem;
import dev.opad.api.problem.NotFoundProblem;
import dev.opad.feed.FeedSecret;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

@ApplicationScoped
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class);
    private static final String LOGIN_ADDRESS = "login-address";
    private static final String LOGIN_EMAIL_ADDRESS = "login-email-address";

    private final PasswordHasher passwords;
    private final SessionTokens sessions;
    private final RateLimiter limiter;
    private final AuthConfig config;
    private final FeedUrls feeds;

    public AccountService(PasswordHasher passwords, SessionTokens sessions, RateLimiter limiter, AuthConfig config,
                          FeedUrls feeds) {
        this.passwords = passwords;
        this.sessions = sessions;
        this.limiter = limiter;
        this.config = config;
        this.feeds = feeds;
    }

    /**
     * Creates the account unless the email has one already, and answers the same in both cases, so a
     * stranger cannot learn who has an account here; the owner of an existing one simply logs in.
     * Every account starts as a plain user: roles are granted by an operator (./opad admin grant).
     */
    public RegistrationReceived register(RegisterRequest request, String clientAddress) {
        String email = EmailAddress.normalise(request.email()).orElseThrow(AccountService::notAnAddress);
        AuthConfig.Register limits = config.register();
        limiter.take("register-address", clientAddress, limits.perAddress(), limits.window(), "Too many sign-ups from this address");
        limiter.take("register", "all", limits.global(), limits.window(), "Too many sign-ups right now");
        // Hashed whether or not the account exists, so the time taken does not tell either.
        String hash = passwords.hash(request.password());
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (UserEntity.findByEmail(email).isEmpty()) {
                    UserEntity.register(email, request.name(), hash).persistAndFlush();
                }
            });
        } catch (PersistenceException raceLost) {
            // Two registrations for one email at once: the unique index let one in, which is all that was asked.
            LOG.debug("concurrent registration for one email; the first one won");
        }
        return RegistrationReceived.of(email);
    }

    /**
     * Checks the credentials and issues a session token. Only failures count against the limits, and
     * they count per (email, client address) and per address: a stranger guessing a password slows
     * down himself, while the owner, logging in from an address that has not been failing, gets in.
     * A failure never says which part was wrong.
     */
    public SessionToken login(LoginRequest request, String clientAddress) {
        AuthConfig.Login limits = config.login();
        limiter.take(LOGIN_ADDRESS, clientAddress, limits.perAddress(), limits.window(), "Too many failed logins from this address");
        Optional<String> email = EmailAddress.normalise(request.email());
        if (email.isEmpty()) {
            throw new InvalidCredentialsProblem(); // no account can have it; nothing to hash
        }
        String pair = email.get() + " " + clientAddress;
        limiter.take(LOGIN_EMAIL_ADDRESS, pair, limits.perEmailAndAddress(), limits.window(),
                "Too many failed logins for this account from this address");

        Optional<UserEntity> found = QuarkusTransaction.requiringNew().call(() -> UserEntity.findByEmail(email.get()));
        if (found.isEmpty()) {
            passwords.spendEqualTime(request.password());
            throw new InvalidCredentialsProblem();
        }
        if (!passwords.matches(request.password(), found.get().passwordHash)) {
            throw new InvalidCredentialsProblem();
        }
        limiter.refund(LOGIN_ADDRESS, clientAddress, limits.perAddress());
        limiter.refund(LOGIN_EMAIL_ADDRESS, pair, limits.perEmailAndAddress());
        // Roles come from the row as it is now: a grant or revoke applies from the next login on.
        return sessions.issue(found.get());
    }

    public UserView me(UUID userId) {
        return QuarkusTransaction.requiringNew().call(() -> view(findAccount(userId)));
    }

    /** A new URL for the user's Atom feed; the old one is not found from now on. */
    public UserView rotateFeed(UUID userId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            UserEntity user = findAccount(userId);
            user.feedSecret = FeedSecret.random();
            return view(user);
        });
    }

    private static UserEntity findAccount(UUID userId) {
        return UserEntity.<UserEntity>findByIdOptional(userId)
                .orElseThrow(() -> new NotFoundProblem("No account with id " + userId));
    }

    private UserView view(UserEntity user) {
        return UserView.of(user, feeds.feed(user.feedSecret));
    }

    private static BadRequestProblem notAnAddress() {
        return new BadRequestProblem("email", "must be an email address in plain letters, digits and punctuation");
    }
}
