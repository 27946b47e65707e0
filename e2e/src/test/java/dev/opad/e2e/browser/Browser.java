package dev.opad.e2e.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.UnhandledAlertException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium for a browser test, driven through Debian's chromedriver, with the
 * few things opad's browser tests need: elements found by {@code data-testid}, explicit waits,
 * desktop and phone viewports, screenshots for {@code docs/screenshots/}, the browser console,
 * and a way to tell that a script ran that should not have.
 *
 * <p>Why Selenium rather than Playwright for Java: Debian builds {@code chromium} and
 * {@code chromium-driver} from one source, so the driver apt installs always speaks the browser's
 * protocol version, whatever Chromium update arrives. Playwright for Java drives a browser build
 * pinned per release through a bundled Node.js driver, tries to download that browser on first
 * use, and supports a system Chromium only on a best-effort basis. Selenium given both paths
 * never runs Selenium Manager ("Skipping Selenium Manager, path to chromedriver specified in
 * Service class"), so nothing is downloaded, which the closed build machines require.
 */
public final class Browser implements AutoCloseable {

    /** How long a wait lasts unless a test passes its own: ample for a page of the local system. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    /** The two widths every page is checked and photographed at. */
    public enum Viewport {
        DESKTOP(1280, 800, 1, false),
        // A current phone in CSS pixels. Scale 2 rather than the device's 3 keeps committed
        // screenshots small; media queries only see the 390 px width.
        PHONE(390, 844, 2, true);

        final int width;
        final int height;
        final int scale;
        final boolean mobile;

        Viewport(int width, int height, int scale, boolean mobile) {
            this.width = width;
            this.height = height;
            this.scale = scale;
            this.mobile = mobile;
        }
    }

    // The flags the closed build network needs (no background connections to Google, which fail
    // noisily there), plus a container-friendly /dev/shm and stable screenshots. Even with
    // --disable-background-networking Chromium looks up accounts.google.com, clients2.google.com,
    // update.googleapis.com, content-autofill.googleapis.com and start.duckduckgo.com (Debian's
    // default search engine); the resolver rule answers every name but the local ones "not found"
    // without asking DNS (checked with strace: no query leaves), and --disable-features turns the
    // worst of those services off altogether.
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--disable-default-apps", "--no-default-browser-check",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=en-US", "--window-size=1280,800",
            "--disable-features=NetworkTimeServiceQuerying,AutofillServerCommunication,PreconnectToSearch,OptimizationHints,Translate,MediaRouter",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost");

    // Runs before any page script in every document: a page's alert() leaves a trace even if it is
    // dismissed at once. Test payloads set window.__opadXss themselves or call alert().
    private static final String SCRIPT_TRAP = """
            (() => {
              const alert = window.alert;
              window.alert = function (message) {
                window.__opadXss = window.__opadXss || 'alert(' + message + ')';
                return alert.apply(this, arguments);
              };
            })();""";

    // Selenium looks for CDP bindings for this Chromium version at every start and warns that
    // there are none: the harness sends its few CDP commands through chromedriver instead.
    private static final Logger SELENIUM_DEVTOOLS = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        SELENIUM_DEVTOOLS.setLevel(Level.SEVERE);
    }

    private static final Path ROOT = Path.of(System.getProperty("opad.root", "..")).toAbsolutePath().normalize();
    private static final Path SCREENSHOTS = ROOT.resolve("docs/screenshots");
    private static final Path TARGET = ROOT.resolve("e2e/target");

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;
    private final List<LogEntry> console = new ArrayList<>();
    private final List<String> alerts = new ArrayList<>();
    private Viewport viewport;

    private Browser(ChromeDriver driver, Path profile, String baseUrl) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts Chromium with a fresh profile at the desktop viewport; relative paths given to
     * {@link #open} are taken from {@code baseUrl}. Skips the calling test (loudly) where
     * Chromium or chromedriver is not installed.
     */
    public static Browser start(String baseUrl) {
        Chromium chromium = Chromium.onThisMachine();
        chromium.assumeInstalled();
        long started = System.nanoTime();
        Path profile;
        try {
            profile = Files.createTempDirectory("opad-chromium-");
            Files.createDirectories(TARGET.resolve("browser-logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.browser().toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile);
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.DISMISS_AND_NOTIFY);
        // Nor do the password manager and autofill offer to save or check what the tests type.
        options.setExperimentalOption("prefs", Map.of("credentials_enable_service", false,
                "profile.password_manager_enabled", false, "profile.password_manager_leak_detection", false,
                "autofill.profile_enabled", false, "autofill.credit_card_enabled", false));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromium.driver().toFile())
                .usingAnyFreePort()
                .withLogFile(TARGET.resolve("browser-logs/chromedriver.log").toFile())
                .withAppendLog(true)
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
        Browser browser = new Browser(driver, profile, baseUrl);
        try {
            driver.manage().timeouts().scriptTimeout(WAIT);
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SCRIPT_TRAP));
            // Animations finished before a screenshot is taken, not caught halfway.
            driver.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-reduced-motion", "value", "reduce"))));
            browser.use(Viewport.DESKTOP);
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
        System.out.printf("browser: %s %s started in %d ms%n", driver.getCapabilities().getBrowserName(),
                driver.getCapabilities().getBrowserVersion(), (System.nanoTime() - started) / 1_000_000);
        return browser;
    }

    /** The selector every helper uses: {@code [data-testid="..."]}. */
    public static By testId(String testId) {
        return By.cssSelector("[data-testid=\"" + testId + "\"]");
    }

    // --- navigation and viewports ---------------------------------------------------------------

    /** Loads a page: a path such as {@code /} or {@code /#/library}, or a whole URL. */
    public Browser open(String pathOrUrl) {
        return act(() -> {
            driver.get(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl);
            return this;
        });
    }

    public String currentUrl() {
        return act(driver::getCurrentUrl);
    }

    public Browser desktop() {
        return use(Viewport.DESKTOP);
    }

    public Browser phone() {
        return use(Viewport.PHONE);
    }

    /** Resizes the page's viewport (not the window), so CSS media queries see its width at once. */
    public Browser use(Viewport next) {
        return act(() -> {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", next.width,
                    "height", next.height, "deviceScaleFactor", next.scale, "mobile", next.mobile));
            driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", next.mobile
                    ? Map.of("enabled", true, "maxTouchPoints", 5) : Map.of("enabled", false));
            viewport = next;
            waitUntil("the viewport to be " + next.width + " px wide",
                    d -> ((Number) driver.executeScript("return window.innerWidth")).intValue() == next.width);
            return this;
        });
    }

    public Viewport viewport() {
        return viewport;
    }

    // --- elements --------------------------------------------------------------------------------

    /** Waits until the element is visible and returns it. */
    public WebElement visible(String testId) {
        return visible(testId, WAIT);
    }

    public WebElement visible(String testId, Duration timeout) {
        return waitUntil(testId + " to be visible", timeout, ExpectedConditions.visibilityOfElementLocated(testId(testId)));
    }

    /** Waits until no such element is visible (hidden, or not in the page at all). */
    public Browser hidden(String testId) {
        waitUntil(testId + " to be hidden", WAIT, ExpectedConditions.invisibilityOfElementLocated(testId(testId)));
        return this;
    }

    /** Waits until the element's visible text contains {@code text}; returns its whole text. */
    public String waitForText(String testId, String text) {
        return waitForText(testId, text, WAIT);
    }

    public String waitForText(String testId, String text, Duration timeout) {
        By by = testId(testId);
        return act(() -> new WebDriverWait(driver, timeout)
                .withMessage(() -> "its text is now: " + textOrAbsent(by))
                // A page that redraws a list from its state replaces the element between finding and reading it.
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    List<WebElement> found = d.findElements(by);
                    return !found.isEmpty() && found.getFirst().getText().contains(text) ? found.getFirst().getText() : null;
                }));
    }

    public boolean isVisible(String testId) {
        return act(() -> driver.findElements(testId(testId)).stream().anyMatch(WebElement::isDisplayed));
    }

    /** The visible text of the element, once it is visible. */
    public String text(String testId) {
        return visible(testId).getText();
    }

    /** All elements with this testid, e.g. the rows of a list; waits for none of them. */
    public List<WebElement> all(String testId) {
        return act(() -> driver.findElements(testId(testId)));
    }

    /** Waits until the element can be clicked, then clicks it. */
    public Browser click(String testId) {
        return act(() -> {
            waitUntil(testId + " to be clickable", WAIT, ExpectedConditions.elementToBeClickable(testId(testId))).click();
            return this;
        });
    }

    /** Replaces the field's value with {@code text}, typed key by key as a person would. */
    public Browser type(String testId, String text) {
        return act(() -> {
            WebElement field = visible(testId);
            field.clear();
            field.sendKeys(text);
            return this;
        });
    }

    /** Keys sent to whatever has the focus, e.g. {@code press(Keys.TAB)} or {@code press(Keys.ENTER)}. */
    public Browser press(CharSequence... keys) {
        return act(() -> {
            new Actions(driver).sendKeys(keys).perform();
            return this;
        });
    }

    /** The {@code data-testid} of the focused element, or empty when it has none. */
    public Optional<String> focused() {
        return act(() -> Optional.ofNullable((String) driver.executeScript(
                "return document.activeElement && document.activeElement.getAttribute('data-testid')")));
    }

    /** Waits for a native confirm()/alert() the page opened on purpose, accepts it and returns its text. */
    public String acceptDialog() {
        var dialog = new WebDriverWait(driver, WAIT).until(ExpectedConditions.alertIsPresent());
        String text = dialog.getText();
        dialog.accept();
        return text;
    }

    // --- screenshots -------------------------------------------------------------------------------

    /**
     * Saves the page as {@code docs/screenshots/<name>-desktop.png} and {@code <name>-phone.png} at
     * the repository root (replacing older ones), then returns to the viewport it was in.
     */
    public List<Path> screenshot(String name) {
        Viewport was = viewport;
        List<Path> saved = new ArrayList<>();
        for (Viewport each : Viewport.values()) {
            use(each);
            saved.add(saveScreenshot(SCREENSHOTS.resolve(name + "-" + each.name().toLowerCase() + ".png")));
        }
        use(was);
        return saved;
    }

    private Path saveScreenshot(Path file) {
        return act(() -> {
            // Web fonts loaded and two frames painted, so the picture shows the settled layout.
            driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(done)));""");
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        });
    }

    // --- console and scripts ---------------------------------------------------------------------

    /** Every console message since the browser started (or since {@link #clearConsole()}). */
    public List<LogEntry> console() {
        // chromedriver hands each entry out once, so they are kept here.
        try {
            driver.manage().logs().get(LogType.BROWSER).forEach(console::add);
        } catch (UnhandledAlertException e) {
            alerts.add(e.getAlertText());
        }
        return List.copyOf(console);
    }

    /** Messages of SEVERE entries: uncaught exceptions, console.error, failed loads (4xx/5xx, CSP refusals). */
    public List<String> consoleErrors() {
        return console().stream().filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    public void assertNoConsoleErrors() {
        assertNoConsoleErrorsExcept();
    }

    /** As {@link #assertNoConsoleErrors()}, allowing errors that contain one of the fragments (e.g. an expected 503). */
    public void assertNoConsoleErrorsExcept(String... expectedFragments) {
        List<String> errors = consoleErrors().stream()
                .filter(message -> Stream.of(expectedFragments).noneMatch(message::contains)).toList();
        if (!errors.isEmpty()) {
            throw new AssertionError("the browser console has " + errors.size() + " error(s):\n  "
                    + String.join("\n  ", errors));
        }
    }

    /** Forgets the console so far, e.g. after a step that is meant to log errors. */
    public Browser clearConsole() {
        console();
        console.clear();
        return this;
    }

    /**
     * Whether a script ran that a test planted: an alert() (open now or seen before), or the flag
     * {@code window.__opadXss} set in the current document.
     */
    public boolean scriptRan() {
        return !scriptEvidence().isEmpty();
    }

    public void assertNoScriptRan() {
        List<String> evidence = scriptEvidence();
        if (!evidence.isEmpty()) {
            throw new AssertionError("a script ran in the page: " + String.join("; ", evidence));
        }
    }

    private List<String> scriptEvidence() {
        try {
            var dialog = driver.switchTo().alert();
            alerts.add(dialog.getText());
            dialog.dismiss();
        } catch (NoAlertPresentException none) {
            // the usual case
        }
        List<String> evidence = alerts.stream().map(text -> "an alert said '" + text + "'")
                .collect(Collectors.toCollection(ArrayList::new));
        try {
            Object flag = driver.executeScript("return window.__opadXss || null");
            if (flag != null) {
                evidence.add("window.__opadXss is " + flag);
            }
        } catch (UnhandledAlertException e) {
            evidence.add("an alert said '" + e.getAlertText() + "'");
        }
        return evidence;
    }

    // --- for whatever the helpers do not cover ---------------------------------------------------

    public WebDriver driver() {
        return driver;
    }

    public Object script(String javaScript, Object... arguments) {
        return act(() -> driver.executeScript(javaScript, arguments));
    }

    /** A screenshot, the page's HTML and the console under e2e/target/browser-failures, for a failed test. */
    void saveEvidence(String name) {
        Path dir = TARGET.resolve("browser-failures");
        try {
            Files.createDirectories(dir);
            saveScreenshot(dir.resolve(name + ".png"));
            Files.writeString(dir.resolve(name + ".html"), driver.getPageSource());
            Files.write(dir.resolve(name + ".console.txt"), console().stream()
                    .map(entry -> entry.getLevel() + " " + entry.getMessage()).toList());
            System.out.println("browser: evidence of the failure saved in " + dir.resolve(name) + ".{png,html,console.txt}");
        } catch (IOException | RuntimeException | AssertionError e) {
            System.out.println("browser: could not save evidence of the failure: " + e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (WebDriverException e) {
            System.out.println("browser: chromedriver did not quit cleanly: " + e.getMessage());
        } finally {
            deleteTree(profile);
        }
    }

    // --- plumbing --------------------------------------------------------------------------------

    private <T> T waitUntil(String description, Duration timeout, Function<? super WebDriver, T> condition) {
        return act(() -> new WebDriverWait(driver, timeout).withMessage(() -> "waiting for " + description).until(condition));
    }

    private <T> T waitUntil(String description, Function<? super WebDriver, T> condition) {
        return waitUntil(description, WAIT, condition);
    }

    /**
     * Runs a step; an alert the page opened unasked turns into a clear failure, because in opad
     * that only happens when a planted script ran.
     */
    private <T> T act(Supplier<T> step) {
        try {
            return step.get();
        } catch (UnhandledAlertException e) {
            alerts.add(e.getAlertText());
            throw new AssertionError("the page opened an alert ('" + e.getAlertText() + "'): a script ran", e);
        }
    }

    private String textOrAbsent(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? "(no such element)" : "'" + found.getFirst().getText() + "'";
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is no reason to fail a test
        }
    }
}
