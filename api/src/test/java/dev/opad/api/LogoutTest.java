package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Issue 12, item 7: a logout ends the session on the server, for every later request, even from the cache. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class LogoutTest {

    @Test
    void aLoggedOutSessionIsRefusedAndOtherSessionsGoOn() {
        TestUsers.User user = TestUsers.register();
        TestUsers.User otherSession = TestUsers.login(user.email());
        // Used twice first, so the verified token is remembered by the provider's cache.
        user.given().when().get("/auth/me").then().statusCode(200);
        user.given().when().get("/auth/me").then().statusCode(200);

        user.given().when().post("/auth/logout").then().statusCode(204);

        user.given().when().get("/auth/me").then().statusCode(401).contentType("application/problem+json");
        user.given().when().get("/jobs").then().statusCode(401);
        otherSession.given().when().get("/auth/me").then().statusCode(200);
        assertEquals(1L, RealInfrastructure.database().count(
                "select count(*) from revoked_sessions where user_id = '" + user.id() + "'"));
    }

    @Test
    void theDenylistIsRebuiltFromPostgresAfterRedisLosesIt() {
        TestUsers.User user = TestUsers.register();
        user.given().when().post("/auth/logout").then().statusCode(204);
        RealInfrastructure.redis().flushAll();
        user.given().when().get("/auth/me").then().statusCode(401);
        TestUsers.login(user.email()).given().when().get("/auth/me").then().statusCode(200);
    }

    @Test
    void anApiTokenCannotLogOut() {
        TestUsers.User user = TestUsers.register();
        String token = user.given().contentType(ContentType.JSON).body("{\"name\":\"script\"}")
                .when().post("/auth/tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(token).when().post("/auth/logout").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(token).when().get("/auth/me").then().statusCode(200);
    }
}
