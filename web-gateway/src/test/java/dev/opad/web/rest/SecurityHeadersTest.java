package dev.opad.web.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every answer, static file or relayed api answer or the gateway's own refusal, carries the same protections. */
@QuarkusTest
@WithTestResource(FakeApi.class)
class SecurityHeadersTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/js/app.js", "/css/app.css", "/api/articles", "/session", "/health", "/no-such-page"})
    void onEveryGet(String path) {
        assertProtected(given().when().get(path).then());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/articles", "/session/login", "/session/logout"})
    void onRefusedWrites(String path) {
        assertProtected(given().contentType("application/json").body("{}").when().post(path).then().statusCode(403));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/articles", "/session"})
    void perUserAnswersAreNotCached(String path) {
        given().when().get(path).then().header("Cache-Control", equalTo("no-store"));
    }

    private static void assertProtected(ValidatableResponse response) {
        response
                .header("Content-Security-Policy", allOf(
                        containsString("script-src 'self'"),
                        containsString("frame-ancestors 'none'"),
                        not(containsString("unsafe-inline")),
                        not(containsString("unsafe-eval"))))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Referrer-Policy", equalTo("no-referrer"));
    }
}
