package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Passwords, session JWTs and API tokens pass through the api but never reach its log. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SecretsNotLoggedTest {

    @Test
    void noSecretAppearsInTheLog() throws Exception {
        String email = "secretive-" + UUID.randomUUID() + "@example.org";
        String password = "pw-" + UUID.randomUUID();
        String wrongPassword = "wrong-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).header("X-Forwarded-For", TestUsers.randomAddress())
                .body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"S\"}")
                .when().post("/auth/register").then().statusCode(202);
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + wrongPassword + "\"}")
                .when().post("/auth/login").then().statusCode(401);
        // A malformed registration makes the api describe the request in its answer; still no password in the log.
        given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":7}")
                .when().post("/auth/register").then().statusCode(400);
        String jwt = given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
                .when().post("/auth/login").then().statusCode(200).extract().path("access_token");
        String apiToken = given().auth().oauth2(jwt).contentType(ContentType.JSON).body("{\"name\":\"s\"}")
                .when().post("/auth/tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(apiToken).when().get("/auth/me").then().statusCode(200);
        given().auth().oauth2(apiToken + "x").when().get("/auth/me").then().statusCode(401);
        given().auth().oauth2(jwt + "x").when().get("/auth/me").then().statusCode(401);

        Path log = Path.of("target/quarkus-test.log");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(text.contains("/auth/login"), "the access log is on, so requests were logged");
        for (String secret : List.of(password, wrongPassword, jwt, apiToken, jwt.substring(jwt.lastIndexOf('.') + 1))) {
            assertFalse(text.contains(secret), "a secret reached " + log);
        }
    }
}
