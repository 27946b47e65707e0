package dev.opad.web.rest;

import static dev.opad.web.rest.Browser.signedIn;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.web.session.SessionCookies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cancel, retry, discard and a job's events, relayed like every other api call. */
@QuarkusTest
@WithTestResource(FakeApi.class)
class JobControlPassThroughTest {

    @BeforeEach
    void forgetEarlierRequests() {
        FakeApi.forgetRequests();
    }

    @Test
    void cancellingARunningJobRelaysThe202AndItsStatus() {
        String relayed = signedIn()
                .when().post("/api/jobs/" + FakeApi.JOB_ID + "/cancel")
                .then()
                .statusCode(202)
                .contentType(startsWith("application/json"))
                .body("id", equalTo(FakeApi.JOB_ID))
                .body("status", equalTo("running"))
                .extract().asString();

        assertEquals(FakeApi.jobStatus(FakeApi.JOB_ID, "running"), relayed, "the status JSON, new fields included, is relayed byte for byte");
        FakeApi.Recorded sent = FakeApi.requests().getLast();
        assertEquals("POST /jobs/" + FakeApi.JOB_ID + "/cancel", sent.method() + " " + sent.rawPath());
        assertEquals("Bearer " + FakeApi.ACCESS_TOKEN, sent.authorization());
    }

    @Test
    void cancellingAWaitingJobRelaysThe200() {
        signedIn()
                .when().post("/api/jobs/" + FakeApi.QUEUED_JOB_ID + "/cancel")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("status", equalTo("cancelled"))
                .body("max_attempts", equalTo(3))
                .body("version", equalTo(4))
                .body("next_attempt_at", nullValue());
    }

    @Test
    void cancellingAFinishedJobRelaysTheConflictUnchanged() {
        String relayed = signedIn()
                .when().post("/api/jobs/" + FakeApi.COMPLETED_JOB_ID + "/cancel")
                .then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .extract().asString();

        assertEquals("""
                {"type":"/problems/conflict","title":"Conflict","status":409,"detail":"Job %s is already completed and cannot be cancelled"}"""
                .formatted(FakeApi.COMPLETED_JOB_ID), relayed);
    }

    @Test
    void retryAnswers202WithTheJobLocationUnderApi() {
        signedIn()
                .when().post("/api/jobs/" + FakeApi.FAILED_JOB_ID + "/retry")
                .then()
                .statusCode(202)
                .contentType(startsWith("application/json"))
                .header("Location", equalTo("/api/jobs/" + FakeApi.FAILED_JOB_ID))
                .body("id", equalTo(FakeApi.FAILED_JOB_ID))
                .body("status", equalTo("queued"));

        assertEquals("/jobs/" + FakeApi.FAILED_JOB_ID + "/retry", FakeApi.requests().getLast().rawPath());
    }

    @Test
    void retryingAJobThatHasNotFailedIsTheApisConflict() {
        signedIn()
                .when().post("/api/jobs/" + FakeApi.JOB_ID + "/retry")
                .then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .header("Location", nullValue())
                .body("detail", equalTo("Only a failed or cancelled job can be retried; job " + FakeApi.JOB_ID + " is running"));
    }

    @Test
    void discardRelays204WithoutBody() {
        signedIn()
                .when().delete("/api/jobs/" + FakeApi.FAILED_JOB_ID)
                .then()
                .statusCode(204)
                .body(emptyString());

        FakeApi.Recorded sent = FakeApi.requests().getLast();
        assertEquals("DELETE /jobs/" + FakeApi.FAILED_JOB_ID, sent.method() + " " + sent.rawPath());
    }

    @Test
    void discardingAnActiveJobIsTheApisConflict() {
        signedIn()
                .when().delete("/api/jobs/" + FakeApi.QUEUED_JOB_ID)
                .then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(409));
    }

    @Test
    void eventsPassTheirFiltersThroughAndComeBackUnchanged() {
        String relayed = signedIn()
                .queryParam("level", "info").queryParam("type", "job.stage_started")
                .queryParam("stage", "writing").queryParam("limit", "50")
                .when().get("/api/jobs/" + FakeApi.JOB_ID + "/events")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("[0].type", equalTo("job.stage_started"))
                .body("[0].data.model", equalTo("fake"))
                .extract().asString();

        assertEquals(FakeApi.EVENTS, relayed);
        FakeApi.Recorded sent = FakeApi.requests().getLast();
        assertEquals("/jobs/" + FakeApi.JOB_ID + "/events", sent.rawPath());
        String query = sent.rawQuery();
        assertTrue(query.contains("level=info") && query.contains("type=job.stage_started")
                && query.contains("stage=writing") && query.contains("limit=50"), query);
    }

    @Test
    void eventsWithoutFiltersInventNone() {
        signedIn().when().get("/api/jobs/" + FakeApi.JOB_ID + "/events").then().statusCode(200);

        assertNull(FakeApi.requests().getLast().rawQuery(), "no query parameters are made up");
    }

    @Test
    void eventsOfAnUnknownJobAreTheApisNotFound() {
        signedIn()
                .when().get("/api/jobs/" + FakeApi.MISSING_ID + "/events")
                .then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("No such thing: /jobs/" + FakeApi.MISSING_ID + "/events"));
    }

    @ParameterizedTest
    @CsvSource({"POST, /cancel", "POST, /retry", "DELETE, ''"})
    void jobControlWithoutTheCsrfTokenNeverReachesTheApi(String method, String action) {
        String path = "/api/jobs/" + FakeApi.FAILED_JOB_ID + action;
        sessionWithoutCsrfHeader().when().request(method, path)
                .then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("/problems/csrf"));
        signedIn().header("Origin", "https://evil.example").when().request(method, path)
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/cross-origin"));

        assertTrue(FakeApi.requests().isEmpty(), "nothing forwarded: " + FakeApi.requests());
    }

    @ParameterizedTest
    @CsvSource({"POST, /cancel, 200", "POST, /retry, 409", "DELETE, '', 409"})
    void aScriptWithItsOwnTokenNeedsNoCsrfToken(String method, String action, int status) {
        given().header("Authorization", "Bearer opad_script")
                .when().request(method, "/api/jobs/" + FakeApi.QUEUED_JOB_ID + action)
                .then().statusCode(status);

        assertEquals("Bearer opad_script", FakeApi.requests().getLast().authorization(), "its own header goes through as it is");
    }

    @Test
    void withoutSessionTheApisUnauthorizedIsRelayed() {
        given()
                .when().get("/api/jobs/" + FakeApi.JOB_ID + "/events")
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("Log in first."));
        Browser.notSignedIn()
                .when().post("/api/jobs/" + FakeApi.JOB_ID + "/cancel")
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"));

        assertEquals(2, FakeApi.requests().size());
        FakeApi.requests().forEach(sent -> assertNull(sent.authorization(), "no Authorization header is made up"));
    }

    @Test
    void anIdempotencyKeyIsOnlyForwardedWhereTheApiHonoursIt() {
        signedIn().header("Idempotency-Key", "cancel-once")
                .when().post("/api/jobs/" + FakeApi.JOB_ID + "/cancel")
                .then().statusCode(202);

        assertNull(FakeApi.requests().getLast().idempotencyKey());
    }

    /** A signed-in browser whose request lacks the X-CSRF-Token header, as a forged request from another site would. */
    private static RequestSpecification sessionWithoutCsrfHeader() {
        return given().cookie(SessionCookies.SESSION, FakeApi.ACCESS_TOKEN).cookie(SessionCookies.CSRF, Browser.CSRF_TOKEN);
    }
}
