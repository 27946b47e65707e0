package dev.opad.web.rest;

import static dev.opad.web.rest.Browser.signedIn;
import static io.restassured.RestAssured.given;
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

/**
 * The webhook calls the Account page and the job page make, relayed to the api as they are: method, path, query and
 * body. The fake api has no webhooks, so each answer is its 404 problem; that it was asked at all is what the gateway
 * decides.
 */
@QuarkusTest
@WithTestResource(FakeApi.class)
class WebhookPassThroughTest {

    private static final String WEBHOOK = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
    private static final String DELIVERY = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    private static final String JOB = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a";

    @BeforeEach
    void forgetEarlierRequests() {
        FakeApi.forgetRequests();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /webhooks
            GET    | /webhooks/callback-secret
            POST   | /webhooks/callback-secret
            GET    | /webhooks/{w}
            DELETE | /webhooks/{w}
            POST   | /webhooks/{w}/rotate-secret
            POST   | /webhooks/{w}/test
            GET    | /webhooks/{w}/deliveries?size=20&status=failed
            POST   | /webhooks/{w}/deliveries/{d}/resend
            GET    | /jobs/{j}/deliveries
            GET    | /jobs/{j}/deliveries?size=20&status=failed
            POST   | /jobs/{j}/deliveries/{d}/resend
            """)
    void eachCallWithoutABodyReachesTheApi(String method, String path) {
        String apiPath = path.replace("{w}", WEBHOOK).replace("{d}", DELIVERY).replace("{j}", JOB);
        signedIn().when().request(method, "/api" + apiPath).then().statusCode(404).contentType("application/problem+json");
        FakeApi.Recorded sent = FakeApi.requests().getLast();
        String query = sent.rawQuery() == null ? "" : "?" + sent.rawQuery();
        assertEquals(method + " " + apiPath, sent.method() + " " + sent.rawPath() + query);
        assertEquals("Bearer " + FakeApi.ACCESS_TOKEN, sent.authorization());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            POST  | /webhooks
            PATCH | /webhooks/{w}
            """)
    void aJsonBodyReachesTheApiByteForByte(String method, String path) {
        String apiPath = path.replace("{w}", WEBHOOK);
        String body = "{\"url\":\"https://example.com/hook\",\"events\":[\"job.completed\"],\"description\":\"Zürich\"}";
        signedIn().contentType("application/json").body(body).when().request(method, "/api" + apiPath)
                .then().statusCode(404);
        FakeApi.Recorded sent = FakeApi.requests().getLast();
        assertEquals(method + " " + apiPath, sent.method() + " " + sent.rawPath());
        assertEquals(body, sent.body());
        assertTrue(sent.contentType().startsWith("application/json"), sent.contentType());
        assertNull(sent.idempotencyKey());
    }

    @Test
    void whatTheTableDoesNotListNeverReachesTheApi() {
        RequestSpecification page = signedIn();
        page.when().put("/api/webhooks/" + WEBHOOK).then().statusCode(405).contentType("application/problem+json");
        signedIn().when().post("/api/webhooks/" + WEBHOOK + "/deliveries").then().statusCode(405);
        signedIn().when().post("/api/jobs/" + JOB + "/deliveries").then().statusCode(405);
        signedIn().when().get("/api/jobs/" + JOB + "/deliveries/" + DELIVERY).then().statusCode(404);
        given().cookie(SessionCookies.SESSION, FakeApi.ACCESS_TOKEN)
                .when().post("/api/jobs/" + JOB + "/deliveries/" + DELIVERY + "/resend")
                .then().statusCode(403).contentType("application/problem+json");
        signedIn().when().get("/api/webhooks/" + WEBHOOK + "/secret").then().statusCode(404);
        signedIn().contentType("text/plain").body("{}").when().post("/api/webhooks").then().statusCode(415);
        given().cookie(SessionCookies.SESSION, FakeApi.ACCESS_TOKEN).when().post("/api/webhooks/callback-secret")
                .then().statusCode(403).contentType("application/problem+json");
        assertTrue(FakeApi.requests().isEmpty(), "nothing forwarded: " + FakeApi.requests());
    }
}
