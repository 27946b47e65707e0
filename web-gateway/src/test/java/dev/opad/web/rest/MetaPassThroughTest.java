package dev.opad.web.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/meta}, which the UI reads once at start: public, and, unlike the per-user api answers,
 * cacheable, so the api's Cache-Control and ETag pass through and a revalidation can answer 304.
 */
@QuarkusTest
@WithTestResource(FakeApi.class)
class MetaPassThroughTest {

    @BeforeEach
    void forgetEarlierRequests() {
        FakeApi.forgetRequests();
    }

    @Test
    void anyoneGetsItWithTheApisCachingHeaders() {
        String relayed = given()
                .when().get("/api/meta")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .header("Cache-Control", equalTo("no-transform, max-age=3600"))
                .header("ETag", equalTo(FakeApi.META_TAG))
                .extract().asString();

        assertEquals(FakeApi.META, relayed);
        FakeApi.Recorded sent = FakeApi.requests().getLast();
        assertEquals("GET /meta", sent.method() + " " + sent.rawPath());
        assertNull(sent.authorization(), "no session, no credentials");
    }

    @Test
    void aCurrentTagIsAnsweredNotModified() {
        given()
                .header("If-None-Match", FakeApi.META_TAG)
                .when().get("/api/meta")
                .then()
                .statusCode(304)
                .header("ETag", equalTo(FakeApi.META_TAG))
                .body(emptyString());
    }

    @Test
    void otherApiAnswersStayUncached() {
        given()
                .when().get("/api/articles")
                .then()
                .statusCode(401)
                .header("Cache-Control", equalTo("no-store"));
    }
}
