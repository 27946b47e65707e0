package dev.opad.web.session;

import static dev.opad.web.rest.Browser.notSignedIn;
import static dev.opad.web.rest.Browser.signedIn;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.web.rest.Browser;
import dev.opad.web.rest.FakeApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With everything logging at DEBUG, a whole session's worth of traffic leaves no password or token in the log. */
@QuarkusTest
@WithTestResource(FakeApi.class)
@TestProfile(LogHygieneTest.Verbose.class)
class LogHygieneTest {

    public static class Verbose implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.level", "DEBUG", "quarkus.log.console.level", "INFO");
        }
    }

    /** rest-assured's own HTTP client, which logs the wire on the test's side of the connection. */
    private static final String TEST_CLIENT_LOGGERS = "org.apache.http";

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (String.valueOf(record.getLoggerName()).startsWith(TEST_CLIENT_LOGGERS)) {
                return;
            }
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            StringWriter trace = new StringWriter();
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(trace));
            }
            logged.add(record.getLoggerName() + " " + message + " " + trace);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureTheLog() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void noPasswordOrTokenIsLogged() {
        String account = "{\"email\":\"%s\",\"password\":\"%s\",\"name\":\"Ada\"}".formatted(FakeApi.EMAIL, FakeApi.PASSWORD);
        notSignedIn().contentType("application/json").body(account).when().post("/session/register").then().statusCode(201);
        notSignedIn().contentType("application/json").body(SessionResourceTest.CREDENTIALS).when().post("/session/login").then().statusCode(200);
        notSignedIn().contentType("application/json").body(SessionResourceTest.CREDENTIALS.replace("battery", "wrong"))
                .when().post("/session/login").then().statusCode(401);
        notSignedIn().contentType("application/json").body("{\"email\":\"" + FakeApi.EMAIL + "\",\"password\":")
                .when().post("/session/login");
        signedIn().when().get("/session").then().statusCode(200);
        signedIn().contentType("application/json").body("{\"name\":\"laptop\"}").when().post("/api/auth/tokens").then().statusCode(201);
        signedIn().when().post("/session/logout").then().statusCode(204);

        assertFalse(logged.isEmpty(), "the capture works: DEBUG logging produced something");
        for (String secret : List.of(FakeApi.PASSWORD, "correct-horse-battery", FakeApi.ACCESS_TOKEN, Browser.CSRF_TOKEN, "opad_ab12secret")) {
            List<String> leaks = logged.stream().filter(line -> line.contains(secret)).toList();
            assertTrue(leaks.isEmpty(), "logged: " + leaks);
        }
    }

    @Test
    void theRestClientDoesNotLogBodies() {
        String scope = ConfigProvider.getConfig().getOptionalValue("quarkus.rest-client.logging.scope", String.class).orElse("none");
        assertTrue(scope.equals("none"), "quarkus.rest-client.logging.scope=" + scope);
    }
}
