package dev.opad.web.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class StaticPageTest {

    private static final Pattern INLINE_HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

    @Test
    void servesThePageWithTheArticleForm() {
        given()
                .when().get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .body(containsString("id=\"article-form\""))
                .body(containsString("id=\"language\""))
                .body(containsString("id=\"level\""))
                .body(containsString("id=\"length\""))
                .body(containsString("id=\"topic\""))
                .body(containsString("<script type=\"module\" src=\"/js/app.js\"></script>"));
    }

    @Test
    void servesTheLogInAndSignUpViewsAndTheUserMenu() {
        given()
                .when().get("/")
                .then()
                .statusCode(200)
                .body(containsString("id=\"login-form\""))
                .body(containsString("<label for=\"login-email\">"))
                .body(containsString("<label for=\"login-password\">"))
                .body(containsString("id=\"register-form\""))
                .body(containsString("<label for=\"register-name\">"))
                .body(containsString("id=\"user-menu\""))
                .body(containsString("id=\"logout\""));
    }

    @Test
    void theProgressViewHasCancelRetryAndTheRetryingNotice() {
        given()
                .when().get("/")
                .then()
                .statusCode(200)
                .body(containsString("<button type=\"button\" id=\"cancel-job\""))
                .body(containsString("<button type=\"button\" id=\"retry-job\""))
                .body(containsString("id=\"job-retrying\" class=\"notice\" role=\"status\""));
        given()
                .when().get("/js/pages/job.js")
                .then()
                .statusCode(200)
                .body(containsString("'retrying'"))
                .body(containsString("cancelJob"))
                .body(containsString("retryJob"));
    }

    @Test
    void pageKeepsToTheStrictContentSecurityPolicy() {
        String page = given().when().get("/").then().statusCode(200).extract().asString();

        assertFalse(page.contains("<script>"), "no inline script blocks");
        assertFalse(INLINE_HANDLER.matcher(page).find(), "no inline event handlers");
        assertFalse(page.contains("style=\""), "no inline styles");
    }

    @ParameterizedTest
    @ValueSource(strings = {"new", "job", "reader", "library", "usage", "ops", "account"})
    void everyPageHasItsSectionAndItsModule(String page) {
        given().when().get("/").then().statusCode(200).body(containsString("data-page=\"" + page + "\""));
        given().when().get("/js/pages/" + page + ".js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString(" function enter("));
    }

    @Test
    void servesTheScriptModulesAndStylesheet() {
        given().when().get("/js/app.js").then().statusCode(200).contentType(containsString("javascript"));
        given().when().get("/css/app.css").then().statusCode(200).contentType(containsString("text/css"));
    }
}
