package dev.opad.web.rest;

import static dev.opad.web.rest.Browser.signedIn;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opad.web.session.SessionCookies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schedule calls the Schedules page makes, relayed to the api (the fake's answers) as they are. */
@QuarkusTest
@WithTestResource(FakeApi.class)
class SchedulePassThroughTest {

    private static final String SCHEDULE = "/api/schedules/" + FakeApi.SCHEDULE_ID;
    private static final String CREATE = """
            {"name":"Morning news","language":"German","level":"B1","length":400,"topics":["Energiepreise"],\
            "rule":{"frequency":"daily","time":"07:00","timezone":"Europe/Berlin"}}""";

    @BeforeEach
    void forgetEarlierRequests() {
        FakeApi.forgetRequests();
    }

    @Test
    void createForwardsTheBodyAndTheIdempotencyKeyAndRewritesTheLocation() {
        signedIn().contentType("application/json").header("Idempotency-Key", "schedule-key-1").body(CREATE)
                .when().post("/api/schedules")
                .then()
                .statusCode(201)
                .header("Location", equalTo(SCHEDULE))
                .body("id", equalTo(FakeApi.SCHEDULE_ID))
                .body("description", equalTo("every day at 07:00 (Europe/Berlin)"));

        FakeApi.Recorded sent = FakeApi.requests().getLast();
        assertEquals("POST /schedules", sent.method() + " " + sent.rawPath());
        assertEquals(CREATE, sent.body(), "the body reaches the api byte for byte");
        assertEquals("schedule-key-1", sent.idempotencyKey());
        assertEquals("Bearer " + FakeApi.ACCESS_TOKEN, sent.authorization());
    }

    @Test
    void patchIsRelayedWithItsJsonBody() {
        String change = "{\"name\":\"Evening news\",\"rule\":{\"frequency\":\"hourly\",\"time\":\"00:15\",\"timezone\":\"UTC\"}}";
        signedIn().contentType("application/json").body(change)
                .when().patch(SCHEDULE)
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("status", equalTo("active"));

        FakeApi.Recorded sent = FakeApi.requests().getLast();
        assertEquals("PATCH", sent.method());
        assertEquals("/schedules/" + FakeApi.SCHEDULE_ID, sent.rawPath());
        assertEquals(change, sent.body());
        assertTrue(sent.contentType().startsWith("application/json"), sent.contentType());
        assertNull(sent.idempotencyKey(), "the key goes along only where the api honours it");
    }

    @Test
    void aPatchThatIsNotJsonOrWithoutTheCsrfTokenNeverReachesTheApi() {
        signedIn().contentType("text/plain").body("{}").when().patch(SCHEDULE)
                .then().statusCode(415).contentType("application/problem+json");
        given().cookie(SessionCookies.SESSION, FakeApi.ACCESS_TOKEN)
                .contentType("application/json").body("{}").when().patch(SCHEDULE)
                .then().statusCode(403).contentType("application/problem+json");
        assertTrue(FakeApi.requests().isEmpty(), "nothing forwarded");
    }

    @Test
    void patchIsAllowedOnASchedulesPathOnly() {
        signedIn().contentType("application/json").body("{}").when().patch("/api/articles/" + FakeApi.ARTICLE_ID)
                .then().statusCode(405).contentType("application/problem+json");
        assertTrue(FakeApi.requests().isEmpty());
    }

    @Test
    void anInvalidRuleIsTheApisProblemNamingTheField() {
        String relayed = signedIn().contentType("application/json")
                .body("{\"rule\":{\"frequency\":\"cron\",\"cron\":\"30 7 *\",\"timezone\":\"UTC\"},\"count\":5}")
                .when().post("/api/schedules/preview")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("rule.cron"))
                .extract().asString();
        assertEquals(FakeApi.RULE_PROBLEM, relayed);
    }

    @Test
    void aPreviewListsTheNextRuns() {
        signedIn().contentType("application/json")
                .body("{\"rule\":{\"frequency\":\"daily\",\"time\":\"07:00\",\"timezone\":\"Europe/Berlin\"},\"count\":5}")
                .when().post("/api/schedules/preview")
                .then()
                .statusCode(200)
                .body("next_runs[0].utc", equalTo("2027-03-28T05:00:00Z"));
    }

    @Test
    void pauseAndDeletePassCancelActiveOnAndRelayTheStoppedJob() {
        signedIn().when().post(SCHEDULE + "/pause?cancel_active=true")
                .then().statusCode(200).body("status", equalTo("paused")).body("paused_reason", equalTo("Paused by you"))
                .header("Stopped-Job", FakeApi.JOB_ID);
        signedIn().when().delete(SCHEDULE + "?cancel_active=true")
                .then().statusCode(204).body(emptyString()).header("Stopped-Job", FakeApi.JOB_ID);

        var sent = FakeApi.requests();
        assertEquals("POST /schedules/" + FakeApi.SCHEDULE_ID + "/pause cancel_active=true",
                sent.get(0).method() + " " + sent.get(0).rawPath() + " " + sent.get(0).rawQuery());
        assertEquals("DELETE /schedules/" + FakeApi.SCHEDULE_ID + " cancel_active=true",
                sent.get(1).method() + " " + sent.get(1).rawPath() + " " + sent.get(1).rawQuery());
    }

    @Test
    void resumeListAndOneScheduleAreRelayed() {
        signedIn().when().post(SCHEDULE + "/resume").then().statusCode(200).body("status", equalTo("active"));
        signedIn().when().get("/api/schedules").then().statusCode(200).body("items[0].id", equalTo(FakeApi.SCHEDULE_ID));
        signedIn().when().get(SCHEDULE).then().statusCode(200).body("name", equalTo("Morning news"));
    }

    @Test
    void runNowRefusalsStayWhatTheyAre() {
        signedIn().when().post(SCHEDULE + "/run")
                .then().statusCode(409).contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("The last run of this schedule is still being written"));
        signedIn().when().post("/api/schedules/" + FakeApi.BUDGET_SCHEDULE_ID + "/run")
                .then().statusCode(429).header("Retry-After", "3600")
                .body("detail", startsWith("Today's token budget is spent"));
    }

    @Test
    void runsAndActivityPassTheirLimitOn() {
        signedIn().when().get(SCHEDULE + "/runs?limit=50")
                .then().statusCode(200).body("items[0].article_id", equalTo(FakeApi.ARTICLE_ID));
        signedIn().when().get("/api/activity?limit=50")
                .then().statusCode(200).body("items[0].kind", equalTo("schedule_run"));
        var sent = FakeApi.requests();
        assertEquals("limit=50", sent.get(0).rawQuery());
        assertEquals("/activity", sent.get(1).rawPath());
    }
}
