package dev.opad.api.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane), from password4j. A check
 * for an unknown email still runs one full verification, so response time does not tell which
 * emails have accounts.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);

    private final String decoy = hash("a password no account has, used to spend equal time");

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public boolean matches(String password, String storedHash) {
        return Password.check(password, storedHash).with(ARGON2ID);
    }

    /** Spends the same time as a real check, for logins with an unknown email. */
    public void spendEqualTime(String password) {
        matches(password, decoy);
    }
}
