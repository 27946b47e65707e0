package dev.opad.api.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.testing.RealInfrastructure;
import dev.opad.testing.Waits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The bound on remembered session JWTs: never past their exp, never longer than a minute. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SessionTokenIdentityProviderTest {

    /** The parser the provider was given (a seam, not a hook): it counts full verifications. */
    @Inject
    CountingJwtParser parser;

    @Test
    void aVerifiedSessionIsRememberedUntilItsExpiryAndNoLonger() {
        Instant expiresAt = Instant.now().plusSeconds(3);
        String token = session(UUID.randomUUID(), expiresAt);

        given().auth().oauth2(token).when().get("/jobs").then().statusCode(200);
        int afterFirst = parser.parses();
        given().auth().oauth2(token).when().get("/jobs").then().statusCode(200);
        given().auth().oauth2(token).when().get("/jobs").then().statusCode(200);
        assertEquals(afterFirst, parser.parses(), "remembered after the first verification, not verified again");

        // Past its exp the token is verified afresh (which then applies the verifier's clock-skew allowance).
        Waits.until("the session to be verified again at its exp", Duration.ofSeconds(10), () -> {
            given().auth().oauth2(token).when().get("/jobs");
            return parser.parses() > afterFirst;
        });
        assertFalse(Instant.now().isBefore(expiresAt.minusMillis(1_000)),
                "forgotten at its exp (second precision), not long before: " + Instant.now() + " vs " + expiresAt);
    }

    @Test
    void aRememberedTokenDoesNotVouchForAnAlteredOne() {
        String token = session(UUID.randomUUID(), Instant.now().plusSeconds(600));
        given().auth().oauth2(token).when().get("/jobs").then().statusCode(200);

        int inSignature = token.lastIndexOf('.') + 10; // a whole base64 digit of the signature, not padding bits
        char replaced = token.charAt(inSignature) == 'A' ? 'B' : 'A';
        String altered = token.substring(0, inSignature) + replaced + token.substring(inSignature + 1);
        given().auth().oauth2(altered).when().get("/jobs")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(altered).when().get("/jobs").then().statusCode(401);
    }

    @Test
    void aTokenIsRememberedForAMinuteAtMostAndNeverPastItsExpiry() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        assertEquals(Duration.ofSeconds(60), SessionTokenIdentityProvider.keepFor(now.plusSeconds(12 * 3600).getEpochSecond(), now));
        assertEquals(Duration.ofSeconds(10), SessionTokenIdentityProvider.keepFor(now.plusSeconds(10).getEpochSecond(), now));
        assertEquals(Duration.ZERO, SessionTokenIdentityProvider.keepFor(now.minusSeconds(1).getEpochSecond(), now));
        assertEquals(Duration.ZERO, SessionTokenIdentityProvider.keepFor(0, now), "no exp, not remembered");
    }

    /** A session JWT as a login issues it, signed with the test's key, expiring when the test says. */
    private static String session(UUID userId, Instant expiresAt) {
        return Jwt.issuer(SessionTokens.ISSUER)
                .claim("jti", UUID.randomUUID().toString())
                .subject(userId.toString())
                .upn(userId.toString())
                .groups(Set.of(UserEntity.USER))
                .expiresAt(expiresAt.getEpochSecond())
                .sign();
    }
}
