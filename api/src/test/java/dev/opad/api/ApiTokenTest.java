package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ApiTokenTest {

    @Test
    void aScriptUsesATokenAndARevokedTokenStopsAtOnce() {
        TestUsers.User user = TestUsers.register();
        var created = user.given().contentType(ContentType.JSON).body("{\"name\":\"nightly script\",\"expires_in_days\":30}")
                .when().post("/auth/tokens")
                .then().statusCode(201)
                .body("token", startsWith("opad_"))
                .body("prefix", startsWith("opad_"))
                .body("expires_at", org.hamcrest.Matchers.notNullValue())
                .extract();
        String token = created.path("token");
        String tokenId = created.path("id");

        // Shown once: the listing has the prefix, never the token, and the database only its hash.
        user.given().when().get("/auth/tokens").then().statusCode(200)
                .body("id", hasItem(tokenId))
                .body("token", not(hasItem(token)));
        assertEquals(0, RealInfrastructure.database().count(
                "select count(*) from api_tokens where token_hash = '" + token + "' or prefix = '" + token + "'"));

        // A script: create and generate with the token alone.
        String articleId = given().auth().oauth2(token).contentType(ContentType.JSON).body(ArticleResourceTest.GERMAN_B1)
                .when().post("/articles").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token).when().post("/articles/" + articleId + "/generate").then().statusCode(202);
        given().auth().oauth2(token).when().get("/auth/me").then().statusCode(200).body("id", equalTo(user.id().toString()));
        user.given().when().get("/auth/tokens").then().body("find { it.id == '" + tokenId + "' }.last_used_at",
                org.hamcrest.Matchers.notNullValue());

        user.given().when().delete("/auth/tokens/" + tokenId).then().statusCode(204);
        given().auth().oauth2(token).when().get("/articles/" + articleId)
                .then().statusCode(401).contentType("application/problem+json");
        user.given().when().get("/auth/tokens").then().body("id", not(hasItem(tokenId)));
        user.given().when().delete("/auth/tokens/" + tokenId).then().statusCode(404);
    }

    @Test
    void anExpiredTokenIsRefused() {
        TestUsers.User user = TestUsers.register();
        var created = user.given().contentType(ContentType.JSON).body("{\"name\":\"short-lived\",\"expires_in_days\":1}")
                .when().post("/auth/tokens").then().statusCode(201).extract();
        given().auth().oauth2(created.<String>path("token")).when().get("/auth/me").then().statusCode(200);
        RealInfrastructure.database().execute(
                "update api_tokens set expires_at = now() - interval '1 second' where id = '" + created.path("id") + "'");
        given().auth().oauth2(created.<String>path("token")).when().get("/auth/me").then().statusCode(401);
    }

    @Test
    void anotherUserCannotSeeOrRevokeMyTokens() {
        TestUsers.User owner = TestUsers.register();
        TestUsers.User other = TestUsers.register();
        String tokenId = owner.given().contentType(ContentType.JSON).body("{\"name\":\"mine\"}")
                .when().post("/auth/tokens").then().statusCode(201).extract().path("id");
        other.given().when().get("/auth/tokens").then().statusCode(200).body("id", not(hasItem(tokenId)));
        other.given().when().delete("/auth/tokens/" + tokenId).then().statusCode(404);
        owner.given().when().get("/auth/tokens").then().body("id", hasItem(tokenId));
    }

    @Test
    void tokenRequestsAreValidated() {
        TestUsers.User user = TestUsers.register();
        user.given().contentType(ContentType.JSON).body("{\"name\":\"\",\"expires_in_days\":0}")
                .when().post("/auth/tokens").then().statusCode(400)
                .body("errors.field", hasItem("name")).body("errors.field", hasItem("expires_in_days"));
        user.given().contentType(ContentType.JSON).body("{\"name\":\"x\",\"expires_in_days\":400}")
                .when().post("/auth/tokens").then().statusCode(400).body("errors.field", hasItem("expires_in_days"));
        assertFalse(user.given().when().get("/auth/tokens").then().extract().jsonPath().getList("name").contains("x"));
    }

    /** Issue 12, item 4: a token cannot mint tokens (which could outlive it), list or revoke them; only a login session can. */
    @Test
    void onlyALoginSessionManagesTokens() {
        TestUsers.User user = TestUsers.register();
        String token = user.given().contentType(ContentType.JSON).body("{\"name\":\"one day\",\"expires_in_days\":1}")
                .when().post("/auth/tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\":\"forever\"}")
                .when().post("/auth/tokens").then().statusCode(403).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("login session"));
        given().auth().oauth2(token).when().get("/auth/tokens").then().statusCode(403);
        assertEquals(1L, RealInfrastructure.database().count(
                "select count(*) from api_tokens where user_id = '" + user.id() + "'"));
    }

    /** Issue 12, item 4: a token that asks for no lifetime gets the default (90 days), never none. */
    @Test
    void aTokenWithoutALifetimeExpiresAfterTheDefault() {
        TestUsers.User user = TestUsers.register();
        String id = user.given().contentType(ContentType.JSON).body("{\"name\":\"no lifetime given\"}")
                .when().post("/auth/tokens").then().statusCode(201)
                .body("expires_at", org.hamcrest.Matchers.notNullValue()).extract().path("id");
        assertEquals("90", RealInfrastructure.database().query(
                "select round(extract(epoch from expires_at - created_at) / 86400) from api_tokens where id = '" + id + "'"));
    }
}
