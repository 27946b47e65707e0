package dev.opad.e2e.browser;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The browser harness end to end: the whole system, Chromium, a form, both viewports, screenshots, the console. */
@OpadBrowserTest
class BrowserSmokeIT {

    /** The UI's data-testids this test relies on: the one place to change when the UI changes. */
    private static final class Ui {
        static final String TO_REGISTER = "to-register";
        static final String REGISTER_NAME = "register-name";
        static final String REGISTER_EMAIL = "register-email";
        static final String REGISTER_PASSWORD = "register-password";
        static final String REGISTER_SUBMIT = "register-submit";
        static final String SIGNED_IN = "app-view";
    }

    @Test
    void aNewPersonRegistersAndSeesTheSignedInView(Browser browser) {
        long started = System.nanoTime();
        browser.open("/");
        browser.visible(Ui.TO_REGISTER);
        System.out.printf("browser: first page load until the login link showed: %d ms%n", (System.nanoTime() - started) / 1_000_000);

        browser.click(Ui.TO_REGISTER)
                .type(Ui.REGISTER_NAME, "Smoke Test")
                .type(Ui.REGISTER_EMAIL, "smoke-" + UUID.randomUUID() + "@example.org")
                .type(Ui.REGISTER_PASSWORD, "a long enough password")
                .click(Ui.REGISTER_SUBMIT);
        browser.visible(Ui.SIGNED_IN);

        // Screenshots are UiFlowIT's, into docs/screenshots; this test checks the viewports only.
        browser.phone();
        assertTrue((Boolean) browser.script("return matchMedia('(max-width: 400px)').matches"),
                "CSS media queries see the phone's width");
        browser.desktop();
        assertFalse((Boolean) browser.script("return matchMedia('(max-width: 400px)').matches"));
        browser.assertNoConsoleErrors();
        browser.assertNoScriptRan();
    }

    /** What the XSS tests rely on: a script that ran is noticed, whether it set the flag or called alert(). */
    @Test
    void theHarnessNoticesAScriptThatRan(Browser browser) {
        browser.open("/");
        assertFalse(browser.scriptRan());
        browser.script("window.__opadXss = 'onerror'");
        assertTrue(browser.scriptRan(), "the flag is noticed");

        browser.open("/");
        assertFalse(browser.scriptRan(), "the flag belongs to one document");
        browser.script("setTimeout(() => alert('planted'))");
        new WebDriverWait(browser.driver(), Browser.WAIT).until(driver -> browser.scriptRan());
        AssertionError noticed = assertThrows(AssertionError.class, browser::assertNoScriptRan);
        assertTrue(noticed.getMessage().contains("planted"), noticed.getMessage());
    }
}
