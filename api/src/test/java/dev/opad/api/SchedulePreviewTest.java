package dev.opad.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /schedules/preview}: a rule's next runs, in local time and UTC; bad rules name the field. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SchedulePreviewTest {

    @Test
    void aSkippedLocalTimeRunsAtTheEndOfTheJump() {
        TestUsers.shared().given().contentType(ContentType.JSON)
                .body("""
                    {"rule": {"frequency": "daily", "time": "02:30", "timezone": "Europe/Berlin"},
                     "from": "2027-03-27T12:00:00Z", "count": 2}""")
                .when().post("/schedules/preview")
                .then().statusCode(200)
                .body("description", equalTo("every day at 02:30 (Europe/Berlin)"))
                .body("next_runs", hasSize(2))
                .body("next_runs[0].local", equalTo("2027-03-28T03:00:00+02:00"))
                .body("next_runs[0].utc", equalTo("2027-03-28T01:00:00Z"))
                .body("next_runs[1].local", equalTo("2027-03-29T02:30:00+02:00"))
                .body("next_runs[1].utc", equalTo("2027-03-29T00:30:00Z"));
    }

    @Test
    void tenRunsByDefaultFromNow() {
        TestUsers.shared().given().contentType(ContentType.JSON)
                .body("""
                    {"rule": {"frequency": "monthly", "day_of_month": "last", "time": "07:00",
                              "timezone": "Asia/Seoul"}}""")
                .when().post("/schedules/preview")
                .then().statusCode(200)
                .body("next_runs", hasSize(10))
                .body("next_runs.local", everyItem(org.hamcrest.Matchers.endsWith("T07:00:00+09:00")));
    }

    @Test
    void aDayOfMonthIsANumberOrLast() {
        TestUsers.shared().given().contentType(ContentType.JSON)
                .body("""
                    {"rule": {"frequency": "monthly", "day_of_month": 31, "time": "07:00", "timezone": "Asia/Seoul"},
                     "from": "2028-01-31T00:00:00Z", "count": 1}""")
                .when().post("/schedules/preview")
                .then().statusCode(200)
                .body("next_runs[0].local", equalTo("2028-02-29T07:00:00+09:00"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
        {"rule": {"frequency": "cron", "cron": "*/15 * * * *", "timezone": "UTC"}}                        | rule.cron
        {"rule": {"frequency": "cron", "cron": "0 0 30 2 *", "timezone": "UTC"}}                          | rule.cron
        {"rule": {"frequency": "daily", "time": "07:00", "timezone": "Mars/Olympus"}}                     | rule.timezone
        {"rule": {"frequency": "daily", "time": "7 o'clock", "timezone": "UTC"}}                          | rule.time
        {"rule": {"frequency": "monthly", "day_of_month": true, "time": "07:00", "timezone": "UTC"}}      | rule.day_of_month
        {"rule": {"frequency": "fortnightly", "time": "07:00", "timezone": "UTC"}}                        | rule.frequency
        {"rule": {"frequency": "daily", "time": "07:00", "timezone": "UTC"}, "count": 101}                | count
        {"rule": {"frequency": "daily", "time": "07:00", "timezone": "UTC"}, "count": 0}                  | count
        {"rule": {"frequency": "daily", "time": "07:00", "timezone": "UTC"}, "from": "tomorrow"}          | from
        {"count": 3}                                                                                      | rule
        """)
    void aBadRuleIsA400NamingTheField(String body, String field) {
        TestUsers.shared().given().contentType(ContentType.JSON).body(body)
                .when().post("/schedules/preview")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field))
                .body("detail", org.hamcrest.Matchers.containsString(field));
    }

    @Test
    void strangersMustSignIn() {
        given().contentType(ContentType.JSON)
                .body("{\"rule\": {\"frequency\": \"daily\", \"time\": \"07:00\", \"timezone\": \"UTC\"}}")
                .when().post("/schedules/preview")
                .then().statusCode(401);
    }
}
