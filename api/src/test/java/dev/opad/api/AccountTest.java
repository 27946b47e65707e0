package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
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
        given().contentType(ContentType.JSON).header("X-Forwarded-For", TestUsers.randomAddress())
                .body("{\"email\":\"" + email + "\",\"password\":\"" + TestUsers.PASSWORD + "\",\"name\":\"Ana\"}")
                .when().post("/auth/register")
                .then().statusCode(202)
                .body("email", equalTo(email.toLowerCase()))
                .body("$", not(org.hamcrest.Matchers.hasKey("password_hash")));

        var login = given().contentType(ContentType.JSON).header("X-Forwarded-For", TestUsers.randomAddress())
                .body("{\"email\":\"" + email.toUpperCase() + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}")
                .when().post("/auth/login")
                .then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(43_200))
                .extract();
        String token = login.path("access_token");

        String id = given().auth().oauth2(token).when().get("/auth/me")
                .then().statusCode(200).body("name", equalTo("Ana"))
                .body("email", equalTo(email.toLowerCase()))
                .body("roles", equalTo(java.util.List.of("user")))
                .extract().path("id");
        String hash = RealInfrastructure.database().query("select password_hash from users where id = '" + id + "'");
        assertTrue(hash.startsWith("$argon2id$"), "Argon2id hash stored, not the password");
        assertFalse(hash.contains(TestUsers.PASSWORD));
    }

    /**
     * Each hash keeps the cost it was made with: a password hashed at the production cost (OWASP's 19 MiB, 2
     * passes) still logs in while new hashes use the test profile's cheaper cost, as old accounts must after an
     * operator raises or lowers OPAD_AUTH_HASHING_MEMORY_KIB.
     */
    @Test
    void aHashMadeAtAnotherCostStillVerifiesAndNewOnesUseTheConfiguredCost() {
        String email = "cost-" + UUID.randomUUID() + "@example.org";
        register(email, TestUsers.PASSWORD, TestUsers.randomAddress()).then().statusCode(202);
        String fresh = RealInfrastructure.database().query("select password_hash from users where email = '" + email + "'");
        assertTrue(fresh.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), "made at the configured cost: " + fresh);

        String production = com.password4j.Password.hash(TestUsers.PASSWORD).addRandomSalt(16)
                .with(com.password4j.Argon2Function.getInstance(19_456, 2, 1, 32, com.password4j.types.Argon2.ID)).getResult();
        RealInfrastructure.database().execute("update users set password_hash = '" + production + "' where email = '" + email + "'");
        TestUsers.login(email);
        given().contentType(ContentType.JSON).header("X-Forwarded-For", TestUsers.randomAddress())
                .body("{\"email\":\"" + email + "\",\"password\":\"not the password at all\"}")
                .when().post("/auth/login").then().statusCode(401);
    }

    /** Issue 12, item 6: the answer does not tell whether the email had an account, and the owner's password stays. */
    @Test
    void aTakenEmailGetsTheSameAnswerAndKeepsItsOwner() {
        String email = "dup-" + UUID.randomUUID() + "@example.org";
        String first = register(email, TestUsers.PASSWORD, TestUsers.randomAddress()).then().statusCode(202).extract().asString();
        String again = register(email.toUpperCase(), "another long password", TestUsers.randomAddress())
                .then().statusCode(202).extract().asString();
        assertEquals(first, again, "the same answer for a new and a taken email");
        assertEquals(1L, RealInfrastructure.database().count("select count(*) from users where email = '" + email + "'"));
        TestUsers.login(email); // the owner's password still works
        given().contentType(ContentType.JSON).header("X-Forwarded-For", TestUsers.randomAddress())
                .body("{\"email\":\"" + email + "\",\"password\":\"another long password\"}")
                .when().post("/auth/login").then().statusCode(401);
    }

    /** Issue 12, item 6: sign-ups from one address are limited (3 per hour in the test profile). */
    @Test
    void registrationsAreLimitedPerAddress() {
        String address = TestUsers.randomAddress().replace("198.51.", "192.0.");
        for (int i = 0; i < 3; i++) {
            register("many-" + UUID.randomUUID() + "@example.org", TestUsers.PASSWORD, address).then().statusCode(202);
        }
        String refused = "many-" + UUID.randomUUID() + "@example.org";
        register(refused, TestUsers.PASSWORD, address)
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .body("detail", containsString("this address"));
        assertEquals(0L, RealInfrastructure.database().count("select count(*) from users where email = '" + refused + "'"));
    }

    /** Issue 12, item 3: NFKC first (a Kelvin sign is a K), and nothing outside plain address syntax is stored. */
    @Test
    void emailsAreStoredInOneSafeFormAndLookAlikesAreRefused() {
        String tail = UUID.randomUUID() + "@corp.example";
        register("\u212Aboss-" + tail, TestUsers.PASSWORD, TestUsers.randomAddress())
                .then().statusCode(202).body("email", equalTo("kboss-" + tail));
        TestUsers.login("kboss-" + tail);
        // A Cyrillic "а" looks like the Latin one: refused, not a second account that looks the same.
        register("\u0430dmin-" + tail, TestUsers.PASSWORD, TestUsers.randomAddress())
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("email"));
        assertEquals(0L, RealInfrastructure.database().count("select count(*) from users where email !~ '^[ -~]+$'"));
    }

    /** Issue 12, item 3: registering never makes an admin; an operator's grant does, recorded, from the next login on. */
    @Test
    void rolesAreGrantedByAnOperatorAndRecorded() {
        TestUsers.User user = TestUsers.register();
        user.given().when().get("/admin/overview").then().statusCode(403);

        TestUsers.grant(user.email(), "admin");
        TestUsers.User admin = TestUsers.login(user.email());
        admin.given().when().get("/auth/me").then().statusCode(200).body("roles", hasItem("admin"));
        admin.given().when().get("/admin/overview").then().statusCode(200);
        assertEquals("admin test", RealInfrastructure.database().query(
                "select role || ' ' || changed_by from role_changes where user_id = '" + user.id() + "'"));

        TestUsers.grant(user.email(), "user");
        TestUsers.login(user.email()).given().when().get("/admin/overview").then().statusCode(403);
    }

    /** The widened rule for visible text (U+FE0F is invisible) must not lock out a passphrase with an emoji. */
    @Test
    void aPassphraseWithAnEmojiSignsUpAndLogsIn() {
        String email = "emoji-" + UUID.randomUUID() + "@example.org";
        String passphrase = "ich \u2764\uFE0F dich, lange genug";
        String address = TestUsers.randomAddress();
        register(email, passphrase, address).then().statusCode(202);
        given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + passphrase + "\"}")
                .when().post("/auth/login")
                .then().statusCode(200).body("access_token", notNullValue());
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

    /** Issue 12, item 5: a stranger's failures slow down the stranger's address, not the owner's login. */
    @Test
    void failedLoginsLockOutTheirAddressNotTheOwner() {
        TestUsers.User user = TestUsers.register();
        String stranger = TestUsers.randomAddress().replace("198.51.", "203.0.");
        for (int attempt = 1; attempt <= 5; attempt++) {
            badLogin(user.email(), stranger).then().statusCode(401);
        }
        badLogin(user.email(), stranger)
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .body("detail", containsString("this account"));
        // The stranger waits even with the right password: the limit is checked before the password.
        goodLogin(user.email(), stranger).then().statusCode(429);
        // The owner, from an address that has not been failing, gets in.
        goodLogin(user.email(), TestUsers.randomAddress()).then().statusCode(200);
    }

    /** Issue 12, item 5: only failures use up an address's allowance; an office behind one address keeps logging in. */
    @Test
    void successfulLoginsDoNotCountAgainstTheAddress() {
        TestUsers.User user = TestUsers.register();
        String office = TestUsers.randomAddress().replace("198.51.", "100.64.");
        for (int attempt = 1; attempt <= 25; attempt++) {
            goodLogin(user.email(), office).then().statusCode(200);
        }
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

    private static io.restassured.response.Response register(String email, String password, String address) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"Someone\"}")
                .when().post("/auth/register");
    }

    private static io.restassured.response.Response goodLogin(String email, String address) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}")
                .when().post("/auth/login");
    }

    private static io.restassured.response.Response badLogin(String email, String address) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body("{\"email\":\"" + email + "\",\"password\":\"wrong password\"}")
                .when().post("/auth/login");
    }
}
