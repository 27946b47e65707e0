package dev.opad.api.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Accounts. Roles are not configured here: an operator grants them to existing accounts (./opad admin).
 * <p>
 * Each setting is also read from the environment under its derived name (opad.a.b-c: OPAD_A_B_C). A
 * default written {@code ${OPAD_NAME:value}} takes the variable README documents, else value; no file repeats it.
 */
@ConfigMapping(prefix = "opad.auth")
public interface AuthConfig {

    /** How long a login (session JWT) stays valid. */
    @WithDefault("${OPAD_SESSION_LIFETIME:12h}")
    Duration sessionLifetime();

    /** The longest lifetime an API token may ask for. */
    @WithDefault("365")
    int maxTokenDays();

    /** The lifetime of an API token that asks for none: no token lives forever. */
    @WithDefault("90")
    int defaultTokenDays();

    Login login();

    Register register();

    Hashing hashing();

    /**
     * Failed logins, counted where they come from: a stranger's failures slow down the stranger, not
     * the owner logging in from an address that has not been failing.
     */
    interface Login {
        /** Failures per (email, client address) within the window; guessing one password stops here. */
        @WithDefault("10")
        int perEmailAndAddress();

        /** Failures per client address within the window, whatever the email; credential stuffing stops here. */
        @WithDefault("100")
        int perAddress();

        @WithDefault("15m")
        Duration window();
    }

    /** Registrations, each of which costs a password hash. */
    interface Register {
        @WithDefault("10")
        int perAddress();

        /** All addresses together, against many addresses at once. */
        @WithDefault("1000")
        int global();

        @WithDefault("1h")
        Duration window();
    }

    interface Hashing {
        /** Password hashes that may run at once; default: what a quarter of the heap holds at {@link #memoryKib()} each. */
        Optional<Integer> concurrency();

        /**
         * Argon2id memory per hash, in KiB. The default is OWASP's minimum (19 MiB with 2 passes); each stored
         * hash records its own cost, so raising it later leaves existing passwords valid.
         */
        @WithDefault("19456")
        int memoryKib();

        /** Argon2id passes over that memory. */
        @WithDefault("2")
        int iterations();

        /** How long a caller waits for a free slot before it gets a 503. */
        @WithDefault("2s")
        Duration maxWait();
    }
}
