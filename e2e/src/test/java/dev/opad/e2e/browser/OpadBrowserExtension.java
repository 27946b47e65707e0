package dev.opad.e2e.browser;

import dev.opad.e2e.OpadSystem;
import dev.opad.e2e.ServiceProcess;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** What {@link OpadBrowserTest} does; the store closes the system and browsers (they are AutoCloseable). */
final class OpadBrowserExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver, AfterTestExecutionCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OpadBrowserExtension.class);
    private static final String SYSTEM = "system";
    // Different keys, because a store lookup also searches the enclosing (class) store.
    private static final String CLASS_BROWSER = "class-browser";
    private static final String TEST_BROWSER = "test-browser";

    /** Checked before anything starts: a machine without Chromium skips the class in milliseconds. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Chromium.onThisMachine().missing()
                .map(reason -> {
                    Chromium.announceSkip(reason);
                    return ConditionEvaluationResult.disabled("browser tests skipped: " + reason);
                })
                .orElseGet(() -> ConditionEvaluationResult.enabled("Chromium and chromedriver are installed"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Map<String, String> settings = new HashMap<>();
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), OpadBrowserTest.class).ifPresent(test -> {
            for (String setting : test.settings()) {
                int equals = setting.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("@OpadBrowserTest setting '" + setting + "' is not NAME=value");
                }
                settings.put(setting.substring(0, equals), setting.substring(equals + 1));
            }
        });
        long started = System.nanoTime();
        OpadSystem system = new OpadSystem(settings);
        // Stored before the other services start, so that a failed start still stops the rest.
        context.getStore(NAMESPACE).put(SYSTEM, system);
        ServiceProcess worker = system.startWorker();
        ServiceProcess web = system.startWebGateway();
        System.out.printf("browser tests: system up in %d ms (api %d ms, worker %d ms, web %d ms to ready); web gateway at %s%n",
                (System.nanoTime() - started) / 1_000_000, system.api().startToReadyMs(), worker.startToReadyMs(),
                web.startToReadyMs(), system.webUrl());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Browser.class || type == OpadSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        OpadSystem system = context.getStore(NAMESPACE).get(SYSTEM, OpadSystem.class);
        if (system == null) {
            throw new ParameterResolutionException("the opad system is not running (did @OpadBrowserTest's start fail?)");
        }
        if (parameter.getParameter().getType() == OpadSystem.class) {
            return system;
        }
        String key = context.getTestMethod().isPresent() ? TEST_BROWSER : CLASS_BROWSER;
        return context.getStore(NAMESPACE).computeIfAbsent(key, k -> Browser.start(system.webUrl()), Browser.class);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        Browser browser = context.getStore(NAMESPACE).get(TEST_BROWSER, Browser.class);
        if (browser == null) {
            browser = context.getStore(NAMESPACE).get(CLASS_BROWSER, Browser.class);
        }
        if (browser != null) {
            browser.saveEvidence(name);
        }
    }
}
