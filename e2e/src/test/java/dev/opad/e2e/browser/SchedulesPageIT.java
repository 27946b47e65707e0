package dev.opad.e2e.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.e2e.ServiceProcess;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Schedules page in real Chromium, through the packaged web gateway, against a fake api
 * ({@link FakeScheduleApi}) while the api's schedules are still being built: create with the preview
 * shown as the rule is typed, an invalid rule's problem next to its field, pause and resume, run now
 * and its 409, delete after a confirmation, a schedule's runs, by keyboard alone, at phone width;
 * with screenshots of the page for the README.
 */
class SchedulesPageIT {

    private static FakeScheduleApi api;
    private static ServiceProcess web;
    private Browser browser;

    @RegisterExtension
    final AfterTestExecutionCallback evidence = context -> {
        if (context.getExecutionException().isPresent() && browser != null) {
            browser.saveEvidence(getClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
        }
    };

    @BeforeAll
    static void startTheGatewayOnAFakeApi() {
        Chromium.onThisMachine().assumeInstalled();
        api = FakeScheduleApi.start();
        web = ServiceProcess.startWebGatewayFor(api.url());
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void logIn() {
        browser = Browser.start(web.baseUrl());
        browser.open("/");
        browser.visible("login-panel");
        browser.type("login-email", FakeScheduleApi.EMAIL).type("login-password", FakeScheduleApi.PASSWORD).click("login-submit");
        browser.visible("page-new");
        browser.click("nav-schedules").visible("page-schedules");
        browser.visible("schedule-item");
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aDailyScheduleIsCreatedWithItsNextRunsPreviewedAsTheRuleIsTyped() {
        // The form starts at every day, 07:00, in the browser's own time zone, previewed at once.
        browser.waitForText("schedule-preview-description", "Every day at 07:00");
        assertEquals(5, browser.all("schedule-preview-runs").getFirst().findElements(By.tagName("li")).size());

        int previewsBefore = previews();
        browser.type("schedule-timezone", "Asia/Seoul");
        browser.waitForText("schedule-preview-description", "Every day at 07:00 (Asia/Seoul)");
        int previews = previews() - previewsBefore;
        assertTrue(previews >= 1 && previews < "Asia/Seoul".length(),
                "typing waits for a pause before asking the api: " + previews + " previews for 10 keys");
        setValue("schedule-time", "06:30");
        browser.waitForText("schedule-preview-description", "Every day at 06:30 (Asia/Seoul)");

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
        assertTrue(api.journal().stream().anyMatch(call -> call.equals("POST /schedules")), "created through the api");
        browser.waitForText("activity-list", "Weekly digest");
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
        assertTrue(item(renamed).getText().contains("Every Wednesday at 07:00"), item(renamed).getText());
        assertFalse(names().contains(name));
        assertTrue(api.journal().stream().anyMatch(call -> call.matches("PATCH /schedules/[0-9a-f-]{36}")), "saved with a PATCH");
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
        assertEquals(List.of(), browser.all("schedule-preview-runs").getFirst().findElements(By.tagName("li")));
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
        assertEquals("Paused: " + FakeScheduleApi.PAUSED_REASON, paused.findElement(Browser.testId("schedule-paused-reason")).getText());
        assertTrue(paused.getText().contains("No run planned"), paused.getText());

        paused.findElement(Browser.testId("schedule-resume")).click();
        waitUntil(() -> item(name).findElement(Browser.testId("schedule-status")).getText().equals("active"));
        assertFalse(item(name).findElement(Browser.testId("schedule-paused-reason")).isDisplayed());
        assertTrue(item(name).getText().contains("Next run"), item(name).getText());
        browser.assertNoConsoleErrors();
    }

    @Test
    void runNowStartsARunAndASecondWhileItIsActiveIsRefusedInTheApisWords() {
        String name = create("Sofort");
        item(name).findElement(Browser.testId("schedule-run")).click();
        browser.waitForText("schedules-notice", "A run of “" + name + "” has started.");
        assertTrue(browser.visible("schedules-notice-job").getAttribute("href").matches(".*#/jobs/[0-9a-f-]{36}"));
        waitUntil(() -> item(name).getText().contains("1 run · 0 written"));

        item(name).findElement(Browser.testId("schedule-run")).click();
        browser.waitForText("schedules-error", "The previous run of “" + name + "” is still being written.");
        assertFalse(browser.isVisible("schedules-notice"));
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

        item(name).findElement(Browser.testId("schedule-delete")).click();
        browser.click("confirm-choice-box").click("confirm-yes").hidden("confirm-dialog");
        waitUntil(() -> !names().contains(name));
        assertTrue(api.journal().stream().anyMatch(call -> call.matches("DELETE /schedules/[0-9a-f-]{36}\\?cancel_active=true")),
                "the api was asked to stop the active run too: " + api.journal());
        browser.assertNoConsoleErrors();
    }

    @Test
    void aSchedulesRunsLinkToTheirArticlesAndJobsWithOutcomesInWords() {
        item("Weekly digest").findElement(Browser.testId("schedule-name")).click();
        browser.visible("page-schedule");
        browser.waitForText("schedule-heading", "Weekly digest");
        browser.waitForText("schedule-facts", "every Friday at 18:00 (Europe/Berlin)");
        List<WebElement> rows = waitForRows(3);
        assertTrue(rows.get(0).getText().contains("Failed"), "newest first: " + rows.get(0).getText());
        assertTrue(rows.get(1).getText().contains("Skipped: the previous run was still being written"), rows.get(1).getText());
        WebElement written = rows.get(2);
        assertTrue(written.getText().contains("Written") && written.getText().contains("On schedule"), written.getText());
        assertTrue(written.findElement(Browser.testId("run-article")).getAttribute("href")
                .endsWith("#/articles/" + FakeScheduleApi.SEEDED_ARTICLE_ID));
        assertTrue(written.findElement(Browser.testId("run-job")).getAttribute("href").endsWith("#/jobs/" + FakeScheduleApi.SEEDED_JOB_ID));
        assertTrue(rows.get(1).findElements(Browser.testId("run-article")).isEmpty(), "a skipped run wrote nothing");
        browser.screenshot("schedule-runs");

        browser.click("schedule-back").visible("page-schedules");
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
        WebElement actions = item("Weekly digest").findElement(By.cssSelector(".schedule-actions"));
        Number right = (Number) browser.script("return arguments[0].getBoundingClientRect().right", actions);
        assertTrue(right.intValue() <= 390, "the buttons wrap inside the screen: " + right);
        String create = create("Handy");
        assertTrue(names().contains(create));
        browser.desktop();
        browser.assertNoConsoleErrors();
    }

    // --- helpers ----------------------------------------------------------------------------------

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

    private List<WebElement> waitForRows(int count) {
        waitUntil(() -> browser.all("run-row").size() == count);
        return browser.all("run-row");
    }

    private int previews() {
        return (int) api.journal().stream().filter(call -> call.equals("POST /schedules/preview")).count();
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
