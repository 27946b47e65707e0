package dev.opad.e2e.browser;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A browser test class: before its first test the whole system starts once (private Redis,
 * throw-away database, api, one worker with the demo model, web gateway, all as real processes,
 * see {@code OpadSystem}) and is stopped after its last. Parameters it can ask for:
 * <ul>
 * <li>{@code OpadSystem}: the running system; {@code webUrl()} is where the browser goes;</li>
 * <li>{@link Browser} in a test or {@code @BeforeEach} method: a fresh Chromium (own profile, so
 * no cookies from earlier tests), open at nothing yet, closed after the test; in a static
 * {@code @BeforeAll} method: one Chromium shared by the class, closed after its last test.</li>
 * </ul>
 * Where Chromium or chromedriver is missing, the class is skipped with a loud message. When a test
 * fails, its browser's screenshot, HTML and console go to {@code e2e/target/browser-failures}.
 * Name such classes {@code *IT} so that failsafe runs them.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(OpadBrowserExtension.class)
public @interface OpadBrowserTest {

    /** NAME=value settings for every service, e.g. {@code "OPAD_DEMO_DELAY=300ms"}. */
    String[] settings() default {};
}
