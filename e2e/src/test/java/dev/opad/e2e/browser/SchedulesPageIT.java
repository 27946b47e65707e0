package dev.opad.e2e.browser;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.e2e.OpadSystem;
import dev.opad.testing.Waits;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Schedules pages in real Chromium against the whole running system (api, a worker with the
 * demo model and its scheduler, web gateway, Redis, Postgres): create with the preview shown as the
 * rule is typed, an invalid rule's problem next to its field, pause and resume, run now (the article
 * is written) and its 409 while that run is active, delete after a confirmation that also stops the
 * article being written, edit, a schedule's runs, its feed's address and a new one, by keyboard alone,
 * at phone width; with screenshots
 * of the pages for the README.
 *
 * <p>Every demo-model call takes {@value #DEMO_DELAY}, so a run lasts several seconds: long enough for
 * a second "Run now", a delete or a skipped slot to meet it still active.
 */
@OpadBrowserTest(settings = {"OPAD_DEMO_DELAY=" + SchedulesPageIT.DEMO_DELAY})
class SchedulesPageIT {

    static final String DEMO_DELAY = "1500ms";
    private static final String EMAIL = "lea-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    private static final String PASSWORD = "a long enough password";
    private static final Duration JOB = Duration.ofSeconds(90);
    private static final String DIGEST = "Weekly digest";

    private static OpadSystem system;
    private static String token;
    /** The digest's runs, newest first: a cancelled run, a slot skipped while the first was active, a written one. */
    private static String digestId;
    private static String writtenJob;
    private static String writtenArticle;

    private Browser browser;

    /**
     * One learner for every test, with a weekly digest whose history the real parts made: a run now
     * that the worker writes; meanwhile a slot comes (its time moved to now in the database, the only
     * thing no api call does) and the scheduler skips it because that run is active; then a run now
     * cancelled through the jobs api.
     */
    @BeforeAll
    static void aLearnerWithAWeeklyDigestAndItsHistory(OpadSystem running) {
        system = running;
        given().baseUri(system.api().baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("email", EMAIL, "password", PASSWORD, "name", "Lea"))
                .when().post("/auth/register").then().statusCode(202);
        token = given().baseUri(system.api().baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("email", EMAIL, "password", PASSWORD))
                .when().post("/auth/login").then().statusCode(200).extract().path("access_token");
        digestId = api().contentType(ContentType.JSON).body("""
                        {"name": "%s", "language": "German", "level": "B2", "length": 600, "theme": "Wissenschaft und Technik",
                         "rule": {"frequency": "weekly", "day_of_week": "friday", "time": "18:00", "timezone": "Europe/Berlin"}}"""
                        .formatted(DIGEST))
                .when().post("/schedules").then().statusCode(201).extract().path("id");

        JsonPath written = runNow(digestId);
        writtenJob = written.getString("job_id");
        writtenArticle = written.getString("article_id");
        system.execute("update schedules set next_run_at = now() where id = '" + digestId + "'");
        Waits.until("the scheduler to skip the slot that came while a run was active", JOB,
                () -> runs(digestId).getList("items.skip_reason").contains("overlap"));
        Waits.until("the first run's article to be written", JOB, () -> jobStatus(writtenJob).equals("completed"));

        String cancelled = runNow(digestId).getString("job_id");
        api().when().post("/jobs/" + cancelled + "/cancel").then().statusCode(oneOf(200, 202));
        Waits.until("the second run to be cancelled", JOB, () -> jobStatus(cancelled).equals("cancelled"));
    }

    @BeforeEach
    void logIn(Browser started) {
        browser = started;
        browser.open("/");
        browser.visible("login-panel");
        browser.type("login-email", EMAIL).type("login-password", PASSWORD).click("login-submit");
        browser.visible("page-new");
        browser.click("nav-schedules").visible("page-schedules");
        browser.visible("schedule-item");
    }

    @Test
    void aDailyScheduleIsCreatedWithItsNextRunsPreviewedAsTheRuleIsTyped() {
        // The form starts at every day, 07:00, in the browser's own time zone, previewed at once.
        browser.waitForText("schedule-preview-description", "Every day at 07:00");
        waitUntil(() -> previewRuns().size() == 5);

        long previewsBefore = previews();
        browser.type("schedule-timezone", "Asia/Seoul");
        browser.waitForText("schedule-preview-description", "Every day at 07:00 (Asia/Seoul)");
        long previews = previews() - previewsBefore;
        assertTrue(previews >= 1 && previews < "Asia/Seoul".length(),
                "typing waits for a pause before asking the api: " + previews + " previews for 10 keys");
        setValue("schedule-time", "06:30");
        browser.waitForText("schedule-preview-description", "Every day at 06:30 (Asia/Seoul)");
        assertTrue(previewRuns().getFirst().getText().contains("06:30"), "shown in the schedule's zone: " + previewRuns().getFirst().getText());

        String name = "Morgennachrichten " + UUID.randomUUID().toString().substring(0, 6);
        browser.type("schedule-name-input", name).type("schedule-topics", "Energiepreise\nWahlen");
        browser.click("schedule-submit");
        browser.waitForText("schedules-notice", "is scheduled");

        WebElement item = item(name);
        String text = item.getText();
        assertTrue(text.contains("Every day at 06:30 (Asia/Seoul) · German · B1 · 400 words"), text);
        assertTrue(text.contains("Next run"), text);
        assertTrue(text.contains("0 runs · 0 written"), text);
        assertEquals("active", item.findElement(Browser.testId("schedule-status")).getText());
        JsonPath saved = schedule(item.getAttribute("data-schedule-id"));
        assertEquals(List.of("Energiepreise", "Wahlen"), saved.getList("topics"));
        assertEquals(Map.of("frequency", "daily", "time", "06:30", "timezone", "Asia/Seoul"), saved.getMap("rule"));
        browser.waitForText("activity-list", DIGEST);
        browser.waitForText("schedule-form-heading", "New schedule");
        browser.assertNoConsoleErrors();
        browser.screenshot("schedules");
    }

    @Test
    void editFillsTheFormAndSavesTheChangeWithAPatch() {
        String name = create("Alt");
        item(name).findElement(Browser.testId("schedule-edit")).click();
        browser.waitForText("schedule-form-heading", "Edit “" + name + "”");
        assertEquals(name, browser.visible("schedule-name-input").getAttribute("value"));
        assertEquals("Energiepreise", browser.visible("schedule-topics").getAttribute("value"));
        assertEquals("Save changes", browser.text("schedule-submit"));

        select("schedule-frequency", "weekly");
        select("schedule-day-of-week", "wednesday");
        browser.waitForText("schedule-preview-description", "Every Wednesday at 07:00");
        String renamed = name.replace("Alt", "Neu");
        browser.type("schedule-name-input", renamed).click("schedule-submit");
        browser.waitForText("schedules-notice", "“" + renamed + "” is saved.");
        WebElement item = item(renamed);
        assertTrue(item.getText().contains("Every Wednesday at 07:00"), item.getText());
        assertFalse(names().contains(name));
        JsonPath saved = schedule(item.getAttribute("data-schedule-id"));
        assertEquals(renamed, saved.getString("name"));
        assertEquals("wednesday", saved.getString("rule.day_of_week"));
        assertEquals(List.of("Energiepreise"), saved.getList("topics"));
        assertEquals("New schedule", browser.text("schedule-form-heading"));
        assertFalse(browser.isVisible("schedule-cancel-edit"));
        browser.assertNoConsoleErrors();
    }

    @Test
    void anInvalidCronExpressionShowsTheApisProblemNextToTheField() {
        select("schedule-frequency", "cron");
        assertFalse(browser.isVisible("schedule-time"), "a cron rule has no time of day");
        browser.type("schedule-cron", "30 7 *");
        browser.waitForText("schedule-cron-error", "must have 5 fields");
        browser.waitForText("schedule-preview-error", "rule.cron must have 5 fields");
        assertEquals("true", browser.visible("schedule-cron").getAttribute("aria-invalid"));
        assertEquals(List.of(), previewRuns());
        assertEquals("schedule-cron", browser.focused().orElse(""), "the focus stays where the reader types");

        browser.visible("schedule-cron").sendKeys(" * 1-5");
        browser.waitForText("schedule-preview-description", "30 7 * * 1-5");
        browser.hidden("schedule-cron-error").hidden("schedule-preview-error");
        browser.assertNoConsoleErrorsExcept("400");
    }

    @Test
    void aPausedScheduleShowsWhyAndResumes() {
        String name = create("Pausenbrot");
        item(name).findElement(Browser.testId("schedule-pause")).click();
        waitUntil(() -> item(name).findElement(Browser.testId("schedule-status")).getText().equals("paused"));
        WebElement paused = item(name);
        assertEquals("Paused by you", paused.findElement(Browser.testId("schedule-paused-reason")).getText());
        assertTrue(paused.getText().contains("No run planned"), paused.getText());

        paused.findElement(Browser.testId("schedule-resume")).click();
        waitUntil(() -> item(name).findElement(Browser.testId("schedule-status")).getText().equals("active"));
        assertFalse(item(name).findElement(Browser.testId("schedule-paused-reason")).isDisplayed());
        assertTrue(item(name).getText().contains("Next run"), item(name).getText());
        browser.assertNoConsoleErrors();
    }

    @Test
    void runNowWritesAnArticleAndASecondWhileItIsActiveIsRefusedInTheApisWords() {
        String name = create("Sofort");
        item(name).findElement(Browser.testId("schedule-run")).click();
        browser.waitForText("schedules-notice", "A run of “" + name + "” has started.");
        String follow = browser.visible("schedules-notice-job").getAttribute("href");
        assertTrue(follow.matches(".*#/jobs/[0-9a-f-]{36}"), follow);
        String jobId = follow.substring(follow.lastIndexOf('/') + 1);
        waitUntil(() -> item(name).getText().contains("1 run · 0 written"));

        // The demo model takes seconds per call, so the first run is still being written.
        item(name).findElement(Browser.testId("schedule-run")).click();
        browser.waitForText("schedules-error", "The previous run (job " + jobId + ") is still active");
        assertFalse(browser.isVisible("schedules-notice"));

        Waits.until("the run's article to be written", JOB, () -> jobStatus(jobId).equals("completed"));
        String scheduleId = item(name).getAttribute("data-schedule-id");
        String articleId = runs(scheduleId).getString("items[0].article_id");
        item(name).findElement(Browser.testId("schedule-name")).click();
        browser.visible("page-schedule");
        WebElement run = waitForRows(1).getFirst();
        assertTrue(run.getText().contains("Written") && run.getText().contains("Run now"), run.getText());
        assertTrue(run.findElement(Browser.testId("run-article")).getAttribute("href").endsWith("#/articles/" + articleId));
        assertTrue(run.findElement(Browser.testId("run-job")).getAttribute("href").endsWith("#/jobs/" + jobId));
        run.findElement(Browser.testId("run-article")).click();
        browser.visible("page-reader");
        browser.waitForText("reader-source", "Source:");
        browser.assertNoConsoleErrorsExcept("409");
    }

    @Test
    void deleteAsksFirstAndCanAlsoStopTheArticleBeingWritten() {
        String name = create("Wegwerf");
        item(name).findElement(Browser.testId("schedule-delete")).click();
        browser.visible("confirm-dialog");
        browser.visible("confirm-choice");
        browser.click("confirm-no").hidden("confirm-dialog");
        assertTrue(names().contains(name), "kept when not confirmed");

        String scheduleId = item(name).getAttribute("data-schedule-id");
        String jobId = runNow(scheduleId).getString("job_id");
        item(name).findElement(Browser.testId("schedule-delete")).click();
        browser.click("confirm-choice-box").click("confirm-yes").hidden("confirm-dialog");
        browser.waitForText("schedules-notice", "“" + name + "” is deleted. The article it was writing is stopped.");
        assertTrue(browser.visible("schedules-notice-job").getAttribute("href").endsWith("#/jobs/" + jobId),
                "the stopped job, from the api's Stopped-Job header");
        waitUntil(() -> !names().contains(name));
        api().when().get("/schedules/" + scheduleId).then().statusCode(404);
        Waits.until("the article being written to be stopped", JOB, () -> jobStatus(jobId).equals("cancelled"));
        browser.assertNoConsoleErrors();
    }

    @Test
    void aSchedulesRunsLinkToTheirArticlesAndJobsWithOutcomesInWords() {
        item(DIGEST).findElement(Browser.testId("schedule-name")).click();
        browser.visible("page-schedule");
        browser.waitForText("schedule-heading", DIGEST);
        browser.waitForText("schedule-facts", "every Friday at 18:00 (Europe/Berlin)");
        List<WebElement> rows = waitForRows(3);
        WebElement cancelled = rows.get(0);
        assertTrue(cancelled.getText().contains("Cancelled"), "newest first: " + cancelled.getText());
        assertTrue(cancelled.findElements(Browser.testId("run-article")).isEmpty(), "a cancelled run's article was never written");
        assertEquals(1, cancelled.findElements(Browser.testId("run-job")).size(), "its job says what became of it");
        WebElement skipped = rows.get(1);
        assertTrue(skipped.getText().contains("Skipped: the previous run was still being written"), skipped.getText());
        assertTrue(skipped.getText().contains("On schedule"), skipped.getText());
        assertTrue(skipped.findElements(Browser.testId("run-article")).isEmpty(), "a skipped run wrote nothing");
        assertTrue(skipped.findElements(Browser.testId("run-job")).isEmpty(), "a skipped run has no job");
        WebElement written = rows.get(2);
        assertTrue(written.getText().contains("Written") && written.getText().contains("Run now"), written.getText());
        assertTrue(written.findElement(Browser.testId("run-article")).getAttribute("href").endsWith("#/articles/" + writtenArticle));
        assertTrue(written.findElement(Browser.testId("run-job")).getAttribute("href").endsWith("#/jobs/" + writtenJob));
        browser.screenshot("schedule-runs");

        browser.click("schedule-back").visible("page-schedules");
        browser.assertNoConsoleErrors();
    }

    @Test
    void aSchedulesFeedAddressIsShownAndANewOneEndsTheOldOne() {
        item(DIGEST).findElement(Browser.testId("schedule-feed-toggle")).click();
        String shown = browser.waitForText("schedule-feed-url", ".atom");
        assertEquals(schedule(digestId).getString("feed_url"), shown);
        String feed = URI.create(shown).getPath();
        assertTrue(feed.matches("/api/feeds/[A-Za-z0-9_-]{43}\\.atom"), "on the public host, through the gateway: " + feed);
        given().baseUri(system.webUrl()).when().get(feed).then().statusCode(200)
                .contentType(startsWith("application/atom+xml"));

        browser.click("schedule-feed-rotate").visible("confirm-dialog");
        assertTrue(browser.text("confirm-dialog").contains("will get nothing from it any more"), browser.text("confirm-dialog"));
        browser.click("confirm-yes").hidden("confirm-dialog");
        browser.waitForText("schedules-notice", "The feed of “" + DIGEST + "” has a new address. The old one no longer works.");
        String rotated = browser.text("schedule-feed-url");
        assertNotEquals(shown, rotated);
        assertEquals(schedule(digestId).getString("feed_url"), rotated);
        given().baseUri(system.webUrl()).when().get(feed).then().statusCode(404);
        given().baseUri(system.webUrl()).when().get(URI.create(rotated).getPath()).then().statusCode(200);
        assertEquals("schedule-feed-copy", browser.focused().orElse(""), "the focus is where the new address is copied");

        item(DIGEST).findElement(Browser.testId("schedule-feed-toggle")).click();
        browser.hidden("schedule-feed");
        browser.assertNoConsoleErrors();
    }

    @Test
    void aScheduleIsCreatedByKeyboardAlone() {
        // From the page's heading (where the navigation left the focus): Tab to "New schedule", Enter.
        browser.press(Keys.TAB);
        assertEquals("schedules-new", browser.focused().orElse(""));
        browser.press(Keys.ENTER);
        assertEquals("schedule-name-input", browser.focused().orElse(""));
        String name = "Tastatur " + UUID.randomUUID().toString().substring(0, 6);
        browser.press(name);
        tabTo("schedule-topics");
        browser.press("Tastaturen");
        tabTo("schedule-submit");
        browser.press(Keys.ENTER);
        browser.waitForText("schedules-notice", "“" + name + "” is scheduled.");
        assertTrue(names().contains(name));
        browser.assertNoConsoleErrors();
    }

    @Test
    void thePageFitsAPhone() {
        browser.phone();
        browser.visible("schedule-form");
        Number overflow = (Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth");
        assertTrue(overflow.intValue() <= 0, "nothing wider than the phone: " + overflow + " px too wide");
        WebElement actions = item(DIGEST).findElement(By.cssSelector(".schedule-actions"));
        Number right = (Number) browser.script("return arguments[0].getBoundingClientRect().right", actions);
        assertTrue(right.intValue() <= 390, "the buttons wrap inside the screen: " + right);
        String create = create("Handy");
        assertTrue(names().contains(create));
        browser.desktop();
        browser.assertNoConsoleErrors();
    }

    // --- the api, as the learner's scripts would call it ----------------------------------------

    private static RequestSpecification api() {
        return given().baseUri(system.api().baseUrl()).auth().oauth2(token);
    }

    /** Run now: 202 with the run, and Location the job to follow. */
    private static JsonPath runNow(String scheduleId) {
        var answer = api().when().post("/schedules/" + scheduleId + "/run").then().statusCode(202).extract();
        JsonPath run = answer.jsonPath();
        assertEquals("/jobs/" + run.getString("job_id"), answer.header("Location"));
        return run;
    }

    private static JsonPath runs(String scheduleId) {
        return api().when().get("/schedules/" + scheduleId + "/runs").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath schedule(String scheduleId) {
        return api().when().get("/schedules/" + scheduleId).then().statusCode(200).extract().jsonPath();
    }

    private static String jobStatus(String jobId) {
        return api().when().get("/jobs/" + jobId).then().statusCode(200).extract().path("status");
    }

    // --- the page ---------------------------------------------------------------------------------

    /** Creates a daily schedule through the form; answers its (unique) name. */
    private String create(String prefix) {
        String name = prefix + " " + UUID.randomUUID().toString().substring(0, 6);
        browser.type("schedule-name-input", name).type("schedule-topics", "Energiepreise");
        browser.click("schedule-submit");
        browser.waitForText("schedules-notice", "is scheduled");
        waitUntil(() -> names().contains(name));
        return name;
    }

    private List<String> names() {
        return browser.all("schedule-name").stream().map(WebElement::getText).toList();
    }

    private WebElement item(String name) {
        waitUntil(() -> names().contains(name));
        return browser.all("schedule-item").stream()
                .filter(item -> item.findElement(Browser.testId("schedule-name")).getText().equals(name))
                .findFirst().orElseThrow();
    }

    private List<WebElement> previewRuns() {
        // The list is there even when empty (and then has no size, so it does not count as visible).
        return browser.all("schedule-preview-runs").getFirst().findElements(By.tagName("li"));
    }

    private List<WebElement> waitForRows(int count) {
        waitUntil(() -> browser.all("run-row").size() == count);
        return browser.all("run-row");
    }

    /** The preview calls this page made, as the browser's own resource timing saw them. */
    private long previews() {
        return ((Number) browser.script("return performance.getEntriesByType('resource')"
                + ".filter(entry => entry.name.endsWith('/api/schedules/preview')).length")).longValue();
    }

    private void tabTo(String testId) {
        for (int i = 0; i < 40 && !browser.focused().orElse("").equals(testId); i++) {
            browser.press(Keys.TAB);
        }
        assertEquals(testId, browser.focused().orElse(""), "Tab reaches " + testId);
    }

    /** Sets a control's value as a person's choice would, with the events it fires. */
    private void setValue(String testId, String value) {
        browser.script("const e = arguments[0]; e.value = arguments[1];"
                + " e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));",
                browser.visible(testId), value);
    }

    private void select(String testId, String value) {
        setValue(testId, value);
    }

    private void waitUntil(BooleanSupplier condition) {
        new WebDriverWait(browser.driver(), Browser.WAIT)
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .until(driver -> condition.getAsBoolean());
    }
}
