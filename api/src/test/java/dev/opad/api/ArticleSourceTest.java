package dev.opad.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** An article may carry the reader's own source text; the learner data the worker stores comes back as JSON. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ArticleSourceTest {

    @Test
    void aPastedSourceTextWithLineBreaksIsKept() {
        TestUsers.User user = TestUsers.register();
        String id = user.given().contentType(ContentType.JSON)
                .body("{\"language\":\"German\",\"level\":\"B1\",\"length\":300,\"topic\":\"Strom\","
                        + "\"source_text\":\"Erster Absatz.\\n\\nZweiter Absatz\\tmit Tab.\"}")
                .when().post("/articles").then().statusCode(201)
                .body("has_source_text", equalTo(true))
                .extract().path("id");
        org.junit.jupiter.api.Assertions.assertEquals("Erster Absatz.\n\nZweiter Absatz\tmit Tab.",
                RealInfrastructure.database().query("select source_text from articles where id = '" + id + "'"));
    }

    @Test
    void controlCharactersOtherThanLineBreaksAreStillRefusedInTheSource() {
        TestUsers.User user = TestUsers.register();
        user.given().contentType(ContentType.JSON)
                .body("{\"language\":\"German\",\"level\":\"B1\",\"length\":300,\"topic\":\"Strom\","
                        + "\"source_text\":\"evil\\u0000text\"}")
                .when().post("/articles").then().statusCode(400).body("errors.field", hasItem("source_text"));
    }

    @Test
    void learnerDataStoredByTheWorkerIsReturnedAsJson() {
        TestUsers.User user = TestUsers.register();
        String id = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        user.given().when().get("/articles/" + id).then().statusCode(200)
                .body("glossary", nullValue()).body("gate_report", nullValue());
        RealInfrastructure.database().execute("update articles set status = 'completed', detected_language = 'de',"
                + " glossary = '[{\"word\":\"Preise\",\"lemma\":\"Preis\"}]', gate_report = '{\"passed\":true}',"
                + " models = '{\"provider\":\"demo\"}' where id = '" + id + "'");
        user.given().when().get("/articles/" + id).then().statusCode(200)
                .body("detected_language", equalTo("de"))
                .body("glossary[0].lemma", equalTo("Preis"))
                .body("gate_report.passed", equalTo(true))
                .body("models.provider", equalTo("demo"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "http://127.0.0.1/admin", "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data/",
        "http://localhost:8081/articles", "http://[::1]/", "http://2130706433/", "http://0x7f000001/",
        "file:///etc/passwd", "ftp://example.org/x", "http://user:pass@93.184.216.34/"})
    void unsafeSourceUrlsAreRefusedBeforeAnyFetch(String url) {
        TestUsers.User user = TestUsers.register();
        long before = RealInfrastructure.database().count("select count(*) from articles");
        user.given().contentType(ContentType.JSON)
                .body("{\"language\":\"German\",\"level\":\"B1\",\"length\":300,\"topic\":\"Strom\","
                        + "\"source_url\":\"" + url + "\"}")
                .when().post("/articles").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("source_url"));
        org.junit.jupiter.api.Assertions.assertEquals(before, RealInfrastructure.database().count("select count(*) from articles"));
    }

    @Test
    void aPublicSourceUrlIsAccepted() {
        TestUsers.User user = TestUsers.register();
        user.given().contentType(ContentType.JSON)
                .body("{\"language\":\"German\",\"level\":\"B1\",\"length\":300,\"topic\":\"Strom\","
                        + "\"source_url\":\"https://93.184.216.34/energy\"}")
                .when().post("/articles").then().statusCode(201)
                .body("source_url", equalTo("https://93.184.216.34/energy"));
    }
}
