package dev.opad.api.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.opad.api.problem.ServiceBusyProblem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Argon2id, from password4j, by default at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane;
 * {@link AuthConfig.Hashing}). A stored hash carries its own cost, and a check uses that cost, so a hash
 * made before the cost was changed still verifies. A check for an unknown email still runs one full
 * verification, so response time does not tell which emails have accounts.
 *
 * <p>Each hash holds its memory (19 MiB by default) for its whole run, and anyone can ask for one (register, login): 24 at
 * once filled a 256 MiB heap and the api died. So at most {@link AuthConfig.Hashing#concurrency()}
 * hashes run at once; a caller that gets no permit within {@link AuthConfig.Hashing#maxWait()} gets a
 * 503 with Retry-After, and the memory they may hold together stays a fixed share of the heap.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Logger LOG = Logger.getLogger(PasswordHasher.class);
    /** Hashes may hold at most this share of the heap; the rest serves every other request. */
    private static final int HEAP_SHARE_DIVISOR = 4;
    /** OWASP's minimum; below it a warning says so at start (a cheaper cost is for tests and trials only). */
    private static final int OWASP_MEMORY_KIB = 19_456;

    private final Argon2Function argon2id;
    private final Semaphore permits;
    private final long waitMillis;
    private final String decoy;

    public PasswordHasher(AuthConfig config) {
        AuthConfig.Hashing hashing = config.hashing();
        this.argon2id = Argon2Function.getInstance(hashing.memoryKib(), hashing.iterations(), 1, 32, Argon2.ID);
        int concurrency = hashing.concurrency().orElseGet(() -> concurrencyForHeap(hashing.memoryKib()));
        this.permits = new Semaphore(concurrency, true);
        this.waitMillis = hashing.maxWait().toMillis();
        this.decoy = Password.hash("a password no account has, used to spend equal time")
                .addRandomSalt(16).with(argon2id).getResult();
        LOG.infof("password hashing: Argon2id %d KiB, %d passes, at most %d at once (heap %d MiB)", hashing.memoryKib(),
                hashing.iterations(), concurrency, Runtime.getRuntime().maxMemory() >> 20);
        if (hashing.memoryKib() < OWASP_MEMORY_KIB) {
            LOG.warnf("password hashing below OWASP's minimum of %d KiB: fit for tests, not for real accounts", OWASP_MEMORY_KIB);
        }
    }

    public String hash(String password) {
        return withPermit(() -> Password.hash(password).addRandomSalt(16).with(argon2id).getResult());
    }

    /** Checks with the cost the stored hash was made with, which need not be today's. */
    public boolean matches(String password, String storedHash) {
        Argon2Function cost;
        try {
            cost = Argon2Function.getInstanceFromHash(storedHash);
        } catch (RuntimeException notArgon2) {
            // Not a hash opad wrote (e.g. an account made by hand in SQL): it matches no password.
            LOG.warn("a stored password hash is not an Argon2 hash; the login is refused");
            spendEqualTime(password);
            return false;
        }
        return withPermit(() -> Password.check(password, storedHash).with(cost));
    }

    /** Spends the same time as a real check, for logins with an unknown email. */
    public void spendEqualTime(String password) {
        matches(password, decoy);
    }

    static int concurrencyForHeap(int memoryKib) {
        // What one hash holds, with some room for password4j's own arrays.
        long bytesPerHash = (memoryKib + 1024) * 1024L;
        long share = Runtime.getRuntime().maxMemory() / HEAP_SHARE_DIVISOR;
        return (int) Math.max(1, Math.min(share / bytesPerHash, Runtime.getRuntime().availableProcessors() * 2L));
    }

    private <T> T withPermit(Supplier<T> work) {
        try {
            if (!permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    private static ServiceBusyProblem busy() {
        return new ServiceBusyProblem("Too many sign-ups and logins at once; nothing was changed. Try again shortly.", 1);
    }
}
