package dev.opad.e2e.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the browser tests find Debian's {@code chromium} and its {@code chromedriver}: the one
 * place that reads {@code OPAD_CHROMIUM} and {@code OPAD_CHROMEDRIVER} (the same variables
 * {@code ./opad test} checks before it installs the packages).
 */
record Chromium(Path browser, Path driver) {

    static Chromium onThisMachine() {
        return new Chromium(setting("OPAD_CHROMIUM", "/usr/bin/chromium"),
                setting("OPAD_CHROMEDRIVER", "/usr/bin/chromedriver"));
    }

    /** Why the browser tests cannot run here, or empty when they can. */
    Optional<String> missing() {
        for (Path binary : new Path[] {browser, driver}) {
            if (!Files.isExecutable(binary)) {
                return Optional.of(binary + " is missing. Install Debian's chromium and chromium-driver"
                        + " (./opad test does it when run as root: apt-get install chromium chromium-driver),"
                        + " or point OPAD_CHROMIUM and OPAD_CHROMEDRIVER at a matching pair");
            }
        }
        return Optional.empty();
    }

    /**
     * Skips the calling test (or class) where the browser tests cannot run, with a banner in the
     * build output as well: a skipped test is too easily taken for a passed one.
     */
    void assumeInstalled() {
        missing().ifPresent(reason -> {
            announceSkip(reason);
            Assumptions.abort("browser tests skipped: " + reason);
        });
    }

    static void announceSkip(String reason) {
        System.err.println("\n*** BROWSER TESTS SKIPPED: " + reason + " ***\n");
    }

    private static Path setting(String variable, String fallback) {
        String value = System.getenv(variable);
        return Path.of(value == null || value.isBlank() ? fallback : value);
    }
}
