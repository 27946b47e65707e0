package dev.opad.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 12, item 3: {@code ./opad admin grant|revoke EMAIL} against the api's Postgres, recorded, applied at the next login. */
class AdminCommandIT {

    private static final String PASSWORD = "a long enough password";
    private static OpadSystem system;

    @BeforeAll
    static void start() {
        system = new OpadSystem(Map.of());
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void anOperatorGrantsAndRevokesTheAdminRole() throws Exception {
        String email = "operator-made-" + UUID.randomUUID() + "@example.org";
        given().baseUri(system.api().baseUrl()).contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Ops\"}")
                .when().post("/auth/register").then().statusCode(202);
        assertEquals(403, overviewStatus(email), "registering grants nothing");

        Result granted = opad("admin", "grant", email.toUpperCase());
        assertEquals(0, granted.exit(), granted.output());
        assertTrue(granted.output().contains("set to admin by"), granted.output());
        assertEquals(200, overviewStatus(email), "admin from the next login on");
        assertEquals(1, system.count("select count(*) from role_changes where role = 'admin'"));

        Result revoked = opad("admin", "revoke", email);
        assertEquals(0, revoked.exit(), revoked.output());
        assertEquals(403, overviewStatus(email));

        Result unknown = opad("admin", "grant", "nobody-" + UUID.randomUUID() + "@example.org");
        assertNotEquals(0, unknown.exit(), "a typo does not pass silently: " + unknown.output());
        Result injection = opad("admin", "grant", "x'); UPDATE users SET role = 'admin'; --");
        assertNotEquals(0, injection.exit());
        assertEquals(0, system.count("select count(*) from users where role = 'admin'"));
    }

    private static int overviewStatus(String email) {
        String jwt = given().baseUri(system.api().baseUrl()).contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")
                .when().post("/auth/login").then().statusCode(200).extract().path("access_token");
        return given().baseUri(system.api().baseUrl()).auth().oauth2(jwt).when().get("/admin/overview")
                .then().extract().statusCode();
    }

    private record Result(int exit, String output) {
    }

    private static Result opad(String... args) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("opad.root", "..")).toAbsolutePath().normalize();
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("opad").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "OPAD_DB_URL", system.database.jdbcUrl(),
                "OPAD_DB_USER", system.database.user(),
                "OPAD_DB_PASSWORD", system.database.password(),
                "OPAD_NO_INSTALL", "1"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "./opad admin finished");
        return new Result(process.exitValue(), output);
    }
}
