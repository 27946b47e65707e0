package dev.opad.api.auth;

import dev.opad.api.problem.BadRequestProblem;
import dev.opad.api.problem.NotFoundProblem;
import dev.opad.storage.Digests;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * API tokens: {@code opad_} followed by 256 random bits. A fast hash is the right one here: the
 * token has far too much entropy to guess, unlike a password, and it is checked on every request.
 */
@ApplicationScoped
public class ApiTokenService {

    public static final String TOKEN_PREFIX = "opad_";
    private static final int SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length() + 6;
    /** last_used_at is a hint for people, not an audit log: one write a minute per token is plenty. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final SecureRandom random = new SecureRandom();
    private final AuthConfig config;

    public ApiTokenService(AuthConfig config) {
        this.config = config;
    }

    /** Who a token belongs to, for the authentication mechanism. */
    public record TokenOwner(UUID userId, List<String> roles) {
    }

    public CreatedToken create(UUID userId, CreateTokenRequest request) {
        if (request.expiresInDays() != null && request.expiresInDays() > config.maxTokenDays()) {
            throw new BadRequestProblem("expires_in_days", "must be at most " + config.maxTokenDays() + " days");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ApiTokenEntity entity = new ApiTokenEntity();
        entity.id = UUID.randomUUID();
        entity.userId = userId;
        entity.name = request.name().strip();
        entity.prefix = token.substring(0, SHOWN_PREFIX_LENGTH);
        entity.tokenHash = sha256(token);
        entity.createdAt = now;
        int days = request.expiresInDays() == null ? config.defaultTokenDays() : request.expiresInDays();
        entity.expiresAt = now.plus(Duration.ofDays(days));
        QuarkusTransaction.requiringNew().run(entity::persist);
        return new CreatedToken(entity.id, entity.name, token, entity.prefix, entity.createdAt, entity.expiresAt);
    }

    public List<TokenView> list(UUID userId) {
        return QuarkusTransaction.requiringNew().call(() -> ApiTokenEntity.<ApiTokenEntity>find(
                        "userId = ?1 and revokedAt is null order by createdAt desc", userId)
                .stream().map(TokenView::of).toList());
    }

    /** Takes effect on the very next request: every request looks the token up again. */
    public void revoke(UUID userId, UUID tokenId) {
        QuarkusTransaction.requiringNew().run(() -> {
            ApiTokenEntity token = ApiTokenEntity.<ApiTokenEntity>find(
                            "id = ?1 and userId = ?2 and revokedAt is null", tokenId, userId)
                    .firstResultOptional()
                    .orElseThrow(() -> new NotFoundProblem("No API token with id " + tokenId));
            token.revokedAt = Instant.now();
        });
    }

    public Optional<TokenOwner> authenticate(String token) {
        String hash = sha256(token);
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Optional<ApiTokenEntity> found = ApiTokenEntity.<ApiTokenEntity>find("tokenHash", hash)
                    .firstResultOptional()
                    .filter(t -> t.isUsableAt(now));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            ApiTokenEntity used = found.get();
            if (used.lastUsedAt == null || used.lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION))) {
                used.lastUsedAt = now.truncatedTo(ChronoUnit.MICROS);
            }
            return UserEntity.<UserEntity>findByIdOptional(used.userId).map(u -> new TokenOwner(u.id, u.roles()));
        });
    }

    private static String sha256(String token) {
        return Digests.sha256(token.getBytes(StandardCharsets.UTF_8));
    }
}
