package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 18, end to end: with no trusted proxy configured (the default), a caller on
 * loopback cannot pick its own address with X-Forwarded-For. Before, Quarkus believed the header
 * from any loopback peer, so a fresh made-up address per request escaped the per-address login
 * limit for ever.
 */
@QuarkusTest
@TestProfile(UntrustedForwardingTest.NoTrustedProxy.class)
@WithTestResource(RealInfrastructure.class)
class UntrustedForwardingTest {

    /** The test profile trusts loopback (the tests play the gateway); this one trusts nobody, as production does by default. */
    public static class NoTrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opad.limits.trusted-proxies", "");
        }
    }

    /** %test.opad.auth.login.per-address: this many failures from one address, then 429. */
    private static final int PER_ADDRESS = 20;

    @Test
    void aMadeUpForwardedAddressDoesNotEscapeThePerAddressLimit() {
        boolean limited = false;
        for (int attempt = 0; attempt <= PER_ADDRESS && !limited; attempt++) {
            int status = given().contentType(ContentType.JSON)
                    .header("X-Forwarded-For", TestUsers.randomAddress())
                    .body("{\"email\":\"nobody-" + UUID.randomUUID() + "@example.org\",\"password\":\"wrong password\"}")
                    .when().post("/auth/login")
                    .then().extract().statusCode();
            assertTrue(status == 401 || status == 429, "a failed login is 401 until the limit, then 429; got " + status);
            limited = status == 429;
        }
        assertTrue(limited, PER_ADDRESS + 1 + " failed logins from one peer, each naming another address, were never limited");
    }
}
