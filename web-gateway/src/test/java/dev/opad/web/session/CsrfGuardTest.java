package dev.opad.web.session;

import static dev.opad.web.rest.Browser.signedIn;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.web.rest.Browser;
import dev.opad.web.rest.FakeApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeApi.class)
class CsrfGuardTest {

    private static final String ORDER = "{\"language\":\"German\",\"level\":\"B1\",\"length\":400,\"topic\":\"Energiepreise\"}";

    @BeforeEach
    void forgetEarlierRequests() {
        FakeApi.forgetRequests();
    }

    @Test
    void aSessionWithoutTheHeaderIsRefusedBeforeTheApiSeesAnything() {
        given().cookie(SessionCookies.SESSION, FakeApi.ACCESS_TOKEN).cookie(SessionCookies.CSRF, Browser.CSRF_TOKEN)
                .contentType("application/json").body(ORDER)
                .when().post("/api/articles")
                .then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(403))
                .body("type", equalTo("/problems/csrf"))
                .body("detail", equalTo("Missing or invalid CSRF token; reload the page"));

        assertTrue(FakeApi.requests().isEmpty(), "nothing forwarded");
    }

    @Test
    void aWrongTokenIsRefused() {
        given().cookie(SessionCookies.SESSION, FakeApi.ACCESS_TOKEN).cookie(SessionCookies.CSRF, Browser.CSRF_TOKEN)
                .header(CsrfGuard.HEADER, Browser.CSRF_TOKEN.replace('Z', 'Y'))
                .contentType("application/json").body(ORDER)
                .when().post("/api/articles")
                .then().statusCode(403).body("type", equalTo("/problems/csrf"));

        assertTrue(FakeApi.requests().isEmpty());
    }

    @Test
    void aHeaderWithoutTheCookieIsRefused() {
        given().cookie(SessionCookies.SESSION, FakeApi.ACCESS_TOKEN).header(CsrfGuard.HEADER, Browser.CSRF_TOKEN)
                .contentType("application/json").body(ORDER)
                .when().post("/api/articles")
                .then().statusCode(403);
    }

    @Test
    void theRightTokenPassesAndTheSessionGoesToTheApi() {
        signedIn().contentType("application/json").body(ORDER)
                .when().post("/api/articles")
                .then().statusCode(201);

        assertEquals("Bearer " + FakeApi.ACCESS_TOKEN, FakeApi.requests().getLast().authorization());
    }

    @Test
    void deletesAndGenerationAreGuardedToo() {
        given().cookie(SessionCookies.SESSION, FakeApi.ACCESS_TOKEN)
                .when().delete("/api/articles/" + FakeApi.ARTICLE_ID)
                .then().statusCode(403);
        given().cookie(SessionCookies.SESSION, FakeApi.ACCESS_TOKEN)
                .when().post("/api/articles/" + FakeApi.ARTICLE_ID + "/generate")
                .then().statusCode(403);

        assertTrue(FakeApi.requests().isEmpty());
    }

    @Test
    void readsNeedNoToken() {
        given().cookie(SessionCookies.SESSION, FakeApi.ACCESS_TOKEN)
                .when().get("/api/articles/" + FakeApi.ARTICLE_ID)
                .then().statusCode(200);
    }

    @Test
    void anotherSitesOriginIsRefusedEvenWithTheRightToken() {
        signedIn().header("Origin", "https://evil.example").contentType("application/json").body(ORDER)
                .when().post("/api/articles")
                .then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("/problems/cross-origin"));

        assertTrue(FakeApi.requests().isEmpty());
    }

    @Test
    void theNullOriginIsRefused() {
        signedIn().header("Origin", "null").contentType("application/json").body(ORDER)
                .when().post("/api/articles")
                .then().statusCode(403).body("type", equalTo("/problems/cross-origin"));
    }

    @Test
    void theGatewaysOwnOriginPasses() {
        signedIn().header("Origin", "http://localhost:" + RestAssured.port).contentType("application/json").body(ORDER)
                .when().post("/api/articles")
                .then().statusCode(201);
    }

    @Test
    void behindAProxyTheForwardedOriginCounts() {
        signedIn().header("Origin", "https://opad.example.org")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "opad.example.org")
                .contentType("application/json").body(ORDER)
                .when().post("/api/articles")
                .then().statusCode(201);
        signedIn().header("Origin", "http://opad.example.org")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "opad.example.org")
                .contentType("application/json").body(ORDER)
                .when().post("/api/articles")
                .then().statusCode(403);
    }

    @Test
    void aScriptWithItsOwnTokenAndNoCookieNeedsNoCsrfToken() {
        given().header("Authorization", "Bearer opad_x")
                .contentType("application/json").body(ORDER)
                .when().post("/api/articles")
                .then().statusCode(201);

        assertEquals("Bearer opad_x", FakeApi.requests().getLast().authorization(), "its own header goes through as it is");
    }

    @Test
    void aBearerTokenNextToTheSessionCookieDoesNotExempt() {
        given().header("Authorization", "Bearer opad_x").cookie(SessionCookies.SESSION, FakeApi.ACCESS_TOKEN)
                .contentType("application/json").body(ORDER)
                .when().post("/api/articles")
                .then().statusCode(403);
    }

    @Test
    void basicCredentialsDoNotExempt() {
        given().header("Authorization", "Basic YWRhOnNlY3JldA==")
                .contentType("application/json").body(ORDER)
                .when().post("/api/articles")
                .then().statusCode(403);
    }

    @Test
    void anOwnAuthorizationHeaderWinsOverTheCookie() {
        RequestSpecification browserWithScriptToken = signedIn().header("Authorization", "Bearer opad_y");
        browserWithScriptToken.contentType("application/json").body(ORDER)
                .when().post("/api/articles")
                .then().statusCode(201);

        assertEquals("Bearer opad_y", FakeApi.requests().getLast().authorization());
    }
}
