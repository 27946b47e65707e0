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

    private static void assertNothingPersistedBy(Runnable request) {
        long articles = RealInfrastructure.database().count("select count(*) from articles");
        long jobs = RealInfrastructure.database().count("select count(*) from jobs");
        request.run();
        assertEquals(articles, RealInfrastructure.database().count("select count(*) from articles"), "articles added");
        assertEquals(jobs, RealInfrastructure.database().count("select count(*) from jobs"), "jobs added");
    }
}
