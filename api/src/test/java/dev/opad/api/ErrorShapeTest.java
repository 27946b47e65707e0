package dev.opad.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12, item 13: every error, from every layer, is problem+json in plain words — the HTTP
 * layer's 404, 405, 406, 414 and 431 included, and a bug's 500, which is logged with its stack
 * trace and shows the client nothing of it.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ErrorShapeTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET, /no-such-path, 404",
        "GET, /articles/x/y/z, 404",
        "PUT, /articles, 405",
        "PATCH, /jobs, 405",
    })
    void theHttpLayersRefusalsAreProblems(String method, String path, int status) {
        RawHttp.Answer answer = RawHttp.send(method, path, null, "Authorization: Bearer " + TestUsers.shared().token());
        assertProblem(answer, status);
    }

    @Test
    void anUnproducibleMediaTypeIsAProblem() {
        TestUsers.shared().given().accept("text/xml").when().get("/articles")
                .then().statusCode(406).contentType(startsWith("application/problem+json")).body("status", equalTo(406));
    }

    @Test
    void anOverlongTargetIsAProblem() {
        assertProblem(RawHttp.send("GET", "/articles?topic=" + "x".repeat(5000), null), 414);
    }

    @Test
    void oversizedHeadersAreAProblem() {
        assertProblem(RawHttp.send("GET", "/articles", null, "X-Padding: " + "p".repeat(25_000)), 431);
    }

    @Test
    void aParseErrorDoesNotNameTheParsersInternals() {
        TestUsers.shared().given().contentType(ContentType.JSON)
                .body("{\"language\":\"German\",\"level\":\"B1\",\"length\":" + "4".repeat(1500) + ",\"topic\":\"t\"}")
                .when().post("/articles")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("nested too deeply"))
                .body("detail", not(containsString("StreamReadConstraints")))
                .body("detail", not(containsString("`")));
        TestUsers.shared().given().contentType(ContentType.JSON).body("{\"language\": nope}")
                .when().post("/articles")
                .then().statusCode(400)
                .body("detail", equalTo("The request body is not valid JSON (line 1, column 14)"));
    }

    /**
     * A completed article whose stored object is gone is a bug (nothing but a broken storage
     * does that): a 500 problem with an error id, and the stack trace in the log under that id.
     */
    @Test
    void aBugIsAPlain500ProblemAndItsStackTraceIsLogged() throws Exception {
        TestUsers.User user = TestUsers.shared();
        String articleId = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        RealInfrastructure.database().execute("update articles set status = 'completed',"
                + " storage_key = 'articles/" + articleId + "/gone/1/article.md' where id = '" + articleId + "'");

        String body = user.given().when().get("/articles/" + articleId + "/content")
                .then().statusCode(500).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(500))
                .body("title", equalTo("Internal Server Error"))
                .extract().asString();
        assertFalse(body.contains("Exception") || body.contains("stored object") || body.contains("at dev.opad"), body);
        Matcher id = Pattern.compile("error ([0-9a-f-]{36})").matcher(body);
        assertTrue(id.find(), body);

        Path log = Path.of("target/quarkus-test.log");
        dev.opad.testing.Waits.until("the error to be logged", java.time.Duration.ofSeconds(5),
                () -> read(log).contains(id.group(1)));
        String logged = read(log).substring(read(log).indexOf(id.group(1)));
        assertTrue(logged.contains("IllegalStateException") && logged.contains("at dev.opad.api.article.ArticleService"),
                "the stack trace is logged with the error id");
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void assertProblem(RawHttp.Answer answer, int status) {
        assertEquals(status, answer.status(), answer.body());
        assertTrue(String.valueOf(answer.header("Content-Type")).startsWith("application/problem+json"),
                "content type " + answer.header("Content-Type") + ", body: " + answer.body());
        assertTrue(answer.body().contains("\"status\":" + status), answer.body());
        assertTrue(answer.body().contains("\"detail\":\""), answer.body());
        assertFalse(answer.body().contains("Exception"), answer.body());
    }
}
