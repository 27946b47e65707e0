package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AccountTest {

    @Test
    void registersLogsInAndKnowsWhoIsCalling() {
        String email = "Ana." + UUID.randomUUID() + "@Example.org";
        String id = given().contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + TestUsers.PASSWORD + "\",\"name\":\"Ana\"}")
                .when().post("/auth/register")
                .then().statusCode(201)
                .body("email", equalTo(email.toLowerCase()))
                .body("roles", equalTo(java.util.List.of("user")))
                .body("$", not(org.hamcrest.Matchers.hasKey("password_hash")))
                .extract().path("id");

        var login = given().contentType(ContentType.JSON).header("X-Forwarded-For", TestUsers.randomAddress())
                .body("{\"email\":\"" + email.toUpperCase() + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}")
                .when().post("/auth/login")
                .then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(43_200))
                .extract();
        String token = login.path("access_token");

        given().auth().oauth2(token).when().get("/auth/me")
                .then().statusCode(200).body("id", equalTo(id)).body("name", equalTo("Ana"));
        String hash = RealInfrastructure.database().query("select password_hash from users where id = '" + id + "'");
        assertTrue(hash.startsWith("$argon2id$"), "Argon2id hash stored, not the password");
        assertFalse(hash.contains(TestUsers.PASSWORD));
    }

    @Test
    void aDuplicateEmailConflictsWhateverItsCase() {
        String email = "dup-" + UUID.randomUUID() + "@example.org";
        TestUsers.register(email, 201);
        given().contentType(ContentType.JSON)
                .body("{\"email\":\"" + email.toUpperCase() + "\",\"password\":\"another password\",\"name\":\"X\"}")
                .when().post("/auth/register")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void weakOrMalformedRegistrationsAreRefused() {
        given().contentType(ContentType.JSON)
                .body("{\"email\":\"not-an-email\",\"password\":\"short\",\"name\":\"\"}")
                .when().post("/auth/register")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("email"))
                .body("errors.field", hasItem("password"))
                .body("errors.field", hasItem("name"));
    }

    @Test
    void wrongCredentialsGetOneAnswerThatNamesNeitherPart() {
        TestUsers.User user = TestUsers.register();
        String wrongPassword = given().contentType(ContentType.JSON).header("X-Forwarded-For", TestUsers.randomAddress())
                .body("{\"email\":\"" + user.email() + "\",\"password\":\"not the password\"}")
                .when().post("/auth/login")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .extract().path("detail");
        String unknownEmail = given().contentType(ContentType.JSON).header("X-Forwarded-For", TestUsers.randomAddress())
                .body("{\"email\":\"nobody-" + UUID.randomUUID() + "@example.org\",\"password\":\"not the password\"}")
                .when().post("/auth/login")
                .then().statusCode(401).contentType("application/problem+json")
                .extract().path("detail");
        assertEquals(wrongPassword, unknownEmail);
    }

    @Test
    void loginAttemptsAreLimitedPerEmail() {
        TestUsers.User user = TestUsers.register(); // one successful login used
        for (int attempt = 2; attempt <= 5; attempt++) {
            badLogin(user.email(), TestUsers.randomAddress()).then().statusCode(401);
        }
        badLogin(user.email(), TestUsers.randomAddress())
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .body("detail", containsString("this account"));
        // Even the right password waits: the limit is checked before the password.
        given().contentType(ContentType.JSON).header("X-Forwarded-For", TestUsers.randomAddress())
                .body("{\"email\":\"" + user.email() + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}")
                .when().post("/auth/login").then().statusCode(429);
    }

    @Test
    void loginAttemptsAreLimitedPerAddress() {
        String address = TestUsers.randomAddress().replace("198.51.", "203.0.");
        for (int attempt = 1; attempt <= 20; attempt++) {
            badLogin("someone-" + attempt + "-" + UUID.randomUUID() + "@example.org", address).then().statusCode(401);
        }
        badLogin("someone-else@example.org", address)
                .then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("detail", containsString("this address"));
    }

    @Test
    void withoutCredentialsEverythingButRegisterAndLoginIsUnauthorized() {
        given().when().get("/auth/me").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("not.a.jwt").when().get("/articles").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2("opad_thisTokenDoesNotExist").when().get("/articles").then().statusCode(401)
                .contentType("application/problem+json");
    }

    private static io.restassured.response.Response badLogin(String email, String address) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body("{\"email\":\"" + email + "\",\"password\":\"wrong password\"}")
                .when().post("/auth/login");
    }
}
