package dev.opad.web.rest;

import static dev.opad.web.rest.Browser.signedIn;
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
 * The Atom feeds on the public host: {@code /api/feeds/<secret>.atom} reaches the api with no credential but the
 * URL, a reader's conditional GET goes along and the caching headers come back, and the api learns the caller's
 * address (for its limit per address) from the gateway, never from the caller.
 */
@QuarkusTest
@WithTestResource(FakeApi.class)
class FeedPassThroughTest {

    private static final String FEED = "/api/feeds/" + FakeApi.FEED_SECRET + ".atom";

    @BeforeEach
    void forgetEarlierRequests() {
        FakeApi.forgetRequests();
    }

    @Test
    void aFeedReaderGetsTheFeedWithItsCachingHeaders() {
        String relayed = given().header("X-Forwarded-For", "203.0.113.9")
                .when().get(FEED)
                .then()
                .statusCode(200)
                .contentType(startsWith("application/atom+xml"))
                .header("ETag", equalTo(FakeApi.FEED_TAG))
                .header("Last-Modified", equalTo(FakeApi.FEED_DATE))
                .header("Cache-Control", equalTo("private, max-age=300"))
                .extract().asString();

        assertEquals(FakeApi.FEED, relayed);
        FakeApi.Recorded sent = FakeApi.requests().getLast();
        assertEquals("GET /feeds/" + FakeApi.FEED_SECRET + ".atom", sent.method() + " " + sent.rawPath());
        assertNull(sent.authorization(), "the URL is the credential");
        assertEquals("127.0.0.1", sent.forwardedFor(), "the peer's address, not what the caller claimed");
    }

    @Test
    void aConditionalGetIsAnsweredNotModified() {
        given().header("If-None-Match", FakeApi.FEED_TAG)
                .when().get(FEED)
                .then().statusCode(304).header("ETag", equalTo(FakeApi.FEED_TAG)).body(emptyString());
        given().header("If-Modified-Since", FakeApi.FEED_DATE)
                .when().get(FEED)
                .then().statusCode(304).header("Last-Modified", equalTo(FakeApi.FEED_DATE)).body(emptyString());
    }

    @Test
    void theFeedsAreReadOnlyAndRotationsAreRelayed() {
        given().when().post(FEED).then().statusCode(405).contentType("application/problem+json");

        signedIn().when().post("/api/auth/feed/rotate").then().statusCode(200).body("email", equalTo(FakeApi.EMAIL));
        signedIn().when().post("/api/schedules/" + FakeApi.SCHEDULE_ID + "/feed/rotate").then().statusCode(200)
                .body("id", equalTo(FakeApi.SCHEDULE_ID));
        assertEquals("POST /schedules/" + FakeApi.SCHEDULE_ID + "/feed/rotate",
                FakeApi.requests().getLast().method() + " " + FakeApi.requests().getLast().rawPath());
    }
}
