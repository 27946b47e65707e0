package dev.opad.web.http;

import static dev.opad.web.rest.Browser.notSignedIn;
import static dev.opad.web.rest.Browser.signedIn;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.web.rest.FakeApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every error the gateway makes itself, from whichever layer, is a problem document in plain words. */
@QuarkusTest
@WithTestResource(FakeApi.class)
class GatewayErrorsTest {

    private static final int OVER_THE_BODY_LIMIT = 64 * 1024 + 1;

    @BeforeEach
    void forgetEarlierRequests() {
        FakeApi.forgetRequests();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/nothing", "/api/articles/x/y/z", "/session/nothing", "/no-such-page.html"})
    void anUnknownAddressIsA404Problem(String path) {
        isProblem(given().when().get(path).then(), 404, "There is nothing at this address");
        assertTrue(FakeApi.requests().isEmpty(), "nothing forwarded");
    }

    @Test
    void aWrongMethodIsA405Problem() {
        isProblem(given().when().get("/session/login").then(), 405, "This address does not accept that method");
    }

    /** A script with its own token passes the CSRF check, so only the allow-list stands between it and the api. */
    @ParameterizedTest
    @ValueSource(strings = {"PUT", "PATCH"})
    void aMethodTheApiRoutesDoNotListIsA405ProblemAndNeverForwarded(String method) {
        isProblem(given().auth().oauth2(FakeApi.API_TOKEN_PREFIX + "script").contentType("application/json").body("{}")
                .when().request(method, "/api/articles/" + FakeApi.ARTICLE_ID).then(), 405, "This address does not accept that method");
        assertTrue(FakeApi.requests().isEmpty(), "nothing forwarded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/articles/..", "/api/articles/.", "/api/q/metrics", "/api/auth/login", "/api"})
    void aPathTheApiRoutesDoNotListIsA404ProblemAndNeverForwarded(String path) {
        isProblem(signedIn().urlEncodingEnabled(false).when().get(path).then(), 404, "There is nothing at this address");
        assertTrue(FakeApi.requests().isEmpty(), "nothing forwarded");
    }

    @Test
    void anAcceptNothingHereProducesIsA406Problem() {
        isProblem(given().accept("text/csv").when().get("/session").then(), 406,
                "This address cannot answer in a format the request accepts");
    }

    @Test
    void aBodyThatIsNotJsonIsA415Problem() {
        isProblem(signedIn().contentType("text/plain").body("{}").when().post("/session/login").then(), 415,
                "Unsupported content type; send application/json");
    }

    @Test
    void aDeclaredBodyOverTheLimitIsA413ProblemAndNeverForwarded() {
        isProblem(signedIn().contentType("application/json").body(new byte[OVER_THE_BODY_LIMIT])
                .when().post("/api/articles").then(), 413, "The request body is too large (at most 64 KiB)");
        assertTrue(FakeApi.requests().isEmpty(), "nothing forwarded");
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413ProblemToo() {
        // An InputStream of unknown length goes out chunked, with no Content-Length to refuse it by.
        isProblem(signedIn().contentType("application/json").body(new ByteArrayInputStream(new byte[OVER_THE_BODY_LIMIT]))
                .when().post("/api/articles").then(), 413, "The request body is too large (at most 64 KiB)");
        isProblem(notSignedIn().contentType("application/json").body(new ByteArrayInputStream(new byte[OVER_THE_BODY_LIMIT]))
                .when().post("/session/login").then(), 413, "The request body is too large (at most 64 KiB)");
        assertTrue(FakeApi.requests().isEmpty(), "nothing forwarded");
    }

    @Test
    void aBodyAtTheLimitStillReachesTheApi() {
        String json = "{\"topic\":\"" + "a".repeat(64 * 1024 - 12) + "\"}";
        signedIn().contentType("application/json").body(new ByteArrayInputStream(json.getBytes()))
                .when().post("/api/articles").then().statusCode(201);
        assertTrue(FakeApi.requests().getLast().body().equals(json), "forwarded whole");
    }

    @Test
    void anOverlongAddressIsA414Problem() {
        isProblem(given().when().get("/api/articles?topic=" + "a".repeat(5000)).then(), 414,
                "The address is too long (at most 4096 characters)");
    }

    @Test
    void oversizedHeadersAreA431Problem() {
        isProblem(given().header("X-Padding", "a".repeat(17 * 1024)).when().get("/api/articles").then(), 431,
                "The request's headers are too large (at most 16 KiB)");
    }

    @Test
    void anUnexpectedFailureIsA500ProblemThatNamesNoInternals() {
        isProblem(notSignedIn().contentType("application/json")
                        .body("{\"email\":\"" + FakeApi.BROKEN_EMAIL + "\",\"password\":\"whatever it is\"}")
                        .when().post("/session/login").then(), 500, null)
                .body("detail", startsWith("Something went wrong in the gateway; it has been logged as "))
                .body(not(containsString("Exception")))
                .body(not(containsString("access_token")));
    }

    @Test
    void anArticleLargerThanAnyTheApiWritesIsNotRendered() {
        isProblem(signedIn().when().get("/api/articles/" + FakeApi.HUGE_ARTICLE_ID + "/html").then(), 502,
                "This article is too large to show here; read its Markdown instead");
    }

    private static ValidatableResponse isProblem(ValidatableResponse response, int status, String detail) {
        response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("type", startsWith("/problems/"))
                .body("title", allOf(not(equalTo("")), not(containsString("Exception"))));
        if (detail != null) {
            response.body("detail", equalTo(detail));
        }
        return response;
    }
}
