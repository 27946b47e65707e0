package dev.opad.web.session;

import static dev.opad.web.rest.Browser.notSignedIn;
import static dev.opad.web.rest.Browser.signedIn;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.web.rest.FakeApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeApi.class)
@TestProfile(SessionSettingsTest.Settings.class)
class SessionSettingsTest {

    public static class Settings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "opad.session.secure-cookie", "always",
                    "opad.session.trusted-origins", "https://opad.example.org, https://www.opad.example.org");
        }
    }

    @Test
    void secureAlwaysMarksCookiesSecureEvenOverHttp() {
        ValidatableResponse answer = notSignedIn().contentType("application/json").body(SessionResourceTest.CREDENTIALS)
                .when().post("/session/login")
                .then().statusCode(200);

        assertTrue(SessionResourceTest.setCookie(answer, SessionCookies.SESSION).orElseThrow().endsWith("; Secure"));
        assertTrue(SessionResourceTest.setCookie(answer, SessionCookies.CSRF).orElseThrow().endsWith("; Secure"));
    }

    @Test
    void trustedOriginsMaySendWrites() {
        for (String origin : new String[] {"https://opad.example.org", "https://www.opad.example.org:443"}) {
            signedIn().header("Origin", origin).when().post("/session/logout").then().statusCode(204);
        }
        signedIn().header("Origin", "https://other.example.org").when().post("/session/logout").then().statusCode(403);
    }
}
