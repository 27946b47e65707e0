package dev.opad.e2e.browser;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.e2e.OpadSystem;
import io.restassured.http.ContentType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in real Chromium against the whole running system (api, worker with the labelled demo
 * model, web gateway, real Redis and Postgres): what a learner and an administrator do, at desktop
 * and phone widths, with a screenshot of every page saved to docs/screenshots.
 */
@OpadBrowserTest(settings = {"OPAD_DEMO_DELAY=1500ms"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiFlowIT {

    static final String ADMIN = "admin@opad.test";
    private static final String PASSWORD = "a long enough password";
    private static final Duration JOB = Duration.ofSeconds(60);

    @Test
    @Order(1)
    void registerGenerateWatchReadLookUpAWordThenDeleteFromTheLibrary(OpadSystem system, Browser browser) {
        browser.open("/");
        browser.visible("login-panel");
        browser.screenshot("login");
        browser.click("to-register").visible("register-panel");
        browser.screenshot("register");
        register(browser, "Lea", "lea-" + UUID.randomUUID() + "@example.org");

        browser.visible("page-new");
        browser.screenshot("new-article");
        order(browser, "Energiepreise", "B1");

        browser.visible("page-job");
        browser.waitForText("job-facts", "running", JOB);
        browser.waitForText("stage", "ing", JOB);
        assertTrue(browser.isVisible("cancel-job"), "a running job can be cancelled");
        assertTrue(browser.text("job-attempt").startsWith("Attempt 1"), browser.text("job-attempt"));
        browser.screenshot("progress");
        browser.visible("open-article", JOB);
        assertEquals("100%", browser.text("progress-percent"));
        browser.waitForText("job-timeline", "Completed");
        browser.waitForText("job-usage", "Total");
        browser.screenshot("job-detail");

        browser.click("open-article");
        browser.visible("page-reader");
        browser.waitForText("reader-source", "Source:");
        List<WebElement> terms = browser.all("term");
        assertTrue(terms.size() >= 8, "glossary words are marked in the text: " + terms.size());
        String word = terms.get(1).getText();
        terms.get(1).click();
        String entry = browser.text("glossary-entry");
        assertTrue(entry.toLowerCase().startsWith(word.toLowerCase()), "the entry of '" + word + "': " + entry);
        browser.screenshot("reader");

        browser.click("nav-library");
        browser.visible("library-item");
        assertEquals("completed", browser.text("item-status"));
        browser.screenshot("library");
        select(browser, "filter-language", "English");
        browser.visible("library-empty");
        select(browser, "filter-language", "");
        browser.visible("library-item");
        browser.click("delete-article").visible("confirm-dialog");
        browser.click("confirm-no").hidden("confirm-dialog");
        assertEquals(1, browser.all("library-item").size(), "kept when not confirmed");
        browser.click("delete-article").click("confirm-yes");
        browser.visible("library-empty");
        assertEquals(0, browser.all("library-item").size());

        browser.click("nav-usage");
        browser.waitForText("usage-stages", "writing");
        assertTrue(browser.text("budget-remaining").endsWith("tokens"), browser.text("budget-remaining"));
        browser.screenshot("usage");

        browser.click("nav-account");
        // The feed's address, on the public host (the gateway); a new one ends the old at once.
        String feed = URI.create(browser.waitForText("feed-url", ".atom")).getPath();
        assertTrue(feed.matches("/api/feeds/[A-Za-z0-9_-]{43}\\.atom"), feed);
        given().baseUri(system.webUrl()).when().get(feed).then().statusCode(200)
                .contentType(startsWith("application/atom+xml"));
        browser.click("feed-rotate").click("confirm-yes");
        new WebDriverWait(browser.driver(), Browser.WAIT).until(page -> !browser.text("feed-url").endsWith(feed));
        given().baseUri(system.webUrl()).when().get(feed).then().statusCode(404);
        given().baseUri(system.webUrl()).when().get(URI.create(browser.text("feed-url")).getPath()).then().statusCode(200);
        browser.type("token-name", "my laptop").click("token-create");
        String secret = browser.text("token-secret");
        assertTrue(secret.startsWith("opad_"), secret);
        browser.waitForText("token-list", "my laptop");
        browser.screenshot("account");
        browser.click("token-revoke").click("confirm-yes");
        browser.visible("tokens-empty");

        // Webhooks: an endpoint (its secret shown once), a test event in its delivery log, then deleted; a callback secret.
        browser.type("webhook-url", "https://93.184.216.34/opad-hook").click("webhook-event-job.failed")
                .click("webhook-create");
        String signing = browser.text("webhook-secret");
        assertTrue(signing.startsWith("whsec_"), signing);
        browser.waitForText("webhook-list", "An article is ready, A job failed");
        browser.click("webhook-test");
        browser.waitForText("webhook-deliveries", "Test event");
        browser.script("document.querySelector('[data-testid=\"webhook-log\"]').scrollIntoView({block: 'center'})");
        browser.screenshot("account-webhooks");
        browser.click("webhook-delete").click("confirm-yes");
        browser.visible("webhooks-empty");
        browser.waitForText("callback-status", "None yet");
        browser.click("callback-issue");
        browser.waitForText("callback-status", "You have one");
        assertTrue(browser.text("webhook-secret").startsWith("whsec_"));
        assertFalse(signing.equals(browser.text("webhook-secret")), "the callback secret is another one");

        browser.assertNoConsoleErrors();
        browser.assertNoScriptRan();
    }

    @Test
    @Order(2)
    void aRunningJobIsCancelledFromItsPage(Browser browser) {
        register(browser.open("/#/register"), "Sam", "sam-" + UUID.randomUUID() + "@example.org");
        // By keyboard alone: the topic field, Enter to order; the Cancel button, Enter to cancel.
        browser.click("nav-new").visible("page-new");
        browser.visible("topic").sendKeys("Stromnetz", Keys.ENTER);
        browser.visible("page-job");

        browser.waitForText("job-facts", "running", JOB);
        browser.visible("cancel-job").sendKeys(Keys.ENTER);
        browser.waitForText("job-error", "cancelled", JOB);
        assertEquals("Cancelled", browser.text("progress-heading"));
        assertFalse(browser.isVisible("cancel-job"));
        assertTrue(browser.isVisible("retry-job"), "a cancelled job can be retried");
        browser.waitForText("job-timeline", "Cancelled");
        browser.assertNoConsoleErrors();
    }

    @Test
    @Order(3)
    void aFailedJobShowsWhyAndIsRetriedFromTheOperationsPage(OpadSystem system, Browser browser) {
        // A worker whose model provider cannot be reached: every attempt fails, quickly.
        system.stopWorkers();
        system.startWorker(Map.of("OPAD_MODEL_PROVIDER", "openai", "OPAD_OPENAI_BASE_URL", "http://127.0.0.1:9/v1",
                "OPAD_OPENAI_API_KEY", "sk-unreachable", "OPAD_RETRY_BASE", "100ms", "OPAD_RETRY_CAP", "200ms"));
        registerAdmin(system);
        login(browser.open("/"), ADMIN);
        order(browser, "Windkraft", "B2");

        browser.waitForText("job-error", "failed", JOB);
        assertTrue(browser.text("job-error").contains("could not be reached") || browser.text("job-error").contains("provider"),
                browser.text("job-error"));
        assertTrue(browser.isVisible("retry-job"));
        browser.waitForText("job-facts", "3 of 3");
        browser.screenshot("job-failed");

        system.stopWorkers();
        system.startWorker();
        browser.click("nav-ops");
        browser.visible("failed-row");
        browser.visible("worker-row");
        // The latency panel: the failed job's three attempts waited and ran, so the hour has figures.
        browser.waitForText("ops-run-p50", " s");
        browser.waitForText("ops-wait-p50", " s");
        assertTrue(browser.text("ops-failure-rate").endsWith("%"), browser.text("ops-failure-rate"));
        assertTrue(Integer.parseInt(browser.text("ops-dead-letters")) >= 1, browser.text("ops-dead-letters"));
        browser.screenshot("operations");
        browser.click("ops-retry");
        browser.waitForText("ops-failed", "No failed jobs.", JOB);

        browser.driver().navigate().back();
        browser.visible("page-job");
        browser.visible("open-article", JOB);
        browser.assertNoConsoleErrors();
    }

    @Test
    @Order(4)
    void markupInAnArticleRunsNothing(OpadSystem system, Browser browser) throws Exception {
        String email = "mallory-" + UUID.randomUUID() + "@example.org";
        String token = apiToken(system, email, "Mallory");
        String articleId = given().baseUri(system.api().baseUrl()).auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"language\":\"English\",\"level\":\"B1\",\"length\":150,\"topic\":\"Hostile markup\"}")
                .when().post("/articles").then().statusCode(201).extract().path("id");
        // As a compromised or misbehaving model would write it: the article is stored as given.
        String key = "articles/" + articleId + "/" + UUID.randomUUID() + "/1/article.md";
        Path file = system.storage().resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                # Hostile markup

                *Source: a test*

                <script>window.__opadXss = 'script tag'</script>

                <img src="x" onerror="window.__opadXss = 'onerror'">

                An ordinary paragraph with a [javascript link](javascript:window.__opadXss='link') and
                <a href="javascript:alert('raw link')">a raw link</a> and <b onmouseover="alert('hover')">bold</b>.

                ![picture](javascript:alert('image'))
                """, StandardCharsets.UTF_8);
        system.execute("update articles set status = 'completed', storage_key = '" + key
                + "', title = 'Hostile markup', word_count = 20 where id = '" + articleId + "'");

        login(browser.open("/"), email);
        browser.open("/#/articles/" + articleId);
        browser.waitForText("reader-content", "ordinary paragraph");
        String shown = browser.text("reader-content");
        assertTrue(shown.contains("<script>"), "raw markup is shown as text: " + shown);
        List<WebElement> scriptLinks = browser.driver().findElements(By.cssSelector("#reader-content a[href^='javascript'], #reader-content [onerror], #reader-content [onmouseover], #reader-content script"));
        assertEquals(List.of(), scriptLinks.stream().map(e -> e.getAttribute("outerHTML")).toList());
        for (WebElement link : browser.driver().findElements(By.cssSelector("#reader-content a"))) {
            link.click();
            browser.open("/#/articles/" + articleId);
            browser.waitForText("reader-content", "ordinary paragraph");
        }
        browser.assertNoScriptRan();
        browser.screenshot("reader-hostile-markup");
    }

    @Test
    @Order(5)
    void theApiStoppedMidSessionShowsAnErrorNotASpinner(OpadSystem system, Browser browser) {
        register(browser.open("/#/register"), "Kim", "kim-" + UUID.randomUUID() + "@example.org");
        browser.click("nav-library").visible("library-empty");

        system.stopApi();
        try {
            browser.click("nav-usage");
            browser.visible("error-banner");
            browser.waitForText("usage-error", "could not be loaded");
            browser.screenshot("api-down");
        } finally {
            system.startApi();
        }
        // The banner checks again by itself every 10 s; "Check again" asks at once (clicked from
        // script because the banner may already have gone away on its own).
        browser.script("document.querySelector('[data-testid=error-banner-retry]').click()");
        browser.hidden("error-banner");
        browser.waitForText("usage-stages", "No model calls");
    }

    /**
     * The job page follows the job's event stream and asks {@code GET /jobs/{id}} not once while the
     * stream works; when the stream is cut (the api stopped under it) the page polls, and the job, which
     * the worker finished meanwhile, still shows completed once the api is back.
     */
    @Test
    @Order(6)
    void theJobPageListensToItsStreamAndPollsWhenTheStreamIsCut(OpadSystem system, Browser browser) {
        register(browser.open("/#/register"), "Noa", "noa-" + UUID.randomUUID() + "@example.org");
        browser.click("nav-new").visible("page-new");
        browser.visible("topic").sendKeys("Windkraft", Keys.ENTER);
        browser.visible("page-job");
        browser.waitForText("job-facts", "running", JOB);
        String jobId = browser.currentUrl().substring(browser.currentUrl().lastIndexOf('/') + 1);
        // queued → running → a stage: every change came, and not one by a poll (a stream's own entry
        // appears in the browser's record only when it ends, so it is not counted here)
        browser.waitForText("stage", "ing", JOB);
        assertEquals(0L, requests(browser, "/api/jobs/" + jobId), "no status poll while the stream works");

        system.stopApi();
        try {
            new WebDriverWait(browser.driver(), Browser.WAIT)
                    .until(page -> requests(browser, "/api/jobs/" + jobId) > 0);
        } finally {
            system.startApi();
        }
        browser.visible("open-article", JOB);
        assertEquals("100%", browser.text("progress-percent"));
        assertTrue(requests(browser, "/api/jobs/" + jobId) > 0, "the page polled after the stream was cut");
    }

    /** Requests the page made for exactly this path, from the browser's own record of them. */
    private static long requests(Browser browser, String path) {
        Object count = browser.script("return performance.getEntriesByType('resource')"
                + ".filter(e => new URL(e.name).pathname === arguments[0]).length", path);
        return ((Number) count).longValue();
    }

    private static void register(Browser browser, String name, String email) {
        browser.visible("register-panel");
        browser.type("register-name", name).type("register-email", email).type("register-password", PASSWORD)
                .click("register-submit");
        browser.visible("page-new");
    }

    private static void login(Browser browser, String email) {
        browser.visible("login-panel");
        browser.type("login-email", email).type("login-password", PASSWORD).click("login-submit");
        browser.visible("app-view");
    }

    private static void order(Browser browser, String topic, String level) {
        browser.click("nav-new").visible("page-new");
        browser.click("level-" + level);
        browser.type("length", "150").type("topic", topic).click("submit");
        browser.visible("page-job");
    }

    private static void select(Browser browser, String testId, String value) {
        browser.script("const s = arguments[0]; s.value = arguments[1]; s.dispatchEvent(new Event('change'));",
                browser.visible(testId), value);
    }

    private static void registerAdmin(OpadSystem system) {
        given().baseUri(system.api().baseUrl()).contentType(ContentType.JSON)
                .body("{\"email\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Admin\"}")
                .when().post("/auth/register").then().statusCode(202);
        // As an operator does it (./opad admin grant): the same SQL function, which records the change.
        system.execute("SELECT opad_set_role('" + ADMIN + "', 'admin', 'UiFlowIT')");
    }

    private static String apiToken(OpadSystem system, String email, String name) {
        given().baseUri(system.api().baseUrl()).contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"" + name + "\"}")
                .when().post("/auth/register").then().statusCode(202);
        return given().baseUri(system.api().baseUrl()).contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")
                .when().post("/auth/login").then().statusCode(200).extract().path("access_token");
    }
}
