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
 * Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane), from password4j. A check
 * for an unknown email still runs one full verification, so response time does not tell which
 * emails have accounts.
 *
 * <p>Each hash holds its 19 MiB for its whole run, and anyone can ask for one (register, login): 24 at
 * once filled a 256 MiB heap and the api died. So at most {@link AuthConfig.Hashing#concurrency()}
 * hashes run at once; a caller that gets no permit within {@link AuthConfig.Hashing#maxWait()} gets a
 * 503 with Retry-After, and the memory they may hold together stays a fixed share of the heap.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Logger LOG = Logger.getLogger(PasswordHasher.class);
    private static final int MEMORY_KIB = 19_456;
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(MEMORY_KIB, 2, 1, 32, Argon2.ID);
    /** What one hash holds, with some room for password4j's own arrays. */
    private static final long BYTES_PER_HASH = (MEMORY_KIB + 1024) * 1024L;
    /** Hashes may hold at most this share of the heap; the rest serves every other request. */
    private static final int HEAP_SHARE_DIVISOR = 4;

    private final Semaphore permits;
    private final long waitMillis;
    private final String decoy;

    public PasswordHasher(AuthConfig config) {
        int concurrency = config.hashing().concurrency().orElseGet(PasswordHasher::concurrencyForHeap);
        this.permits = new Semaphore(concurrency, true);
        this.waitMillis = config.hashing().maxWait().toMillis();
        this.decoy = Password.hash("a password no account has, used to spend equal time")
                .addRandomSalt(16).with(ARGON2ID).getResult();
        LOG.infof("password hashing: at most %d at once (heap %d MiB)", concurrency, Runtime.getRuntime().maxMemory() >> 20);
    }

    public String hash(String password) {
        return withPermit(() -> Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult());
    }

    public boolean matches(String password, String storedHash) {
        return withPermit(() -> Password.check(password, storedHash).with(ARGON2ID));
    }

    /** Spends the same time as a real check, for logins with an unknown email. */
    public void spendEqualTime(String password) {
        matches(password, decoy);
    }

    static int concurrencyForHeap() {
        long share = Runtime.getRuntime().maxMemory() / HEAP_SHARE_DIVISOR;
        return (int) Math.max(1, Math.min(share / BYTES_PER_HASH, Runtime.getRuntime().availableProcessors() * 2L));
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
