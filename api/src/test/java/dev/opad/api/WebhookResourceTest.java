package dev.opad.api;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opad.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Webhooks as their owners use them: endpoints, secrets and their rotation, the test event, the delivery log and
 * "send again", the callback secret, and generate's callback_url — with the default (empty) allow-list of private
 * hosts, so every private address is refused. No worker runs here: deliveries stay as the api leaves them unless a
 * test moves them the way the sender would. Public hosts are written as IP addresses (the test machine has no outside
 * DNS).
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class WebhookResourceTest {

    static final String PUBLIC_URL = "https://93.184.216.34/hooks/opad";
    static final String COMPLETED = "{\"url\": \"" + PUBLIC_URL + "\", \"events\": [\"job.completed\"]}";
    static final String CALLBACK_URL = "https://93.184.216.36/opad/done";

    static String createWebhook(TestUsers.User owner, String body) {
        return owner.given().contentType(ContentType.JSON).body(body)
                .when().post("/webhooks")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** A test delivery, as the owner queues it. */
    static String testDelivery(TestUsers.User owner, String webhook) {
        return owner.given().when().post("/webhooks/" + webhook + "/test")
                .then().statusCode(202)
                .extract().path("id");
    }

    /** What the sender leaves when it gives a delivery up: failed after some tries. */
    static void settle(String delivery, String status, int attempts) {
        RealInfrastructure.database().execute("update webhook_deliveries set status = '" + status + "', attempts = "
                + attempts + ", last_status_code = 500, last_error = 'HTTP 500', last_attempt_at = now(),"
                + " finished_at = now() where id = '" + delivery + "'");
    }

    /**
     * A job of the owner's with a one-off callback_url, cancelled while queued: the outbox has written its callback's
     * delivery, pending. The owner's callback secret is made (or, asked again, replaced) first.
     */
    static String jobWithCallback(TestUsers.User owner) {
        owner.given().when().post("/webhooks/callback-secret").then().statusCode(anyOf(is(200), is(201)));
        String article = ArticleResourceTest.createArticle(owner, ArticleResourceTest.GERMAN_B1);
        String job = owner.given().contentType(ContentType.JSON).body("{\"callback_url\": \"" + CALLBACK_URL + "\"}")
                .when().post("/articles/" + article + "/generate")
                .then().statusCode(202).extract().path("job_id");
        owner.given().when().post("/jobs/" + job + "/cancel").then().statusCode(200);
        return job;
    }

    /** The delivery of the job's one-off callback_url (the one with no endpoint). */
    static String callbackDelivery(String job) {
        return RealInfrastructure.database().query("select id from webhook_deliveries where job_id = '" + job
                + "' and endpoint_id is null");
    }

    private static String column(String table, String column, String id) {
        return RealInfrastructure.database().query("select " + column + " from " + table + " where id = '" + id + "'");
    }

    @Test
    void registersReadsChangesAndDeletesAnEndpoint() {
        TestUsers.User user = TestUsers.register();
        ExtractableResponse<Response> created = user.given().contentType(ContentType.JSON).body("""
                        {"url": "  https://93.184.216.34/hooks/opad  ", "events": ["job.completed", "job.failed",
                         "job.completed"], "description": "  my script  "}""")
                .when().post("/webhooks")
                .then().statusCode(201)
                .body("url", equalTo(PUBLIC_URL))
                .body("events", equalTo(List.of("job.completed", "job.failed")))
                .body("description", equalTo("my script"))
                .body("enabled", equalTo(true))
                .body("disabled_at", nullValue())
                .body("failing_since", nullValue())
                .body("previous_secret_expires_at", nullValue())
                .body("secret", startsWith("whsec_"))
                .extract();
        String id = created.path("id");
        assertEquals("/webhooks/" + id, created.header("Location"));
        String secret = created.path("secret");
        assertEquals(32, Base64.getDecoder().decode(secret.substring("whsec_".length())).length, "a 256-bit key");
        assertEquals(secret, column("webhook_endpoints", "secret", id));

        // The secret is shown once: never in what is read later.
        user.given().when().get("/webhooks/" + id).then().statusCode(200)
                .body("$", not(hasKey("secret")))
                .body("url", equalTo(PUBLIC_URL));
        String second = createWebhook(user, COMPLETED);
        user.given().when().get("/webhooks").then().statusCode(200)
                .body("items.id", equalTo(List.of(id, second)))
                .body("items[0]", not(hasKey("secret")));

        user.given().contentType(ContentType.JSON)
                .body("{\"events\": [\"schedule.paused\", \"job.cancelled\"], \"description\": \"\"}")
                .when().patch("/webhooks/" + id)
                .then().statusCode(200)
                .body("events", equalTo(List.of("schedule.paused", "job.cancelled")))
                .body("description", nullValue())
                .body("url", equalTo(PUBLIC_URL))
                .body("$", not(hasKey("secret")));

        user.given().when().delete("/webhooks/" + id).then().statusCode(204);
        user.given().when().get("/webhooks/" + id).then().statusCode(404).contentType("application/problem+json");
        user.given().when().delete("/webhooks/" + id).then().statusCode(404);
        user.given().when().get("/webhooks").then().body("items.id", equalTo(List.of(second)));
    }

    @Test
    void aScriptRegistersWithItsApiToken() {
        TestUsers.User user = TestUsers.register();
        String token = user.given().contentType(ContentType.JSON).body("{\"name\":\"script\"}")
                .when().post("/auth/tokens").then().statusCode(201).extract().path("token");
        String id = io.restassured.RestAssured.given().auth().oauth2(token).contentType(ContentType.JSON).body(COMPLETED)
                .when().post("/webhooks")
                .then().statusCode(201).extract().path("id");
        user.given().when().get("/webhooks").then().body("items.id", equalTo(List.of(id)));
    }

    @Test
    void anotherUsersEndpointIsNotFound() {
        TestUsers.User owner = TestUsers.register();
        TestUsers.User other = TestUsers.register();
        String id = createWebhook(owner, COMPLETED);
        String delivery = testDelivery(owner, id);
        other.given().when().get("/webhooks/" + id).then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No webhook with id " + id));
        other.given().contentType(ContentType.JSON).body("{\"description\": \"mine\"}")
                .when().patch("/webhooks/" + id).then().statusCode(404);
        other.given().when().post("/webhooks/" + id + "/rotate-secret").then().statusCode(404);
        other.given().when().post("/webhooks/" + id + "/test").then().statusCode(404);
        other.given().when().get("/webhooks/" + id + "/deliveries").then().statusCode(404);
        other.given().when().post("/webhooks/" + id + "/deliveries/" + delivery + "/resend").then().statusCode(404);
        other.given().when().delete("/webhooks/" + id).then().statusCode(404);
        other.given().when().get("/webhooks").then().statusCode(200).body("items", hasSize(0));
        owner.given().when().get("/webhooks/" + id).then().statusCode(200).body("description", nullValue());
        assertEquals("1", RealInfrastructure.database().query(
                "select count(*) from webhook_deliveries where endpoint_id = '" + id + "'"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {}                                                                  | url    | is required
            {"url": "", "events": ["job.completed"]}                            | url    | is required
            {"url": "https://93.184.216.34/"}                                   | events | is required
            {"url": "https://93.184.216.34/", "events": []}                     | events | must name 1 to 10 event types
            {"url": "https://93.184.216.34/", "events": ["job.done"]}           | events | "job.done" is not an event type; choose from job.completed, job.failed, job.cancelled, schedule.paused
            {"url": "https://93.184.216.34/", "events": ["webhook.test"]}       | events | webhook.test cannot be subscribed to
            {"url": "https://93.184.216.34/", "events": [""]}                   | events[0] | must not be empty
            {"url": "https://93.184.216.34/", "events": ["job.completed"], "secret": "mine"} | secret | is not a known field
            """)
    void refusesWhatIsNotAnEndpoint(String body, String field, String message) {
        TestUsers.shared().given().contentType(ContentType.JSON).body(body)
                .when().post("/webhooks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field))
                .body("errors.message", hasItem(startsWith(message)));
    }

    @Test
    void boundsTheUrlAndTheDescription() {
        TestUsers.User user = TestUsers.shared();
        String longUrl = "https://93.184.216.34/" + "a".repeat(2048);
        user.given().contentType(ContentType.JSON)
                .body("{\"url\": \"" + longUrl + "\", \"events\": [\"job.completed\"]}")
                .when().post("/webhooks")
                .then().statusCode(400).body("errors[0].field", equalTo("url"))
                .body("errors[0].message", equalTo("must be at most 2048 characters"));
        user.given().contentType(ContentType.JSON)
                .body("{\"url\": \"" + PUBLIC_URL + "\", \"events\": [\"job.completed\"], \"description\": \""
                        + "d".repeat(201) + "\"}")
                .when().post("/webhooks")
                .then().statusCode(400).body("errors[0].field", equalTo("description"));
    }

    /** The SSRF policy of source URLs, and nothing private while the allow-list is empty (the default). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1/hook                         | loopback
            http://127.0.0.1:9999/hook                    | port 9999 is not allowed
            http://localhost/hook                         | this machine
            http://10.0.0.7/hook                          | private network
            http://192.168.1.20/hook                      | private network
            http://169.254.169.254/latest/meta-data/      | link-local
            http://[::1]/hook                             | loopback
            http://[fd00::1]/hook                         | unique local
            http://2130706433/hook                        | unusual spelling of the IP address 127.0.0.1
            https://93.184.216.34:8443/hook               | the webhook URL's port 8443 is not allowed; use port 80 or 443
            ftp://93.184.216.34/hook                      | the webhook URL must use http or https, not ftp
            http://user:secret@93.184.216.34/hook         | the webhook URL must not contain a user name or password
            /relative/hook                                | the webhook URL must be a full web address
            """)
    void refusesAddressesTheSenderMustNotCall(String url, String says) {
        TestUsers.User user = TestUsers.shared();
        user.given().contentType(ContentType.JSON).body("{\"url\": \"" + url + "\", \"events\": [\"job.completed\"]}")
                .when().post("/webhooks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("url"))
                .body("errors[0].message", containsString(says));
        String id = createWebhook(user, COMPLETED);
        user.given().contentType(ContentType.JSON).body("{\"url\": \"" + url + "\"}")
                .when().patch("/webhooks/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("url"));
        user.given().when().get("/webhooks/" + id).then().body("url", equalTo(PUBLIC_URL));
    }

    @Test
    void anAccountHasAtMostTwentyEndpoints() {
        TestUsers.User user = TestUsers.register();
        for (int i = 0; i < 20; i++) {
            createWebhook(user, COMPLETED);
        }
        user.given().contentType(ContentType.JSON).body(COMPLETED)
                .when().post("/webhooks")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("You already have 20 webhook endpoints, the most one account may have;"
                        + " delete one first"));
        String first = user.given().when().get("/webhooks").then().extract().path("items[0].id");
        user.given().when().delete("/webhooks/" + first).then().statusCode(204);
        createWebhook(user, COMPLETED);
    }

    @Test
    void aRotationShowsTheNewSecretOnceAndKeepsTheOldOneSigningForADay() {
        TestUsers.User user = TestUsers.register();
        ExtractableResponse<Response> created = user.given().contentType(ContentType.JSON).body(COMPLETED)
                .when().post("/webhooks").then().statusCode(201).extract();
        String id = created.path("id");
        String original = created.path("secret");

        Instant before = Instant.now();
        ExtractableResponse<Response> rotated = user.given().when().post("/webhooks/" + id + "/rotate-secret")
                .then().statusCode(200)
                .body("secret", startsWith("whsec_"))
                .body("previous_secret_expires_at", notNullValue())
                .extract();
        String next = rotated.path("secret");
        assertNotEquals(original, next);
        Instant overlapEnd = Instant.parse(rotated.path("previous_secret_expires_at"));
        assertTrue(!overlapEnd.isBefore(before.plus(Duration.ofHours(24)))
                && overlapEnd.isBefore(Instant.now().plus(Duration.ofHours(24)).plusSeconds(1)), overlapEnd.toString());
        // Both sign until then: the sender reads the current and the previous secret from the row.
        assertEquals(next, column("webhook_endpoints", "secret", id));
        assertEquals(original, column("webhook_endpoints", "previous_secret", id));
        user.given().when().get("/webhooks/" + id).then()
                .body("$", not(hasKey("secret")))
                .body("previous_secret_expires_at", equalTo(rotated.path("previous_secret_expires_at")));

        // A second rotation within the overlap drops the oldest secret.
        String third = user.given().when().post("/webhooks/" + id + "/rotate-secret")
                .then().statusCode(200).extract().path("secret");
        assertEquals(third, column("webhook_endpoints", "secret", id));
        assertEquals(next, column("webhook_endpoints", "previous_secret", id));

        // Once the overlap has passed the endpoint no longer shows it.
        RealInfrastructure.database().execute("update webhook_endpoints set previous_secret_expires_at = now() - interval '1 second'"
                + " where id = '" + id + "'");
        user.given().when().get("/webhooks/" + id).then().body("previous_secret_expires_at", nullValue());
    }

    @Test
    void theTestEventIsQueuedAndLogged() {
        TestUsers.User user = TestUsers.register();
        String id = createWebhook(user, COMPLETED);
        String delivery = user.given().when().post("/webhooks/" + id + "/test")
                .then().statusCode(202)
                .body("event_type", equalTo("webhook.test"))
                .body("status", equalTo("pending"))
                .body("attempts", equalTo(0))
                .body("next_attempt_at", notNullValue())
                .body("webhook_id", matchesPattern("msg_[0-9a-f]{32}"))
                .body("url", equalTo(PUBLIC_URL))
                .extract().path("id");
        assertEquals("msg_" + delivery.replace("-", ""), user.given().when().get("/webhooks/" + id + "/deliveries")
                .then().statusCode(200).extract().path("items[0].webhook_id"));
        assertEquals("webhook.test", RealInfrastructure.database().query(
                "select payload::jsonb ->> 'type' from webhook_deliveries where id = '" + delivery + "'"));
        assertEquals(PUBLIC_URL, column("webhook_deliveries", "url", delivery));
    }

    @Test
    void theDeliveryLogIsPagedNewestFirstAndFilteredByStatus() {
        TestUsers.User user = TestUsers.register();
        String id = createWebhook(user, COMPLETED);
        String other = createWebhook(user, COMPLETED);
        String first = testDelivery(user, id);
        String second = testDelivery(user, id);
        String third = testDelivery(user, id);
        testDelivery(user, other);
        settle(first, "failed", 5);
        settle(second, "succeeded", 1);

        user.given().queryParam("size", 2).when().get("/webhooks/" + id + "/deliveries")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of(third, second)))
                .body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(2));
        user.given().queryParam("size", 2).queryParam("page", 1).when().get("/webhooks/" + id + "/deliveries")
                .then().body("items.id", equalTo(List.of(first)))
                .body("items[0].status", equalTo("failed"))
                .body("items[0].attempts", equalTo(5))
                .body("items[0].last_status_code", equalTo(500))
                .body("items[0].last_error", equalTo("HTTP 500"))
                .body("items[0].last_attempt_at", notNullValue())
                .body("items[0].finished_at", notNullValue())
                .body("items[0].next_attempt_at", nullValue());
        user.given().queryParam("status", "failed").when().get("/webhooks/" + id + "/deliveries")
                .then().body("items.id", equalTo(List.of(first))).body("total", equalTo(1));
        user.given().queryParam("status", "pending").when().get("/webhooks/" + id + "/deliveries")
                .then().body("items.id", equalTo(List.of(third)));

        user.given().queryParam("status", "lost").when().get("/webhooks/" + id + "/deliveries")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        user.given().queryParam("size", 0).when().get("/webhooks/" + id + "/deliveries")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
        user.given().queryParam("page", "x").when().get("/webhooks/" + id + "/deliveries")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
    }

    @Test
    void sendAgainMakesAFinishedDeliveryPendingWithTheSameIdAndPayload() {
        TestUsers.User user = TestUsers.register();
        String id = createWebhook(user, COMPLETED);
        String delivery = testDelivery(user, id);
        String payload = column("webhook_deliveries", "payload", delivery);

        user.given().when().post("/webhooks/" + id + "/deliveries/" + delivery + "/resend")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("is still being sent"));
        user.given().when().get("/webhooks/" + id + "/deliveries").then().body("items[0].resent_at", nullValue());

        int tries = 7;
        for (String finished : List.of("failed", "succeeded")) {
            settle(delivery, finished, tries);
            String resentAt = user.given().when().post("/webhooks/" + id + "/deliveries/" + delivery + "/resend")
                    .then().statusCode(202)
                    .body("id", equalTo(delivery))
                    .body("webhook_id", equalTo("msg_" + delivery.replace("-", "")))
                    .body("status", equalTo("pending"))
                    .body("attempts", equalTo(tries))
                    .body("finished_at", nullValue())
                    .body("next_attempt_at", notNullValue())
                    .body("resent_at", notNullValue())
                    .body("last_status_code", equalTo(500))
                    .extract().path("resent_at");
            assertEquals(payload, column("webhook_deliveries", "payload", delivery), "the same bytes are sent again");
            assertEquals("t", RealInfrastructure.database().query("select next_attempt_at <= now() and claimed_until is null"
                    + " from webhook_deliveries where id = '" + delivery + "'"), "due now, claimed by nobody");
            // A fresh window: the sender's back-off counts the tries after this, its 24 h from now (WebhookSenderTest).
            assertEquals(String.valueOf(tries), column("webhook_deliveries", "attempts_before_resend", delivery));
            user.given().when().get("/webhooks/" + id + "/deliveries").then()
                    .body("items[0].resent_at", equalTo(resentAt));
            tries += 2;
        }
        assertEquals(1L, RealInfrastructure.database().count(
                "select count(*) from webhook_deliveries where endpoint_id = '" + id + "'"), "no new delivery");

        String unknown = UUID.randomUUID().toString();
        user.given().when().post("/webhooks/" + id + "/deliveries/" + unknown + "/resend")
                .then().statusCode(404).body("detail", equalTo("No delivery with id " + unknown + " for webhook " + id));
        String elsewhere = createWebhook(user, COMPLETED);
        user.given().when().post("/webhooks/" + elsewhere + "/deliveries/" + delivery + "/resend").then().statusCode(404);
    }

    @Test
    void aJobsDeliveryLogShowsItsCallbackAndItsEndpointsDeliveriesToItsOwnerOnly() {
        TestUsers.User user = TestUsers.register();
        user.given().when().post("/webhooks/callback-secret").then().statusCode(201);
        String endpoint = createWebhook(user, "{\"url\": \"" + PUBLIC_URL + "\", \"events\": [\"job.cancelled\"]}");
        createWebhook(user, COMPLETED); // not subscribed to job.cancelled: nothing for it
        String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        String job = user.given().contentType(ContentType.JSON)
                .body("{\"callback_url\": \"https://93.184.216.35/opad/done\"}")
                .when().post("/articles/" + article + "/generate")
                .then().statusCode(202).extract().path("job_id");
        user.given().when().get("/jobs/" + job + "/deliveries").then().statusCode(200)
                .body("items", hasSize(0)).body("total", equalTo(0));

        // Cancelled while queued: the outbox writes one delivery for the callback_url and one for the endpoint.
        user.given().when().post("/jobs/" + job + "/cancel").then().statusCode(200);

        user.given().when().get("/jobs/" + job + "/deliveries").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.job_id", equalTo(List.of(job, job)))
                .body("items.event_type", equalTo(List.of("job.cancelled", "job.cancelled")))
                .body("items.status", equalTo(List.of("pending", "pending")))
                .body("items.endpoint_id", hasItem(endpoint))
                .body("items.endpoint_id", hasItem(nullValue()))
                .body("items.url", containsInAnyOrder("https://93.184.216.35/opad/done", PUBLIC_URL))
                .body("items.webhook_id", everyItem(matchesPattern("msg_[0-9a-f]{32}")));
        String callback = RealInfrastructure.database().query("select id from webhook_deliveries where job_id = '" + job
                + "' and endpoint_id is null");
        assertEquals("https://93.184.216.35/opad/done", column("webhook_deliveries", "url", callback));
        // The callback's delivery is in no endpoint's log: this is where its owner follows it.
        user.given().when().get("/webhooks/" + endpoint + "/deliveries").then().body("items.id", not(hasItem(callback)));

        settle(callback, "failed", 4);
        user.given().queryParam("status", "failed").when().get("/jobs/" + job + "/deliveries").then().statusCode(200)
                .body("items.id", equalTo(List.of(callback)))
                .body("items[0].attempts", equalTo(4))
                .body("items[0].last_status_code", equalTo(500))
                .body("items[0].endpoint_id", nullValue())
                .body("total", equalTo(1));
        user.given().queryParam("size", 1).queryParam("page", 1).when().get("/jobs/" + job + "/deliveries")
                .then().statusCode(200).body("items", hasSize(1)).body("total", equalTo(2));
        user.given().queryParam("status", "lost").when().get("/jobs/" + job + "/deliveries")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("status"));

        TestUsers.register().given().when().get("/jobs/" + job + "/deliveries").then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo("No job with id " + job));
        String unknown = UUID.randomUUID().toString();
        user.given().when().get("/jobs/" + unknown + "/deliveries").then().statusCode(404);
    }

    @Test
    void aJobsCallbackIsSentAgainFromTheJobsLogAsAnEndpointsDeliveryIsFromItsOwn() {
        TestUsers.User user = TestUsers.register();
        String job = jobWithCallback(user);
        String callback = callbackDelivery(job);
        String payload = column("webhook_deliveries", "payload", callback);
        String resend = "/jobs/" + job + "/deliveries/" + callback + "/resend";

        user.given().when().post(resend)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("Delivery " + callback + " is still being sent (0 tries so far); wait for it to"
                        + " succeed or fail"));
        assertEquals("pending", column("webhook_deliveries", "status", callback));
        assertNull(column("webhook_deliveries", "resent_at", callback), "a refused resend changes nothing");

        int tries = 4;
        for (String finished : List.of("failed", "succeeded")) {
            settle(callback, finished, tries);
            String resentAt = user.given().when().post(resend)
                    .then().statusCode(202)
                    .body("id", equalTo(callback))
                    .body("webhook_id", equalTo("msg_" + callback.replace("-", "")))
                    .body("endpoint_id", nullValue())
                    .body("job_id", equalTo(job))
                    .body("url", equalTo(CALLBACK_URL))
                    .body("status", equalTo("pending"))
                    .body("attempts", equalTo(tries))
                    .body("finished_at", nullValue())
                    .body("next_attempt_at", notNullValue())
                    .body("resent_at", notNullValue())
                    .extract().path("resent_at");
            assertEquals(payload, column("webhook_deliveries", "payload", callback), "the same bytes are sent again");
            assertEquals(CALLBACK_URL, column("webhook_deliveries", "url", callback), "to the job's callback_url");
            assertEquals("t", RealInfrastructure.database().query("select next_attempt_at <= now() and claimed_until is null"
                    + " from webhook_deliveries where id = '" + callback + "'"), "due now, claimed by nobody");
            assertEquals(String.valueOf(tries), column("webhook_deliveries", "attempts_before_resend", callback));
            user.given().when().get("/jobs/" + job + "/deliveries").then().statusCode(200)
                    .body("items[0].id", equalTo(callback))
                    .body("items[0].resent_at", equalTo(resentAt));
            tries += 2;
        }
        assertEquals(1L, RealInfrastructure.database().count(
                "select count(*) from webhook_deliveries where job_id = '" + job + "'"), "no new delivery");

        TestUsers.register().given().when().post(resend)
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No job with id " + job));
        String unknown = UUID.randomUUID().toString();
        user.given().when().post("/jobs/" + job + "/deliveries/" + unknown + "/resend")
                .then().statusCode(404).body("detail", equalTo("No delivery with id " + unknown + " for job " + job));
        // Another job's delivery, or one about no job (a test event), is not this job's to send again.
        String otherJob = jobWithCallback(user);
        user.given().when().post("/jobs/" + otherJob + "/deliveries/" + callback + "/resend").then().statusCode(404);
        String endpoint = createWebhook(user, COMPLETED);
        String test = testDelivery(user, endpoint);
        settle(test, "failed", 1);
        user.given().when().post("/jobs/" + job + "/deliveries/" + test + "/resend").then().statusCode(404);
        assertEquals("failed", column("webhook_deliveries", "status", test));
    }

    @Test
    void anEndpointsDeliverySentAgainFromTheJobsLogKeepsToTheEndpointsRules() {
        TestUsers.User user = TestUsers.register();
        String endpoint = createWebhook(user, "{\"url\": \"" + PUBLIC_URL + "\", \"events\": [\"job.cancelled\"]}");
        String job = jobWithCallback(user);
        String delivery = RealInfrastructure.database().query("select id from webhook_deliveries where job_id = '" + job
                + "' and endpoint_id = '" + endpoint + "'");
        settle(delivery, "failed", 3);
        String moved = "https://93.184.216.35/new-home";
        user.given().contentType(ContentType.JSON).body("{\"url\": \"" + moved + "\", \"enabled\": false}")
                .when().patch("/webhooks/" + endpoint).then().statusCode(200);

        user.given().when().post("/jobs/" + job + "/deliveries/" + delivery + "/resend")
                .then().statusCode(409).body("detail", containsString("enable it first"));
        assertEquals("failed", column("webhook_deliveries", "status", delivery));

        user.given().contentType(ContentType.JSON).body("{\"enabled\": true}")
                .when().patch("/webhooks/" + endpoint).then().statusCode(200);
        user.given().when().post("/jobs/" + job + "/deliveries/" + delivery + "/resend")
                .then().statusCode(202)
                .body("endpoint_id", equalTo(endpoint))
                .body("url", equalTo(moved))
                .body("status", equalTo("pending"));
        assertEquals(moved, column("webhook_deliveries", "url", delivery), "it goes where the endpoint is now");
    }

    @Test
    void aDisabledEndpointGetsOnlyTestEventsUntilItIsEnabledAgain() {
        TestUsers.User user = TestUsers.register();
        String id = createWebhook(user, COMPLETED);
        String test = testDelivery(user, id);
        settle(test, "failed", 3);
        String event = UUID.randomUUID().toString();
        RealInfrastructure.database().execute("insert into webhook_deliveries (id, user_id, endpoint_id, url, event_type,"
                + " payload, status, attempts, next_attempt_at, created_at, finished_at) values ('" + event + "', '"
                + user.id() + "', '" + id + "', '" + PUBLIC_URL + "', 'job.completed', '{\"type\":\"job.completed\"}',"
                + " 'failed', 4, now(), now(), now())");

        // The sender disables an endpoint that has failed for days, and says why.
        RealInfrastructure.database().execute("update webhook_endpoints set disabled_at = now(), failing_since = now()"
                + " - interval '6 days', disabled_reason = 'Disabled: failed for more than 5 days' where id = '" + id + "'");
        user.given().when().get("/webhooks/" + id).then()
                .body("enabled", equalTo(false))
                .body("disabled_reason", equalTo("Disabled: failed for more than 5 days"))
                .body("failing_since", notNullValue());
        user.given().when().post("/webhooks/" + id + "/deliveries/" + event + "/resend")
                .then().statusCode(409).body("detail", containsString("enable it first"));
        // A test event checks the endpoint before it is enabled again.
        user.given().when().post("/webhooks/" + id + "/deliveries/" + test + "/resend").then().statusCode(202);

        user.given().contentType(ContentType.JSON).body("{\"enabled\": true}")
                .when().patch("/webhooks/" + id)
                .then().statusCode(200)
                .body("enabled", equalTo(true))
                .body("disabled_at", nullValue())
                .body("disabled_reason", nullValue())
                .body("failing_since", nullValue());
        user.given().when().post("/webhooks/" + id + "/deliveries/" + event + "/resend").then().statusCode(202);

        user.given().contentType(ContentType.JSON).body("{\"enabled\": false}")
                .when().patch("/webhooks/" + id)
                .then().statusCode(200)
                .body("enabled", equalTo(false))
                .body("disabled_at", notNullValue())
                .body("disabled_reason", equalTo("Disabled by you"));
        user.given().contentType(ContentType.JSON).body("{\"enabled\": \"maybe\"}")
                .when().patch("/webhooks/" + id)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aNewUrlAppliesToThePendingDeliveries() {
        TestUsers.User user = TestUsers.register();
        String id = createWebhook(user, COMPLETED);
        String pending = testDelivery(user, id);
        String done = testDelivery(user, id);
        settle(done, "succeeded", 1);
        String moved = "https://93.184.216.35/new-home";
        user.given().contentType(ContentType.JSON).body("{\"url\": \"" + moved + "\"}")
                .when().patch("/webhooks/" + id)
                .then().statusCode(200).body("url", equalTo(moved));
        assertEquals(moved, column("webhook_deliveries", "url", pending));
        assertEquals(PUBLIC_URL, column("webhook_deliveries", "url", done), "what was sent stays as it was");
        // Sent again, a finished delivery goes where the endpoint is now.
        user.given().when().post("/webhooks/" + id + "/deliveries/" + done + "/resend").then().statusCode(202);
        assertEquals(moved, column("webhook_deliveries", "url", done));
    }

    @Test
    void theCallbackSecretIsShownOnceAndRotates() {
        TestUsers.User user = TestUsers.register();
        user.given().when().get("/webhooks/callback-secret").then().statusCode(200)
                .body("exists", equalTo(false))
                .body("created_at", nullValue())
                .body("$", not(hasKey("secret")));

        String first = user.given().when().post("/webhooks/callback-secret")
                .then().statusCode(201)
                .body("exists", equalTo(true))
                .body("secret", startsWith("whsec_"))
                .body("created_at", notNullValue())
                .body("previous_secret_expires_at", nullValue())
                .extract().path("secret");
        user.given().when().get("/webhooks/callback-secret").then().statusCode(200)
                .body("exists", equalTo(true))
                .body("created_at", notNullValue())
                .body("$", not(hasKey("secret")));
        String table = "webhook_callback_secrets where user_id = '" + user.id() + "'";
        assertEquals(first, RealInfrastructure.database().query("select secret from " + table));

        String second = user.given().when().post("/webhooks/callback-secret")
                .then().statusCode(200)
                .body("secret", startsWith("whsec_"))
                .body("previous_secret_expires_at", notNullValue())
                .extract().path("secret");
        assertNotEquals(first, second);
        assertEquals(second, RealInfrastructure.database().query("select secret from " + table));
        assertEquals(first, RealInfrastructure.database().query("select previous_secret from " + table));
        assertEquals("t", RealInfrastructure.database().query("select previous_secret_expires_at between now()"
                + " + interval '23 hours 59 minutes' and now() + interval '24 hours' from " + table));
        TestUsers.register().given().when().get("/webhooks/callback-secret").then().body("exists", equalTo(false));
    }

    @Test
    void generateTakesACallbackUrlOnceTheAccountHasACallbackSecret() {
        TestUsers.User user = TestUsers.register();
        String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        String body = "{\"callback_url\": \"https://93.184.216.34/opad/done?run=7\"}";
        user.given().contentType(ContentType.JSON).body(body)
                .when().post("/articles/" + article + "/generate")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("callback_url"))
                .body("errors[0].message", containsString("create one first"));
        assertEquals(0L, RealInfrastructure.database().count("select count(*) from jobs where article_id = '" + article + "'"),
                "a refused order queues nothing");

        user.given().when().post("/webhooks/callback-secret").then().statusCode(201);
        String job = user.given().contentType(ContentType.JSON).body(body)
                .when().post("/articles/" + article + "/generate")
                .then().statusCode(202).extract().path("job_id");
        assertEquals("https://93.184.216.34/opad/done?run=7", column("jobs", "callback_url", job));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:8080/done        | port 8080 is not allowed
            http://10.1.2.3/done              | private network
            http://169.254.169.254/done       | link-local
            file:///etc/passwd                | must use http or https, not file
            """)
    void generateRefusesACallbackUrlThePolicyRefuses(String url, String says) {
        TestUsers.User user = TestUsers.register();
        user.given().when().post("/webhooks/callback-secret").then().statusCode(201);
        String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        user.given().contentType(ContentType.JSON).body("{\"callback_url\": \"" + url + "\"}")
                .when().post("/articles/" + article + "/generate")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("callback_url"))
                .body("errors[0].message", containsString(says));
        assertEquals(0L, RealInfrastructure.database().count("select count(*) from jobs where article_id = '" + article + "'"));
    }

    @Test
    void generateWithoutACallbackIsAsBefore() {
        TestUsers.User user = TestUsers.register();
        for (String body : new String[] {null, "{}", "{\"callback_url\": null}", "{\"callback_url\": \"  \"}"}) {
            String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
            var request = user.given();
            if (body != null) {
                request = request.contentType(ContentType.JSON).body(body);
            }
            String job = request.when().post("/articles/" + article + "/generate")
                    .then().statusCode(202).extract().path("job_id");
            assertNull(column("jobs", "callback_url", job), String.valueOf(body));
        }
        String article = ArticleResourceTest.createArticle(user, ArticleResourceTest.GERMAN_B1);
        user.given().contentType(ContentType.JSON).body("{\"callback\": \"https://93.184.216.34/\"}")
                .when().post("/articles/" + article + "/generate")
                .then().statusCode(400).body("errors[0].field", equalTo("callback"));
        user.given().contentType(ContentType.JSON).body("{\"callback_url\": \"https://93.184.216.34/" + "a".repeat(2048) + "\"}")
                .when().post("/articles/" + article + "/generate")
                .then().statusCode(400).body("errors[0].field", equalTo("callback_url"))
                .body("errors[0].message", equalTo("must be at most 2048 characters"));
        user.given().contentType(ContentType.JSON).body("{\"callback_url\": ")
                .when().post("/articles/" + article + "/generate")
                .then().statusCode(400).contentType("application/problem+json");
        user.given().contentType(ContentType.TEXT).body("callback")
                .when().post("/articles/" + article + "/generate")
                .then().statusCode(415);
        assertEquals(0L, RealInfrastructure.database().count("select count(*) from jobs where article_id = '" + article + "'"));
    }

    @Test
    void noSigningSecretReachesTheLog() throws java.io.IOException {
        TestUsers.User user = TestUsers.register();
        ExtractableResponse<Response> created = user.given().contentType(ContentType.JSON).body(COMPLETED)
                .when().post("/webhooks").then().statusCode(201).extract();
        String rotated = user.given().when().post("/webhooks/" + created.path("id") + "/rotate-secret")
                .then().statusCode(200).extract().path("secret");
        String callback = user.given().when().post("/webhooks/callback-secret").then().statusCode(201).extract().path("secret");
        String log = java.nio.file.Files.readString(java.nio.file.Path.of("target/quarkus-test.log"));
        assertTrue(log.contains("/webhooks/callback-secret"), "the access log is on, so requests were logged");
        for (String secret : List.of(created.<String>path("secret"), rotated, callback)) {
            assertTrue(!log.contains(secret.substring("whsec_".length())), "a signing secret reached the log");
        }
    }

    /** What scripts generate clients from names the statuses these calls set by hand, and the optional body. */
    @Test
    void theOpenApiDocumentSaysWhatTheCallsAnswer() throws java.io.IOException {
        var document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(OpenApiContract.DOCUMENT.toFile())
                .path("paths");
        List<List<String>> expected = List.of(
                List.of("/webhooks", "post", "201"),
                List.of("/webhooks/{id}", "delete", "204"),
                List.of("/webhooks/{id}/test", "post", "202"),
                List.of("/webhooks/{id}/deliveries/{deliveryId}/resend", "post", "202"),
                List.of("/webhooks/{id}/deliveries/{deliveryId}/resend", "post", "409"),
                List.of("/jobs/{id}/deliveries/{deliveryId}/resend", "post", "202"),
                List.of("/jobs/{id}/deliveries/{deliveryId}/resend", "post", "409"),
                List.of("/jobs/{id}/deliveries/{deliveryId}/resend", "post", "404"),
                List.of("/jobs/{id}/deliveries", "get", "400"),
                List.of("/webhooks/{id}/deliveries", "get", "400"),
                List.of("/webhooks/callback-secret", "post", "201"),
                List.of("/webhooks/callback-secret", "post", "200"),
                List.of("/webhooks/{id}/rotate-secret", "post", "200"),
                List.of("/webhooks", "post", "409"));
        for (List<String> call : expected) {
            assertTrue(document.path(call.get(0)).path(call.get(1)).path("responses").has(call.get(2)), call.toString());
        }
        // Both delivery logs take the one DeliveryQuery: each parameter once, with its words; status with its values.
        for (String log : List.of("/webhooks/{id}/deliveries", "/jobs/{id}/deliveries")) {
            Map<String, JsonNode> query = new TreeMap<>();
            for (JsonNode parameters : List.of(document.path(log).path("parameters"),
                    document.path(log).path("get").path("parameters"))) {
                for (JsonNode parameter : parameters) {
                    if (parameter.path("in").asText().equals("query")) {
                        assertNull(query.put(parameter.path("name").asText(), parameter), log + " twice: " + parameter);
                    }
                }
            }
            assertEquals(Map.of("status", "only pending, succeeded or failed ones", "page", "0-based, default 0",
                    "size", "1–100, default 20"), query.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().path("description").asText())), log);
            assertEquals("[\"pending\",\"succeeded\",\"failed\"]", query.get("status").path("schema").path("enum").toString(), log);
            assertEquals("integer", query.get("size").path("schema").path("type").asText(), log);
        }
        var generate = document.path("/articles/{id}/generate").path("post");
        assertEquals("#/components/schemas/GenerateRequest", generate.path("requestBody").path("content")
                .path("application/json").path("schema").path("$ref").asText());
        assertTrue(!generate.path("requestBody").path("required").asBoolean(false), "the body is optional");
    }
}
