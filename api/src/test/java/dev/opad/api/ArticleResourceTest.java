package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ArticleResourceTest {

    static final String GERMAN_B1 = """
            {"language":"German","level":"B1","length":400,"topic":"energy prices"}""";

    /** Resolved lazily: the application (and RestAssured's port) is ready only once a test runs. */
    private static TestUsers.User user() {
        return TestUsers.shared();
    }

    static String createArticle(TestUsers.User owner, String body) {
        return owner.given().contentType(ContentType.JSON).body(body)
                .when().post("/articles")
                .then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void createsAnArticleWithLocationAndSnakeCaseFields() {
        user().given().contentType(ContentType.JSON).body(GERMAN_B1)
                .when().post("/articles")
                .then().statusCode(201)
                .header("Location", containsString("/articles/"))
                .body("language", equalTo("German"))
                .body("level", equalTo("B1"))
                .body("length", equalTo(400))
                .body("topic", equalTo("energy prices"))
                .body("status", equalTo("pending"))
                .body("created_at", notNullValue())
                .body("word_count", nullValue());
    }

    /** Issue 12, item 14: the Location was built from the request's Host header. */
    @Test
    void locationIsRelativeWhateverTheHostHeaderSays() {
        RawHttp.Answer created = RawHttp.send("POST", "/articles", GERMAN_B1.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "Host: evil.example", "Content-Type: application/json", "Authorization: Bearer " + user().token());
        assertEquals(201, created.status(), created.body());
        String location = created.header("Location");
        org.junit.jupiter.api.Assertions.assertTrue(location.matches("/articles/[0-9a-f-]{36}"), location);

        RawHttp.Answer generated = RawHttp.send("POST", location + "/generate", null, "Host: evil.example",
                "Authorization: Bearer " + user().token(), "Idempotency-Key: location-" + java.util.UUID.randomUUID());
        assertEquals(202, generated.status(), generated.body());
        org.junit.jupiter.api.Assertions.assertTrue(generated.header("Location").matches("/jobs/[0-9a-f-]{36}"),
                generated.header("Location"));
    }

    @Test
    void acceptsIsoCodesAndNormalisesThem() {
        String id = createArticle(user(), """
                {"language":"es","level":"a2","length":100,"topic":"  la lluvia  "}""");
        user().given().when().get("/articles/" + id)
                .then().statusCode(200)
                .body("language", equalTo("Spanish"))
                .body("level", equalTo("A2"))
                .body("topic", equalTo("la lluvia"));
    }

    @Test
    void listsNewestFirstWithFiltersAndPaging() {
        String older = createArticle(user(), """
                {"language":"French","level":"C1","length":800,"topic":"older"}""");
        String newer = createArticle(user(), """
                {"language":"French","level":"C1","length":800,"topic":"newer"}""");
        user().given().queryParam("language", "fr").queryParam("level", "C1").queryParam("size", 100)
                .when().get("/articles")
                .then().statusCode(200)
                .body("items.language", everyItem(equalTo("French")))
                .body("items.level", everyItem(equalTo("C1")))
                .body("size", equalTo(100))
                .body("items.id", hasItem(older));
        var ids = user().given().queryParam("language", "French").queryParam("size", 2)
                .when().get("/articles")
                .then().statusCode(200)
                .body("items.size()", lessThanOrEqualTo(2))
                .extract().jsonPath().getList("items.id", String.class);
        assertEquals(newer, ids.get(0), "newest first");
    }

    @Test
    void softDeleteHidesTheArticle() {
        String id = createArticle(user(), GERMAN_B1);
        user().given().when().delete("/articles/" + id).then().statusCode(204);
        user().given().when().get("/articles/" + id).then().statusCode(404).contentType("application/problem+json");
        user().given().when().delete("/articles/" + id).then().statusCode(404);
        user().given().queryParam("size", 100).when().get("/articles")
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.not(hasItem(id)));
        assertEquals(1, RealInfrastructure.database().count(
                "select count(*) from articles where id = '" + id + "' and status = 'deleted'"), "row kept, marked deleted");
    }

    @Test
    void contentIsNotFoundUntilGenerated() {
        String id = createArticle(user(), GERMAN_B1);
        user().given().when().get("/articles/" + id + "/content")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("no content yet"));
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() {
        user().given().when().get("/articles/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("No article"));
        user().given().when().get("/articles/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        user().given().when().get("/jobs/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("No job"));
        user().given().when().get("/nowhere").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void badListParametersAreRefused() {
        user().given().queryParam("size", 101).when().get("/articles").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("size"));
        user().given().queryParam("page", "abc").when().get("/articles").then().statusCode(400)
                .body("errors[0].field", equalTo("page"));
        user().given().queryParam("status", "deleted").when().get("/articles").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        user().given().queryParam("level", "Z9").when().get("/articles").then().statusCode(400)
                .body("errors[0].field", equalTo("level"));
    }

    @Test
    void servesOpenApiAndSwaggerUi() {
        user().given().when().get("/q/openapi").then().statusCode(200).body(containsString("/articles/{id}/generate"));
        user().given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
