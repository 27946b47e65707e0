package dev.opad.api;

import dev.opad.testing.RealInfrastructure;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Real accounts made through the api itself: register, then log in for a session token. */
final class TestUsers {

    static final String ADMIN_EMAIL = "admin@test.opad";
    static final String PASSWORD = "correct horse battery";

    private static User shared;
    private static User admin;

    private TestUsers() {
    }

    record User(UUID id, String email, String token) {
        RequestSpecification given() {
            return RestAssured.given().auth().oauth2(token);
        }
    }

    /** One user for tests that only need "someone logged in". */
    static synchronized User shared() {
        if (shared == null) {
            shared = register();
        }
        return shared;
    }

    /** Registered like anyone, then made admin the way an operator does it (./opad admin grant). */
    static synchronized User admin() {
        if (admin == null) {
            register(ADMIN_EMAIL, 202);
            grant(ADMIN_EMAIL, "admin");
            admin = login(ADMIN_EMAIL);
        }
        return admin;
    }

    /** The SQL function ./opad admin grant|revoke calls; it also records who changed the role. */
    static void grant(String email, String role) {
        RealInfrastructure.database().query("select opad_set_role('" + email + "', '" + role + "', 'test')");
    }

    static User register() {
        String email = "learner-" + UUID.randomUUID() + "@example.org";
        register(email, 202);
        return login(email);
    }

    /** Each sign-up, like each login, from its own documentation address: per-address limits do not add up. */
    static void register(String email, int expectedStatus) {
        RestAssured.given().contentType(ContentType.JSON).header("X-Forwarded-For", randomAddress())
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Test Learner\"}")
                .when().post("/auth/register")
                .then().statusCode(expectedStatus);
    }

    /** Each login comes from its own documentation address, so per-address login limits do not add up across tests. */
    static User login(String email) {
        String token = RestAssured.given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", randomAddress())
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")
                .when().post("/auth/login")
                .then().statusCode(200)
                .extract().path("access_token");
        String id = RestAssured.given().auth().oauth2(token).when().get("/auth/me")
                .then().statusCode(200).extract().path("id");
        return new User(UUID.fromString(id), email, token);
    }

    static String randomAddress() {
        return "198.51." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(1, 255);
    }
}
