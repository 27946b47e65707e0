package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gets a 4xx problem naming what is wrong, and nothing is written. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class BadInputTest {

    /** Resolved lazily: the application (and RestAssured's port) is ready only once a test runs. */
    private static TestUsers.User user() {
        return TestUsers.shared();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"language\":\"German\",\"level\":\"Z9\",\"length\":400,\"topic\":\"t\"}    | level",
        "{\"language\":\"German\",\"level\":\"B1\",\"length\":-5,\"topic\":\"t\"}     | length",
        "{\"language\":\"German\",\"level\":\"B1\",\"length\":2001,\"topic\":\"t\"}   | length",
        "{\"language\":\"German\",\"level\":\"B1\",\"length\":400,\"topic\":\"\"}     | topic",
        "{\"language\":\"German\",\"level\":\"B1\",\"length\":400,\"topic\":\"   \"}  | topic",
        "{\"language\":\"Klingon\",\"level\":\"B1\",\"length\":400,\"topic\":\"t\"}   | language",
        "{\"level\":\"B1\",\"length\":400,\"topic\":\"t\"}                           | language",
        "{\"language\":\"German\",\"level\":\"B1\",\"length\":\"many\",\"topic\":\"t\"} | length",
        "{\"language\":\"German\",\"level\":\"B1\",\"length\":400,\"topic\":\"t\",\"color\":\"red\"} | color",
    })
    void invalidFieldsAreNamed(String body, String field) {
        assertNothingPersistedBy(() -> user().given().contentType(ContentType.JSON).body(body)
                .when().post("/articles")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", notNullValue())
                .body("errors.field", hasItem(field)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"language\":", "not json", "{\"language\":\"German\",}", "[1,2,3]", "\"text\""})
    void malformedJsonIsABadRequest(String body) {
        assertNothingPersistedBy(() -> user().given().contentType(ContentType.JSON).body(body)
                .when().post("/articles")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", not(containsString("Exception"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "application/x-www-form-urlencoded"})
    void wrongContentTypeIsUnsupported(String contentType) {
        assertNothingPersistedBy(() -> user().given().contentType(contentType).body(ArticleResourceTest.GERMAN_B1)
                .when().post("/articles")
                .then().statusCode(415)
                .contentType("application/problem+json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/articles/%s/generate", "/articles/not-a-uuid/generate"})
    void generatingAnUnknownArticleIsNotFound(String path) {
        assertNothingPersistedBy(() -> user().given().when().post(path.formatted(UUID.randomUUID()))
                .then().statusCode(404)
                .contentType("application/problem+json"));
    }

    /** Issue 12, item 8: page × size is bounded (it overflowed the offset: a 500). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/articles?page=2147483647", "/articles?page=21474837&size=100", "/articles?page=101&size=100",
        "/jobs?page=2147483647", "/jobs?page=21474837&size=100", "/jobs?page=501"})
    void pagesPastTheOffsetLimitAreRefused(String path) {
        user().given().when().get(path)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("page"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/articles?page=100&size=100", "/jobs?page=500&size=20"})
    void theLastPageWithinTheLimitIsServed(String path) {
        user().given().when().get(path).then().statusCode(200);
    }

    /** Issue 12, item 11: overlong UTF-8 ({@code C0 AF}, {@code E0 80 AF} for "/") was decoded and stored. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"C0AF", "E080AF", "F08080AF", "EDA080", "C3", "FF"})
    void malformedUtf8IsRefused(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] before = "{\"language\":\"German\",\"level\":\"B1\",\"length\":400,\"topic\":\"energy".getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        byte[] after = "prices\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = new byte[before.length + bad.length + after.length];
        System.arraycopy(before, 0, body, 0, before.length);
        System.arraycopy(bad, 0, body, before.length, bad.length);
        System.arraycopy(after, 0, body, before.length + bad.length, after.length);
        assertNothingPersistedBy(() -> {
            RawHttp.Answer answer = RawHttp.send("POST", "/articles", body, "Content-Type: application/json",
                    "Authorization: Bearer " + user().token());
            ErrorShapeTest.assertProblem(answer, 400);
            org.junit.jupiter.api.Assertions.assertTrue(answer.body().contains("UTF-8"), answer.body());
        });
    }

    /** Issue 12, item 15: a body with no Content-Type, or a wildcard, was read as JSON. */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "Content-Type: */*", "Content-Type: application/*", "Content-Type: application/json; charset=ISO-8859-1"})
    void aBodyMustBeDeclaredJson(String contentType) {
        String[] headers = contentType.isEmpty()
                ? new String[] {"Authorization: Bearer " + user().token()}
                : new String[] {contentType, "Authorization: Bearer " + user().token()};
        assertNothingPersistedBy(() -> ErrorShapeTest.assertProblem(RawHttp.send("POST", "/articles",
                ArticleResourceTest.GERMAN_B1.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers), 415));
        ErrorShapeTest.assertProblem(RawHttp.send("POST", "/auth/login",
                "{\"email\":\"a@example.org\",\"password\":\"long enough password\"}".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8), contentType.isEmpty() ? new String[0] : new String[] {contentType}), 415);
    }

    @org.junit.jupiter.api.Test
    void aRequestWithoutABodyNeedsNoContentType() {
        String article = ArticleResourceTest.createArticle(user(), ArticleResourceTest.GERMAN_B1);
        RawHttp.Answer answer = RawHttp.send("POST", "/articles/" + article + "/generate", null,
                "Authorization: Bearer " + user().token());
        assertEquals(202, answer.status(), answer.body());
    }

    private static void assertNothingPersistedBy(Runnable request) {
        long articles = RealInfrastructure.database().count("select count(*) from articles");
        long jobs = RealInfrastructure.database().count("select count(*) from jobs");
        request.run();
        assertEquals(articles, RealInfrastructure.database().count("select count(*) from articles"), "articles added");
        assertEquals(jobs, RealInfrastructure.database().count("select count(*) from jobs"), "jobs added");
    }
}
